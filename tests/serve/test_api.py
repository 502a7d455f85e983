"""The JSON API of ``advolint serve``, against a real server in a subprocess."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest

from serving import Server, api, server  # noqa: F401 - fixtures

DRAFT = "Se vores nye SolarFlex 🎉 paneler – de er fantastiske!!! #nordlysenergi"


def test_check_returns_the_json_report_fields_with_offsets_in_both_units(api):
    answer = api.post("/api/v1/check", json={"text": DRAFT, "platform": "linkedin"})
    assert answer.status_code == 200
    violations = {v["rule"]: v for v in answer.json()["violations"]}
    assert {"disclosure-missing", "tone-exclamation", "hashtag-forbidden", "hashtag-required"} <= set(violations)
    missing = violations["disclosure-missing"]
    assert missing["message"].startswith("Opslaget er reklame, men har ingen reklamemarkering")  # Danish policy
    assert (missing["line"], missing["column"], missing["severity"], missing["matched"]) == (1, 1, "error", "Se")
    assert missing["fixable"] and "Reklame for Nordlys Energi A/S" in missing["fix"]
    hashtag = violations["hashtag-forbidden"]
    assert hashtag["fixable"] and hashtag["fix"] == "Erstat #nordlysenergi med #NordlysEnergi"  # Danish, as the policy
    # The emoji before it is one code point but two UTF-16 units (what the page's JavaScript indexes by).
    assert DRAFT[hashtag["start"]:hashtag["end"]] == "#nordlysenergi"
    assert (hashtag["start_utf16"], hashtag["end_utf16"]) == (hashtag["start"] + 1, hashtag["end"] + 1)
    assert answer.json()["summary"]["errors"] >= 3
    assert answer.json()["summary"]["warnings"] == 1


def test_metadata_and_platform_reach_the_rules(api):
    plain = "Vi var på tur i dag, solen skinnede."
    assert api.post("/api/v1/check", json={"text": plain}).json()["violations"] == []
    rules = [v["rule"] for v in api.post("/api/v1/check", json={"text": plain, "metadata": {"commercial": True}})
             .json()["violations"]]
    assert "disclosure-missing" in rules
    bad = api.post("/api/v1/check", json={"text": plain, "platform": "myspace"})
    assert bad.status_code == 400 and "platform" in bad.json()["error"]


def test_fix_applies_every_safe_fix_or_one(api):
    answer = api.post("/api/v1/fix", json={"text": DRAFT, "platform": "linkedin"}).json()
    assert answer["text"].startswith("Reklame for Nordlys Energi A/S\nSe vores nye SolarFlex")
    assert "#NordlysEnergi" in answer["text"] and "#nordlysenergi" not in answer["text"]
    assert {entry["rule"] for entry in answer["fixed"]} == {"disclosure-missing", "hashtag-forbidden"}
    assert "disclosure-missing" not in {v["rule"] for v in answer["violations"]}
    one = api.post("/api/v1/fix", json={"text": DRAFT, "rule": "hashtag-forbidden"}).json()
    assert one["text"] == DRAFT.replace("#nordlysenergi", "#NordlysEnergi")
    assert [entry["rule"] for entry in one["fixed"]] == ["hashtag-forbidden"]
    assert one["fixed"][0]["description"] == "Erstat #nordlysenergi med #NordlysEnergi"  # the policy's Danish
    none = api.post("/api/v1/fix", json={"text": DRAFT, "rule": "tone-exclamation"})
    assert none.status_code == 400 and "tone-exclamation" in none.json()["error"]


def test_confidential_terms_and_patterns_never_leave_the_server(api):
    text = "Nyt om Projekt Havørn og Q3-tallene. Ring 22 33 44 55"
    answer = api.post("/api/v1/check", json={"text": text})
    violations = [v for v in answer.json()["violations"]]
    body = answer.text
    assert "Q[1-4]" not in body and "politik.yaml" not in body  # no pattern, no policy file and line
    assert "22 33 44 55" not in body  # personal data is masked
    confidential = [v for v in violations if v["rule"] == "confidential-term"]
    assert [v["matched"] for v in confidential] == ["Projekt Havørn", "Q3-tallene"]
    assert all(v["message"].startswith(f"“{v['matched']}”") for v in confidential)
    # A clean draft: the term appears nowhere (nor in the rules, the policy summary or the page).
    for path in ("/api/v1/rules", "/api/v1/policy", "/", "/api/v1/rules/confidential-term"):
        shown = api.get(path).text
        assert "Havørn" not in shown and "Q[1-4]" not in shown, path
    assert "Havørn" not in api.post("/api/v1/check", json={"text": "Hej med dig"}).text


def test_rules_policy_platforms_health_and_openapi(api):
    rules = api.get("/api/v1/rules").json()
    assert rules["language"] == "da"
    titles = {rule["id"]: rule["title"] for rule in rules["rules"]}
    assert titles["disclosure-missing"] == "Reklame uden reklamemarkering"
    explain = api.get("/api/v1/rules/disclosure-missing").json()["explain"]
    assert explain.startswith("disclosure-missing: Reklame uden reklamemarkering") and "Hvorfor:" in explain
    assert api.get("/api/v1/rules/no-such-rule").status_code == 404
    summary = api.get("/api/v1/policy").json()
    assert summary["company"] == "Nordlys Energi A/S" and summary["jurisdictions"] == ["dk"]
    assert summary["hashtags"]["required"] == ["#NordlysTeam"] and summary["tone"]["exclamation_max"] == 2
    assert "confidential" not in summary
    platforms = api.get("/api/v1/platforms").json()
    assert platforms["linkedin"]["limit"] == 3000 and platforms["x"]["counting"] == "x-weighted"
    assert api.get("/healthz").json()["status"] == "ok"
    openapi = api.get("/api/v1/openapi.json").json()
    assert openapi["openapi"].startswith("3.") and {"/api/v1/check", "/api/v1/fix", "/v2/check"} <= set(openapi["paths"])


def test_security_headers_and_no_external_resources(api):
    page = api.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["cache-control"] == "no-store"
    html = page.text
    # Every script, style sheet and image comes from this server (the explain texts quote sources as text).
    assert re.findall(r'(?:src|href)="([^"]*)"', html) == ["/static/favicon.svg", "/static/style.css", "/static/app.js"]
    assert "<script>" not in html and " on" + "click=" not in html  # no inline script
    assert '<script type="application/json" id="page-data">' in html and '<html lang="da">' in html
    assert "url(" not in api.get("/static/style.css").text and "@import" not in api.get("/static/style.css").text
    script = api.get("/static/app.js").text
    assert "http://" not in script and "https://" not in script


def test_bad_bodies_get_one_line_errors(api):
    assert api.post("/api/v1/check", content=b"{not json").json() == {"error": "the body is not valid JSON"}
    answer = api.post("/api/v1/check", json={"txt": "hej"})
    assert answer.status_code == 400 and '"text"' in answer.json()["error"]
    assert api.get("/api/v1/check").status_code == 405
    # The rules' own word on the metadata is the client's mistake too: 400, one line, nothing in the log.
    unknown = api.post("/api/v1/check", json={"text": "Hej", "metadata": {"jurisdictions": ["xx"]}})
    assert unknown.status_code == 400 and "unknown jurisdiction 'xx'" in unknown.json()["error"]


def test_body_limit_gives_413_with_or_without_a_length(api):
    too_big = {"text": "a" * 100_001}
    answer = api.post("/api/v1/check", json=too_big)
    assert answer.status_code == 413 and "100000" in answer.json()["error"]

    def chunks():  # no Content-Length: the server counts what arrives
        for _ in range(30):
            yield b"x" * 4096

    streamed = api.post("/api/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert api.post("/api/v1/check", json={"text": "a" * 90_000}).status_code == 200


def test_drafts_are_never_logged(server, api):
    secret_draft = "Hemmelig kladde om SolarFlex-lanceringen 4711"
    api.post("/api/v1/check", json={"text": secret_draft})
    api.post("/v2/check", data={"text": secret_draft, "language": "da"})
    time.sleep(0.3)
    log = server.log.read_text(encoding="utf-8")
    assert '"POST /api/v1/check" 200' in log and '"POST /v2/check" 200' in log
    assert "4711" not in log and "Hemmelig" not in log


def test_two_workers_answer_and_log_each_request_in_one_line_without_the_draft(tmp_path):
    # Each worker process writes its log lines from a thread of its own (advolint.serve.server).
    server = Server(tmp_path, "--workers", "2")
    try:
        with server.client() as client:
            for number in range(6):
                answer = client.post("/api/v1/check", json={"text": f"Hemmelig kladde {number} om SolarFlex!!!"})
                assert answer.status_code == 200 and answer.json()["summary"]["warnings"] >= 1
    finally:
        server.stop()  # the workers write their last lines as they exit
    lines = [line for line in server.log.read_text(encoding="utf-8").splitlines() if "POST /api/v1/check" in line]
    assert len(lines) == 6
    assert all(re.fullmatch(r'\d{4}-\d\d-\d\d [\d:,]+ 127\.0\.0\.1 "POST /api/v1/check" 200 [\d.]+ ms', line)
               for line in lines), lines
    assert "Hemmelig" not in server.log.read_text(encoding="utf-8")


def _listening_sockets(port: int) -> int:
    """How many sockets listen on 127.0.0.1:``port`` (the kernel's table: a socket shared by
    several processes is one row)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for row in rows if row.split()[1] == f"0100007F:{port:04X}" and row.split()[3] == "0A")


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_each_worker_listens_on_a_socket_of_its_own_and_sighup_replaces_them(tmp_path):
    # One shared socket let one worker accept every connection (see OwnSocketInEachWorker).
    import signal

    server = Server(tmp_path, "--workers", "2", "--reload-interval", "0")
    try:
        assert _eventually(lambda: _listening_sockets(server.port) == 2), _listening_sockets(server.port)
        server.policy.write_text(server.policy.read_text().replace("Nordlys Energi A/S", "Solskin ApS"),
                                 encoding="utf-8")
        server.process.send_signal(signal.SIGHUP)  # uvicorn's supervisor restarts the workers

        def every_new_connection_has_the_new_policy() -> bool:
            companies = set()
            for _ in range(8):  # a new connection each time: the kernel picks a worker for each
                try:
                    with server.client() as client:
                        companies.add(client.get("/api/v1/policy").json()["company"])
                except httpx.TransportError:  # an old worker exiting drops the connections it holds
                    return False              # (and those waiting in its socket's queue): not yet
            return companies == {"Solskin ApS"}

        assert _eventually(every_new_connection_has_the_new_policy)
        assert _eventually(lambda: _listening_sockets(server.port) == 2)  # the old workers' sockets are gone
    finally:
        server.stop()


def test_workers_on_a_port_in_use_is_a_one_line_error(tmp_path):
    import socket
    import subprocess
    import sys

    from conftest import subprocess_env

    (tmp_path / "politik.yaml").write_text("version: 1\nmessages: da\n", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "advolint", "serve", "--policy", "politik.yaml", "--port", str(port),
             "--workers", "2"], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=subprocess_env())
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "advolint:" in line]
    # The server's own lines are in English, its log's language (the policy sets the page's).
    assert errors == [f"advolint: cannot listen on 127.0.0.1:{port} (Address already in use)"], result.stderr
    assert "Traceback" not in result.stderr


def test_workers_on_the_port_of_a_running_server_with_workers_is_a_one_line_error(tmp_path):
    # A reuse-port group takes any socket of the same user: a second server must not join the
    # first one's group (and silently take a share of its connections), but say the port is in use.
    import subprocess
    import sys

    from conftest import subprocess_env

    (tmp_path / "first").mkdir()
    first = Server(tmp_path / "first", "--workers", "2")
    try:
        (tmp_path / "politik.yaml").write_text("version: 1\nmessages: da\n", encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "advolint", "serve", "--policy", "politik.yaml", "--port", str(first.port),
             "--workers", "2"], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=subprocess_env())
    finally:
        first.stop()
    assert result.returncode == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if "advolint:" in line]
    assert errors == [f"advolint: cannot listen on 127.0.0.1:{first.port} (Address already in use)"], result.stderr


def test_workers_on_port_0_log_the_port_they_listen_on(tmp_path):
    import subprocess
    import sys

    from conftest import subprocess_env

    (tmp_path / "politik.yaml").write_text("version: 1\nmessages: da\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "advolint", "serve", "--policy", "politik.yaml", "--port", "0", "--workers", "2"],
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env=subprocess_env())
    try:
        seen = []
        while not (seen and "advolint serve:" in seen[-1]) and len(seen) < 50:
            seen.append(process.stderr.readline())
        line = seen[-1]
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1)) if "advolint serve:" in line else 0
        assert port != 0, seen
        assert _eventually(lambda: _answers(f"http://127.0.0.1:{port}/healthz")), line
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def test_token_auth(tmp_path):
    (tmp_path / "token").write_text("s3cret-token\n")
    server = Server(tmp_path, "--token-file", str(tmp_path / "token"), "--max-body", "2000")
    try:
        with server.client() as client:
            assert client.get("/healthz").status_code == 200  # the load balancer's probe stays open
            for method, path in (("GET", "/"), ("POST", "/api/v1/check"), ("GET", "/api/v1/policy"),
                                 ("POST", "/v2/check")):
                refused = client.request(method, path, json={"text": "hej"})
                assert refused.status_code == 401, path
                assert refused.json()["error"].startswith("Mangler eller forkert adgangsnøgle")
                assert refused.headers["www-authenticate"].startswith("Bearer")
            wrong = client.post("/api/v1/check", json={"text": "hej"}, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401
            good = {"Authorization": "Bearer s3cret-token"}
            assert client.post("/api/v1/check", json={"text": "hej"}, headers=good).status_code == 200
            assert client.get("/", headers=good).status_code == 200
            large = client.post("/api/v1/check", json={"text": "a" * 2001}, headers=good)
            assert large.status_code == 413 and "2000" in large.json()["error"]
    finally:
        server.stop()


def test_time_limit_gives_503(tmp_path):
    server = Server(tmp_path, "--timeout", "0.000001")
    try:
        with server.client() as client:
            answer = client.post("/api/v1/check", json={"text": "Ny SolarFlex! " * 500})
            assert answer.status_code == 503 and "blev stoppet" in answer.json()["error"]
            assert client.get("/healthz").status_code == 200  # the server goes on
    finally:
        server.stop()


def _rules(client, text: str, **body) -> set[str]:
    return {v["rule"] for v in client.post("/api/v1/check", json={"text": text, **body}).json()["violations"]}


def test_policy_is_reloaded_when_its_file_changes_and_a_broken_one_is_not(tmp_path):
    server = Server(tmp_path, "--reload-interval", "0.2")
    try:
        with server.client() as client:
            text = "Vi elsker vores nye SolarFlex!"
            assert "disclosure-missing" in _rules(client, text)
            server.policy.write_text(server.policy.read_text().replace(
                "rules: {tone-exclamation: warning}", "rules: {tone-exclamation: warning, disclosure-missing: 'off'}"),
                encoding="utf-8")
            assert _eventually(lambda: "disclosure-missing" not in _rules(client, text))
            assert "policy reloaded (a policy file changed)" in server.log.read_text()
            # A broken policy keeps the last good one in service, and says so in the log, once.
            server.policy.write_text("version: 1\nlanguage: klingon\n", encoding="utf-8")
            assert _eventually(lambda: "not reloaded" in server.log.read_text())
            time.sleep(1)
            assert server.log.read_text().count("not reloaded") == 1
            assert "politik.yaml:2:11: language: 'klingon' is not allowed" in server.log.read_text()
            assert client.get("/api/v1/policy").json()["company"] == "Nordlys Energi A/S"
            assert "disclosure-missing" not in _rules(client, text)
    finally:
        server.stop()


def test_sighup_reloads_the_policy(tmp_path):
    import signal

    server = Server(tmp_path, "--reload-interval", "0")  # no watcher: only the signal can reload
    try:
        with server.client() as client:
            assert "retningslinjerne hos Nordlys Energi A/S" in client.get("/").text
            server.policy.write_text(server.policy.read_text().replace("Nordlys Energi A/S", "Solskin ApS"),
                                     encoding="utf-8")
            time.sleep(0.5)
            assert client.get("/api/v1/policy").json()["company"] == "Nordlys Energi A/S"
            server.process.send_signal(signal.SIGHUP)
            assert _eventually(lambda: client.get("/api/v1/policy").json()["company"] == "Solskin ApS")
            assert "policy reloaded (SIGHUP)" in server.log.read_text()
            assert "retningslinjerne hos Solskin ApS" in client.get("/").text  # the page follows it too
            assert "Reklame for Solskin ApS" in client.post(
                "/api/v1/fix", json={"text": "Ny SolarFlex i dag."}).json()["text"]
    finally:
        server.stop()


def _eventually(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_routed_finding_says_where_it_goes(api):
    """A reply to a critical comment: the policy routes it to the press office for review."""
    metadata = {"kind": "reply", "role": "ambassador", "in_reply_to": "Jeg er journalist på DR og vil høre om sagen."}
    answer = api.post("/api/v1/check", json={"text": "Tak, vi vender tilbage.", "metadata": metadata})
    (escalation,) = [v for v in answer.json()["violations"] if v["rule"] == "reply-needs-escalation"]
    assert escalation["route"] == {"to": "presse@nordlys-energi.dk", "review": True, "note": "Pressechef Hanne"}


def test_a_policy_with_its_own_wording_rules_is_served_with_them(tmp_path):
    """The page, the rule list, a rule's page and LanguageTool's matches describe a custom
    wording rule in its author's words (each was a 500 "unknown rule" before)."""
    from serving import POLICY

    custom = POLICY + (
        "custom:\n  Nordlys.Forbudt:\n    extends: existence\n    message: \"'%s' må ikke bruges.\"\n"
        "    description: Forbudte ord kræver juridisk godkendelse.\n    level: error\n"
        "    ignorecase: true\n    tokens: [gratis]\n")
    server = Server(tmp_path, policy=custom)
    try:
        with server.client() as client:
            page = client.get("/")
            assert page.status_code == 200 and "Forbudte ord kræver juridisk godkendelse." in page.text
            rules = {rule["id"]: rule for rule in client.get("/api/v1/rules").json()["rules"]}
            assert rules["Nordlys.Forbudt"]["title"] == "Forbudte ord kræver juridisk godkendelse."
            explained = client.get("/api/v1/rules/Nordlys.Forbudt").json()
            assert "Skrevet i" in explained["explain"]
            matches = client.post("/v2/check", data={"text": "Helt gratis i dag.", "language": "da-DK"}).json()
            (match,) = [m for m in matches["matches"] if m["rule"]["id"] == "Nordlys.Forbudt"]
            assert match["rule"]["description"] == "Forbudte ord kræver juridisk godkendelse."
    finally:
        server.stop()
