"""The shape of the code: rule settings agree with the policy schema, and the
package's modules import each other in one direction only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from advolint.linter.compiled import HEADER_POLICY_KEYS
from advolint.policy.schema import Policy
from advolint.rules import rule_classes

from conftest import make_policy

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "advolint"


def schema_keys(model=Policy, prefix: str = "") -> set[str]:
    """Every key of the policy schema as a dotted path ("tone.emoji.max"); sections and their keys."""
    keys = set()
    for name, field in model.model_fields.items():
        path = prefix + name
        keys.add(path)
        annotation = field.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            keys |= schema_keys(annotation, path + ".")
    return keys


def leaf_keys() -> set[str]:
    keys = schema_keys()
    return {key for key in keys if not any(other.startswith(key + ".") for other in keys)}


class Recorder:
    """A policy stand-in that records which keys are read (``policy.tone.emoji.max`` -> "tone.emoji.max")."""

    def __init__(self, real, read: set, prefix: str = ""):
        self._real, self._read, self._prefix = real, read, prefix

    def __getattr__(self, name):
        value = getattr(self._real, name)
        fields = getattr(type(self._real), "model_fields", {})
        if name not in fields:
            return value  # a property or method (source, position_of): not a policy key
        path = self._prefix + name
        if hasattr(type(value), "model_fields"):
            return Recorder(value, self._read, path + ".")
        self._read.add(path)
        return value


# Policies under which every rule kind has something to do, so settings() reads all it can.
BUSY = make_policy({
    "company": {"name": "Nordlys Energi", "aliases": ["Nordlys"], "products": ["SolarFlex"]},
    "disclosure": {"required": "always", "fold": 100, "labels": ["Reklame"], "insufficient": ["#ad"]},
    "hashtags": {"forbidden": ["#konkurrent"], "required": ["#NordlysTeam"], "max": 3},
    "tone": {"address": "du", "nlp_model": "none", "exclamation_max": 2, "shouting": True,
             "shouting_allow": ["SOLAR"], "emoji": {"max": 2, "forbidden": ["🖕"], "allowed": ["👍"]}},
    "claims": {"documented": ["Danmarks billigste"]},
    "confidential": {"terms": ["Falcon"], "patterns": ["ORD-\\d+"], "personal_data": ["cpr"], "allow": ["x"]},
    "custom": {"Nordlys.Gratis": {"extends": "existence", "message": "Undgå '%s'", "tokens": ["gratis"]}},
})


@pytest.mark.parametrize("kind", rule_classes(), ids=lambda kind: kind.__name__)
def test_a_rule_reads_only_the_policy_keys_it_declares_and_they_exist(kind):
    declared = set(kind.policy_keys)
    assert declared <= schema_keys(), f"{kind.__name__}.policy_keys names keys the schema lacks: " \
                                      f"{sorted(declared - schema_keys())}"
    read: set[str] = set()
    settings = kind.settings(Recorder(BUSY, read))
    assert settings is not None
    undeclared = {key for key in read if not any(key == d or key.startswith(d + ".") for d in declared)}
    assert not undeclared, f"{kind.__name__}.settings reads undeclared keys {sorted(undeclared)}"
    # Settings are plain values: nothing of the policy (pydantic) survives compilation.
    assert "pydantic" not in repr(type(settings).__mro__) and "pydantic" not in repr(settings)


def test_every_policy_key_belongs_to_a_rule_or_the_header():
    claimed = set(HEADER_POLICY_KEYS) | {key for kind in rule_classes() for key in kind.policy_keys}
    unclaimed = {key for key in leaf_keys() if not any(key == c or key.startswith(c + ".") for c in claimed)}
    assert not unclaimed, f"policy keys no rule's settings read (declare them in policy_keys): {sorted(unclaimed)}"


def test_settings_say_none_when_the_policy_gives_the_rule_nothing_to_do():
    quiet = make_policy({"disclosure": {"required": "never"}, "tone": {"shouting": False}})
    active = {kind.__name__ for kind in rule_classes() if kind.settings(quiet) is not None}
    # the kinds that always have work (platform-limit: a post's front matter may name its platform)
    assert active == {"ClaimRule", "PlatformLimitRule", "ReplyRules", "SuppressionRule"}


# -- imports ------------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(tree, modules: set[str]) -> set[str]:
    """The advolint modules a module imports anywhere (lazy imports included), less type-only ones."""
    found = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names if alias.name in modules)
            elif isinstance(child, ast.ImportFrom) and child.module and child.module.startswith("advolint"):
                for alias in child.names:
                    candidate = f"{child.module}.{alias.name}"
                    found.add(candidate if candidate in modules else child.module)
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(paths)
    # A module's own packages are imported before it anyway (``advolint`` for __version__): no edge.
    return {name: {target for target in _imports(ast.parse(path.read_text(encoding="utf-8")), modules)
                   if not (name + ".").startswith(target + ".")}
            for name, path in paths.items()}


def test_no_import_cycles():
    graph = import_graph()
    visiting, done, cycles = [], set(), []

    def walk(module):
        if module in done:
            return
        if module in visiting:
            cycles.append(visiting[visiting.index(module):] + [module])
            return
        visiting.append(module)
        for imported in sorted(graph.get(module, ())):
            walk(imported)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        walk(module)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(cycle) for cycle in cycles)


def test_layers_import_only_downwards():
    """policy and text know nothing of the linter, the run or the formats; rules
    know nothing of the linter or the run; nothing but cli imports cli."""
    below = {"policy": {"linter", "run", "formats", "cli"}, "text": {"linter", "run", "formats", "cli", "rules"},
             "rules": {"linter", "run", "formats", "cli"}, "linter": {"run", "formats", "cli"},
             "formats": {"run", "linter", "cli"}, "run": {"cli"}}
    for module, imported in import_graph().items():
        layer = module.split(".")[1] if "." in module else None
        for target in imported:
            target_layer = target.split(".")[1] if "." in target else None
            assert target_layer not in below.get(layer, ()), f"{module} imports {target}"
