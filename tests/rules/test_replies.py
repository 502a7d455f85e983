"""reply-speaks-for-company and reply-needs-escalation on Danish and English replies."""

from __future__ import annotations

import json

import pytest

from advolint import check_text

from conftest import make_policy, run_cli

VOICE = {"voice": {"may_answer": ["kundeservice", "presse"], "handles": {"presse": ["press", "complaint"]}}}


def reply(text: str, role: str | None = "ambassador", comment: str | None = None, kind: str = "reply",
          language: str | None = None, policy: dict | None = None) -> list[tuple[str, str]]:
    front = [f"kind: {kind}"] + ([f"role: {role}"] if role else []) + (
        [f"in_reply_to: {json.dumps(comment, ensure_ascii=False)}"] if comment else []) + (
        [f"language: {language}"] if language else [])
    post = "---\n" + "\n".join(front) + "\n---\n" + text + "\n"
    return [(v.rule, v.message) for v in check_text(post, make_policy(policy or VOICE), path="svar.md")
            if v.rule.startswith("reply-")]


def test_an_ambassador_apologising_for_the_company_is_flagged_once():
    ((rule, message),) = reply("Hej Mette, vi beklager ventetiden. Vi undersøger sagen og vender tilbage.")
    assert rule == "reply-speaks-for-company"
    assert message == ("Svaret taler på virksomhedens vegne (“vi beklager”), men rollen “ambassador” må ikke "
                       "svare for virksomheden.")


@pytest.mark.parametrize("text", ["Du får pengene tilbage for første måned.", "Vi refunderer gebyret.",
                                  "Prisen er 4.995 kr. inkl. montering.", "Vi lover, at montøren kommer i morgen."])
def test_refunds_prices_and_promises_speak_for_the_company(text):
    assert [rule for rule, _ in reply(text)] == ["reply-speaks-for-company"]


def test_roles_that_may_answer_and_ordinary_replies_are_fine():
    assert reply("Hej Mette, vi beklager ventetiden.", role="Kundeservice") == []  # roles compare without case
    assert reply("Tak for de søde ord! Vi ses på messen.") == []
    assert reply("Vi beklager ventetiden.", kind="post") == []  # a post is not an answer


def test_a_reply_without_a_role_may_not_answer_for_the_company():
    ((_, message),) = reply("Vi beklager fejlen.", role=None)
    assert "rollen “ingen rolle angivet”" in message


def test_a_critical_comment_is_escalated_whoever_answers():
    comment = "Jeg har fået madforgiftning efter jeres julefrokost, og min advokat kontakter jer."
    ((rule, message),) = reply("Hej Søren, det lyder slemt. Skriv til os i en besked.", role="kundeservice",
                               comment=comment)
    assert rule == "reply-needs-escalation"
    assert message == ("Kommentaren, der svares på, handler om sikkerhed eller en skade og et retsligt skridt "
                       "(“madforgiftning”, “advokat”): den skal videre til de rette, før nogen svarer.")


def test_a_role_may_handle_its_own_topics():
    comment = "Jeg er journalist på Politiken og vil gerne høre jeres kommentar til klagerne."
    assert reply("Tak, jeg ringer dig op i dag.", role="presse", comment=comment) == []
    assert [rule for rule, _ in reply("Tak, jeg ringer dig op i dag.", role="kundeservice", comment=comment)] == [
        "reply-needs-escalation"]


def test_a_clearly_negative_comment_is_a_complaint_without_a_complaint_word():
    ((_, message),) = reply("Det er vi kede af at høre.", role="kundeservice",
                            comment="I er nogle forbandede idioter, og jeg hader jer.")
    assert "handler om en klage (“…”)" in message


@pytest.mark.parametrize("comment", ["Lækkert anlæg! Jeg har læst en god anmeldelse af det.",
                                     "Farligt godt tilbud, og røget laks til åbent hus.",
                                     "Jeg er lidt presset, kan I ringe i morgen?"])
def test_ordinary_danish_is_not_critical(comment):
    assert reply("Tak, det gør vi!", role="kundeservice", comment=comment) == []


def test_english_replies():
    found = reply("We apologise for the delay.", comment="My lawyer will be in touch.", language="en")
    assert sorted(rule for rule, _ in found) == ["reply-needs-escalation", "reply-speaks-for-company"]


def test_reply_fields_are_checked_in_front_matter_and_batch_records(write):
    bad = write("svar.md", "---\nkind: svar\n---\nHej\n")
    result = run_cli("check", "--policy", str(write("p.yaml", "version: 1\n")), str(bad))
    assert result.exit_code == 2 and "svar.md:2: front matter: 'kind' skal være en af post, reply, comment" in result.stderr
    records = write("svar.jsonl", json.dumps({"id": "k-1", "text": "Vi beklager, du får pengene tilbage.", "kind": "reply",
                                              "role": "ambassador", "in_reply_to": "Jeg vil klage!"}) + "\n")
    result = run_cli("check", "--format", "concise", "--policy", str(write("p.yaml", "version: 1\n")), str(records))
    assert result.exit_code == 1
    assert [line.split()[1] for line in result.stdout.splitlines() if "reply-" in line] == [
        "reply-needs-escalation", "reply-speaks-for-company"]


# -- where a finding goes ------------------------------------------------------------

ROUTES = """version: 1
voice: {may_answer: [kundeservice]}
route:
  reply-needs-escalation: {to: presse@nordlys-energi.dk, note: "Pressechef Hanne tager den", review: true}
  default: {to: kommunikation@nordlys-energi.dk}
"""
CRITICAL = ("---\nkind: reply\nrole: kundeservice\nin_reply_to: \"Jeg er journalist på DR og vil høre om sagen.\"\n"
            "---\nTak, vi vender tilbage.\n")


def test_a_review_route_shows_where_the_finding_goes_and_exits_3(write):
    policy = write("politik.yaml", ROUTES)
    post = write("svar.md", CRITICAL)
    result = run_cli("check", "--policy", str(policy), str(post))
    assert result.exit_code == 3, result.stdout  # nothing blocks; a person must approve
    assert "   → send til presse@nordlys-energi.dk (skal godkendes): Pressechef Hanne tager den\n" in result.stdout
    data = json.loads(run_cli("check", "--format", "json", "--policy", str(policy), str(post)).stdout)
    assert data["violations"][0]["route"] == {"to": "presse@nordlys-energi.dk", "review": True,
                                              "note": "Pressechef Hanne tager den"}
    sarif = json.loads(run_cli("check", "--format", "sarif", "--policy", str(policy), str(post)).stdout)
    assert sarif["runs"][0]["results"][0]["properties"]["route"]["to"] == "presse@nordlys-energi.dk"
    assert run_cli("check", "--exit-zero", "--policy", str(policy), str(post)).exit_code == 0


def test_blocking_findings_still_exit_1_and_come_before_routed_ones(write):
    policy = write("politik.yaml", ROUTES.replace("  default: {to: kommunikation@nordlys-energi.dk}\n", ""))
    post = write("svar.md", CRITICAL.replace("role: kundeservice", "role: ambassador").replace(
        "Tak, vi vender tilbage.", "Tak, vi beklager og vender tilbage."))
    result = run_cli("check", "--policy", str(policy), str(post))
    assert result.exit_code == 1
    blocks = result.stdout.split("\n\n")
    assert "reply-speaks-for-company" in blocks[0] and "→" not in blocks[0]
    assert "reply-needs-escalation" in blocks[1] and "→ send til presse@" in blocks[1]


def test_a_route_for_an_unknown_rule_is_a_policy_error(write):
    policy = write("politik.yaml", "version: 1\nroute:\n  reply-escalate: {to: presse@nordlys-energi.dk}\n")
    result = run_cli("check", "--policy", str(policy), str(write("a.txt", "Hej")))
    assert result.exit_code == 2
    assert result.stderr == (f"advolint: {policy}:3:3: route: unknown rule 'reply-escalate' "
                             "(did you mean 'reply-needs-escalation'?)\n")
