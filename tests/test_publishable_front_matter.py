"""Post.publishable_spans(): where front-matter text that gets published stands in the file."""

from __future__ import annotations

from advolint.text.post import read_post_file

POST = (
    "---\r\n"
    "title: Projekt Falcon er i gang\r\n"
    "date: 2024-05-01\r\n"
    "description: \"Ring til Jens på 20 30 40 50\"\r\n"
    "image:\r\n"
    "  src: falcon.jpg\r\n"
    "  alt: Holdet bag Falcon\r\n"
    "gallery:\r\n"
    "  - {caption: Første spadestik}\r\n"
    "advolint:\r\n"
    "  ignore: [tone-exclamation]\r\n"
    "  title: not published\r\n"
    "  reason: Falcon er godkendt\r\n"
    "---\r\n"
    "Brødtekst!\r\n"
)


def test_publishable_spans_point_at_the_values_as_written(write):
    post = read_post_file(write("opslag.md", POST.encode("utf-8")))
    shown = [post.text[start:end] for start, end in post.publishable_spans()]
    assert shown == ["Projekt Falcon er i gang", '"Ring til Jens på 20 30 40 50"', "Holdet bag Falcon",
                     "Første spadestik"]
    start, _ = post.publishable_spans()[2]
    assert post.position(start) == (7, 8)  # the line and column an editor shows
    assert all(end <= post.body_start for _, end in post.publishable_spans())


def test_no_front_matter_no_spans(write):
    assert read_post_file(write("opslag.txt", "title: Falcon\n")).publishable_spans() == []
    assert read_post_file(write("opslag.md", "Bare tekst\n")).publishable_spans() == []


def test_confidential_terms_and_personal_data_in_published_front_matter_are_found(write):
    from conftest import run_cli

    policy = write("politik.yaml", "version: 1\nconfidential: {terms: [Projekt Falcon], personal_data: [phone]}\n")
    post = write("opslag.md", '---\ntitle: "Nyt om Projekt Falcon"\ndescription: Ring til Jens på 21 32 43 54\n'
                              'advolint: {ignore: [tone-shouting], reason: "Projekt Falcon er offentligt"}\n'
                              "date: 2026-12-01\n---\nEn helt almindelig dag.\n")
    result = run_cli("check", "--format", "concise", "--policy", str(policy), str(post))
    assert result.exit_code == 1
    found = [line.split(": ")[0].rsplit(":", 2)[1:] + [line.split()[1]] for line in result.stdout.splitlines()[:-1]]
    # The title and the description are published; the suppression's reason is not.
    assert found == [["2", "16", "confidential-term"], ["3", "31", "personal-data"]]
    assert "21 32 43 54" not in result.stdout
