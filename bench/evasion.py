"""advolint evasion benchmark: can a leaking employee slip a term or a CPR number past?

Run it with ``python bench/evasion.py`` (a second or two; ``--show`` lists
every miss and false alarm).  It is not part of the test suite; the test
``tests/test_evasion_bench.py`` runs a representative part of the same table.

The table below is written by us: per category, posts that must be caught
(each hides one confidential term or one piece of personal data the way a
person trying to get past a filter would write it), and harmless posts that
look like them and must not be flagged.  It prints caught/total per category
and the false alarms, and exits 1 when a target is missed: at least 95%
caught in every category, at most 1 in 10 harmless posts flagged.

The policy: four confidential terms ("Orion", "Projekt Falcon", "Hvidsten
Holding", "Aabyhøj Byg") and every personal-data kind.  Markdown posts
(category "markup") are checked as ``post.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TERMS = ["Orion", "Projekt Falcon", "Hvidsten Holding", "Aabyhøj Byg"]
TARGET_CAUGHT = 0.95
TARGET_FALSE_ALARMS = 0.10

# (category, post): each post must be caught, by confidential-term (categories
# before "cpr") or by personal-data.
CAUGHT: list[tuple[str, str]] = [
    # -- invisible characters: Default_Ignorable_Code_Point and Cf, bidi controls
    *(("invisible", f"Vi lancerer Ori{char}on i morgen.") for char in [
        "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # the classic ones
        "\u180e",  # Mongolian vowel separator
        "\u034f",  # combining grapheme joiner
        "\ufe0f", "\ufe00", "\U000e0100",  # variation selectors
        "\U000e0041", "\U000e007f",  # tag characters
        "\u3164", "\u115f", "\uffa0",  # Hangul fillers
        "\u200e", "\u200f", "\u061c",  # bidi marks
        "\u202a", "\u202b", "\u202c", "\u202d",  # embeddings, overrides, pop
        "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
        "\u2061", "\u2062", "\u2063", "\u2064",  # invisible operators
        "\u17b4", "\u17b5",  # Khmer inherent vowels
        "\U0001d173",  # musical formatting
    ]),
    ("invisible", "Vi lancerer \u202enoirO\u202c i morgen."),  # reversed, displayed as "Orion"
    ("invisible", "Vi lancerer \u202enoirO i morgen"),
    ("invisible", "Nyt fra Projekt\u200b \u2060Falcon i dag."),
    # -- letters written with digits and symbols
    *(("leet", f"Vi lancerer {word} i morgen.") for word in [
        "0rion", "Or1on", "0r10n", "Or!on", "Or|on", "0R10N", "Ori0n", "0ri0n",
    ]),
    ("leet", "Nyt fra Projekt F4lcon i dag."),
    ("leet", "Nyt fra Proj3kt Fa1con i dag."),
    ("leet", "Nyt fra Projekt Fa|con i dag."),
    ("leet", "Nyt fra Pr0jekt F@lcon i dag."),
    ("leet", "Møde med Hv1dsten H0ld1ng i dag."),
    ("leet", "Møde med Hvid$ten Holding i dag."),
    ("leet", "Møde med Hvid5ten Ho1ding i dag."),
    # -- letters spaced or joined by separators
    *(("separators", f"Vi lancerer {word} i morgen.") for word in [
        "O r i o n", "O.r.i.o.n", "O-r-i-o-n", "O_r_i_o_n", "O·r·i·o·n", "O/r/i/o/n", "O*r*i*o*n",
        "Ori🚀on", "O🚀r🚀i🚀o🚀n", "Ori'on", "Ori.on", "Or-ion", "O r i o n's",
    ]),
    ("separators", "Vi lancerer Ori-\non i morgen."),
    ("separators", "Vi lancerer Ori\non i morgen."),
    ("separators", "Nyt fra Projekt_Falcon i dag."),
    ("separators", "Nyt fra Projekt.Falcon i dag."),
    ("separators", "Nyt fra Projekt_Fal.con i dag."),
    ("separators", "Nyt fra P r o j e k t F a l c o n i dag."),
    ("separators", "Møde med Hvidsten·Holding i dag."),
    ("separators", "Møde med Hvid-sten Hol-ding i dag."),
    # -- Markdown markup (checked as post.md)
    *(("markup", f"Vi lancerer {word} i morgen.") for word in [
        "**Ori**on", "_O_rion", "*Or*ion", "`Ori`on", "~~O~~rion", "<b>Ori</b>on", "<span>Or</span>ion",
        "&#79;rion", "&#x4F;rion", "O&shy;rion", "Or&#105;on", "Ori\\on", "\\*Orion\\*",
        "[Or](https://x.dk)ion", "Ori<!-- x -->on", "O&#8203;rion",
    ]),
    ("markup", "Nyt fra **Projekt** _Falcon_ i dag."),
    # -- transliterations and dropped diacritics
    *(("transliteration", f"Møde med {word} i dag.") for word in [
        "Aabyhoej Byg", "Aabyhøj Byg", "Abyhoj Byg", "Åbyhöj Byg", "Åbyhøj Byg", "Aabyhöj Byg",
        "AABYHOEJ BYG", "Äbyhøj Byg", "Abyhøj Byg", "Åbyhoj Byg",
    ]),
    ("transliteration", "Møde med Aabyhoej Bygs folk i dag."),
    # -- hashtags and links
    ("hashtags-links", "Stolt i dag #Projekt #Falcon"),
    ("hashtags-links", "Stolt i dag #ProjektFalcon"),
    ("hashtags-links", "Stolt i dag #projektfalcon #nyhed"),
    ("hashtags-links", "Stolt i dag #Hvidsten #Holding"),
    ("hashtags-links", "Stolt i dag #HvidstenHolding"),
    ("hashtags-links", "Læs mere: https://firma.dk/nyt/%4Frion"),
    ("hashtags-links", "Læs mere: https://firma.dk/nyt/%4F%52%49%4F%4E"),
    ("hashtags-links", "Læs mere: https://firma.dk/projekt%20falcon"),
    ("hashtags-links", "Læs mere: https://firma.dk/projekt-falcon"),
    ("hashtags-links", "Læs mere: https://firma.dk/?q=Orion"),
    ("hashtags-links", "Følg #Orion2026"),
    # -- look-alike letters outside TR39's table
    *(("lookalikes", f"Vi lancerer {word} i morgen.") for word in [
        "Oʀion", "Orioɴ", "ᴏʀɪᴏɴ", "\U0001f1f4\U0001f1f7\U0001f1ee\U0001f1f4\U0001f1f3",
        "Оrіоn", "ⓄⓇⒾⓄⓃ", "🄾🅁🄸🄾🄽", "🅾🆁🅸🅾🅽", "𝐎𝐫𝐢𝐨𝐧", "ᴼʳⁱᵒⁿ",
    ]),
    # -- personal data: CPR
    *(("cpr", f"Mit CPR er {number}, ring hvis noget.") for number in [
        "120388-1234", "1203881234", "120388 1234", "12-03-88-1234", "12.03.88-1234", "120388/1234",
        "120388.1234", "120388 - 1234", "120388–1234",
        "١٢٠٣٨٨-١٢٣٤", "１２０３８８－１２３４", "12O388-1234", "12038８-1234",
        "1203\u200b88-1234", "120388\u00ad-1234", "12 03 88 1234", "12.03.88 1234",
    ]),
    ("cpr", "cpr:120388-1234"),
    # -- phone numbers
    *(("phone", f"Ring til mig på {number} i aften.") for number in [
        "20 30 40 50", "20304050", "+45 20304050", "20.30.40.50", "20/30/40/50", "20–30–40–50",
        "203 04 050", "2030 40 50", "20-304050", "2030.4050", "+45 20.30.40.50", "0045 20 30 40 50",
        "(+45) 20 30 40 50", "2０3０4０5０", "20 30 4\u200b0 50",
    ]),
    ("phone", "Ring på tlf. ref 20 30 40 50"),
    ("phone", "Skriv en sms, id: 20304050"),
    ("phone", "Mobil nr. 20304050"),
    # -- e-mail written around filters
    *(("email", f"Skriv til {address} i dag.") for address in [
        "jens@firma.dk", "jens[at]firma.dk", "jens (at) firma (dot) dk", "jens @ firma.dk",
        "jens[at]firma[dot]dk", "jens(at)firma.dk", "jens{at}firma.dk", "jens @ firma . dk",
        "jens.hansen [at] firma [dot] dk", "JENS@FIRMA.DK", "jens＠firma.dk",
    ]),
    # -- bank: IBAN and Danish registration + account numbers
    ("bank", "Betal til DK50 0040 0440 1162 43 i dag."),
    ("bank", "Betal til DK5000400440116243 i dag."),
    ("bank", "Betal til DK50-0040-0440-1162-43 i dag."),
    ("bank", "Betal til Reg. 1234 Konto 1234567890 i dag."),
    ("bank", "Betal til reg.nr. 1234 kontonr. 1234567890 i dag."),
    ("bank", "Betal til regnr 1234 konto 0001234567 i dag."),
    ("bank", "Betal til reg. nr. 1234, kontonummer 12345678 i dag."),
]

# Posts that look like the above and must not be flagged by either rule.
HARMLESS: list[str] = [
    "Vi er nu 20 30 40 50 medarbejdere.",
    "Det kostede 20 30 40 50 kroner i alt.",
    "Postnumre 8000 8200 er med.",
    "Pakke 25313763 er på vej.",
    "Se ![logo](logo@2x.png) her.",
    "Ordrenr. 1203881234 er sendt.",
    "SN 3012991234 er registreret.",
    "Andelen steg til 0.0209757694 i år.",
    "Vores CVR 12345678 står på fakturaen.",
    "Mødet er 12.03.1988 kl. 12.30.",
    "Prisen er 1.234.567,89 kr.",
    "Sporingsnummer 12038812345678 hos PostNord.",
    "Faktura 2030405060 er betalt.",
    "Stolene koster 2000-3000 kr., de leveres 2027-03-08.",
    "Mellem 2019 og 2023 voksede vi 2020 2021.",
    "Skriv til info@firma.dk eller kontakt@firma.dk.",
    "Vi er i Korion og Meteorion i dag.",
    "Klassisk ordbog: or ion, f a l c o n er engelsk for falk.",
    "Prøv version 0.1.0 af værktøjet.",
    "Det var et 4-0 nederlag til Aab.",
    "Vi så en falk ved Hvidstenen i går.",
    "Projektet blev holdt i Hvidsten-området.",
    "Mødet holdes i Århus hos Byggeriet.",
    "Vi rejser til #Orlando og #Bornholm.",
    "Tlf. åbningstid 8-16, lokal 2030.",
    "Uge 12 03 88 stk. bestilt.",
    "Sæt 10 20 30 40 stk på lager.",
    "Kode: 1a2b3c4d5e.",
    "IBAN-formatet er DK plus 16 cifre.",
    "Reg. 2024 var et godt år.",
    "Skriv til os (at) vores stand i dag.",
]

PERSONAL = {"cpr", "phone", "email", "bank"}


def policy():
    from advolint.policy.loading import policy_from_mapping

    return policy_from_mapping({
        "version": 1, "language": "da", "messages": "da",
        "confidential": {"terms": TERMS, "personal_data": ["cpr", "phone", "email", "iban"]},
    }, base_dir=".")


def flagged(linter, category: str | None, text: str) -> bool:
    rules = {"personal-data"} if category in PERSONAL else {"confidential-term"}
    if category is None:
        rules = {"personal-data", "confidential-term"}
    path = "post.md" if category in (None, "markup") else "post.txt"
    return any(violation.rule in rules for violation in linter.check_text(text, path))


def measure(caught=CAUGHT, harmless=HARMLESS):
    """({category: (caught, total, misses)}, false alarms) for the given cases."""
    from advolint.linter.compiled import Linter

    linter = Linter.compile(policy())
    results: dict[str, tuple[int, int, list[str]]] = {}
    for category, text in caught:
        hits, total, misses = results.get(category, (0, 0, []))
        if flagged(linter, category, text):
            hits += 1
        else:
            misses.append(text)
        results[category] = (hits, total + 1, misses)
    false_alarms = [text for text in harmless if flagged(linter, None, text)]
    return results, false_alarms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args()
    results, false_alarms = measure()
    ok = True
    for category, (hits, total, misses) in results.items():
        good = hits / total >= TARGET_CAUGHT
        ok &= good
        print(f"{category:16} {hits:3}/{total:<3} caught  {'ok' if good else 'BELOW TARGET'}")
        if args.show:
            for text in misses:
                print(f"    missed: {text!r}")
    all_hits = sum(hits for hits, _, _ in results.values())
    all_total = sum(total for _, total, _ in results.values())
    good = len(false_alarms) <= TARGET_FALSE_ALARMS * len(HARMLESS)
    ok &= good
    print(f"{'all':16} {all_hits:3}/{all_total:<3} caught")
    print(f"{'false alarms':16} {len(false_alarms):3}/{len(HARMLESS):<3} harmless posts flagged  "
          f"{'ok' if good else 'ABOVE TARGET'}")
    if args.show:
        for text in false_alarms:
            print(f"    flagged: {text!r}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
