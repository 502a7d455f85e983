"""Vale configurations (``.vale.ini`` / ``_vale``), style folders and vocabularies, read as Vale reads them.

Honoured: ``StylesPath``, ``MinAlertLevel``, ``Vocab`` (``<StylesPath>/config/
vocabularies/<Name>/accept.txt`` and ``reject.txt``, Vale 3's layout, or Vale
2's ``<StylesPath>/Vocab/<Name>/``), glob sections (``[*.md]``,
``[*.{md,txt}]``, later sections win) with ``BasedOnStyles`` and per-rule
switches (``Style.Rule = YES | NO | error | warning | suggestion``), and the
built-in ``Vale`` style's ``Vale.Repetition``, ``Vale.Terms`` (accepted terms
written as accepted) and ``Vale.Avoid`` (rejected terms).  Keys Vale has that
change nothing advolint does (``Packages``, ``SkippedScopes``, ...) are
accepted; any other key is a policy error naming the file and line.
"""

from __future__ import annotations

from pathlib import Path

from advolint.errors import PolicyError
from advolint.records import Record
from advolint.language import tr

GLOBAL_KEYS = ("StylesPath", "MinAlertLevel", "Vocab", "Packages", "IgnoredScopes", "SkippedScopes",
               "IgnoredClasses", "WordTemplate", "NLPEndpoint", "BasedOnStyles")
SECTION_KEYS = ("BasedOnStyles", "BlockIgnores", "TokenIgnores", "Transform", "Lang", "CommentDelimiters")
SWITCH_VALUES = ("YES", "NO", "suggestion", "warning", "error")
BUILT_IN_STYLE = "Vale"


class Section(Record):
    """A glob section of the configuration (the global one has no globs)."""

    globs: tuple  # fnmatch patterns, braces expanded; () for the global section
    styles: tuple  # BasedOnStyles
    switches: tuple  # (rule id, YES | NO | level) in the order written


class Config(Record):
    path: str
    styles_path: str
    min_level: str
    vocabularies: tuple  # names
    sections: tuple  # of Section, global first
    lines: tuple  # (rule id or style, line) where each was named, for errors


def read_config(path: Path) -> Config:
    display = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(display, tr("cannot read the Vale configuration ({value})",
                                      value=getattr(exc, 'strerror', None) or exc))
    values: dict[str, str] = {}
    sections: list[Section] = []
    current_globs: tuple = ()
    styles: list[str] = []
    switches: list[tuple] = []
    named: list[tuple] = []
    in_formats = False

    def finish():
        if current_globs or styles or switches or not sections:
            sections.append(Section(current_globs, tuple(styles), tuple(switches)))

    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            finish()
            name = stripped[1:-1].strip()
            in_formats = name == "formats"
            current_globs = () if in_formats else tuple(_expand_braces(name))
            styles, switches = [], []
            if in_formats:
                current_globs = ("\0formats",)
            continue
        if "=" not in stripped:
            raise PolicyError(display, tr("expected 'Key = value', not {value!r}", value=stripped[:60]), number, 1)
        key, value = (part.strip() for part in stripped.split("=", 1))
        if in_formats:
            continue
        if key == "BasedOnStyles":
            found = [style.strip() for style in value.split(",") if style.strip()]
            styles.extend(found)
            named.extend((style, number) for style in found)
        elif "." in key and key.split(".")[0] and key.split(".")[1]:
            if value not in SWITCH_VALUES:
                raise PolicyError(display, tr("{key}: expected one of {join}, not {value!r}",
                                              key=key, join=', '.join(SWITCH_VALUES), value=value),
                                  number, len(line) - len(line.lstrip()) + 1)
            switches.append((key, value))
            named.append((key, number))
        elif not current_globs and key in GLOBAL_KEYS:
            values[key] = value
            if key == "Vocab":
                named.extend((f"\0vocab:{name.strip()}", number) for name in value.split(","))
            if key == "StylesPath":
                named.append(("\0styles", number))
        elif current_globs and key in SECTION_KEYS:
            continue
        else:
            from advolint.policy.wording import did_you_mean

            known = GLOBAL_KEYS if not current_globs else SECTION_KEYS
            raise PolicyError(display, tr("unknown Vale key '{key}'{did_you_mean}",
                                          key=key, did_you_mean=did_you_mean(key, known)), number, 1)
    finish()
    min_level = values.get("MinAlertLevel", "suggestion")
    if min_level not in ("suggestion", "warning", "error"):
        raise PolicyError(display, tr("MinAlertLevel must be suggestion, warning or error, not {min_level!r}",
                                      min_level=min_level))
    styles_path = values.get("StylesPath", "styles")
    base = path.parent
    resolved = Path(styles_path) if Path(styles_path).is_absolute() else base / styles_path
    vocabularies = tuple(name.strip() for name in values.get("Vocab", "").split(",") if name.strip())
    return Config(display, str(resolved), min_level, vocabularies,
                  tuple(section for section in sections if section.globs != ("\0formats",)), tuple(named))


def _expand_braces(pattern: str) -> list[str]:
    """``*.{md,txt}`` -> ``*.md``, ``*.txt`` (nested braces too)."""
    start = pattern.find("{")
    end = pattern.find("}", start)
    if start == -1 or end == -1:
        return [pattern]
    head, tail = pattern[:start], pattern[end + 1:]
    return [expanded for choice in pattern[start + 1:end].split(",") for expanded in _expand_braces(head + choice + tail)]


def section_applies(section: Section, path: str) -> bool:
    """Whether a section's globs match a post ``path`` (its whole path or its file name)."""
    if not section.globs:
        return True
    import fnmatch
    import posixpath

    path = path.replace("\\", "/")
    name = posixpath.basename(path)
    return any(fnmatch.fnmatchcase(path, glob) or fnmatch.fnmatchcase(name, glob) or
               fnmatch.fnmatchcase(path, "*/" + glob) for glob in section.globs)


def vocabulary(config: Config, name: str) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
    """(accepted, rejected, files read) of vocabulary ``name``."""
    root = Path(config.styles_path)
    for folder in (root / "config" / "vocabularies" / name, root / "Vocab" / name):
        if folder.is_dir():
            lists, files = [], []
            for kind in ("accept.txt", "reject.txt"):
                file = folder / kind
                entries: list[str] = []
                if file.is_file():
                    files.append(str(file))
                    try:
                        lines = file.read_text(encoding="utf-8-sig").splitlines()
                    except (OSError, UnicodeDecodeError) as exc:
                        raise PolicyError(str(file), tr("cannot read the vocabulary ({exc})", exc=exc)) from None
                    entries = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
                lists.append(tuple(entries))
            return lists[0], lists[1], files
    line = dict(config.lines).get(f"\0vocab:{name}")
    raise PolicyError(config.path, tr("vocabulary '{name}' not found (looked for {value})",
                                      name=name, value=root / 'config' / 'vocabularies' / name),
                      line, 1)


def style_rule_files(folder: Path) -> list[Path]:
    """The rule files of a style folder (``*.yml``, ``*.yaml``), by name."""
    return sorted(path for path in folder.iterdir() if path.suffix in (".yml", ".yaml") and path.is_file())


def built_in_rules(accepted: tuple, rejected: tuple) -> dict[str, dict]:
    """The ``Vale`` style's rules advolint has, as Vale rule mappings."""
    import regex

    rules = {
        "Repetition": {"extends": "repetition", "message": "'%s' is repeated!", "level": "error",
                       "alpha": True, "ignorecase": True, "tokens": [r"[^\s]+"]},
        "Spelling": {"extends": "spelling", "message": "Did you really mean '%s'?"},
    }
    if accepted:
        rules["Terms"] = {"extends": "substitution", "message": "Use '%s' instead of '%s'.", "level": "error",
                          "ignorecase": True, "vocab": False, "action": {"name": "replace"},
                          "swap": {term if term.startswith("(?i)") or _is_pattern(term) else regex.escape(term): term
                                   for term in accepted if not _is_pattern(term)}}
    if rejected:
        rules["Avoid"] = {"extends": "existence", "message": "Avoid using '%s'.", "level": "error",
                          "vocab": False, "tokens": list(rejected)}
    return rules


def _is_pattern(term: str) -> bool:
    return any(char in term for char in "[]()|*+?\\^$")
