"""Property-based tests (hypothesis): whatever text and policy advolint gets,
checking does not crash, every span points at exactly what the rule matched,
and fixes never lose text.

Texts mix Danish and English posts with the hard parts of Unicode: emoji ZWJ
sequences, skin tones, flags, combining marks, right-to-left text, bidi
controls, CRLF and lone CR, BOMs, lone surrogates (``check_text`` can receive
them from Python code) and any other code point.  Policies are built from the
schema's own keys.  The fix properties hold for every fix any rule offers: a
rule that gains a fix is covered without changing this file.

The examples are derandomised so CI always runs the same ones; set
``ADVOLINT_FUZZ_EXAMPLES=5000 ADVOLINT_FUZZ_RANDOM=1`` to explore further
locally.  Whatever exploring finds becomes a plain regression test
(``test_found_*`` at the end of this file).
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from advolint.text.post import Post, post_from_bytes, post_from_text
from advolint.linter.compiled import Linter
from advolint.run.fixing import apply_fixes
from advolint.formats import Report, render
from advolint.findings import Edit, Finding, Fix, Severity
from advolint.errors import InputError, PolicyError
from advolint.resources import available_jurisdictions
from advolint.policy.loading import load_policy
from advolint.rules import Rule, rule_ids

from conftest import make_policy

RANDOM = bool(os.environ.get("ADVOLINT_FUZZ_RANDOM"))
PROPERTY = settings(
    max_examples=int(os.environ.get("ADVOLINT_FUZZ_EXAMPLES", "300")),
    deadline=None,  # CI machines stall now and then; speed is measured in bench/
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# -- texts -----------------------------------------------------------------------

PIECES = [
    # Danish and English post text
    "Kæmpe nyhed", "Vi har installeret 40 solcelleanlæg i Vejle", "Tak til holdet", " ", "\u00a0", ". ",
    "Reklame for Nordlys Energi A/S: ", "Reklame", "Annonce", "reklame", "Sponsoreret", "i samarbejde med",
    "Nordlys", "Nordlys Energi", "nordlys", "SolarFlex", "VarmeBoks", "Projekt Falcon", "Orionprojektet",
    "Q3-tallene", "du", "Du", "De", "Dem", "Deres", "I", "jer", "HUSK", "KÆMPE TILBUD", "æøå ÆØÅ",
    "We are hiring", "Check it out",
    # marks and units
    "!", "!!!", "！", "?", "#reklame", "#annonce", "#ad", "#spons", "#NordlysTeam", "#konkurrent",
    "#nordlysenergi", "#hemmeligt", "＃tag", "C#", "#", "@NordlysEnergi", "@", "kontakt@nordlys.dk",
    "https://nordlys.dk/side#afsnit", "www.nordlys.dk", "010190-1234", "+45 70 20 30 40", "70 20 30 40",
    "DK50 0040 0440 1162 43",
    # emoji: plain, presentation selector, skin tone, ZWJ family, flag, keycap
    "🎉", "☀", "☀️", "👍🏽", "👨‍👩‍👧", "🏳️‍🌈", "🇩🇰", "1️⃣", "🍆", "🖕", "🖕🏿",
    # combining marks, RTL, bidi controls, zero-width characters
    "e\u0301", "a\u030a", "\u0301", "שלום", "مرحبا", "\u202e", "\u2066", "\u200b", "\u200d", "\ufe0f",
    # line endings, tabs, BOM, front matter lines, control characters
    "\n", "\r\n", "\r", "\t", "\ufeff", "---\n", "commercial: true\n", "platform: linkedin\n",
    "\x0b", "\x1b[2J", "\u2028", "\x85",
]
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=())
ANY_CHARACTER = st.characters(exclude_categories=())  # every code point but surrogates

texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(ANY_CHARACTER, max_size=4), SURROGATES),
    max_size=30,
).map("".join)
encodable_texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(ANY_CHARACTER, max_size=4)), max_size=30,
).map("".join)
front_matter = st.lists(st.sampled_from([
    "commercial: true\n", "commercial: nej\n", "commercial: måske\n", "platform: linkedin\n",
    "platform: twitter\n", "platform: tiktok\n", "jurisdictions: [dk]\n", "jurisdictions: 5\n",
    "language: da\n", "language: [da]\n", "title: Sommerfest\n", "date: 2024-06-21\n", "date: 2024-13-45\n",
    "[\n", "- a\n", "x: !!python/object:os.system {}\n", "a: &a [*a]\n", "\t\n", "x: 1\nx: 2\n",
]), max_size=4).map(lambda lines: "---\n" + "".join(lines) + "---\n")

# -- policies --------------------------------------------------------------------


def _optional(strategy):
    return st.one_of(st.none(), strategy)


def _subset(items):
    return st.lists(st.sampled_from(items), unique_by=repr, max_size=len(items))


def _section(**fields):
    """A policy section with any subset of ``fields`` set."""
    return st.fixed_dictionaries({}, optional=fields)


SEVERITIES = ["error", "warning", "info", "off"]
policies = _section(
    company=_section(
        name=_optional(st.sampled_from(["Nordlys Energi A/S", "Nordlys"])),
        aliases=_subset(["Nordlys", "Nordlys Energi", "NE"]),
        products=_subset(["SolarFlex", "VarmeBoks"]),
        match=st.sampled_from(["proper-noun", "any-case"]),
    ),
    language=st.sampled_from(["da", "en", "sv", "nb", "de"]),
    messages=st.sampled_from(["da", "en"]),
    jurisdictions=st.lists(st.sampled_from(sorted(available_jurisdictions())), min_size=1, unique=True),
    disclosure=_section(
        required=st.sampled_from(["always", "commercial", "never"]),
        placement=st.sampled_from(["start", "before-fold", "anywhere"]),
        labels=_optional(_subset(["Reklame", "Annonce", "Sponsoreret"])),
        insufficient=_optional(_subset(["#ad", "spons", "i samarbejde med"])),
        fold=st.integers(1, 300),
    ),
    hashtags=_section(
        forbidden=_subset(["#konkurrent", "#*hemmelig*", "#ad", {"tag": "#nordlysenergi",
                                                                "replacement": "#NordlysEnergi"}]),
        required=_subset(["#NordlysTeam", "#reklame"]),
        require=st.sampled_from(["all", "any"]),
        max=st.integers(0, 5),
    ),
    tone=_section(
        address=st.sampled_from(["du", "De", "any"]),
        emoji=_section(
            max=st.integers(0, 4),
            forbidden=_subset(["🍆", {"emoji": "🖕", "replacement": "👍"}, "☀"]),
            allowed=_optional(_subset(["🎉", "👍", "☀️", "🇩🇰"])),
        ),
        exclamation_max=st.integers(0, 3),
        shouting=st.booleans(),
        shouting_allow=_subset(["HUSK", "KÆMPE"]),
        nlp_model=st.just("none"),  # no trained pipeline: examples stay fast and reproducible
    ),
    claims=_section(documented=_subset(["Danmarks største solcelleinstallatør"])),
    confidential=_section(
        terms=_subset(["Projekt Falcon", {"term": "Orion", "match": "compound"}, {"term": "Q3", "match": "word"}]),
        patterns=_subset([r"\bQ[1-4]-tal\w*", r"(?i)falcon\s*\d*"]),
        personal_data=_subset(["cpr", "phone", "email", "iban"]),
        allow=_subset(["70 20 30 40", "*@nordlys.dk"]),
        match=st.sampled_from(["compound", "word"]),
    ),
    rules=st.dictionaries(st.sampled_from(sorted(rule_ids())), st.sampled_from(SEVERITIES)),
)


@functools.lru_cache(maxsize=256)
def _linter(policy_json: str) -> Linter | None:
    try:
        return Linter.compile(make_policy(json.loads(policy_json)))
    except PolicyError:
        return None  # a combination a rule refuses with a clear error is not a crash


def linter_for_data(data: dict) -> Linter:
    linter = _linter(json.dumps(data, sort_keys=True, ensure_ascii=False))
    assume(linter is not None)
    return linter


# -- the properties ----------------------------------------------------------------------


def assert_placed_exactly(post: Post, violations) -> None:
    """Every violation lies inside the text and its span is what the rule matched."""
    starts = post.line_starts()
    for v in violations:
        assert post.body_start <= v.start <= v.end <= len(post.text), v
        assert (v.line, v.column) == post.position(v.start), v
        assert (v.end_line, v.end_column) == post.position(v.end), v
        assert 1 <= v.line <= v.end_line <= len(starts)
        line_end = starts[v.line] - 1 if v.line < len(starts) else len(post.text)
        assert 1 <= v.column <= line_end - starts[v.line - 1] + 1
        if v.secret:
            assert len(v.matched) == v.end - v.start
        else:
            assert v.matched == post.text[v.start:v.end], v
        assert v.rule in rule_ids()
    assert violations == sorted(violations, key=lambda v: (v.line, v.column, v.rule, v.end_line, v.end_column))


@PROPERTY
@given(text=texts, data=policies)
def test_checking_never_raises_and_every_span_is_exact(text, data):
    linter = linter_for_data(data)
    post = post_from_text(text, "opslag.txt")
    violations = linter.check(post)
    assert_placed_exactly(post, violations)
    for v in violations:
        assert v.severity == linter.severities[v.rule]
    # The text report renders anything it is given, one short source line per violation.
    report = render("text", Report(violations=violations, files=1, language=linter.message_language))
    source_lines = [line for line in report.splitlines() if line.lstrip().split(" | ")[0].isdigit()]
    assert all(len(line) < 400 for line in source_lines)


@PROPERTY
@given(header=front_matter, text=texts, data=policies)
def test_markdown_posts_check_or_fail_with_one_line(header, text, data):
    linter = linter_for_data(data)
    try:
        post = post_from_text(header + text, "opslag.md")
    except InputError as exc:
        message = str(exc)
        assert message.startswith("opslag.md:") and "\n" not in message
        return
    assert post.body_start >= len("---\n---\n")
    assert_placed_exactly(post, linter.check(post))


@PROPERTY
@given(text=texts, where=st.floats(0, 1))
def test_position_round_trips(text, where):
    post = Post(text)
    offset = round(where * len(text))
    line, column = post.position(offset)
    assert post.line_starts()[line - 1] + column - 1 == offset
    assert post.line_text(line) == text.split("\n")[line - 1].rstrip("\r")


@PROPERTY
@given(raw=st.binary(max_size=200) | encodable_texts.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_decode_or_fail_with_one_line(raw):
    try:
        post = post_from_bytes(raw, "opslag.txt")
    except InputError as exc:
        assert str(exc).startswith("opslag.txt: ") and "\n" not in str(exc)
        return
    assert "\x00" not in post.text
    assert all(warning.startswith("opslag.txt: ") for warning in post.warnings)


@PROPERTY
@given(text=encodable_texts, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"]))
def test_text_survives_decoding(text, encoding):
    assume("\x00" not in text)
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    expected = text
    if encoding == "utf-8" and text.startswith("\ufeff"):
        expected = text[1:]  # a leading BOM is not text
    if encoding == "cp1252":
        try:
            raw.decode("utf-8")
            assume(False)  # also valid UTF-8, so read as UTF-8: the ambiguity the warning is about
        except UnicodeDecodeError:
            pass
    post = post_from_bytes(raw, "opslag.txt")
    assert post.text == expected
    assert bool(post.warnings) == (encoding == "cp1252")


YAML_PIECES = [
    "version: 1\n", "version: 2\n", "version:", "extends: [advolint:dk]\n", "extends: advolint:x\n",
    "extends: [", "company:\n", "  name: Nordlys\n", "  aliases: [Nordlys, ", "tone:\n", "  exclamation_max: ",
    "  emoji: {max: ", "hashtags:\n", "  forbidden:\n", "    - '#konkurrent'\n", "    - {tag: '#a', replacement: ",
    "rules:\n", "  tone-exclamation: off\n", "  tone-exclamation: ", "confidential:\n", "  timeout: ",
    "  patterns: ['(']\n", "  files: [", "files: {include: ", "jurisdictions: [dk, ", "language: ",
    "1", "-1", "1.5", "1e400", "true", "off", "~", "null", "''", '"', "'", "2024-13-45", "2024-01-01",
    "&a ", "*a", "*b", "<<: ", "!!python/object:os.system ", "!!binary ", "!!set ", "!x ", "? ",
    "[", "]", "{", "}", ",", ": ", "- ", "\n", "  ", "\t", "#", "---\n", "...\n", "%YAML 1.1\n", "@",
    "\x00", "\x85", "\ufeff", "é", "🎉",
]


@PROPERTY
@given(parts=st.lists(st.sampled_from(YAML_PIECES), max_size=25))
def test_any_policy_text_loads_or_fails_with_one_line(parts):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "politik.yaml"
        path.write_text("".join(parts), encoding="utf-8", errors="surrogatepass")
        try:
            load_policy(path)
        except PolicyError as exc:
            message = str(exc)
            assert message.startswith(f"{path}:") and "\n" not in message, message
            assert "Traceback" not in message


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.text(max_size=5)
    | st.sampled_from(["dk", "#a", "error", "off", "advolint:dk", "du"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["version", "name", "tag", "max", "match", "x", "emoji", "forbidden",
                                       "tone", "hashtags", "rules", "files", "terms", "1"]), children, max_size=3),
    max_leaves=12,
)


POLICY_KEYS = ["version", "extends", "company", "language", "messages", "jurisdictions", "disclosure",
               "hashtags", "tone", "claims", "confidential", "files", "rules", "toone"]


@PROPERTY
@given(data=st.dictionaries(st.sampled_from(POLICY_KEYS), yaml_values, max_size=4))
def test_any_policy_shape_validates_or_fails_with_one_line(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "politik.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        try:
            load_policy(path)
        except PolicyError as exc:
            assert str(exc).startswith(f"{path}:") and "\n" not in str(exc), str(exc)


@PROPERTY
@given(line=st.text(st.one_of(ANY_CHARACTER.filter(lambda c: c != "…"), st.sampled_from("!\r\x1b\t")),
                   max_size=400),
       where=st.floats(0, 1), length=st.integers(0, 300), to_end=st.booleans())
def test_text_report_cuts_long_lines_around_the_span(line, where, length, to_end):
    from advolint.formats.text import ELLIPSIS, MAX_SHOWN, _visible, excerpt

    start = round(where * len(line))
    end = None if to_end else min(start + length, len(line))
    shown, column, end_column = excerpt(line, start + 1, None if end is None else end + 1)
    assert len(shown) <= MAX_SHOWN + 2
    assert not any(ch < " " and ch != "\t" for ch in shown)  # control characters are pictures
    visible = "".join(map(_visible, line))
    if len(line) <= MAX_SHOWN:
        assert (shown, column) == (visible, start + 1)
        return
    # The span starts inside the window and what is shown of it is the span itself.
    assert 1 <= column <= len(shown) + 1
    stop = len(shown) + 1 if end_column is None else end_column
    shown_span = shown[column - 1:stop - 1].removesuffix(ELLIPSIS)  # the line has no "…" of its own
    assert visible[start:].startswith(shown_span)
    if end is not None and end - start <= MAX_SHOWN - 40:
        assert shown_span == visible[start:end]  # a short span is shown whole


file_names = st.sampled_from([b"opslag.txt", b"kladde.md", b"K\xf8benhavn.txt", b"to\nlinjer.txt", b"\xc3\xa6.md",
                              b"noter.txt", b" .txt", b"-.md"])
file_contents = st.one_of(
    st.binary(max_size=60),
    encodable_texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(front_matter, encodable_texts).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
    encodable_texts.map(lambda t: t.encode("utf-16", "surrogatepass")),
)


@PROPERTY
@given(files=st.dictionaries(file_names, file_contents, min_size=1, max_size=4), output=st.sampled_from(["text", "json"]))
def test_any_folder_gives_a_report_and_one_line_per_problem(files, output):
    from conftest import run_cli

    with tempfile.TemporaryDirectory() as folder:
        for name, content in files.items():
            (Path(folder).joinpath(os.fsdecode(name))).write_bytes(content)
        (Path(folder) / "politik.yaml").write_text("version: 1\ntone: {exclamation_max: 1}\n", encoding="utf-8")
        result = run_cli("check", "--policy", str(Path(folder) / "politik.yaml"), "--format", output, folder)
    errors = [line for line in result.stderr.splitlines() if not line.startswith(("advolint: warning: ", "advolint: advarsel: "))]
    assert all(line.startswith("advolint: ") for line in result.stderr.splitlines())
    if errors:
        assert result.exit_code == 2
    else:
        assert result.exit_code in (0, 1)
    if output == "json":
        document = json.loads(result.stdout)
        assert document["summary"]["files"] + len(errors) == len(files)
        if not errors:  # 1 exactly when an error-level violation was found (the default --fail-on)
            assert result.exit_code == (1 if document["summary"]["errors"] else 0)
    elif errors:  # the summary says that some files could not be checked
        assert result.stdout.endswith(" kunne ikke tjekkes (se ovenfor)\n")
    else:
        assert result.stdout.endswith(" fil\n") or result.stdout.endswith(" filer\n")


@PROPERTY
@given(pieces=st.lists(st.sampled_from(["https://nordlys.dk/side#afsnit", "www.nordlys.dk/#top", "#reklame",
                                         "#NordlysTeam", " ", "\n", "C#", "@ven", "x", "é", "/#"]), max_size=40))
def test_hashtags_and_mentions_outside_urls(pieces):
    # Hashtags are now told apart from URL fragments by bisection over the
    # URL spans (a 10 MB post has 100,000s of both); the plain definition:
    from advolint.text import units as textunits

    post = post_from_text("".join(pieces))
    spans = textunits.urls(post)
    for found, pattern in ((textunits.hashtags(post), textunits.HASHTAG), (textunits.mentions(post), textunits.MENTION)):
        expected = [(m.start(), m.end(), m.group()) for m in pattern.finditer(post.text)
                    if not any(start <= m.start() < end for start, end, _ in spans)]
        assert found == expected


# -- fixes ---------------------------------------------------------------------------


def selected(fixes):
    """The fixes ``apply_fixes`` takes (its documented rule): in order of their
    first edit, each fix whose edits touch none already taken."""
    taken, spans = [], []
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        own = [(e.start, e.end) for e in fix.edits]
        if any(_conflict(a, b) for a in own for b in spans):
            continue
        taken.append(fix)
        spans.extend(own)
    return taken


def _conflict(a, b) -> bool:
    return a[0] == a[1] == b[0] == b[1] or (a[0] < b[1] and b[0] < a[1])


def assert_nothing_lost(original: str, fixed: str, fixes) -> None:
    """Removing what the fixes inserted and putting back what they replaced
    gives back the original: outside the edits, not one character changed."""
    edits = sorted((edit for fix in selected(fixes) for edit in fix.edits), key=lambda e: (e.start, e.end))
    rebuilt, in_fixed, in_original = [], 0, 0
    for edit in edits:
        untouched = edit.start - in_original
        rebuilt.append(fixed[in_fixed:in_fixed + untouched])
        in_fixed += untouched
        assert fixed[in_fixed:in_fixed + len(edit.replacement)] == edit.replacement
        rebuilt.append(original[edit.start:edit.end])
        in_fixed += len(edit.replacement)
        in_original = edit.end
    rebuilt.append(fixed[in_fixed:])
    assert "".join(rebuilt) == original


def fix_all(linter: Linter, text: str, rounds: int = 200) -> tuple[str, int]:
    """Apply every fix until none is left (like repeated ``--fix`` runs), checking each round."""
    for round_number in range(rounds):
        post = post_from_text(text, "opslag.txt")
        fixes = [v.fix for v in linter.check(post) if v.fix is not None]
        if not fixes:
            return text, round_number
        for fix in fixes:
            spans = sorted((e.start, e.end) for e in fix.edits)
            assert all(0 <= start <= end <= len(text) for start, end in spans), fix
            assert not any(_conflict(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]), \
                f"a fix overlaps itself: {fix}"
        fixed, applied = apply_fixes(text, fixes)
        assert applied == len(selected(fixes)) >= 1
        assert_nothing_lost(text, fixed, fixes)
        text = fixed
    raise AssertionError(f"fixes did not settle in {rounds} rounds (two fixes undoing each other?)")


class ExclamationFullStop(Rule):
    """A fix-bearing rule for these tests only: '!' becomes '.', so the fix
    properties also run on a fix that fires on almost every generated text."""

    ids = {"test-fix-exclamation": Severity.INFO}

    @classmethod
    def settings(cls, policy):
        return ()  # nothing from the policy

    def check(self, post):
        for index, char in enumerate(post.text):
            if index >= post.body_start and char == "!":
                yield Finding("test-fix-exclamation", index, index + 1, "!",
                              fix=Fix((Edit(index, index + 1, "."),)))


def with_demo_fixer(linter: Linter) -> Linter:
    demo = Linter(linter.header, list(linter.rules), dict(linter.severities), linter.messages)
    demo.severities["test-fix-exclamation"] = Severity.INFO
    demo.rules.append(ExclamationFullStop((), demo.messages))
    return demo


@PROPERTY
@given(text=texts, data=policies, demo=st.booleans())
def test_fixes_settle_are_idempotent_and_lose_nothing(text, data, demo):
    linter = linter_for_data(data)
    if demo:
        linter = with_demo_fixer(linter)
    fixed, rounds = fix_all(linter, text)
    # Idempotent: fixing the fixed text changes nothing.
    assert fix_all(linter, fixed) == (fixed, 0)
    # It passes the rules it fixed: none of them offers a fix any more.
    assert not [v for v in linter.check(post_from_text(fixed, "opslag.txt")) if v.fix is not None]
    if demo:
        assert "!" not in fixed


class FullStopExclamation(ExclamationFullStop):
    """The opposite fix ('.' becomes '!'): with ExclamationFullStop, two fixes that undo each other."""

    ids = {"test-fix-full-stop": Severity.INFO}

    def check(self, post):
        for finding in super().check(Post(post.text.translate(str.maketrans(".!", "!.")), body_start=post.body_start)):
            start = finding.start
            yield Finding("test-fix-full-stop", start, start + 1, ".", fix=Fix((Edit(start, start + 1, "!"),)))


def test_the_fix_properties_catch_fixes_that_undo_each_other():
    # This shows the harness is not vacuous: two fixes that undo each other are caught.
    linter = with_demo_fixer(Linter.compile(make_policy()))
    linter.severities["test-fix-full-stop"] = Severity.INFO
    linter.rules.append(FullStopExclamation((), linter.messages))
    with pytest.raises(AssertionError, match="did not settle"):
        fix_all(linter, "Kæmpe nyhed! Vi åbner i dag.", rounds=20)


edits = st.builds(lambda start, length, replacement: (start, length, replacement),
                  st.integers(0, 40), st.integers(0, 5), st.sampled_from(["", ".", "Reklame: ", "#NordlysTeam", "🎉"]))


@PROPERTY
@given(text=texts, raw_fixes=st.lists(st.lists(edits, min_size=1, max_size=3), max_size=6))
def test_apply_fixes_loses_nothing(text, raw_fixes):
    fixes = []
    for raw in raw_fixes:
        fix_edits, spans = [], []
        for start, length, replacement in raw:
            start = min(start, len(text))
            span = (start, min(start + length, len(text)))
            if any(_conflict(span, other) for other in spans):
                continue  # a fix's own edits never overlap (Fix's contract)
            spans.append(span)
            fix_edits.append(Edit(span[0], span[1], replacement))
        fixes.append(Fix(tuple(fix_edits)))
    fixed, applied = apply_fixes(text, fixes)
    assert applied == len(selected(fixes))
    assert_nothing_lost(text, fixed, fixes)


# -- what fuzzing found, kept as plain regression tests -------------------------------------


def test_found_lone_surrogate_is_an_ordinary_code_point():
    """``check_text`` takes any Python str; a lone surrogate counts as one column."""
    from advolint import check_text

    violations = check_text("Hej\ud800! Kom!", make_policy({"tone": {"exclamation_max": 1}}))
    assert [(v.line, v.column, v.matched) for v in violations] == [(1, 10, "!")]


def test_found_merge_key_with_a_plain_value(tmp_path):
    # `<<: 1` made PyYAML raise outside the guarded code: a traceback.
    path = tmp_path / "politik.yaml"
    path.write_text("version: 1\ntone:\n  <<: 1\n", encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policy(path)
    assert str(error.value) == f"{path}:3:3: YAML error: expected a mapping or list of mappings for merging, " \
                               "but found scalar"


@pytest.mark.parametrize("front_matter, error", [
    # PyYAML raises a bare ValueError for 2024-13-45; it escaped check_text.
    ("title: Sommerfest\ndate: 2024-13-45\n", "opslag.md:3: front matter: invalid date '2024-13-45': "
                                                "month must be in 1..12"),
    # Recursed until RecursionError.
    ("tags: &t [sommer, *t]\n", "opslag.md:2: front matter: YAML alias refers to itself (a recursive structure)"),
])
def test_found_front_matter_errors(front_matter, error):
    from advolint import check_text

    with pytest.raises(InputError) as raised:
        check_text(f"---\n{front_matter}---\nVelkommen!\n", make_policy(), path="opslag.md")
    assert str(raised.value) == error


def test_found_a_policy_per_call_does_not_pile_up():
    """Fuzzing with a fresh policy per example showed every compiled policy
    kept for ever: a service calling ``check_text(text, load_policy(...))``
    per request would grow without end."""
    import gc
    import weakref

    from advolint import check_text

    first = make_policy({"tone": {"exclamation_max": 0}})
    gone = weakref.ref(first)
    assert check_text("Hej!", first)[0].rule == "tone-exclamation"
    del first
    for limit in range(40):
        assert len(check_text("Hej!", make_policy({"tone": {"exclamation_max": limit % 2}}))) == 1 - limit % 2
    gc.collect()
    assert gone() is None
