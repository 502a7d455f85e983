"""Policy format v1: the YAML a company writes, validated and merged.

The schema below is a contract: later versions may add keys, never break
these.  Unknown keys are errors (with "did you mean"), like Vale's.  Errors
name the file, line and column of the offending value.

Loading steps:
1. read YAML with positions (``yamlsrc``), safe loader only;
2. resolve ``extends`` (built-in presets ``advolint:NAME`` from
   ``lint_rules/presets/`` and files relative to the extending file), deep
   merge (later wins, lists replace), detect cycles;
3. validate the merged mapping with pydantic and map each error back to the
   file and line that supplied the value.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from .model import PolicyError
from .resources import available_jurisdictions, jurisdiction, lint_rules_dir
from .yamlsrc import load_yaml

SUPPORTED_VERSIONS = (1,)
KEY = "<key>"  # marks a position entry as the key's own position
SeverityName = Literal["error", "warning", "info", "off"]
MATCH_MODES = Literal["compound", "word"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


def _string_shorthand(key: str):
    """Let a list item be written as a plain string instead of ``{key: ...}``."""

    def convert(cls, value):
        return {key: value} if isinstance(value, str) else value

    convert.shorthand_key = key  # schema() offers the plain-string form to editors too
    return model_validator(mode="before")(classmethod(convert))


def _false_means(word: str):
    """A before-validator: YAML 1.1 reads an unquoted ``no``/``off`` as false,
    but in a list of jurisdictions or a map of severities the word is meant."""

    def convert(cls, value):
        if isinstance(value, list):
            return [word if item is False else item for item in value]
        if isinstance(value, dict):
            return {key: word if item is False else item for key, item in value.items()}
        return value

    return classmethod(convert)


class Company(_Section):
    name: Optional[str] = None
    aliases: list[str] = []
    products: list[str] = []
    # proper-noun: a capitalised name ("Nordlys") matches only when capitalised
    # in the post, so "vi så nordlys i nat" is not about the company.
    # any-case: every casing matches.
    match: Literal["proper-noun", "any-case"] = "proper-noun"


class Disclosure(_Section):
    required: Literal["always", "commercial", "never"] = "commercial"
    placement: Optional[Literal["start", "before-fold", "anywhere"]] = None  # None: the pack's default
    labels: Optional[list[str]] = None  # override the jurisdictions' accepted labels
    insufficient: Optional[list[str]] = None  # override the insufficient labels
    fold: Optional[int] = Field(default=None, gt=0)  # visible characters before "see more"

    @field_validator("labels")
    @classmethod
    def _some_label(cls, value):
        # With no accepted label nothing could ever pass: say so instead of failing every post.
        if value is not None and not [label for label in value if label.strip()]:
            raise ValueError("name at least one accepted label (or leave 'labels' out to use the jurisdictions')")
        return value


class ForbiddenHashtag(_Section):
    tag: str
    replacement: Optional[str] = None
    _shorthand = _string_shorthand("tag")


class Hashtags(_Section):
    forbidden: list[ForbiddenHashtag] = []
    required: list[str] = []
    require: Literal["all", "any"] = "all"
    max: Optional[int] = Field(default=None, ge=0)


class ForbiddenEmoji(_Section):
    emoji: str
    replacement: Optional[str] = None
    _shorthand = _string_shorthand("emoji")


class Emoji(_Section):
    max: Optional[int] = Field(default=None, ge=0)
    forbidden: list[ForbiddenEmoji] = []
    allowed: Optional[list[str]] = None


class Tone(_Section):
    address: Literal["du", "De", "any"] = "any"
    emoji: Emoji = Emoji()
    exclamation_max: Optional[int] = Field(default=None, ge=0)
    shouting: bool = True
    shouting_allow: list[str] = []
    # "auto": use a trained Danish spaCy pipeline when one is installed;
    # "none": rules over spacy.blank("da") only; otherwise a pipeline name.
    nlp_model: str = "auto"


class Claims(_Section):
    documented: list[str] = []


def _compiles(pattern: str) -> str:
    """A confidential pattern must compile with the ``regex`` module."""
    import regex

    try:
        regex.compile(pattern, regex.IGNORECASE)
    except regex.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return pattern


ConfidentialPattern = Annotated[str, AfterValidator(_compiles)]


class Term(_Section):
    term: str
    match: Optional[MATCH_MODES] = None
    _shorthand = _string_shorthand("term")


class TermFile(_Section):
    path: str
    column: Optional[str] = None  # CSV files: the column that holds the term
    match: Optional[MATCH_MODES] = None
    _shorthand = _string_shorthand("path")

    @field_validator("path")
    @classmethod
    def _exists(cls, value: str) -> str:
        # Loading makes paths absolute (relative to the policy file that named
        # them); a relative path here comes from the API and is checked when
        # the confidential-term rule reads it.
        if Path(value).is_absolute() and not Path(value).is_file():
            raise ValueError(f"term file not found: {value}")
        return value


class Confidential(_Section):
    terms: list[Term] = []
    files: list[TermFile] = []
    patterns: list[ConfidentialPattern] = []
    personal_data: list[Literal["cpr", "phone", "email", "iban"]] = []
    allow: list[str] = []
    match: MATCH_MODES = "compound"
    timeout: float = Field(default=1.0, gt=0)  # seconds per pattern per post


class Files(_Section):
    include: list[str] = ["*.txt", "*.md"]
    exclude: list[str] = []


class Policy(_Section):
    version: int = 1
    extends: list[str] = []
    company: Company = Company()
    language: Literal["da", "en", "sv", "nb", "de"] = "da"
    messages: Optional[Literal["da", "en"]] = None
    jurisdictions: list[str] = ["dk"]
    disclosure: Disclosure = Disclosure()
    hashtags: Hashtags = Hashtags()
    tone: Tone = Tone()
    claims: Claims = Claims()
    confidential: Confidential = Confidential()
    files: Files = Files()
    rules: dict[str, SeverityName] = {}

    # Not part of the YAML: where the policy came from, the folder relative
    # paths start from, and a hash of its resolved content (the cache key).
    _source: str = PrivateAttr("<embedded>")
    _base_dir: str = PrivateAttr(".")
    _content_hash: str = PrivateAttr("")
    _positions: dict = PrivateAttr(default_factory=dict)  # value path -> (file, line, column)
    _files: tuple = PrivateAttr(())  # every policy file read: the file, then what it extends

    @property
    def source(self) -> str:
        return self._source

    @property
    def base_dir(self) -> str:
        return self._base_dir

    @property
    def content_hash(self) -> str:
        return self._content_hash

    @property
    def files_read(self) -> tuple[str, ...]:
        """Absolute paths of the policy file and every file in its ``extends`` chain."""
        return self._files

    @property
    def own_files(self) -> frozenset[str]:
        """Files the policy itself reads (policy files, term files): never posts to check."""
        files = {str(Path(f).resolve()) for f in self._files}
        files.update(str(self.resolve_path(f.path).resolve()) for f in self.confidential.files)
        return frozenset(files)

    @field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value not in SUPPORTED_VERSIONS:
            raise ValueError(f"policy version {value} is not supported by this advolint "
                             f"(it knows version {', '.join(map(str, SUPPORTED_VERSIONS))}); upgrade advolint")
        return value

    _no_is_not_false = field_validator("jurisdictions", mode="before")(_false_means("no"))  # Norway

    @field_validator("jurisdictions")
    @classmethod
    def _known_jurisdictions(cls, value: list[str]) -> list[str]:
        known = available_jurisdictions()
        for code in value:
            if code not in known:
                raise ValueError(f"unknown jurisdiction '{code}'{_did_you_mean(code, known)}; "
                                 f"known: {', '.join(sorted(known))}")
        return value

    _off_is_not_false = field_validator("rules", mode="before")(_false_means("off"))

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: dict[str, str]) -> dict[str, str]:
        from .rules import rule_ids

        known = rule_ids()
        for rule in value:
            if rule not in known:
                raise ValueError(f"unknown rule '{rule}'{_did_you_mean(rule, known)}")
        return value

    @property
    def message_language(self) -> str:
        if self.messages:
            return self.messages
        return self.language if self.language in ("da", "en") else "en"

    def position_of(self, loc: tuple) -> tuple[str, int | None, int | None]:
        """Where the value at ``loc`` (e.g. ``("confidential", "terms", 2)``) was written."""
        return _locate(self._positions, tuple(loc), self.source)

    def resolve_path(self, relative: str) -> Path:
        """A path from the policy, relative to the policy file that named it."""
        path = Path(relative)
        return path if path.is_absolute() else Path(self.base_dir) / path


def _did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# --------------------------------------------------------------------------
# Loading and merging


def load_policy(path: str | Path | None = None) -> Policy:
    """Load, merge and validate a policy file; ``None`` loads the embedded default."""
    from .resources import default_policy_path

    target = Path(path) if path is not None else default_policy_path()
    files_read: list[Path] = []
    merged, positions = _load_merged(target, chain=(), files_read=files_read)
    policy = _validate(merged, positions, str(path) if path is not None else "<embedded default policy>")
    policy._source = str(target)
    policy._positions = positions
    policy._base_dir = str(target.resolve().parent)
    policy._files = tuple(str(f) for f in files_read)
    policy._content_hash = hashlib.sha256(
        json.dumps(merged, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    return policy


def policy_from_mapping(data: dict, base_dir: str = ".") -> Policy:
    """Validate a policy given as a Python mapping (tests and the API)."""
    policy = _validate(data, {}, "<policy>")
    policy._base_dir = base_dir
    policy._content_hash = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return policy


def _read_policy_file(path: Path, display: str):
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PolicyError(display, "policy file not found") from None
    except IsADirectoryError:
        raise PolicyError(display, "is a directory, not a policy file") from None
    except OSError as exc:
        raise PolicyError(display, f"cannot read policy: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        raise PolicyError(display, f"policy is not UTF-8 text (byte 0x{raw[exc.start]:02X}); save it as UTF-8",
                          raw.count(b"\n", 0, exc.start) + 1, column) from None
    located = load_yaml(text, display)
    if located.value is None:
        raise PolicyError(display, "policy is empty; start it with 'version: 1'", 1, 1)
    if not isinstance(located.value, dict):
        line, col = located.position(())
        raise PolicyError(display, "policy must be a mapping of keys (like 'version: 1'), "
                                   f"not {_kind_of(located.value)}", line, col)
    return located


def _kind_of(value) -> str:
    """What a YAML value is, in a policy author's words."""
    kinds = {list: "a list", dict: "a mapping", str: "a text", int: "a whole number", float: "a decimal number",
             bool: "true/false"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def _resolve_extends(entry: str, base: Path, display: str, line, col) -> Path:
    if entry.startswith("advolint:"):
        name = entry.split(":", 1)[1]
        presets = lint_rules_dir() / "presets"
        candidate = presets / f"{name}.yaml"
        # A pack is a plain name: "advolint:../x" must not reach outside the presets.
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name) or not candidate.is_file():
            known = sorted(p.stem for p in presets.glob("*.yaml"))
            raise PolicyError(display, f"unknown built-in pack '{entry}'"
                              f"{_did_you_mean(name, known)}; known: "
                              + ", ".join(f"advolint:{k}" for k in known), line, col)
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

    extends = data.get("extends", [])
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list):
        line, col = located.position(("extends",))
        raise PolicyError(display, "'extends' must be a list of packs or files", line, col)
    merged: dict = {}
    merged_positions: dict = {}
    for index, entry in enumerate(extends):
        line, col = located.position(("extends", index))
        if not isinstance(entry, str):
            raise PolicyError(display, "'extends' entries must be strings", line, col)
        parent = _resolve_extends(entry, resolved.parent, display, line, col)
        if not parent.is_file():
            raise PolicyError(display, f"extended policy '{entry}' not found", line, col)
        if parent.resolve() in chain + (resolved,):
            cycle = " -> ".join(str(p) for p in chain + (resolved, parent.resolve()))
            raise PolicyError(display, f"'extends' cycle: {cycle}", line, col)
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


def deep_merge(base: Any, override: Any) -> Any:
    """Mappings merge key by key (later wins); lists and scalars replace."""
    if isinstance(base, dict) and isinstance(override, dict):
        result = dict(base)
        for key, value in override.items():
            result[key] = deep_merge(base.get(key), value) if key in base else value
        return result
    return override


def _validate(data: dict, positions: dict, display: str) -> Policy:
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        # An unknown key is reported where the key stands, other errors at the value.
        wanted = loc + (KEY,) if error["type"] == "extra_forbidden" else loc
        source, line, col = _locate(positions, wanted, display)
        raise PolicyError(source, _describe(error, loc), line, col) from None


def _locate(positions: dict, loc: tuple, display: str):
    path = loc
    while path and path not in positions:
        path = path[:-1]
    if path in positions:
        return positions[path]
    return display, None, None


def _describe(error: dict, loc: tuple) -> str:
    where = ".".join(str(part) for part in loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1])
        choices = list(parent.model_fields) if parent else []
        section = ".".join(str(p) for p in loc[:-1]) or "the policy"
        return f"unknown key '{loc[-1]}' in {section}{_did_you_mean(loc[-1], choices)}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{where}: {_shown(error['input'])} is not allowed; expected {expected}"
    if kind == "value_error":
        return f"{where}: {error['msg'].removeprefix('Value error, ')}"
    if kind in PLAIN_TYPE_ERRORS:
        expected, got = PLAIN_TYPE_ERRORS[kind], error["input"]
        if got is None:
            return f"{where}: must be {expected}, but it is empty"
        return f"{where}: must be {expected}, not {_kind_of(got)} ({_shown(got)})"
    return f"{where}: {error['msg'].lower()} (got {_shown(error['input'])})"


# Pydantic's wording names Python types ("a valid dictionary or instance of
# Company"); a policy author thinks in YAML.
PLAIN_TYPE_ERRORS = {
    "model_type": "a mapping of keys", "dict_type": "a mapping of keys", "list_type": "a list",
    "int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
    "bool_parsing": "true or false", "bool_type": "true or false", "string_type": "text",
}


def _shown(value) -> str:
    """A value as an error message quotes it: its repr, cut short (messages are one line)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _model_at(loc: tuple):
    model: Any = Policy
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return None
        annotation = field.annotation
        for candidate in _unwrap(annotation):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                break
        else:
            return None
    return model


def _unwrap(annotation):
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    found = []
    for arg in args:
        found.extend(_unwrap(arg))
    return found


def _all_sections(base: type = _Section) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        found += [sub] + _all_sections(sub)
    return found


def schema() -> dict:
    """A JSON Schema of the policy, for editor completion."""
    data = Policy.model_json_schema(mode="validation")
    for model in _all_sections():
        validator = model.__pydantic_decorators__.model_validators.get("_shorthand")
        if validator is not None and model.__name__ in data["$defs"]:
            key = getattr(validator.func, "__func__", validator.func).shorthand_key
            data["$defs"][model.__name__] = {"anyOf": [
                {"type": "string", "description": f"shorthand for {{{key}: ...}}"}, data["$defs"][model.__name__]]}
    data["$schema"] = "http://json-schema.org/draft-07/schema#"
    data["title"] = "advolint policy v1"
    return data


def resolved_yaml(policy: Policy) -> str:
    """The policy as advolint uses it (``extends`` merged, defaults filled) as YAML."""
    import yaml

    data = policy.model_dump(mode="json")
    header = f"# advolint policy resolved from {policy.source} (extends merged, defaults filled in)\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


__all__ = ["Policy", "load_policy", "policy_from_mapping", "deep_merge", "schema", "resolved_yaml", "jurisdiction"]
