"""Is a post commercial (advertising)?  Shared by the disclosure and hashtag rules.

Order of evidence:
1. front matter ``commercial: true|false`` decides when present;
2. a post that mentions the company name, an alias or a product is
   commercial (Forbrugerombudsmanden, case 18/05035: once a company
   organises employee posts about it, they are advertising);
3. a post that carries any disclosure label, accepted or insufficient, is
   commercial by its own admission.
"""

from __future__ import annotations

import regex


class CommercialDetector:
    """Compiled once per policy from its company names and label lists."""

    def __init__(self, context):
        company = context.policy.company
        names = [n for n in [company.name, *company.aliases, *company.products] if n]
        self.names = _name_pattern(names, any_case=company.match == "any-case")
        labels = []
        for pack in context.jurisdiction_packs.values():
            labels.extend(pack.get("accepted", []))
            labels.extend(pack.get("insufficient", []))
        self.labels = _word_pattern(labels) if labels else None

    def mentions_company(self, post) -> bool:
        return bool(self.names and self.names.search(post.text, post.body_start))

    def is_commercial(self, post) -> bool:
        if post.commercial is not None:
            return post.commercial
        if self.mentions_company(post):
            return True
        return bool(self.labels and self.labels.search(post.text, post.body_start))


def _name_pattern(names, any_case: bool):
    if not names:
        return None
    alternatives = "|".join(regex.escape(n) for n in sorted(set(names), key=len, reverse=True))
    flags = regex.IGNORECASE if any_case else 0
    return regex.compile(rf"(?<![\w])#?@?(?:{alternatives})(?![\w])", flags)


def _word_pattern(words):
    alternatives = "|".join(regex.escape(w.lstrip("#")) for w in sorted(set(words), key=len, reverse=True))
    return regex.compile(rf"(?i)(?<![\w])#?(?:{alternatives})(?![\w])")
