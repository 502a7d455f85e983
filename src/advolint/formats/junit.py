"""``--format junit``: JUnit XML for CI dashboards (GitLab, Jenkins, Azure).

One ``<testsuite name="advolint">``; each violation is a ``<testcase>``
(``classname`` the file, ``name`` rule and position) with a ``<failure>``
whose ``type`` is the severity.  A clean run is one passing test case, so
dashboards show a green check rather than nothing; files that could not be
checked are ``<error>`` test cases.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from advolint.formats.text import summary_line


# What XML 1.0 cannot hold (most control characters, lone surrogates): shown as escapes,
# so a record id with \x01 in it leaves the report well-formed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def render(report, color: bool = False) -> str:
    suites = ElementTree.Element("testsuites", name="advolint")
    suite = ElementTree.SubElement(suites, "testsuite", name="advolint")
    for violation in report.violations:
        path, message = _xml(violation.path), _xml(violation.message)
        case = ElementTree.SubElement(suite, "testcase", classname=path,
                                      name=f"{violation.rule} {violation.line}:{violation.column}",
                                      file=path, line=str(violation.line))
        failure = ElementTree.SubElement(case, "failure", type=violation.severity.label, message=message)
        failure.text = f"{path}:{violation.line}:{violation.column}: {message}"
        if violation.suggestion:
            failure.text += f"\n{_xml(violation.suggestion)}"
    for error in report.errors:
        error = _xml(error)
        case = ElementTree.SubElement(suite, "testcase", classname="advolint", name=error.split(":")[0])
        ElementTree.SubElement(case, "error", message=error)
    if not report.violations and not report.errors:
        ElementTree.SubElement(suite, "testcase", classname="advolint", name=summary_line(report))
    cases = len(suite)
    for element in (suites, suite):
        element.set("tests", str(cases))
        element.set("failures", str(len(report.violations)))
        element.set("errors", str(len(report.errors)))
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"
