"""Every bad policy gets one line `file:line:col: message` on stderr and exit 2.

Each case runs the real CLI (`advolint check --policy ...`) on a real post and
asserts the exact line, the exit code, an empty stdout and no traceback.
"""

from __future__ import annotations

import re

import pytest


from conftest import run_cli

POST = "Vi har installeret 40 solcelleanlæg i Vejle i dag. Tak til hele holdet.\n"


@pytest.fixture
def check_with(write):
    """check_with(policy_text) -> (policy path, CliResult) of checking a post with it."""

    def _check(policy_text: str | bytes, name: str = "politik.yaml"):
        policy = write(name, policy_text)
        post = write("opslag.txt", POST)
        return policy, run_cli("check", "--policy", str(policy), str(post))

    return _check


def assert_policy_error(result, expected_line: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert result.stderr == f"advolint: {expected_line}\n"
    assert result.stdout == ""


# (case, policy text, the error after "FILE:") for one-file policies.
ONE_FILE_CASES = [
    ("yaml-syntax", 'version: 1\nhashtags:\n  forbidden: ["#konkurrent"\n  max: 3\n',
     "4:3: YAML syntax error: expected ',' or ']', but got '<scalar>'"),
    ("yaml-indentation", "version: 1\ntone:\n  address: du\n   exclamation_max: 2\n",
     "4:19: YAML syntax error: mapping values are not allowed here"),
    ("two-documents", "version: 1\ncompany:\n  name: Nordlys\n---\nversion: 1\n",
     "4:1: YAML syntax error: expected a single document in the stream, but found another document"),
    ("text-for-number", "version: 1\ntone:\n  exclamation_max: to\n",
     "3:20: tone.exclamation_max: must be a whole number, not a text ('to')"),
    ("text-for-list", 'version: 1\nhashtags:\n  forbidden: "#konkurrent"\n',
     "3:14: hashtags.forbidden: must be a list, not a text ('#konkurrent')"),
    ("text-for-section", "version: 1\ncompany: Nordlys Energi A/S\n",
     "2:10: company: must be a mapping of keys, not a text ('Nordlys Energi A/S')"),
    ("empty-list-item", "version: 1\ncompany:\n  aliases:\n    - Nordlys\n    -\n",
     "5:6: company.aliases.1: must be text, but it is empty"),
    ("severity-name", "version: 1\nrules:\n  tone-exclamation: fejl\n",
     "3:21: rules.tone-exclamation: 'fejl' is not allowed; expected 'error', 'warning', 'info' or 'off'"),
    ("unknown-key", "version: 1\nhashtag:\n  max: 3\n",
     "2:1: unknown key 'hashtag' in the policy (did you mean 'hashtags'?)"),
    ("unknown-nested-key", "version: 1\ntone:\n  emoji:\n    forbiden: ['🍆']\n",
     "4:5: unknown key 'forbiden' in tone.emoji (did you mean 'forbidden'?)"),
    ("empty-file", "", "1:1: policy is empty; start it with 'version: 1'"),
    ("only-comments", "# Nordlys Energi: sociale medier\n# (kommer senere)\n",
     "1:1: policy is empty; start it with 'version: 1'"),
    ("a-list", "# politik\n- version: 1\n- extends: advolint:dk\n",
     "2:1: policy must be a mapping of keys (like 'version: 1'), not a list"),
    ("a-sentence", "Vi skriver pænt på sociale medier.\n",
     "1:1: policy must be a mapping of keys (like 'version: 1'), not a text"),
    ("duplicate-key", "version: 1\ncompany:\n  name: Nordlys\n  name: Nordlys Energi A/S\n",
     "4:3: duplicate key 'name'"),
    ("unknown-version", "version: 2\n",
     "1:10: version: policy version 2 is not supported by this advolint (it knows version 1); upgrade advolint"),
    # A version-2 policy may use keys this release does not know: the version is the real problem.
    ("unknown-version-before-new-keys", "hashtags:\n  max: 3\n  max_length: 20\nversion: 2\n",
     "4:10: version: policy version 2 is not supported by this advolint (it knows version 1); upgrade advolint"),
    ("self-extends", "version: 1\nextends:\n  - politik.yaml\n", "3:5: 'extends' cycle: {policy} -> {policy}"),
    ("unknown-pack", "version: 1\nextends: [advolint:danmark]\n",
     "2:11: unknown built-in pack 'advolint:danmark'; known: advolint:de, advolint:dk, advolint:fi, advolint:no, advolint:se, advolint:uk, advolint:us"),
    ("pack-outside-presets", "version: 1\nextends: [advolint:../jurisdictions/dk]\n",
     "2:11: unknown built-in pack 'advolint:../jurisdictions/dk'; known: advolint:de, advolint:dk, advolint:fi, advolint:no, advolint:se, advolint:uk, advolint:us"),
    ("missing-extended-file", "version: 1\nextends: [advolint:dk, ./faelles.yaml]\n",
     "2:24: extended policy './faelles.yaml' not found"),
    # PyYAML raises a bare ValueError for this; it used to escape as a traceback.
    ("impossible-date", "version: 1\ncompany:\n  name: 2024-13-45\n",
     "3:9: invalid date '2024-13-45': month must be in 1..12"),
    # Used to recurse until RecursionError.
    ("recursive-alias", "version: 1\nhashtags:\n  forbidden: &tags ['#konkurrent', *tags]\n",
     "3:14: YAML alias refers to itself (a recursive structure)"),
    ("control-character", 'version: 1\ncompany:\n  name: "Nordlys\x01"\n',
     "3:17: YAML error: character U+0001 is not allowed in YAML"),
    ("not-utf8", "version: 1\ncompany:\n  name: Nordlys Energi Århus\n".encode("cp1252"),
     "3:24: policy is not UTF-8 text (byte 0xC5); save it as UTF-8"),
]


@pytest.mark.parametrize("policy_text, error", [case[1:] for case in ONE_FILE_CASES],
                         ids=[case[0] for case in ONE_FILE_CASES])
def test_one_line_error(check_with, policy_text, error):
    policy, result = check_with(policy_text)
    assert_policy_error(result, f"{policy}:" + error.format(policy=policy))


def test_extends_cycle(write, check_with):
    write("faelles.yaml", "version: 1\nextends: [politik.yaml]\n")
    policy, result = check_with("version: 1\nextends: [advolint:dk, faelles.yaml]\n")
    common = policy.parent / "faelles.yaml"
    assert_policy_error(result, f"{common}:2:11: 'extends' cycle: {policy} -> {common} -> {policy}")


def test_error_in_extended_file_names_that_file(write, check_with):
    common = write("faelles.yaml", "version: 1\ntone:\n  exclamation_max: mange\n")
    policy, result = check_with("version: 1\nextends: [faelles.yaml]\n")
    assert_policy_error(result, f"{common}:3:20: tone.exclamation_max: must be a whole number, not a text ('mange')")


def test_python_object_tag_is_refused(check_with, tmp_path):
    policy, result = check_with(
        'version: 1\nlanguage: !!python/object/apply:os.system ["touch PWNED"]\n')
    assert_policy_error(result, f"{policy}:2:11: YAML tag '!!python/object/apply:os.system' is not allowed: "
                                "advolint reads YAML with the safe loader and takes plain values only "
                                "(text, numbers, true/false, lists, mappings)")
    assert not (tmp_path / "PWNED").exists()


def test_python_object_tag_on_a_mapping_is_refused_not_ignored(check_with):
    # The tag on a mapping must not be dropped silently either.
    policy, result = check_with("version: 1\ncompany: !!python/object:advolint.policy.Company {name: Nordlys}\n")
    assert_policy_error(result, f"{policy}:2:10: YAML tag '!!python/object:advolint.policy.Company' is not "
                                "allowed: advolint reads YAML with the safe loader and takes plain values only "
                                "(text, numbers, true/false, lists, mappings)")


def test_alias_bomb_stops_quickly(check_with):
    # "Billion laughs": nine levels of nine aliases would build 9**9 values.
    lines = ["version: 1", "a: &a ['ha', 'ha', 'ha', 'ha', 'ha', 'ha', 'ha', 'ha', 'ha']"]
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    policy, result = check_with("\n".join(lines) + "\n")
    assert result.exit_code == 2
    assert re.fullmatch(rf"advolint: {re.escape(str(policy))}:\d+:\d+: YAML has more than 200000 values "
                        r"\(aliases expanding without end\?\)\n", result.stderr)


def test_missing_policy_file(write):
    post = write("opslag.txt", POST)
    result = run_cli("check", "--policy", "findes-ikke.yaml", str(post))
    assert_policy_error(result, "findes-ikke.yaml: policy file not found")


def test_bad_nearest_policy_is_reported_the_same_way(write):
    policy = write("indhold/.advolint.yaml", "version: 1\ntone:\n  exclamaton_max: 2\n")
    write("indhold/opslag.txt", POST)
    result = run_cli("check", str(policy.parent))
    assert_policy_error(result, f"{policy.resolve()}:3:3: unknown key 'exclamaton_max' in tone "
                                "(did you mean 'exclamation_max'?)")


# -- confidential.patterns and confidential.files ---------------------------


def test_bad_regex_in_confidential_patterns(check_with):
    policy, result = check_with("version: 1\nconfidential:\n  patterns:\n"
                                "    - '\\bQ[1-4]-tal\\w*'\n    - '(Projekt [A-Z'\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert re.fullmatch(rf"advolint: {re.escape(str(policy))}:5:\d+: [^\n]*patterns[^\n]*\n", result.stderr)


def test_missing_confidential_term_file(check_with):
    policy, result = check_with("version: 1\nconfidential:\n  files: [hemmelige-termer.txt]\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert re.fullmatch(rf"advolint: {re.escape(str(policy))}:3:\d+: [^\n]*hemmelige-termer\.txt[^\n]*\n",
                        result.stderr)


def test_found_an_empty_label_list_is_a_policy_error(write):
    """Fuzzing: `disclosure.labels: []` with `required: always` crashed the check."""
    policy = write("politik.yaml", "version: 1\ndisclosure:\n  required: always\n  labels: []\n")
    result = run_cli("check", "--policy", str(policy), str(write("opslag.txt", "Kæmpe nyhed")))
    assert result.exit_code == 2
    assert result.stderr == (f"advolint: {policy}:4:11: disclosure.labels: name at least one accepted label "
                             "(or leave 'labels' out to use the jurisdictions')\n")
