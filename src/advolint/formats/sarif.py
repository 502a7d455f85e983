"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other viewers.

* ``tool.driver.rules`` lists every rule with ``shortDescription`` (the
  explain page's title), ``fullDescription`` (what it checks) and ``help``
  (the whole ``advolint explain`` page), in the policy's message language.
* Columns count Unicode code points (``columnKind: unicodeCodePoints``),
  like every advolint report; ``endColumn`` is exclusive, as in SARIF.
* URIs are relative to the working directory (``uriBaseId: %SRCROOT%``), so
  run advolint from the repository root in CI.
* ``partialFingerprints`` carry the baseline fingerprint (path, rule and
  matched text, not the line), so code scanning follows a violation when
  lines above it move.
* A finding a post's front matter suppressed is a result with
  ``suppressions: [{kind: inSource, justification: <reason>}]``.
* Files that could not be checked are ``toolExecutionNotifications`` and
  make ``executionSuccessful`` false; so does a run that checked no post.

Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from advolint import __version__
from json.encoder import encode_basestring as _string  # C: a str as JSON (ensure_ascii=False)

from advolint.formats.fingerprints import digest
from advolint.formats.jsontext import dumps
from advolint.explain import explain_text, rule_doc
from advolint.findings import Severity, Violation
from advolint.rules import rule_ids
from advolint.formats import Memo, Writer as _Writer, relative_uri, written

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INFORMATION_URI = "https://github.com/advolint/advolint"


def _rule(rule: str, severity: Severity, language: str) -> dict:
    page = rule_doc(rule)[language]
    return {
        "id": rule,
        "name": rule,
        "shortDescription": {"text": page["title"]},
        "fullDescription": {"text": " ".join(page["what"].split())},
        "help": {"text": explain_text(rule, language)},
        "defaultConfiguration": {"level": LEVELS[severity]},
    }


def _custom_rule(rule: str, severity: Severity, title: str, help_text: str, link: str | None) -> dict:
    """A policy's own rule (a custom wording rule), described by its author's words."""
    described = {"id": rule, "name": rule, "shortDescription": {"text": title}, "help": {"text": help_text},
                 "defaultConfiguration": {"level": LEVELS[severity]}}
    if link:
        described["helpUri"] = link
    return described


def _result(violation, index: int | None, fingerprint: str, uri: str) -> dict:
    """``index``: the rule's place in the run's rule list; None: not listed (SARIF then finds it by id)."""
    result = {
        "ruleId": violation.rule,
        "ruleIndex": index,
        "level": LEVELS[violation.severity],
        "message": {"text": violation.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": violation.line, "startColumn": violation.column,
                       "endLine": violation.end_line, "endColumn": violation.end_column},
        }}],
        "partialFingerprints": {"advolint/v1": fingerprint},
    }
    if index is None:
        del result["ruleIndex"]
    if violation.suggestion:
        result["message"]["text"] += f" {violation.suggestion}"
    if violation.route is not None:
        result["properties"] = {"route": violation.route.to_dict()}
    if violation.suppression is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": violation.suppression}]
    return result


# A result without route or suppression (nearly all) is written by filling in a template:
# what ``dumps(_result(...), 4)`` writes around its values, cut out of a result whose values
# are markers.  ``_result`` stays the one definition of a result; walking its nested dicts
# for every violation was most of the report's time.
_FILLED = ("rule", "index", "message", "uri", "line", "column", "end_line", "end_column", "fingerprint")


def _mark(name: str) -> str:
    return f"\0{name}\0"


def _template(severity: Severity) -> tuple[str, ...]:
    """The text of a result at ``severity`` between its values (the ``_FILLED`` in order)."""
    marked = Violation("", *map(_mark, ("line", "column", "end_line", "end_column", "rule")), severity,
                       _mark("message"))
    text = dumps(_result(marked, _mark("index"), _mark("fingerprint"), _mark("uri")), 4)
    pieces = []
    for name in _FILLED:
        piece, found, text = text.partition(dumps(_mark(name)))
        if not found:  # _result changed the order of its values: make _FILLED follow it
            raise AssertionError(f"SARIF result template: {name} is not where _FILLED says")
        pieces.append(piece)
    return (*pieces, text)


_TEMPLATES = Memo(_template)


def _head(key) -> str:
    """A result's text up to its message, by rule, rule index and severity."""
    rule, index, severity = key
    template = _TEMPLATES[severity]
    return f"{template[0]}{_string(rule)}{template[1]}{index}{template[2]}"


_HEADS = Memo(_head)


def result_json(violation, index: int | None, fingerprint: str, uri: str) -> str:
    """``dumps(_result(violation, index, fingerprint, uri), 4)``, from the template when it fits."""
    line, column, end_line, end_column = violation.line, violation.column, violation.end_line, violation.end_column
    if (violation.route is None and violation.suppression is None and violation.severity in LEVELS
            and line.__class__ is column.__class__ is end_line.__class__ is end_column.__class__ is int
            and index.__class__ is int):
        text = violation.message
        if violation.suggestion:
            text += f" {violation.suggestion}"
        try:
            template = _TEMPLATES[violation.severity]
            return (f"{_HEADS[violation.rule, index, violation.severity]}{_string(text)}{template[3]}{_string(uri)}"
                    f"{template[4]}{line}{template[5]}{column}{template[6]}{end_line}{template[7]}{end_column}"
                    f"{template[8]}{_string(fingerprint)}{template[9]}")
        except TypeError:  # not a str where one belongs
            pass
    return dumps(_result(violation, index, fingerprint, uri), 4)


_HOLE = "\0hole\0"  # stands for what is written later: the results, the invocations
_HOLE_JSON = dumps(_HOLE)
_SEPARATOR = ",\n        "  # between two results, the second at depth 4


class Writer(_Writer):
    """Written as the run goes: the tool and its rules, each result as soon as it is known, the
    suppressed results (which follow the others) and the invocation at the end."""

    def begin(self) -> None:
        report = self.report
        ids = rule_ids()
        custom = {rule: described for rule, described in sorted(report.custom_rules.items()) if rule not in ids}
        self.index = {rule: position for position, rule in enumerate([*ids, *custom])}
        self.seen: Counter = Counter()  # fingerprints are numbered by occurrence over the run
        self.uris = Memo(relative_uri)  # the working directory stays the same while a report is written
        self.digests = Memo(lambda key: digest(*key))  # by (uri, rule, matched): many repeat in an audit
        run = {
            "tool": {"driver": {
                "name": "advolint",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "language": report.language,
                "rules": [_rule(rule, severity, report.language) for rule, severity in ids.items()]
                + [_custom_rule(rule, *described) for rule, described in custom.items()],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": _HOLE,
            "invocations": _HOLE,
        }
        head, self.tail, _ = dumps({"version": "2.1.0", "$schema": SCHEMA, "runs": [run]}).split(_HOLE_JSON)
        self.write(head)
        self.opened = False

    def _results(self, violations) -> str:
        index, seen, uris, digests = self.index, self.seen, self.uris, self.digests
        results = []
        for violation in violations:
            uri = uris[violation.path]
            found = digests[uri, violation.rule, violation.matched]
            seen[found] += 1
            results.append(result_json(violation, index.get(violation.rule), f"{found}:{seen[found]}", uri))
        return _SEPARATOR.join(results)

    def add(self, violations) -> None:
        if violations:
            self.write((_SEPARATOR if self.opened else "[\n        ") + self._results(violations))
            self.opened = True

    def end(self) -> None:
        report = self.report
        self.add(report.suppressed)  # suppressed results carry SARIF "suppressions"
        invocations = [{
            # Nothing checked is not a success: a gate must not pass a run that found no post.
            "executionSuccessful": not report.errors and report.files > 0,
            "toolExecutionNotifications": [{"level": "error", "message": {"text": error}}
                                           for error in report.errors]
            + ([] if report.files else [{"level": "warning", "message": {"text": "no posts were checked"}}]),
        }]
        self.write(("\n      ]" if self.opened else "[]") + self.tail + dumps(invocations, 3) + "\n    }\n  ]\n}\n")


def render(report, color: bool = False) -> str:
    return written(Writer, report, color)
