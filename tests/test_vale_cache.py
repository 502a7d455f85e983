"""A cached one-file check with custom wording rules imports only what checking needs."""

from __future__ import annotations

import subprocess
import sys

from conftest import subprocess_env

POLICY = r"""version: 1
custom:
  Nordlys.Brand:
    extends: substitution
    message: "Skriv '%s', ikke '%s'."
    level: error
    ignorecase: true
    action: {name: replace}
    swap: {Solarflex: SolarFlex, 'Solar (F)lex': 'Solar$1lex'}
  Nordlys.Gratis: {extends: existence, message: "Undgå '%s'.", level: error, tokens: [gratis, risikofri]}
  Nordlys.Overskrift: {extends: capitalization, message: "'%s'", scope: heading, match: $sentence}
"""

PROBE = ("import sys, regex\nparsed = []\ncompile = regex.compile\n"
         "regex.compile = lambda *args, **kwargs: parsed.append(args[0]) or compile(*args, **kwargs)\n"
         "from advolint.cli import cli\n"
         "try:\n    cli(['check', '--policy', sys.argv[1], sys.argv[2]])\nexcept SystemExit:\n    pass\n"
         "print('parsed:', len(parsed), 'loaded:', sorted(m for m in ('pydantic', 'yaml') if m in sys.modules),"
         " file=sys.stderr)\n")


def test_a_cached_check_with_custom_rules_loads_no_pydantic_no_yaml_and_parses_no_pattern(tmp_path, write):
    policy = write("politik.yaml", POLICY)
    post = write("opslag.md", "# Nyt Om Solarflex\n\nHelt gratis, se `gratis` og https://x.dk/gratis.\n")
    env = subprocess_env(ADVOLINT_CACHE_DIR=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-c", PROBE, str(policy), str(post)], env=env, capture_output=True,
                           text=True) for _ in range(2)]
    assert "loaded: ['pydantic', 'yaml']" in runs[0].stderr
    assert "parsed: 0 loaded: []" in runs[1].stderr, runs[1].stderr
    assert runs[0].stdout == runs[1].stdout
    assert runs[1].stdout.count("Nordlys.Gratis") == 1 and "Nordlys.Brand" in runs[1].stdout
    assert "Nordlys.Overskrift" in runs[1].stdout
