"""Posts in several parts: a story's frames or a thread's posts in one file (front matter
`kind: story|thread`, parts separated by a line holding only `+++`), and in batch records
(`kind` and a `parts` list).  Every story frame is labelled on its own; a thread's first
part carries the label; reports name the part and keep the file's own lines."""

from __future__ import annotations

import json

from advolint import check_text

from conftest import make_policy, run_cli

NORDLYS = make_policy({"company": {"name": "Nordlys Energi A/S", "aliases": ["Nordlys Energi", "Nordlys"]}})
POLICY_FILE = "version: 1\ncompany: {name: Nordlys Energi A/S, aliases: [Nordlys Energi, Nordlys]}\n"

STORY = """\
---
kind: story
platform: instagram
---
Reklame for Nordlys Energi A/S
Vi er på Roskilde Festival i år ☀️
+++
Kom forbi standen ved Orange Scene og få en is
+++
Reklame for Nordlys Energi A/S
Swipe op for at vinde et SolarFlex-anlæg
"""


def found(text: str, policy=NORDLYS):
    return [(v.rule, v.line, v.part) for v in check_text(text, policy, path="story.md")
            if v.rule.startswith("disclosure-")]


def test_every_story_frame_names_the_advertiser():
    frames = STORY.replace("Kom forbi", "Reklame\nKom forbi")
    assert found(frames) == [("disclosure-advertiser", 8, 2)]


def test_every_story_frame_is_labelled_on_its_own():
    assert found(STORY) == [("disclosure-missing", 8, 2)]
    labelled = STORY.replace("Kom forbi", "Reklame for Nordlys Energi A/S\nKom forbi")
    assert found(labelled) == []


def test_a_thread_needs_the_label_in_its_first_part_only():
    thread = STORY.replace("kind: story", "kind: thread")
    assert found(thread) == []  # parts 2 and 3 come after the label
    buried = ("---\nkind: thread\n---\nNy rekord: 40 SolarFlex-anlæg fra Nordlys på en uge 🧵\n+++\n"
              "Reklame for Nordlys Energi A/S\nTak til hele teamet\n")
    assert found(buried) == [("disclosure-missing", 4, 1)]


def test_a_plus_line_means_nothing_in_an_ordinary_post():
    post = "Reklame for Nordlys Energi A/S\nVi er på Roskilde\n+++\nKom forbi standen\n"
    assert found(post) == []
    assert [(v.rule, v.part) for v in check_text("Nordlys!\n+++\nReklame for Nordlys\n", NORDLYS, path="a.md")] == [
        ("disclosure-placement", None)]


def test_the_fix_labels_the_frame_that_lacks_it(tmp_path, write, monkeypatch):
    monkeypatch.chdir(tmp_path)
    policy = write("politik.yaml", POLICY_FILE)
    story = write("story.md", STORY)
    result = run_cli("check", "--no-cache", "--fix", "--policy", str(policy), str(story))
    assert result.exit_code == 0, result.stdout
    assert story.read_text(encoding="utf-8") == STORY.replace(
        "+++\nKom forbi", "+++\nReklame for Nordlys Energi A/S\nKom forbi")


def test_reports_name_the_part_in_json_and_text(write):
    policy = write("politik.yaml", POLICY_FILE)
    story = write("story.md", STORY)
    violations = json.loads(run_cli("check", "--no-cache", "--format", "json", "--policy", str(policy),
                                    str(story)).stdout)["violations"]
    assert [(v["rule"], v["line"], v["column"], v["part"]) for v in violations] == [
        ("disclosure-missing", 8, 1, 2)]
    text = run_cli("check", "--no-cache", "--policy", str(policy), str(story)).stdout
    assert "story.md:8:1: disclosure-missing [error] (part 2) Opslaget er reklame" in text


def test_a_norwegian_story_in_a_batch_file_with_a_parts_list(write):
    policy = write("politik.yaml", "version: 1\njurisdictions: [\"no\"]\ncompany: {name: Nordlys Energi AS}\n")
    records = [
        {"id": "story-1", "kind": "story", "parts": ["Reklame for Nordlys Energi AS\nVi er på Øyafestivalen!",
                                                     "Kom innom standen til Nordlys Energi og få en is"]},
        {"id": "thread-1", "kind": "thread", "parts": ["Reklame for Nordlys Energi AS\nSolceller i Bergen 🧵",
                                                       "Del to: taket bestemmer alt"]},
        {"id": "bad-1", "kind": "post", "parts": ["a", "b"]},
        {"id": "bad-2", "kind": "story", "text": "x", "parts": ["a", "b"]},
        {"id": "bad-3", "kind": "story", "parts": "Reklame"},
    ]
    batch = write("eksport.jsonl", "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records))
    result = run_cli("check", "--no-cache", "--format", "json", "--policy", str(policy), str(batch))
    assert result.exit_code == 2
    violations = json.loads(result.stdout)["violations"]
    assert [(v["record"], v["line"], v["rule"], v["part"]) for v in violations] == [
        ("story-1", 1, "disclosure-missing", 2)]
    assert "eksport.jsonl:3: post bad-1: \"parts\" kræver \"kind\": story or thread; sprunget over" in result.stderr
    assert "eksport.jsonl:4: post bad-2 har både \"text\" og \"parts\"" in result.stderr
    assert "eksport.jsonl:5: post bad-3: \"parts\" skal være en liste af tekster" in result.stderr


def test_a_csv_record_may_carry_kind_and_plus_lines(write):
    policy = write("politik.yaml", "version: 1\njurisdictions: [se]\ncompany: {name: Nordlys Energi AB}\n")
    batch = write("export.csv", 'id,kind,text\nse-1,story,"Reklam för Nordlys Energi AB\nSommar i Malmö\n+++\n'
                                'Swipea upp hos Nordlys Energi AB"\n')
    violations = json.loads(run_cli("check", "--no-cache", "--format", "json", "--policy", str(policy),
                                    str(batch)).stdout)["violations"]
    # The CSV record's lines are the file's: the second frame starts on line 5.
    assert [(v["record"], v["line"], v["part"]) for v in violations] == [("se-1", 5, 2)]


def test_only_a_line_holding_just_plus_signs_separates_parts():
    story = "---\nkind: story\n---\nReklame for Nordlys Energi A/S\nFrame one +++ still one\n+++  \r\nTo\n"
    # "+++  \r\n" (trailing blanks, CRLF) separates; "+++" inside a line does not.
    assert found(story) == [("disclosure-missing", 7, 2)]


def test_bad_sponsored_and_kind_values_are_errors_naming_the_line():
    import pytest

    from advolint.errors import InputError

    with pytest.raises(InputError, match=r"a\.md:3: front matter: 'sponsored' must be true or false"):
        check_text("---\nkind: story\nsponsored: maybe\n---\nHej\n", NORDLYS, path="a.md")
    with pytest.raises(InputError, match=r"a\.md:2: front matter: 'kind' must be one of post, reply, comment, story"):
        check_text("---\nkind: carousel\n---\nHej\n", NORDLYS, path="a.md")


def test_each_part_holds_only_its_own_text_and_findings_keep_the_files_offsets():
    # A part's view once held the whole text up to its end: 10,000 frames of a 250 KB story
    # were 1.4 GB of copies.  Now each holds its own text, and findings are moved by its offset.
    from advolint.text.post import post_from_text

    post = post_from_text(STORY, "story.md")
    parts = post.parts()
    assert [part.text for part in parts] == [STORY[part.offset:part.offset + len(part.text)] for part in parts]
    assert sum(len(part.text) for part in parts) < len(STORY)
    assert [part.text.split("\n")[0] for part in parts] == [
        "Reklame for Nordlys Energi A/S", "Kom forbi standen ved Orange Scene og få en is",
        "Reklame for Nordlys Energi A/S"]
    violations = check_text(STORY, NORDLYS, path="story.md")
    missing = [v for v in violations if v.rule == "disclosure-missing"]
    assert [(v.line, v.column, v.part) for v in missing] == [(8, 1, 2)]
    (fix,) = [v.fix for v in missing]
    assert all(STORY.rfind("\n", 0, edit.start) + 1 == STORY.index("Kom forbi") for edit in fix.edits)
