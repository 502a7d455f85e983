"""``--format junit``: JUnit XML for CI dashboards (GitLab, Jenkins, Azure).

Written as the run goes (see :class:`Writer`).  One ``<testsuite name="advolint">``;
each violation is a ``<testcase>``
(``classname`` the file, ``name`` rule and position) with a ``<failure>``
whose ``type`` is the severity.  A clean run is one passing test case, so
dashboards show a green check rather than nothing; files that could not be
checked are ``<error>`` test cases.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from advolint.formats import Writer as _Writer, written
from advolint.formats.text import summary_line


# What XML 1.0 cannot hold (most control characters, lone surrogates): shown as escapes,
# so a record id with \x01 in it leaves the report well-formed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _case(classname: str, name: str, **attributes) -> ElementTree.Element:
    return ElementTree.Element("testcase", classname=classname, name=name, **attributes)


def _violation_case(violation) -> ElementTree.Element:
    path, message = _xml(violation.path), _xml(violation.message)
    case = _case(path, f"{violation.rule} {violation.line}:{violation.column}", file=path, line=str(violation.line))
    failure = ElementTree.SubElement(case, "failure", type=violation.severity.label, message=message)
    failure.text = f"{path}:{violation.line}:{violation.column}: {message}"
    if violation.suggestion:
        failure.text += f"\n{_xml(violation.suggestion)}"
    return case


def _serialised(case: ElementTree.Element) -> str:
    """A test case as ``ElementTree.indent`` lays it out inside the suite (two levels down)."""
    ElementTree.indent(case, level=2)
    return "\n    " + ElementTree.tostring(case, encoding="unicode")


class Writer(_Writer):
    """The suite's opening tags carry the counts, known only at the end: the test cases go
    to a spool (memory, then a temporary file past ``SPOOL_BYTES``) as the run goes, and
    are copied out after the opening tags, so an audit's memory does not grow with them."""

    SPOOL_BYTES = 1 << 20

    def begin(self) -> None:
        import tempfile

        self.cases = 0
        self.failures = 0
        self.spool = tempfile.SpooledTemporaryFile(self.SPOOL_BYTES, mode="w+", encoding="utf-8", newline="")

    def add(self, violations) -> None:
        if violations:
            self.spool.write("".join([_serialised(_violation_case(v)) for v in violations]))
            self.cases += len(violations)
            self.failures += len(violations)

    def end(self) -> None:
        report = self.report
        for error in report.errors:
            error = _xml(error)
            case = _case("advolint", error.split(":")[0])
            ElementTree.SubElement(case, "error", message=error)
            self.spool.write(_serialised(case))
            self.cases += 1
        if not self.cases:
            self.spool.write(_serialised(_case("advolint", summary_line(report))))
            self.cases = 1
        counts = f'tests="{self.cases}" failures="{self.failures}" errors="{len(report.errors)}"'
        self.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="advolint" {counts}>\n'
                   f'  <testsuite name="advolint" {counts}>')
        self.spool.seek(0)
        while piece := self.spool.read(self.SPOOL_BYTES):
            self.write(piece)
        self.spool.close()
        self.write("\n  </testsuite>\n</testsuites>\n")


def render(report, color: bool = False) -> str:
    return written(Writer, report, color)
