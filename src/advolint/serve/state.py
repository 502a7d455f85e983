"""The policy the server checks with: compiled once, reloaded when it changes.

The compiled linter's ``header.files`` names every file it depends on (the
policy, what it extends, the term files) with the SHA-256 of its bytes; a
watcher compares them every ``interval`` seconds and SIGHUP asks for a
reload at once.  A policy that no longer loads leaves the last good one in
service (the error is logged in one line), so a typo never takes the page
down.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from pathlib import Path

from advolint.linter.cache import load_linter
from advolint.linter.compiled import Linter, file_digest

log = logging.getLogger("advolint.serve")


class PolicySummary:
    """What clients may know of the policy: never confidential terms or patterns."""

    @staticmethod
    def of(policy) -> dict:
        tone = policy.tone
        return {
            "source": Path(policy.source).name,
            "company": policy.company.name,
            "language": policy.language,
            "message_language": policy.message_language,
            "jurisdictions": list(policy.jurisdictions),
            "disclosure": {"required": policy.disclosure.required, "placement": policy.disclosure.placement},
            "tone": {"address": tone.address, "emoji_max": tone.emoji.max,
                     "exclamation_max": tone.exclamation_max, "shouting": tone.shouting},
            "hashtags": {"required": list(policy.hashtags.required), "require": policy.hashtags.require,
                         "forbidden": [tag.tag for tag in policy.hashtags.forbidden], "max": policy.hashtags.max},
        }


# Danish and English, a brand, an emoji, a hashtag, a link: what makes the rules load their lazy parts.
WARM_UP_DRAFTS = ("Stolt af holdet hos {company} 🎉 Læs mere på https://example.dk #nyhed",
                  "Proud of the team at {company}! Read more at https://example.com #news")


def _warm_up(linter: Linter, company: str | None) -> None:
    """Check sample drafts once, so that what the rules load on first use is loaded before the first
    request.  The server then freezes the garbage collector's view (``gc.freeze``): the compiled
    policy lives as long as it is in service, and without that, each collection of the older
    generations walks all of it (a full one took about 250 ms here), a pause that every request
    in flight waits out."""
    from advolint.errors import AdvolintError
    from advolint.text.post import post_from_text

    for draft in WARM_UP_DRAFTS:
        try:
            linter.check(post_from_text(draft.format(company=company or "Nordlys"), "<warm-up>"))
        except AdvolintError:  # a rule's error shows on the first real draft, with that draft's answer
            pass


class PolicyState:
    """The current linter and policy summary; ``reload()`` swaps both at once."""

    def __init__(self, policy_path: str | None):
        self.policy_path = policy_path
        self._lock = threading.Lock()
        self._rejected: dict | None = None  # the file digests of a policy that failed to load
        self.linter, self.summary = self._load()
        gc.freeze()  # see _warm_up

    def _load(self) -> tuple[Linter, dict]:
        from advolint.policy.loading import load_policy

        # Errors propagate: at start the command reports them; later reload() keeps the old policy.
        summary = PolicySummary.of(load_policy(self.policy_path))
        linter = load_linter(self.policy_path)
        _warm_up(linter, summary["company"])
        return linter, summary

    def changed(self) -> bool:
        """A policy file differs from what is in service (and from a version that failed already)."""
        now = {path: file_digest(path) for path in self.linter.header.files}
        return now != self.linter.header.files and now != self._rejected

    def reload(self, reason: str) -> bool:
        from advolint.errors import AdvolintError

        with self._lock:
            try:
                linter, summary = self._load()
            except AdvolintError as exc:
                self._rejected = {path: file_digest(path) for path in self.linter.header.files}
                log.error("advolint serve: policy not reloaded (%s): %s", reason, exc)
                return False
            self.linter, self.summary = linter, summary
            gc.freeze()
        log.info("advolint serve: policy reloaded (%s): %s", reason, linter.header.source)
        return True

    async def watch(self, interval: float) -> None:
        """Reload whenever a policy file changes (run as a background task)."""
        while True:
            await asyncio.sleep(interval)
            if await asyncio.to_thread(self.changed):
                await asyncio.to_thread(self.reload, "a policy file changed")
