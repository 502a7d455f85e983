"""Regenerate the "checked" golden reports of tests/test_render_golden.py.

    PYTHONPATH=<a tree whose rendering you trust>/src python tests/golden/make_checked.py

Unlike make_golden.py (violations made up field by field), these violations are what
the example policy really finds in a few hand-written Danish posts: several files, a
story and a thread in parts, a batch file with records (one in parts, one broken),
personal data (masked), a front-matter suppression, emoji, a file that cannot be read.
The check runs once, here; ``checked/violations.json`` keeps every field of every
violation, so the test renders them again without checking (a change to a rule does
not touch these files; a change to a renderer's bytes fails the test).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKED = HERE / "checked"
POLICY = HERE.parents[1] / "config" / "example-policy.yaml"
CWD_TOKEN = "file:///golden-cwd/"

from advolint.findings import Violation  # noqa: E402
from advolint.formats import Report, render  # noqa: E402

POSTS = {
    "posts/messe.txt":
        "Kæmpe dag i dag!!! Vi er Danmarks største solcelleinstallatør 🎉👍🏽\n"
        "Ring til mig på 20 30 40 50 eller skriv til mette.hansen@gmail.com, hvis du vil høre mere.\n"
        "#reklame #solenergi #grønomstilling #Vejle #job #energi2030 #varmepumpe\n",
    "posts/story.md":
        "---\nkind: story\nplatform: instagram\n---\n"
        "Reklame for Nordlys Energi A/S\nVi er på Roskilde Festival i år ☀️\n"
        "+++\n"
        "Kom forbi standen ved Orange Scene og få en KÆMPE is!!\n"
        "+++\n"
        "Reklame for Nordlys Energi A/S\nMed SolarFlex får du 30 % mere ud af solen 🌞🔋\n",
    "posts/sub dir/tråd ø.md":
        "---\nkind: thread\nplatform: x\n---\n"
        "Stor tak til holdet bag Projekt Falcons første fase 💚\n"
        "+++\n"
        "Vi nåede 12 mio. kr. i omsætning i tredje kvartal, markedets bedste resultat!\n"
        "+++\n"
        "Skriv til lars@nordlys-energi.dk eller ring på +45 31 41 59 26 👨‍👩‍👧\n",
    "posts/citat.md":
        "---\ncommercial: true\nadvolint:\n  ignore: [tone-exclamation]\n"
        "  reason: \"Citat fra kundens tale; godkendt af Mette (kommunikation) 12/3\"\n---\n"
        "Reklame: \"Det bedste vi har gjort!!! Tak, Nordlys!\" siger familien Jensen i Kolding 🏡\n",
    "posts/ren.txt": "Tak for i dag. Vi ses til foredraget i Aarhus på torsdag.\n",
    "posts/ødelagt.txt": b"Vi har lige installeret 40 anl\xe6g i Vejle \xe2\x98\x80 og \xff slut\n",
    "batch.jsonl": "\n".join(json.dumps(record, ensure_ascii=False) for record in [
        {"id": "post-001", "text": "Godmorgen fra Odense! Vores nye SolarFlex kom på taget i går!! #SolarFlex"},
        {"id": "post-002", "kind": "story", "parts": [
            "Annonce: Danmarks billigste varmepumpe er landet 🇩🇰",
            "Ring til mig på 22 33 44 55 for et tilbud"]},
        {"id": "post-003", "text": "HUSK TILMELDING SENEST FREDAG til messen i Herning 1️⃣"},
        {"id": "post-004", "parts": ["parts uden kind"]},
        {"id": "post-005", "text": "I dag fejrer vi 10 år med Hvidsten Holding 🙌\nDel gerne opslaget."},
    ]) + "\n",
}

_FIELDS = Violation.__slots__


def _make_golden():
    """make_golden.py beside this script (its ``violation`` and ``without_rules``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_golden", HERE / "make_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check() -> tuple[list[dict], dict]:
    """The example policy's violations in POSTS (every field) and the run's counts."""
    from advolint.run.discovery import PolicyResolver, discover
    from advolint.run.loop import RunResult, run

    here = os.getcwd()
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)
        try:
            for name, content in POSTS.items():
                Path(name).parent.mkdir(parents=True, exist_ok=True)
                Path(name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
            result = RunResult()
            run(discover(list(POSTS), PolicyResolver(str(POLICY)), result.errors), result, jobs=1)
        finally:
            os.chdir(here)
    made = []
    for violation in result.violations:
        data = {name: getattr(violation, name) for name in _FIELDS if name != "fix"}
        data["severity"] = int(violation.severity)
        data["route"] = None if violation.route is None else violation.route.to_dict()
        made.append(data)
    errors = [error.replace(work, "<work>") for error in result.errors]
    return made, {"files": result.files, "errors": errors, "unchecked_records": result.unchecked_records,
                  "language": result.language}


def reports(checked: dict) -> dict[str, Report]:
    """The run as the CLI reports it (suppressed findings apart), in Danish and in English."""
    shown = [_make_golden().violation(data) for data in checked["violations"]]
    found = {}
    for language in ("da", "en"):
        report = Report(violations=[v for v in shown if v.suppression is None], files=checked["files"],
                        language=language, errors=list(checked["errors"]),
                        suppressed=[v for v in shown if v.suppression is not None])
        report.unchecked_records = checked["unchecked_records"]
        found[language] = report
    return found


FORMATS = ["text", "concise", "json", "jsonl", "sarif", "github", "junit", "rdjsonl"]


def outputs(checked: dict) -> dict[str, str]:
    """``<language>.<variant>.<format>`` -> the report's text (the SARIF with its rules left
    out, as in make_golden.py: they follow the explain pages, not the renderer)."""
    without_rules = _make_golden().without_rules
    os.environ.pop("GITHUB_STEP_SUMMARY", None)
    cwd_uri = Path.cwd().as_uri() + "/"
    found = {}
    for language, report in reports(checked).items():
        for name in FORMATS:
            variants = {"plain": {}}
            if name in ("text", "concise"):
                variants["color"] = {"color": True}
            if name == "text":
                variants["width"] = {"width": 64}
            for variant, options in variants.items():
                text = render(name, report, **options).replace(cwd_uri, CWD_TOKEN)
                found[f"{language}.{variant}.{name}"] = without_rules(text) if name == "sarif" else text
    return found


def main() -> int:
    made, counts = check()
    checked = {**counts, "violations": made}
    CHECKED.mkdir(exist_ok=True)
    (CHECKED / "violations.json").write_text(json.dumps(checked, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    for name, text in outputs(checked).items():
        (CHECKED / name).write_text(text, encoding="utf-8", newline="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
