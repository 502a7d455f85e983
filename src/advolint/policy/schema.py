"""Policy format v1: the schema of the YAML a company writes (pydantic).

The schema is a contract: later versions may add keys, never break these.
Unknown keys are errors (with "did you mean"), like Vale's.  Each rule kind
reads its keys from the validated :class:`Policy` once, when the policy is
compiled (its ``settings`` classmethod); nothing of this module is used
while posts are checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from advolint.policy.custom_schema import CustomRules, Vale
from advolint.policy.wording import did_you_mean, locate
from advolint.resources import available_jurisdictions
from advolint.language import tr

SUPPORTED_VERSIONS = (1,)
KEY = "<key>"  # marks a position entry as the key's own position
SeverityName = Literal["error", "warning", "info", "off"]
MATCH_MODES = Literal["compound", "word", "anywhere"]
CASE_MODES = Literal["insensitive", "sensitive"]


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


def _every_item_matches(pattern: str, what: str):
    """A validator: every string of the list matches ``pattern``, else it "is not ``what``"."""

    def check(cls, value: list[str]) -> list[str]:
        import re

        for item in value:
            if not re.fullmatch(pattern, item):
                raise ValueError(f"'{item}' is not {what}")
        return value

    return classmethod(check)


class Company(_Section):
    name: Optional[str] = None
    aliases: list[str] = []
    products: list[str] = []
    # The company's own @handles and web domains: a mention of one ("hos @havoerntelecom")
    # or a link to one ("https://havoern.dk/sommer") makes a post commercial.
    handles: list[str] = []
    domains: list[str] = []
    # proper-noun: a capitalised name ("Nordlys") matches only when capitalised
    # in the post, so "vi så nordlys i nat" is not about the company.
    # any-case: every casing matches.
    match: Literal["proper-noun", "any-case"] = "proper-noun"

    _handle_form = field_validator("handles")(_every_item_matches(
        r"@?[\w.]*\w", "an @handle (letters, digits, '_' and '.', like @nordlysenergi)"))
    _domain_form = field_validator("domains")(_every_item_matches(
        r"(?:[\w-]+\.)+[\w-]+", "a domain name (like nordlys-energi.dk, without https:// or a path)"))


class Disclosure(_Section):
    required: Literal["always", "commercial", "never"] = "commercial"
    placement: Optional[Literal["start", "before-fold", "anywhere"]] = None  # None: the pack's default
    labels: Optional[list[str]] = None  # override the jurisdictions' accepted labels
    insufficient: Optional[list[str]] = None  # override the insufficient labels
    fold: Optional[int] = Field(default=None, gt=0)  # visible characters before "see more"
    # Who the poster is to the advertiser (text.post.RELATIONSHIPS): it picks the forms each
    # jurisdiction accepts ("I work for X") and the fixes' label ("Reklame for min arbejdsgiver X");
    # a post's front matter `relationship` wins.  None: the jurisdiction's general label.
    relationship: Optional[Literal["employee", "gift", "own-products"]] = None

    @field_validator("labels")
    @classmethod
    def _some_label(cls, value):
        # With no accepted label nothing could ever pass: say so instead of failing every post.
        if value is not None and not [label for label in value if label.strip()]:
            raise ValueError(tr("name at least one accepted label (or leave 'labels' out to use the jurisdictions')"))
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
    case: CASE_MODES = "insensitive"  # sensitive: the term's capitals must be capitals in the post
    _shorthand = _string_shorthand("term")


class TermFile(_Section):
    path: str
    column: Optional[str] = None  # CSV files: the column that holds the term
    match: Optional[MATCH_MODES] = None
    case: CASE_MODES = "insensitive"
    _shorthand = _string_shorthand("path")

    @field_validator("path")
    @classmethod
    def _exists(cls, value: str) -> str:
        # Loading makes paths absolute (relative to the policy file that named
        # them); a relative path here comes from the API and is checked when
        # the confidential-term rule reads it.
        if Path(value).is_absolute() and not Path(value).is_file():
            raise ValueError(tr("term file not found: {value}", value=value))
        return value


class Confidential(_Section):
    terms: list[Term] = []
    files: list[TermFile] = []
    patterns: list[ConfidentialPattern] = []
    personal_data: list[Literal["cpr", "phone", "email", "iban"]] = []
    allow: list[str] = []
    # info@, kontakt@ ...: the company's addresses, not a person's (personal-data)
    role_addresses: Literal["allow", "flag"] = "allow"
    match: MATCH_MODES = "compound"
    timeout: float = Field(default=1.0, gt=0, allow_inf_nan=False)  # seconds per pattern per post; finite


class Suppressions(_Section):
    # Rules a post's front matter may not switch off for itself (ids checked at load time).
    forbidden: list[str] = ["confidential-term", "personal-data"]


class Limits(_Section):
    # Seconds the whole check of one post of up to 1 MB may take (a larger post: this much
    # per MB); a post over it is an input error naming the file (exit 2), never a hang.
    # Finite: an endless budget is no budget.
    post_seconds: float = Field(default=10.0, gt=0, allow_inf_nan=False)


CriticalTopic = Literal["complaint", "legal", "press", "safety", "data_breach", "discrimination"]


class Voice(_Section):
    # Who may answer for the company in replies and comments (front matter `role:`).
    may_answer: list[str] = []
    # The critical topics a role may answer itself; any other critical comment is escalated.
    handles: dict[str, list[CriticalTopic]] = {}


class Route(_Section):
    # Where a finding goes: who gets it, a note for them, and whether a person must
    # approve the draft (review) instead of the draft having to change (block).
    to: str
    note: Optional[str] = None
    review: bool = False


class Files(_Section):
    include: list[str] = ["*.txt", "*.md", "*.markdown"]  # matched ignoring case
    exclude: list[str] = []


class Policy(_Section):
    version: int = 1
    extends: list[str] = []
    company: Company = Company()
    language: Literal["da", "en", "sv", "nb", "de"] = "da"
    messages: Optional[Literal["da", "en"]] = None
    jurisdictions: list[str] = ["dk"]
    # Where posts without their own front matter `platform` are published (text.post.PLATFORMS):
    # the fold and the platform's limits (lint_rules/platforms/).  None: no platform known.
    platform: Optional[Literal["linkedin", "instagram", "facebook", "x"]] = None
    disclosure: Disclosure = Disclosure()
    hashtags: Hashtags = Hashtags()
    tone: Tone = Tone()
    claims: Claims = Claims()
    confidential: Confidential = Confidential()
    voice: Voice = Voice()
    route: dict[str, Route] = {}  # rule id (or "default") -> where its findings go
    files: Files = Files()
    suppressions: Suppressions = Suppressions()
    limits: Limits = Limits()
    rules: dict[str, SeverityName] = {}
    custom: CustomRules = {}  # custom wording rules in Vale's format (advolint.custom)
    vale: Vale = Vale()  # a Vale configuration and style folders

    # Not part of the YAML: where the policy came from and the folder relative
    # paths start from.
    _source: str = PrivateAttr("<embedded>")
    _base_dir: str = PrivateAttr(".")
    _positions: dict = PrivateAttr(default_factory=dict)  # value path -> (file, line, column)
    _files: tuple = PrivateAttr(())  # every policy file read: the file, then what it extends

    @property
    def source(self) -> str:
        return self._source

    @property
    def base_dir(self) -> str:
        return self._base_dir

    @property
    def files_read(self) -> tuple[str, ...]:
        """Absolute paths of the policy file and every file in its ``extends`` chain."""
        return self._files

    @field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value not in SUPPORTED_VERSIONS:
            raise ValueError(tr("policy version {value} is not supported by this advolint (it knows version {join}); upgrade advolint",
                                value=value, join=', '.join(map(str, SUPPORTED_VERSIONS))))
        return value

    _no_is_not_false = field_validator("jurisdictions", mode="before")(_false_means("no"))  # Norway

    @field_validator("jurisdictions")
    @classmethod
    def _known_jurisdictions(cls, value: list[str]) -> list[str]:
        known = available_jurisdictions()
        for code in value:
            if code not in known:
                raise ValueError(tr("unknown jurisdiction '{code}'{did_you_mean}; known: {join}",
                                    code=code, did_you_mean=did_you_mean(code, known), join=', '.join(sorted(known))))
        return value

    _off_is_not_false = field_validator("rules", mode="before")(_false_means("off"))

    # Rule ids in `rules` are checked against the rule registry when the policy
    # is loaded (loading.py): the schema knows nothing of the rules.

    @property
    def message_language(self) -> str:
        if self.messages:
            return self.messages
        return self.language if self.language in ("da", "en") else "en"

    def position_of(self, loc: tuple) -> tuple[str, int | None, int | None]:
        """Where the value at ``loc`` (e.g. ``("confidential", "terms", 2)``) was written."""
        return locate(self._positions, tuple(loc), self.source)

    def resolve_path(self, relative: str) -> Path:
        """A path from the policy, relative to the policy file that named it."""
        path = Path(relative)
        return path if path.is_absolute() else Path(self.base_dir) / path




































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




__all__ = ["Policy", "schema"]
