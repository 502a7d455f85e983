"""Loading a policy: YAML with positions, ``extends``, merging, validation.

1. read YAML with positions (:mod:`advolint.policy.yaml_positions`), safe
   loader only;
2. resolve ``extends`` (built-in presets ``advolint:NAME`` from
   ``lint_rules/presets/`` and files relative to the extending file), deep
   merge (later wins, lists replace), detect cycles;
3. validate the merged mapping with the schema (:mod:`advolint.policy.schema`)
   and map each error back to the file and line that supplied the value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advolint.errors import PolicyError
from advolint.policy.schema import KEY, Policy
from advolint.policy.wording import describe, did_you_mean, kind_of, locate
from advolint.policy.yaml_positions import load_yaml
from advolint.resources import lint_rules_dir
from advolint.language import tr


def load_policy(path: str | Path | None = None) -> Policy:
    """Load, merge and validate a policy file; ``None`` loads the embedded default."""
    from advolint.resources import default_policy_path

    target = Path(path) if path is not None else default_policy_path()
    files_read: list[Path] = []
    merged, positions = _load_merged(target, chain=(), files_read=files_read)
    policy = _validate(merged, positions, str(path) if path is not None else "<embedded default policy>")
    policy._source = str(target)
    policy._positions = positions
    policy._base_dir = str(target.resolve().parent)
    policy._files = tuple(str(f) for f in files_read)
    return policy


def policy_from_mapping(data: dict, base_dir: str = ".") -> Policy:
    """Validate a policy given as a Python mapping (tests and the API)."""
    policy = _validate(data, {}, "<policy>")
    policy._base_dir = base_dir
    return policy


MAX_POLICY_BYTES = 16 * 1024 * 1024  # a policy is a few KB; term lists go in term files
MAX_EXTENDS_DEPTH = 32  # files in one extends chain (a company policy, a team's, a pack: 3 or 4)


def _read_policy_file(path: Path, display: str):
    import os
    import stat

    try:
        # Opened without blocking and read only when it is a regular file: a
        # FIFO would wait for ever and /dev/zero would fill the memory.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if not stat.S_ISREG(mode):
                raise PolicyError(display, tr("not a regular file (a FIFO, socket or device), not a policy file"))
            raw = handle.read(MAX_POLICY_BYTES + 1)
        if len(raw) > MAX_POLICY_BYTES:
            raise PolicyError(display, tr("policy file is larger than {value} MB",
                                          value=MAX_POLICY_BYTES // (1024 * 1024)))
    except FileNotFoundError:
        raise PolicyError(display, tr("policy file not found")) from None
    except IsADirectoryError:
        raise PolicyError(display, tr("is a directory, not a policy file")) from None
    except OSError as exc:
        raise PolicyError(display, tr("cannot read policy: {strerror}", strerror=exc.strerror)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        raise PolicyError(display, tr("policy is not UTF-8 text (byte 0x{value:02X}); save it as UTF-8",
                                      value=raw[exc.start]),
                          raw.count(b"\n", 0, exc.start) + 1, column) from None
    located = load_yaml(text, display)
    if located.value is None:
        raise PolicyError(display, tr("policy is empty; start it with 'version: 1'"), 1, 1)
    if not isinstance(located.value, dict):
        line, col = located.position(())
        raise PolicyError(display, tr("policy must be a mapping of keys (like 'version: 1'), not {kind_of}",
                                      kind_of=kind_of(located.value)), line, col)
    return located


def _resolve_extends(entry: str, base: Path, display: str, line, col) -> Path:
    if entry.startswith("advolint:"):
        name = entry.split(":", 1)[1]
        presets = lint_rules_dir() / "presets"
        candidate = presets / f"{name}.yaml"
        # A pack is a plain name: "advolint:../x" must not reach outside the presets.
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name) or not candidate.is_file():
            known = sorted(p.stem for p in presets.glob("*.yaml"))
            raise PolicyError(display, tr("unknown built-in pack '{entry}'{hint}; known: {known}", entry=entry,
                                          hint=did_you_mean(name, known),
                                          known=", ".join(f"advolint:{k}" for k in known)), line, col)
        return candidate
    candidate = Path(entry)
    return candidate if candidate.is_absolute() else base / candidate


def _load_merged(path: Path, chain: tuple, files_read: list | None = None) -> tuple[dict, dict]:
    display = str(path)
    resolved = path.resolve()
    if files_read is not None:
        files_read.append(resolved)
    located = _read_policy_file(path, display)
    data = located.value
    positions = {key: (display,) + pos for key, pos in located.positions.items()}
    positions.update({key + (KEY,): (display,) + pos for key, pos in located.key_positions.items()})
    # Term files are relative to the file that names them, not to the child.
    _absolutise_term_files(data, resolved.parent)
    _absolutise_vale_paths(data, resolved.parent)

    extends = data.get("extends", [])
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list):
        line, col = located.position(("extends",))
        raise PolicyError(display, tr("'extends' must be a list of packs or files"), line, col)
    merged: dict = {}
    merged_positions: dict = {}
    for index, entry in enumerate(extends):
        line, col = located.position(("extends", index))
        if not isinstance(entry, str):
            raise PolicyError(display, tr("'extends' entries must be strings"), line, col)
        parent = _resolve_extends(entry, resolved.parent, display, line, col)
        if not parent.is_file():
            raise PolicyError(display, tr("extended policy '{entry}' not found", entry=entry), line, col)
        if parent.resolve() in chain + (resolved,):
            cycle = " -> ".join(str(p) for p in chain + (resolved, parent.resolve()))
            raise PolicyError(display, tr("'extends' cycle: {cycle}", cycle=cycle), line, col)
        if len(chain) + 1 >= MAX_EXTENDS_DEPTH:
            raise PolicyError(display, tr("'extends' chain is deeper than {MAX_EXTENDS_DEPTH} files; merge some of them",
                                          MAX_EXTENDS_DEPTH=MAX_EXTENDS_DEPTH), line, col)
        parent_data, parent_positions = _load_merged(parent, chain + (resolved,), files_read)
        merged = deep_merge(merged, parent_data)
        merged_positions.update(parent_positions)
    own = {key: value for key, value in data.items() if key != "extends"}
    merged = deep_merge(merged, own)
    merged_positions.update(positions)
    return merged, merged_positions


def _absolutise_term_files(data: dict, base: Path) -> None:
    confidential = data.get("confidential")
    if not isinstance(confidential, dict) or not isinstance(confidential.get("files"), list):
        return
    for index, entry in enumerate(confidential["files"]):
        if isinstance(entry, str):
            confidential["files"][index] = str(base / entry)
        elif isinstance(entry, dict) and isinstance(entry.get("path"), str):
            entry["path"] = str(base / entry["path"])


def _absolutise_vale_paths(data: dict, base: Path) -> None:
    """``vale.config`` and ``vale.styles`` are relative to the file that names them."""
    vale = data.get("vale")
    if not isinstance(vale, dict):
        return
    if isinstance(vale.get("config"), str):
        vale["config"] = str(base / vale["config"])
    if isinstance(vale.get("styles"), list):
        vale["styles"] = [str(base / entry) if isinstance(entry, str) else entry for entry in vale["styles"]]


def _adopt_language(data: dict) -> None:
    """A CLI run with no language chosen yet speaks the policy's, its own errors included:
    read from the merged mapping before it is validated (``messages``, else ``language``)."""
    from advolint import language

    for key in ("messages", "language"):
        if data.get(key) in language.LANGUAGES:
            language.adopt(data[key])
            return


def deep_merge(base: Any, override: Any) -> Any:
    """Mappings merge key by key (later wins); lists and scalars replace."""
    if isinstance(base, dict) and isinstance(override, dict):
        result = dict(base)
        for key, value in override.items():
            result[key] = deep_merge(base.get(key), value) if key in base else value
        return result
    return override


def _validate(data: dict, positions: dict, display: str) -> Policy:
    _adopt_language(data)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        # An unknown key is reported where the key stands, other errors at the value.
        wanted = loc + (KEY,) if error["type"] == "extra_forbidden" else loc
        source, line, col = locate(positions, wanted, display)
        raise PolicyError(source, describe(error, loc, Policy), line, col) from None
    from advolint.rules import rule_ids  # `rules` is the last key the schema validates: errors keep their order

    known = rule_ids()
    if policy.custom or policy.vale.config or policy.vale.styles:  # the company's own rules: their ids too
        from advolint.custom.sources import rule_sources

        policy._positions, policy._source = positions, display  # custom rules report errors at their own lines
        known = {**known, **rule_sources(policy)}
    for section, allowed in (("rules", known), ("route", {**known, "default": None})):
        for rule in getattr(policy, section):
            if rule not in allowed:
                source, line, col = locate(positions, (section, rule, KEY), display)
                raise PolicyError(source, tr("{section}: unknown rule '{rule}'{did_you_mean}",
                                             section=section, rule=rule, did_you_mean=did_you_mean(rule, allowed)), line, col)
    for index, rule in enumerate(policy.suppressions.forbidden):
        if rule not in known:
            source, line, col = locate(positions, ("suppressions", "forbidden", index), display)
            raise PolicyError(source, tr("suppressions.forbidden: unknown rule '{rule}'{did_you_mean}",
                                         rule=rule, did_you_mean=did_you_mean(rule, known)),
                              line, col)
    return policy


def resolved_yaml(policy: Policy) -> str:
    """The policy as advolint uses it (``extends`` merged, defaults filled) as YAML."""
    import yaml

    from advolint.resources import jurisdiction

    data = policy.model_dump(mode="json")
    header = f"# advolint policy resolved from {policy.source} (extends merged, defaults filled in)\n"
    if data["disclosure"]["placement"] is None:  # each jurisdiction's own: show what that is
        own = {code: jurisdiction(code).get("placement", "start") for code in policy.jurisdictions}
        if len(set(own.values())) == 1:
            data["disclosure"]["placement"] = next(iter(own.values()))
        else:
            header += "# disclosure.placement: each jurisdiction's own: " + ", ".join(
                f"{code} {placement}" for code, placement in own.items()) + "\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
