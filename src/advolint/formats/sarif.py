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

import json
from pathlib import Path

from advolint import __version__
from advolint.formats.fingerprints import fingerprints
from advolint.explain import explain_text, rule_doc
from advolint.findings import Severity
from advolint.rules import rule_ids
from advolint.formats import relative_uri

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


def _result(violation, index: int, fingerprint: str) -> dict:
    result = {
        "ruleId": violation.rule,
        "ruleIndex": index,
        "level": LEVELS[violation.severity],
        "message": {"text": violation.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": relative_uri(violation.path), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": violation.line, "startColumn": violation.column,
                       "endLine": violation.end_line, "endColumn": violation.end_column},
        }}],
        "partialFingerprints": {"advolint/v1": fingerprint},
    }
    if violation.suggestion:
        result["message"]["text"] += f" {violation.suggestion}"
    if violation.route is not None:
        result["properties"] = {"route": violation.route.to_dict()}
    if violation.suppression is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": violation.suppression}]
    return result


def render(report, color: bool = False) -> str:
    ids = rule_ids()
    index = {rule: position for position, rule in enumerate(ids)}
    shown = report.violations + report.suppressed  # suppressed results carry SARIF "suppressions"
    results = [_result(v, index[v.rule], fingerprint) for v, fingerprint in zip(shown, fingerprints(shown))]
    run = {
        "tool": {"driver": {
            "name": "advolint",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "language": report.language,
            "rules": [_rule(rule, severity, report.language) for rule, severity in ids.items()],
        }},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{
            # Nothing checked is not a success: a gate must not pass a run that found no post.
            "executionSuccessful": not report.errors and report.files > 0,
            "toolExecutionNotifications": [{"level": "error", "message": {"text": error}}
                                           for error in report.errors]
            + ([] if report.files else [{"level": "warning", "message": {"text": "no posts were checked"}}]),
        }],
    }
    return json.dumps({"version": "2.1.0", "$schema": SCHEMA, "runs": [run]}, ensure_ascii=False, indent=2) + "\n"
