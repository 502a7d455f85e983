"""Every format renders a varied set of violations byte for byte as the release before the
faster renderers did (golden files written by tests/golden/make_golden.py from that tree),
and the streamed writers give the same bytes as ``render`` whatever the pieces."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from advolint.findings import Route, Severity, Violation
from advolint.formats import STREAMED, Report, writer
from advolint.formats.jsontext import dumps

GOLDEN = Path(__file__).parent / "golden"


def _script(name: str):
    """tests/golden/``name``.py, the script that wrote a golden set, as a module."""
    spec = importlib.util.spec_from_file_location(name, GOLDEN / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _golden_set(folder: Path) -> tuple[object, list[str]]:
    """The violations a golden set renders (its violations.json) and its reports' names."""
    made = json.loads((folder / "violations.json").read_text(encoding="utf-8"))
    return made, sorted(path.name for path in folder.iterdir() if path.name.count(".") == 2)


make_golden = _script("make_golden")
MADE, EXPECTED = _golden_set(GOLDEN)


def test_the_golden_set_is_complete():
    assert len(EXPECTED) == 5 * 11 and len(MADE) == 63


@pytest.fixture(scope="module")
def outputs():
    return make_golden.outputs(MADE)


@pytest.mark.parametrize("name", EXPECTED)
def test_rendering_is_byte_identical_to_the_golden_file(outputs, name, monkeypatch):
    expected = (GOLDEN / name).read_bytes().decode("utf-8")
    assert outputs[name] == expected


@pytest.mark.parametrize("name", sorted(STREAMED))
def test_a_streamed_report_is_the_rendered_one_whatever_the_pieces(name):
    report = make_golden.reports(MADE)["full"]
    whole = make_golden.rendered(report, name, "plain")
    violations = report.violations
    streamed = Report(files=report.files, language=report.language, errors=report.errors,
                      suppressed=report.suppressed)
    parts: list[str] = []
    out = writer(name)(streamed, parts.append)
    out.begin()
    for size in (1, 0, 3, 2, 7, len(violations)):  # uneven pieces, an empty one among them
        piece, violations = violations[:size], violations[size:]
        streamed.tally(piece)
        out.add(piece)
        if name == "junit":  # its opening tags need the counts: the cases wait in a spool, not a list
            assert not parts and out.spool.tell() > 0
    out.end()
    assert "".join(parts) == whole and len(parts) >= (2 if name == "junit" else 5)  # in pieces, not at the end


def test_the_junit_writer_spools_its_cases_to_a_file_past_its_limit(monkeypatch):
    from advolint.formats import junit

    monkeypatch.setattr(junit.Writer, "SPOOL_BYTES", 4_000)
    report = make_golden.reports(MADE)["full"]
    streamed = Report(files=report.files, language=report.language, errors=report.errors)
    parts: list[str] = []
    out = junit.Writer(streamed, parts.append)
    out.begin()
    out.add(report.violations)
    assert out.spool._rolled  # on disk, not in memory: the audit's memory does not grow with the cases
    streamed.tally(report.violations)
    out.end()
    assert "".join(parts) == make_golden.rendered(report, "junit", "plain")


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_json_values)
def test_the_fast_json_writer_writes_what_json_dumps_does(value):
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
    nested = json.dumps({"a": [value]}, ensure_ascii=False, indent=2)
    assert nested == '{\n  "a": [\n    ' + dumps(value, 2) + "\n  ]\n}"


# The violations the example policy really finds in hand-written posts (parts, records, a
# suppression, masked personal data, an unreadable file), rendered by main before the
# renderers were made faster again (tests/golden/make_checked.py wrote them).
CHECKED = GOLDEN / "checked"
make_checked = _script("make_checked")
CHECKED_RUN, CHECKED_EXPECTED = _golden_set(CHECKED)


def test_the_checked_golden_set_covers_every_format_and_what_reports_must_show():
    assert len(CHECKED_EXPECTED) == 2 * 11
    found = CHECKED_RUN["violations"]
    assert CHECKED_RUN["errors"] and CHECKED_RUN["unchecked_records"] == 1
    assert any(v["part"] for v in found) and any(v["suppression"] for v in found)
    assert any(v["secret"] for v in found) and any(v["record"] for v in found)
    assert len({v["path"] for v in found}) >= 4


@pytest.fixture(scope="module")
def checked_outputs():
    return make_checked.outputs(CHECKED_RUN)


@pytest.mark.parametrize("name", CHECKED_EXPECTED)
def test_a_checked_run_renders_byte_identical_to_the_golden_file(checked_outputs, name):
    assert checked_outputs[name] == (CHECKED / name).read_bytes().decode("utf-8")


# Violations of any shape, for the renderers that write a violation without building its dict.
_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_numbers = st.integers(min_value=0, max_value=10**6)
_violations = st.builds(
    Violation, path=_texts, line=_numbers, column=_numbers, end_line=_numbers, end_column=_numbers,
    rule=st.sampled_from(["tone-exclamation", "personal-data", "disclosure-missing", "hashtag-required"]),
    severity=st.sampled_from(list(Severity)), message=_texts, suggestion=st.none() | _texts, matched=_texts,
    record=st.none() | _texts, record_line=st.none() | _numbers,
    post_position=st.none() | st.tuples(_numbers, _numbers, _numbers, _numbers),
    route=st.none() | st.builds(Route, to=_texts, note=st.none() | _texts, review=st.booleans()),
    suppression=st.none() | _texts, part=st.none() | _numbers)


@settings(max_examples=300, deadline=None)
@given(_violations)
def test_a_violation_written_directly_is_its_dict_as_json(violation):
    from advolint.formats.json_format import violation_json

    assert violation_json(violation) == dumps(violation.to_dict(), 2)


@settings(max_examples=300, deadline=None)
@given(_violations, st.integers(min_value=0, max_value=40), _texts, _texts)
def test_a_sarif_result_filled_in_is_its_dict_as_json(violation, index, fingerprint, uri):
    from advolint.formats.sarif import _result, result_json

    assert result_json(violation, index, fingerprint, uri) == dumps(_result(violation, index, fingerprint, uri), 4)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("aæø\t …“🎉👍🏽\u200b\u0301日x\x85\xad")), st.integers(1, 12), st.none() | st.integers(1, 14))
def test_carets_counted_quickly_are_the_columns_the_translation_gives(line, start, end):
    from advolint.formats.text import _PAD, _SPAN, underline

    stop = len(line) + 1 if end is None else end
    columns = len(line[start - 1:stop - 1].translate(_SPAN).replace("\t", " "))
    assert underline(line, start, end) == line[:start - 1].translate(_PAD) + "^" * max(columns, 1)
