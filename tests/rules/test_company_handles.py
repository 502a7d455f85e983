"""company.handles and company.domains: the company's @handle and web site make a post
commercial (issue #15), checked through the CLI as a user runs it."""

from __future__ import annotations

import json

from conftest import run_cli

POLICY = """\
version: 1
company:
  name: Havørn Telecom
  handles: ["@havoerntelecom"]
  domains: [havoern.dk]
"""


def rules_of(write, posts: dict[str, str], policy: str = POLICY) -> dict[str, list[str]]:
    """Check the posts through the CLI; the rules reported per file name."""
    policy_path = write("politik.yaml", policy)
    paths = [str(write(name, text)) for name, text in posts.items()]
    result = run_cli("check", "--no-cache", "--format", "json", "--policy", str(policy_path), *paths)
    assert result.exit_code in (0, 1), result.stderr
    found = {name: [] for name in posts}
    for violation in json.loads(result.stdout)["violations"]:
        found[violation["path"].rsplit("/", 1)[-1]].append(violation["rule"])
    return found


def test_a_mention_of_the_handle_or_a_link_to_the_domain_makes_a_post_commercial(write):
    found = rules_of(write, {
        "handle.txt": "Kom og mød os hos @havoerntelecom på fredag, der er kage til alle\n",
        "handle-case.txt": "Tak til @HavoernTelecom for en god dag på Roskilde\n",
        "link.txt": "Sommerens tilbud er landet 👉 https://havoern.dk/sommer\n",
        "bare-link.txt": "Læs mere på havoern.dk/sommer inden fredag\n",
        "subdomain.txt": "Se kampagnen på https://shop.havoern.dk/tilbud i dag\n",
    })
    assert all(rules == ["disclosure-missing"] for rules in found.values()), found


def test_other_handles_domains_and_e_mail_addresses_are_not_the_company(write):
    found = rules_of(write, {
        "other-handle.txt": "Hyggelig aften med @havoerntelecomfan og resten af klubben\n",
        "other-domain.txt": "Jeg har skrevet om turen på nothavoern.dk og mitblog.dk\n",
        "look-alike.txt": "Pas på phishing fra havoern.dk.evil-site.com i de her dage\n",
        "e-mail.txt": "Skriv til jens@havoern.dk, hvis du vil med på løbeturen\n",
    })
    assert found == {name: [] for name in found}


def test_a_labelled_post_with_handle_and_link_is_clean(write):
    found = rules_of(write, {"ok.txt": "Reklame for @havoerntelecom\nSommerens tilbud 👉 https://havoern.dk/sommer\n"})
    assert found == {"ok.txt": []}


def test_bad_handles_and_domains_are_policy_errors_naming_the_line(write):
    for key, value, word in (("handles", '["@havørn telecom"]', "not an @handle"),
                             ("domains", '["https://havoern.dk/"]', "not a domain name")):
        policy = write("politik.yaml", f"version: 1\ncompany:\n  {key}: {value}\n")
        post = write("opslag.txt", "Hej\n")
        result = run_cli("check", "--no-cache", "--policy", str(policy), str(post))
        assert result.exit_code == 2
        assert "politik.yaml:3" in result.stderr and word in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
