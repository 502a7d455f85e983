"""One language per run: advolint's own lines in Danish or English (advolint/language.py).

The translations are checked against the code: every ``tr("...")`` has a Danish
text with the same placeholders, and no Danish text is left over.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from advolint import language
from advolint.linter.cache import NOT_AUTHENTIC
from advolint.policy.wording import PLAIN_TYPE_ERRORS

from conftest import run_cli

PACKAGE = Path(language.__file__).parent


@pytest.fixture(autouse=True)
def fresh_language(monkeypatch):
    """Each test starts with no run language (the CLI runs in this process)."""
    monkeypatch.delenv("ADVOLINT_LANG", raising=False)
    language.reset()
    yield
    language.reset()


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _tr_templates() -> dict[str, str]:
    """Every literal template given to tr() in the package -> where it is."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found[node.args[0].value] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


# Templates tr() gets from a table rather than as a literal.
DYNAMIC = set(PLAIN_TYPE_ERRORS.values()) | {"a list", "a mapping", "a text", "a whole number",
                                              "a decimal number", "true/false", NOT_AUTHENTIC,
                                              "cache folder", "cache key folder", "cache key", "cache entry"}


def test_every_line_of_advolint_has_danish_with_the_same_placeholders():
    danish = language.translations("da")
    templates = _tr_templates()
    assert len(templates) > 80  # the scan sees the code's lines (it cannot pass on an empty package)
    missing = [f"{where}: {template!r}" for template, where in templates.items() if template not in danish]
    assert not missing, "no Danish for:\n" + "\n".join(sorted(missing))
    for template in [*templates, *DYNAMIC]:
        assert _placeholders(danish[template]) == _placeholders(template), template
    unused = set(danish) - set(templates) - DYNAMIC
    assert not unused, f"Danish for lines the code no longer has: {sorted(unused)}"


def test_a_template_is_filled_in_in_the_run_language():
    assert language.tr("{display}: permission denied", display="a.txt") == "a.txt: permission denied"
    language.choose("da")
    assert language.tr("{display}: permission denied", display="a.txt") == "a.txt: adgang nægtet"


def test_explicit_choice_wins_over_an_adopted_policy_and_the_environment_over_a_policy(monkeypatch):
    language.adopt("da")  # outside a CLI run a policy read does not switch the process
    assert language.run_language() == "en"
    language.choose(None)  # a run starts
    language.adopt("da")
    assert language.run_language() == "da"
    language.adopt("en")  # a second policy does not change the run's language
    assert language.run_language() == "da"
    language.reset()
    monkeypatch.setenv("ADVOLINT_LANG", "en")
    language.choose(None)
    language.adopt("da")
    assert language.run_language() == "en" and language.explicit_language() == "en"


DANISH_POLICY = "version: 1\nmessages: da\n"


def test_a_danish_policy_makes_warnings_and_batch_errors_danish(repo_with, write):
    repo_with(DANISH_POLICY)
    write("gammel.txt", "Caf\xe9 i k\xf8benhavn.\n".encode("cp1252"))
    write("eksport.jsonl", '{"id": "li-1", "text": "Godt nyt."}\n{"id": "li-2"}\n[1, 2]\n')
    result = run_cli("check", "gammel.txt", "eksport.jsonl")
    assert "gammel.txt: ikke UTF-8; læst som Windows-1252" in result.stderr
    assert 'eksport.jsonl:2: post li-2 har ingen "text"-tekst; sprunget over' in result.stderr
    assert 'eksport.jsonl:3: en post skal være et JSON-objekt med "id" og "text"; sprunget over' in result.stderr
    assert "not UTF-8" not in result.stderr and "skipped" not in result.stderr


def test_lang_makes_a_broken_policy_danish_before_it_is_read(repo_with, write):
    repo_with("version: 1\ntone: {adress: du}\n")
    write("opslag.txt", "Hej.\n")
    english = run_cli("check", "opslag.txt")
    assert english.exit_code == 2 and "unknown key 'adress' in tone (did you mean 'address'?)" in english.stderr
    language.reset()
    danish = run_cli("check", "--lang", "da", "opslag.txt")
    assert danish.exit_code == 2
    assert "ukendt nøgle 'adress' i tone (mente du 'address'?)" in danish.stderr
    assert danish.stderr.count("\n") == 1  # still one line


def test_environment_variable_decides_like_lang(repo_with, write, monkeypatch):
    repo_with("version: 1\n")
    monkeypatch.setenv("ADVOLINT_LANG", "da")
    result = run_cli("check", "findes-ikke.txt")
    assert result.exit_code == 2 and "findes-ikke.txt: filen eller mappen findes ikke" in result.stderr


def test_lang_overrides_the_policys_messages_for_violations_and_summary(repo_with, write):
    repo_with("version: 1\nmessages: da\ntone: {exclamation_max: 1}\n")
    write("opslag.txt", "Nyhed! Kom forbi!\n")
    danish = run_cli("check", "opslag.txt")
    assert "udråbstegn" in danish.stdout
    language.reset()
    english = run_cli("check", "--lang", "en", "opslag.txt")
    assert "exclamation marks" in english.stdout and "udråbstegn" not in english.stdout
    assert english.stdout.endswith("1 warning in 1 file\n")


def test_usage_errors_stay_one_line_in_danish(repo_with, write):
    repo_with(DANISH_POLICY)
    write("opslag.txt", "Hej.\n")
    result = run_cli("check", "--lang", "da", "--fix", "--diff", "opslag.txt")
    assert result.exit_code == 2
    assert "--fix skriver rettelserne, og --diff viser dem kun" in result.stderr


def test_a_danish_policy_with_an_error_says_so_in_danish(repo_with, write):
    # Its `messages: da` is read before the rest is validated.
    repo_with("version: 1\nmessages: da\ntone: {adress: du}\n")
    write("opslag.txt", "Hej.\n")
    result = run_cli("check", "opslag.txt")
    assert result.exit_code == 2 and "ukendt nøgle 'adress' i tone (mente du 'address'?)" in result.stderr
    language.reset()
    assert "unknown key 'adress'" in run_cli("check", "--lang", "en", "opslag.txt").stderr
