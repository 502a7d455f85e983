"""``--format junit``: JUnit XML for CI dashboards (GitLab, Jenkins, Azure).

One ``<testsuite name="advolint">``; each violation is a ``<testcase>``
(``classname`` the file, ``name`` rule and position) with a ``<failure>``
whose ``type`` is the severity.  A clean run is one passing test case, so
dashboards show a green check rather than nothing; files that could not be
checked are ``<error>`` test cases.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from advolint.formats.text import summary_line


def render(report, color: bool = False) -> str:
    suites = ElementTree.Element("testsuites", name="advolint")
    suite = ElementTree.SubElement(suites, "testsuite", name="advolint")
    for violation in report.violations:
        case = ElementTree.SubElement(suite, "testcase", classname=violation.path,
                                      name=f"{violation.rule} {violation.line}:{violation.column}",
                                      file=violation.path, line=str(violation.line))
        failure = ElementTree.SubElement(case, "failure", type=violation.severity.label,
                                         message=violation.message)
        failure.text = f"{violation.path}:{violation.line}:{violation.column}: {violation.message}"
        if violation.suggestion:
            failure.text += f"\n{violation.suggestion}"
    for error in report.errors:
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
