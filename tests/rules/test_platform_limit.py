"""platform-limit on real-looking posts: length as each platform counts it (X weighted),
Instagram's five hashtags, the platform from front matter or the policy, every part of a
thread on its own; all figures from lint_rules/platforms/platforms.yaml."""

from __future__ import annotations

import json

from advolint import check_text
from advolint.resources import load_data

from conftest import make_policy, run_cli

FACTS = load_data("platforms/platforms.yaml")
POLICY = make_policy({"company": {"name": "Nordlys Energi A/S"}, "disclosure": {"required": "never"}})
ENGLISH = make_policy({"messages": "en", "disclosure": {"required": "never"}})


def limits(text: str, policy=POLICY, path="opslag.md"):
    return [v for v in check_text(text, policy, path=path) if v.rule == "platform-limit"]


def on(platform: str, body: str, **meta) -> str:
    lines = [f"platform: {platform}", *(f"{key}: {value}" for key, value in meta.items())]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


SENTENCE = "Vi har installeret solceller på 40 tage i Vejle i år, og kunderne er glade. "


def test_linkedin_3000_characters():
    limit = FACTS["linkedin"]["limit"]
    body = (SENTENCE * 60)[:limit]
    assert limits(on("linkedin", body + "\n")) == []
    [violation] = limits(on("linkedin", body + "Tak!\n"))
    assert violation.matched == "Tak!"  # from the first character over the limit to the end
    assert violation.message.startswith(f"Teksten er {limit + 4} tegn lang; LinkedIn tillader højst {limit}.")
    assert "Forkort teksten med mindst 4 tegn" in violation.suggestion


def test_instagram_and_facebook_limits_come_from_the_data():
    for platform in ("instagram", "facebook"):
        limit = FACTS[platform]["limit"]
        body = ("Sommer i Vejle. " * (limit // 16 + 1))[:limit - 1].rstrip() + "x"
        assert len(body) <= limit and limits(on(platform, body)) == [], platform
        assert len(limits(on(platform, body + " og mere"))) == 1, platform


def test_x_counts_danish_letters_once_emoji_twice_and_every_url_23():
    x = FACTS["x"]
    # æøå are below U+10FF: one each.  A link counts 23 however long it is.
    text = "Ny måling: 98 % af vores kunder i Århus er tilfredse 👉 https://nordlys-energi.dk/" + "a" * 200
    assert limits(on("x", text)) == []
    body = "æ" * (x["limit"] - x["url_weight"] - 1) + " https://nordlys-energi.dk/maaling"
    assert limits(on("x", body)) == []  # 256 + 1 + 23 = 280
    assert len(limits(on("x", body + "\nTak"))) == 1
    # An emoji weighs 2, a family emoji of five code points too.
    assert limits(on("x", "a" * (x["limit"] - 2) + "🎉")) == []
    assert len(limits(on("x", "a" * (x["limit"] - 1) + "🎉"))) == 1
    assert limits(on("x", "a" * (x["limit"] - 2) + "👨‍👩‍👧")) == []
    # Japanese and other heavy scripts weigh 2 a character: 141 of them are over.
    [violation] = limits(on("x", "日" * 141), ENGLISH)
    assert violation.message.startswith("The text weighs 282 characters as X counts them")
    assert violation.matched == "日"


def test_instagram_shows_five_hashtags():
    most = FACTS["instagram"]["hashtags_max"]
    tags = " ".join(f"#{tag}" for tag in ["solenergi", "grøn", "vejle", "sommer", "energi", "klima"][:most + 1])
    [violation] = limits(on("instagram", f"Nye paneler på taget i Vejle ☀️\n{tags}\n"))
    assert violation.matched == "#klima"
    assert violation.message == f"Opslaget har {most + 1} hashtags; Instagram viser højst {most} pr. opslag."
    assert limits(on("linkedin", f"Nye paneler på taget i Vejle\n{tags}\n")) == []  # no hashtag limit there


def test_the_policy_platform_is_the_default_and_front_matter_wins():
    policy = make_policy({"disclosure": {"required": "never"}, "platform": "x"})
    long_post = SENTENCE * 4  # about 300 characters
    assert len(limits(long_post, policy, path="opslag.txt")) == 1
    assert limits(on("linkedin", long_post), policy) == []
    assert limits(long_post, POLICY, path="opslag.txt") == []  # no platform known: nothing to check


def test_each_part_of_an_x_thread_obeys_the_limit_and_is_named_through_the_cli(write):
    policy = write("politik.yaml", "version: 1\nplatform: x\nmessages: en\n")
    first = "Thread on what we learned installing solar roofs in Jutland this year 🧵"
    second = "Lesson one: " + "the roof decides everything, not the panel. " * 7
    draft = write("traad.md", f"---\nkind: thread\n---\n{first}\n+++\n{second}\n+++\nThanks for reading!\n")
    result = run_cli("check", "--no-cache", "--format", "json", "--policy", str(policy), str(draft))
    [violation] = [v for v in json.loads(result.stdout)["violations"] if v["rule"] == "platform-limit"]
    assert violation["part"] == 2
    assert violation["line"] == 6  # the file's own line: front matter, part 1 and its +++ count
    text = run_cli("check", "--no-cache", "--policy", str(policy), str(draft)).stdout
    assert "traad.md:6:" in text and "platform-limit [error] (part 2) The text weighs" in text
    # The same text as one post is far over.
    single = write("enkelt.md", f"---\nplatform: x\n---\n{first}\n{second}\nThanks for reading!\n")
    result = run_cli("check", "--no-cache", "--format", "json", "--policy", str(policy), str(single))
    assert [v.get("part") for v in json.loads(result.stdout)["violations"] if v["rule"] == "platform-limit"] == [None]


def test_a_swedish_story_frame_over_instagrams_hashtags():
    text = ("---\nkind: story\nplatform: instagram\n---\nSommar i Malmö ☀️ #sommar\n+++\n"
            "Nya paneler på taket #sol #energi #grönt #malmö #sverige #klimat\n")
    [violation] = limits(text)
    assert (violation.part, violation.line, violation.matched) == (2, 7, "#klimat")
