"""Every custom rule of a policy, read from where it is written, as plain definitions.

The policy's ``custom:`` section, the Vale configuration ``vale.config`` and
the style folders ``vale.styles``: each rule decoded strictly (an error names
the file and line) and its patterns compiled once to prove they compile.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from advolint.custom import KINDS, UNSUPPORTED_KINDS
from advolint.custom.definition import KEY, Definition, Sources, decode
from advolint.errors import PolicyError
from advolint.language import tr

LEVEL_ORDER = {"suggestion": 0, "warning": 1, "error": 2}
RULE_NAME = r"[A-Za-z][\w-]*(?:\.[\w-]+)?"


def kind_keys() -> dict[str, dict]:
    return {kind: kind_module(kind).KEYS for kind in KINDS}


def kind_module(kind: str):
    return importlib.import_module(f"advolint.custom.{kind}")


def _checked(rule_id: str, data, where, keys) -> Definition:
    definition = decode(rule_id, data, keys, where)
    kind_module(definition.kind).CHECKER(definition, (), where)  # compiles its patterns: errors now, with lines
    return definition


def read_sources(policy) -> Sources:
    import regex

    from advolint.rules import rule_ids

    keys = kind_keys()
    definitions: list[Definition] = []
    always: list[str] = []
    files: list[str] = []
    built_in = rule_ids()
    for name, data in policy.custom.items():
        def where(path, name=name):
            return policy.position_of(("custom", name) + tuple(path))

        if not regex.fullmatch(RULE_NAME, name) or name in built_in:
            source, line, column = policy.position_of(("custom", name, "<key>"))
            if name in built_in:
                message = tr("custom: rule name '{name}' is a built-in rule id", name=name)
            else:
                message = tr("custom: rule name '{name}' must be a word or Style.Rule", name=name)
            raise PolicyError(source, message, line, column)
        definitions.append(_checked(name, data, where, keys))
        always.append(name)
    accepted: tuple = ()
    sections: tuple = ()
    vale = policy.vale
    if vale.config:
        if not policy.resolve_path(vale.config).exists():
            source, line, column = policy.position_of(("vale", "config"))
            raise PolicyError(source, tr("vale.config: no Vale configuration at {resolve_path}",
                                         resolve_path=policy.resolve_path(vale.config)),
                              line, column)
        config_defs, accepted, sections, config_files = _from_config(policy.resolve_path(vale.config), keys)
        definitions += config_defs
        files += config_files
    for folder in vale.styles:
        path = policy.resolve_path(folder)
        if not path.is_dir():
            source, line, column = policy.position_of(("vale", "styles"))
            raise PolicyError(source, tr("vale.styles: style folder not found: {path}", path=path), line, column)
        for rule_file in _rule_files(path):
            definitions.append(_rule_from_file(f"{path.name}.{rule_file.stem}", rule_file, keys))
            always.append(definitions[-1].rule_id)
            files.append(str(rule_file))
    seen: dict[str, str] = {}
    for definition in definitions:
        if definition.rule_id in seen:
            raise PolicyError(definition.source, tr("rule {rule_id} is defined twice (also in {value})",
                                                    rule_id=definition.rule_id, value=seen[definition.rule_id]), definition.line)
        seen[definition.rule_id] = definition.source
    return Sources(tuple(definitions), accepted, sections, tuple(always), tuple(files))


def _rule_files(folder: Path) -> list[Path]:
    from advolint.custom.vale import style_rule_files

    return style_rule_files(folder)


def _rule_from_file(rule_id: str, path: Path, keys, level: str | None = None) -> Definition:
    from advolint.policy.yaml_positions import load_yaml

    display = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(display, tr("cannot read the rule file ({value})",
                                      value=getattr(exc, 'strerror', None) or exc)) from None
    located = load_yaml(text, display)

    def where(key_path):
        key_path = tuple(key_path)
        if key_path == (KEY,):
            return display, 1, 1
        if key_path[-1:] == (KEY,) and key_path[:-1] in located.key_positions:
            return (display,) + located.key_positions[key_path[:-1]]
        line, column = located.position(key_path[:-1] if key_path[-1:] == (KEY,) else key_path)
        return display, line or 1, column

    data = located.value
    if isinstance(data, dict) and level is not None:
        data = {**data, "level": level}
    return _checked(rule_id, data, where, keys)


def _from_config(path: Path, keys):
    from advolint.custom import vale

    if path.is_dir():
        candidates = [path / ".vale.ini", path / "_vale"]
        path = next((candidate for candidate in candidates if candidate.is_file()), candidates[0])
    config = vale.read_config(path)
    files = [str(path)]
    accepted: list[str] = []
    rejected: list[str] = []
    for name in config.vocabularies:
        accept, reject, read = vale.vocabulary(config, name)
        accepted += accept
        rejected += reject
        files += read
    lines = dict(config.lines)
    switches: dict[str, list[str]] = {}
    for section in config.sections:
        for rule_id, value in section.switches:
            switches.setdefault(rule_id, []).append(value)
    based_on = [style for section in config.sections for style in section.styles]
    wanted: dict[str, None] = {}  # rule ids to read, in order
    styles_root = Path(config.styles_path)
    built_in = vale.built_in_rules(tuple(accepted), tuple(rejected))
    for style in dict.fromkeys(based_on):
        if style == vale.BUILT_IN_STYLE:
            wanted.update((f"{style}.{name}", None) for name in built_in)
            continue
        folder = styles_root / style
        if not folder.is_dir():
            raise PolicyError(config.path, tr("style '{style}' not found in StylesPath ({styles_root})",
                                              style=style, styles_root=styles_root),
                              lines.get(style), 1)
        wanted.update((f"{style}.{rule.stem}", None) for rule in vale.style_rule_files(folder))
    wanted.update((rule_id, None) for rule_id in switches)
    definitions = []
    for rule_id in wanted:
        values = switches.get(rule_id, [])
        switched_off = values and all(value == "NO" for value in values)
        level = next((value for value in reversed(values) if value not in ("YES", "NO")), None)
        style, name = rule_id.split(".", 1)
        if style == vale.BUILT_IN_STYLE:
            if name not in built_in:
                if switched_off:
                    continue
                raise PolicyError(config.path, tr("{rule_id}: not a rule of Vale's built-in style (advolint has {join})",
                                                  rule_id=rule_id, join=', '.join(f'Vale.{n}' for n in built_in)),
                                  lines.get(rule_id), 1)
            data = built_in[name]
            if switched_off and data["extends"] in UNSUPPORTED_KINDS:
                continue
            if level is not None:
                data = {**data, "level": level}
            definition = _checked(rule_id, data, lambda key_path: (config.path, lines.get(rule_id), 1), keys)
        else:
            folder = styles_root / style
            rule_file = next((folder / f"{name}{suffix}" for suffix in (".yml", ".yaml")
                              if (folder / f"{name}{suffix}").is_file()), None)
            if rule_file is None:
                if switched_off:
                    continue
                raise PolicyError(config.path, tr("{rule_id}: no rule file {value}",
                                                  rule_id=rule_id, value=folder / (name + '.yml')),
                                  lines.get(rule_id), 1)
            if switched_off and _kind_of_file(rule_file) in UNSUPPORTED_KINDS:
                continue
            definition = _rule_from_file(rule_id, rule_file, keys, level)
            files.append(str(rule_file))
        if LEVEL_ORDER[definition.level] >= LEVEL_ORDER[config.min_level]:
            definitions.append(definition)
    return definitions, tuple(accepted), config.sections, files


def _kind_of_file(path: Path):
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data.get("extends") if isinstance(data, dict) else None


def rule_sources(policy) -> dict[str, str]:
    """Every custom rule id of ``policy`` -> the file it is written in."""
    return {definition.rule_id: definition.source for definition in read_sources(policy).definitions}
