"""Vale compatibility: advolint on Vale's own rule-check fixtures, compared line by line.

``python bench/vale_compat.py [--peers DIR]`` (default ``../shared/peers/vale``
from the repository root) reads ``SCENARIOS.md`` there for the scenarios in
scope, copies each fixture folder and the styles it uses into a temporary
folder (the peers' data is only read), writes an ``.advolint.yaml`` holding
only ``version: 1`` and ``vale: {config: .vale.ini}`` (or ``_vale``), runs
``advolint check --format json .`` there and compares its findings of Vale
rules (ids ``Style.Rule``) with Vale's expected
``file:line:column:Style.Rule:message`` lines for ``.md`` and ``.txt`` files.
It prints each difference and ``k/8``; the exit code is 0 only when all pass.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".md", ".txt")


def scenarios(peers: Path) -> list[tuple[str, str, str]]:
    """(feature file, scenario, fixture folder) of each row of SCENARIOS.md's table."""
    rows = []
    for line in (peers / "SCENARIOS.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].endswith(".feature"):
            rows.append(tuple(cells))
    return rows


def expected_lines(feature: Path, scenario: str) -> list[str]:
    text = feature.read_text(encoding="utf-8")
    start = text.index(f"Scenario: {scenario}\n")
    following = text.find("Scenario:", start + 10)
    block = text[start:following if following != -1 else len(text)]
    quoted = re.search(r'"""\n(.*?)\n\s*"""', block, re.DOTALL)
    lines = [line.strip() for line in quoted.group(1).splitlines()] if quoted else []
    return sorted(line for line in lines if line and line.split(":", 1)[0].endswith(SUFFIXES))


def advolint_lines(folder: Path) -> tuple[list[str], str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run([sys.executable, "-m", "advolint", "check", "--format", "json", "."], cwd=folder,
                            capture_output=True, text=True, env=env)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return [], (result.stderr or result.stdout).strip()
    lines = []
    for violation in report["violations"]:
        path = violation["path"].removeprefix("./")
        if "." in violation["rule"] and path.endswith(SUFFIXES):
            lines.append(f"{path}:{violation['line']}:{violation['column']}:{violation['rule']}:{violation['message']}")
    return sorted(lines), result.stderr.strip()


def run_scenario(testdata: Path, fixture: str, work: Path) -> Path:
    """A copy of the fixture folder at the same place relative to a copy of the styles."""
    target = work / "fixtures" / fixture
    shutil.copytree(testdata / "fixtures" / fixture, target)
    config = ".vale.ini" if (target / ".vale.ini").is_file() else "_vale"
    (target / ".advolint.yaml").write_text(f"version: 1\nvale: {{config: {config}}}\n", encoding="utf-8")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", type=Path, default=ROOT.parent / "shared" / "peers" / "vale")
    args = parser.parse_args(argv)
    testdata = args.peers / "testdata"
    rows = scenarios(args.peers)
    passed = 0
    with tempfile.TemporaryDirectory(prefix="vale-compat-") as temp:
        work = Path(temp)
        shutil.copytree(testdata / "styles", work / "styles")
        for feature, scenario, fixture in rows:
            folder = run_scenario(testdata, fixture, work)
            wanted = expected_lines(testdata / "features" / feature, scenario)
            got, errors = advolint_lines(folder)
            if got == wanted:
                passed += 1
                print(f"ok    {scenario} ({fixture}): {len(wanted)} lines")
                continue
            print(f"FAIL  {scenario} ({fixture})")
            for line in sorted(set(wanted) - set(got)):
                print(f"    missing    {line}")
            for line in sorted(set(got) - set(wanted)):
                print(f"    unexpected {line}")
            if errors:
                print("    advolint said: " + errors.splitlines()[-1])
    print(f"{passed}/{len(rows)}")
    return 0 if passed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
