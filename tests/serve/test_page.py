"""The page at ``/`` in real headless Chromium (Debian's, driven by Playwright).

scripts/test.sh installs Chromium where it is missing; the browser path can
be set with ADVOLINT_CHROMIUM.  How fast marks appear is measured by
bench/serve.py, not here (the machine is shared and noisy).
"""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from serving import server  # noqa: F401 - fixture

DANISH_DRAFT = "Se vores nye SolarFlex paneler på taget i Vejle. De er fantastiske!!! #nordlysenergi"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = os.environ.get("ADVOLINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("no Chromium: run scripts/test.sh (it installs Debian's chromium), or set ADVOLINT_CHROMIUM")
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="da-DK")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    opened = context.new_page()
    problems = []
    opened.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on("request", lambda request: None if request.url.startswith(server.url) else problems.append(request.url))
    opened.goto(server.url + "/")
    yield opened
    context.close()
    assert problems == [], problems  # no script error, no CSP violation, no request elsewhere


def test_typing_a_danish_draft_shows_marks_and_danish_messages_and_a_fix_changes_the_text(page):
    expect(page.locator("h1")).to_have_text("Tjek dit opslag")
    assert page.locator("html").get_attribute("lang") == "da"
    draft = page.locator("#draft")
    draft.press_sequentially(DANISH_DRAFT, delay=5)
    mark = page.locator("#backdrop mark[data-rule='disclosure-missing']")
    expect(mark).to_have_text("Se")
    expect(mark).to_have_class("sev-error")
    expect(page.locator("#backdrop mark[data-rule='tone-exclamation']")).to_have_class("sev-warning")
    expect(page.locator("#backdrop mark[data-rule='hashtag-forbidden']")).to_have_text("#nordlysenergi")
    item = page.locator("#results li[data-rule='disclosure-missing']")
    expect(item.locator(".message")).to_contain_text("Fejl")
    expect(item.locator(".message")).to_contain_text("Opslaget er reklame, men har ingen reklamemarkering")
    expect(page.locator("#summary")).to_contain_text("fund")
    # The explain text, one click away, in Danish.
    item.locator("summary").click()
    expect(item.locator("details pre")).to_contain_text("Hvorfor:")
    # The fix.
    item.locator("button.fix").click()
    expect(draft).to_have_value("Reklame for Nordlys Energi A/S\n" + DANISH_DRAFT)
    expect(page.locator("#status")).to_have_text("Rettet: Reklame uden reklamemarkering")
    expect(page.locator("#results li[data-rule='disclosure-missing']")).to_have_count(0)
    expect(page.locator("#backdrop mark[data-rule='disclosure-missing']")).to_have_count(0)
    # The hashtag's fix button says what it does, in Danish.
    expect(page.locator("#results li[data-rule='hashtag-forbidden'] button.fix")).to_have_text(
        "Erstat #nordlysenergi med #NordlysEnergi")
    # Fix everything that can be fixed: the hashtag too.
    page.locator("#fix-all").click()
    expect(draft).to_have_value("Reklame for Nordlys Energi A/S\n" + DANISH_DRAFT.replace("#nordlysenergi",
                                                                                          "#NordlysEnergi"))
    # Copy the finished text.
    page.locator("#copy").click()
    expect(page.locator("#status")).to_have_text("Teksten er kopieret.")
    assert page.evaluate("navigator.clipboard.readText()") == draft.input_value()


def test_character_count_and_fold_follow_the_platform(page):
    draft = page.locator("#draft")
    draft.fill("Vi var på tur i dag 🌞 " * 10)  # 22 characters, one of them an emoji, ten times
    expect(page.locator("#count")).to_have_text("220 af 3000 tegn")
    fold = page.locator("#backdrop .fold")
    expect(fold).to_have_count(1)
    assert fold.get_attribute("data-label") == "se mere"
    # 140 visible characters before LinkedIn's fold, counted from the first word.
    before = page.evaluate("""() => { const range = document.createRange();
        range.setStart(document.getElementById('backdrop'), 0);
        range.setEndBefore(document.querySelector('#backdrop .fold'));
        return [...new Intl.Segmenter('da', {granularity: 'grapheme'}).segment(range.toString())].length; }""")
    assert before == 140
    expect(page.locator("#fold-note")).to_contain_text("LinkedIn")
    page.locator("#platform").select_option("x")
    # X weighs each emoji 2: 10 * (21 + 2) = 230 of 280.
    expect(page.locator("#count")).to_have_text("230 af 280 tegn")
    draft.fill("Vi var på tur i dag 🌞 " * 14)
    expect(page.locator("#count")).to_have_text("322 af 280 tegn: 42 for mange")
    expect(page.locator("#count")).to_have_class("count over")


def test_phone_width_layout(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    page.goto(server.url + "/")
    page.locator("#draft").fill(DANISH_DRAFT + " " + "Vi ses på messen i Herning. " * 6)
    expect(page.locator("#results li[data-rule='disclosure-missing']")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    for selector in ("#draft", "#platform", "#fix-all", "#copy", "#results li", "#results button.fix"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, selector
    # The marks lie under the letters: the backdrop has the text area's size.
    draft_box, backdrop_box = page.locator("#draft").bounding_box(), page.locator("#backdrop").bounding_box()
    assert abs(draft_box["width"] - backdrop_box["width"]) < 1 and abs(draft_box["height"] - backdrop_box["height"]) < 2
    buttons = page.locator("button").all()
    assert all(button.bounding_box()["height"] >= 44 for button in buttons if button.is_visible())  # touch targets
    context.close()


def test_keyboard_only(page):
    def focused() -> str:
        return page.evaluate("document.activeElement.id || document.activeElement.className || document.activeElement.tagName")

    page.keyboard.press("Tab")
    assert focused() == "platform"
    page.keyboard.press("Tab")
    assert focused() == "draft"
    page.keyboard.type(DANISH_DRAFT)
    expect(page.locator("#results li[data-rule='disclosure-missing']")).to_have_count(1)
    for _ in range(30):  # on to the first fix button in the list
        page.keyboard.press("Tab")
        if focused() == "fix":
            break
    assert focused() == "fix"
    label = page.evaluate("document.activeElement.textContent")
    described = page.evaluate("document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_contain_text("Rettet:")
    assert page.locator("#draft").input_value() != DANISH_DRAFT
    assert "Reklame for Nordlys Energi A/S" in label  # the button says what the fix does
    assert described.startswith("Indsæt “Reklame for Nordlys Energi A/S”")
    # The explain text opens from the keyboard too.
    page.locator("#results li summary").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#results li details[open] pre").first).to_be_visible()


CONTRAST_SCRIPT = """(selectors) => {
  const rgb = (css) => css.match(/[\\d.]+/g).map(Number);
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor);
      if (a > 0.5) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  return selectors.map((selector) => {
    const node = document.querySelector(selector);
    const [l1, l2] = [lum(rgb(getComputedStyle(node).color)), lum(background(node))].sort((a, b) => b - a);
    return [selector, (l1 + 0.05) / (l2 + 0.05)];
  });
}"""


def test_text_contrast_meets_wcag_aa(page):
    page.locator("#draft").fill(DANISH_DRAFT)
    expect(page.locator("#results li[data-rule='tone-exclamation']")).to_have_count(1)
    selectors = ["h1", ".intro", "label", "#draft", "#count", "#fold-note", "#fix-all", "#copy", "#summary",
                 "#results li.sev-error .badge", "#results li.sev-warning .badge", "#results .message",
                 "#results .suggestion", "#results summary", "#results button.fix", "footer"]
    ratios = dict(page.evaluate(CONTRAST_SCRIPT, selectors))
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios
