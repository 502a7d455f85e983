"""``/v2/check`` and ``/v2/languages`` as LanguageTool clients see them.

LanguageTool's server is Java: offsets and lengths count UTF-16 code units,
so an emoji outside the BMP counts 2.  language_tool_python (a real client,
from PyPI) converts offsets back to Python code points on that assumption:
if the server counted code points, every match after an emoji would land one
character early per emoji.
"""

from __future__ import annotations

import language_tool_python
import pytest
from language_tool_python.utils import correct

from serving import api, server  # noqa: F401 - fixtures

DRAFT = "Stolt 🎉🎉 af vores nye SolarFlex!!! #nordlysenergi #NordlysTeam"


@pytest.fixture(scope="module")
def tool(server):
    client = language_tool_python.LanguageTool("da-DK", remote_server=server.url)
    yield client
    client.close()


def test_a_real_languagetool_client_gets_matches_at_the_right_places(tool):
    matches = tool.check(DRAFT)
    by_rule = {match.rule_id: match for match in matches}
    assert {"disclosure-missing", "hashtag-forbidden", "tone-exclamation"} <= set(by_rule)
    hashtag = by_rule["hashtag-forbidden"]
    # The client's offset (converted back from UTF-16) points at the tag in the Python string.
    assert DRAFT[hashtag.offset:hashtag.offset + hashtag.error_length] == "#nordlysenergi"
    assert hashtag.replacements == ["#NordlysEnergi"]
    assert hashtag.category == "ADVOLINT_HASHTAG" and hashtag.rule_issue_type == "style"
    assert by_rule["disclosure-missing"].rule_issue_type == "legal"
    assert by_rule["disclosure-missing"].message.startswith("Opslaget er reklame")  # the policy's Danish
    assert DRAFT[by_rule["tone-exclamation"].offset] == "!"
    # The client applies the replacements where they belong.
    fixed = correct(DRAFT, [by_rule["hashtag-forbidden"], by_rule["disclosure-missing"]])
    assert fixed == "Reklame for Nordlys Energi A/S\n" + DRAFT.replace("#nordlysenergi", "#NordlysEnergi")


def test_the_client_can_disable_rules(server):
    client = language_tool_python.LanguageTool("da-DK", remote_server=server.url)
    client.disabled_rules.update({"disclosure-missing", "tone-exclamation"})
    try:
        rules = {match.rule_id for match in client.check(DRAFT)}
    finally:
        client.close()
    assert "hashtag-forbidden" in rules and not rules & {"disclosure-missing", "tone-exclamation"}


def test_offsets_count_utf16_code_units_as_languagetool_does(api):
    answer = api.post("/v2/check", data={"text": DRAFT, "language": "da-DK"}).json()
    assert answer["software"]["name"] == "advolint" and answer["language"]["code"] == "da-DK"
    match = next(m for m in answer["matches"] if m["rule"]["id"] == "hashtag-forbidden")
    java_string = DRAFT.encode("utf-16-le")  # what Java's String.substring(offset, offset + length) sees
    assert java_string[2 * match["offset"]:2 * (match["offset"] + match["length"])].decode("utf-16-le") == "#nordlysenergi"
    assert match["offset"] == DRAFT.index("#nordlysenergi") + 2  # two emoji before it
    context = match["context"]
    shown = context["text"].encode("utf-16-le")[2 * context["offset"]:2 * (context["offset"] + context["length"])]
    assert shown.decode("utf-16-le") == "#nordlysenergi"
    assert match["sentence"] == DRAFT
    # What the replacement does, in the policy's language (LanguageTool's own servers describe some so).
    assert match["replacements"] == [{"value": "#NordlysEnergi",
                                      "shortDescription": "Erstat #nordlysenergi med #NordlysEnergi"}]
    for key in ("message", "shortMessage", "replacements", "offset", "length", "context", "sentence", "rule"):
        assert key in match
    assert set(match["rule"]) >= {"id", "description", "issueType", "category"}


def test_annotated_data_offsets_refer_to_the_whole_document(api):
    data = ('{"annotation": [{"markup": "<p>"}, {"text": "Ny SolarFlex 🎉 "}, {"markup": "<b>"},'
            ' {"text": "#nordlysenergi"}, {"markup": "</b></p>", "interpretAs": "\\n\\n"}]}')
    answer = api.post("/v2/check", data={"data": data, "language": "da"}).json()
    match = next(m for m in answer["matches"] if m["rule"]["id"] == "hashtag-forbidden")
    document = "<p>Ny SolarFlex 🎉 <b>#nordlysenergi</b></p>".encode("utf-16-le")
    assert document[2 * match["offset"]:2 * (match["offset"] + match["length"])].decode("utf-16-le") == "#nordlysenergi"


def test_languages_bad_requests_and_no_get(api):
    languages = api.get("/v2/languages").json()
    assert {"name": "Danish", "code": "da", "longCode": "da-DK"} in languages
    assert api.post("/v2/check", data={"language": "da"}).status_code == 400
    assert api.post("/v2/check", data={"data": "not json"}).status_code == 400
    # A GET would put the draft in URLs and access logs: refused.
    assert api.get("/v2/check", params={"text": "hej", "language": "da"}).status_code == 405
