// advolint serve: live checking of a draft. No inline script anywhere (the CSP forbids it); what the
// page needs (texts in the policy's language, platforms, explain texts) is in #page-data.
"use strict";
(function () {
  const DEBOUNCE_MS = 120; // marks appear well within 300 ms of the last keystroke
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const texts = data.texts;
  const draft = document.getElementById("draft");
  const backdrop = document.getElementById("backdrop");
  const platform = document.getElementById("platform");
  const count = document.getElementById("count");
  const foldNote = document.getElementById("fold-note");
  const results = document.getElementById("results");
  const summary = document.getElementById("summary");
  const status = document.getElementById("status");
  const graphemes = new Intl.Segmenter(data.language, { granularity: "grapheme" });
  let violations = [];
  let checkedText = null;
  let sequence = 0;
  let timer = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // -- counting ---------------------------------------------------------------------------
  function weight(codePoint, facts) {
    return facts.light_ranges.some(([low, high]) => codePoint >= low && codePoint <= high) ? 1 : facts.heavy_weight;
  }

  function length(text, facts) {
    if (facts.counting !== "x-weighted") return Array.from(text).length;
    let total = 0;
    const withoutUrls = text.replace(/https?:\/\/\S+/g, () => { total += facts.url_weight; return ""; });
    for (const { segment } of graphemes.segment(withoutUrls)) {
      if (/\p{Extended_Pictographic}/u.test(segment)) total += facts.heavy_weight; // an emoji counts as one
      else for (const character of segment) total += weight(character.codePointAt(0), facts);
    }
    return total;
  }

  // The UTF-16 offset after `fold` visible characters, counted from the first word (or null).
  function foldOffset(text, fold) {
    const first = text.search(/\S/);
    if (first < 0) return null;
    let seen = 0;
    for (const { index } of graphemes.segment(text.slice(first))) {
      if (seen === fold) return first + index;
      seen += 1;
    }
    return null;
  }

  // -- drawing ----------------------------------------------------------------------------
  const RANK = { info: 1, warning: 2, error: 3 };

  function drawBackdrop() {
    const text = draft.value;
    const facts = data.platforms[platform.value];
    const fold = foldOffset(text, facts.fold);
    // Boundaries where the highest severity under the text changes, plus the fold.
    const points = new Set([0, text.length]);
    const live = text === checkedText ? violations : [];
    for (const v of live) {
      points.add(v.start_utf16);
      points.add(Math.max(v.end_utf16, v.start_utf16 + 1));
    }
    if (fold !== null) points.add(fold);
    const sorted = [...points].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < sorted.length; i++) {
      const at = sorted[i];
      if (at === fold) {
        const marker = element("span", "fold");
        marker.dataset.label = texts.fold;
        fragment.appendChild(marker);
      }
      if (i + 1 === sorted.length) break;
      const piece = text.slice(at, sorted[i + 1]);
      let worst = null;
      for (const v of live) {
        const end = Math.max(v.end_utf16, v.start_utf16 + 1);
        if (v.start_utf16 <= at && end >= sorted[i + 1] && (!worst || RANK[v.severity] > RANK[worst.severity])) worst = v;
      }
      if (worst) {
        const mark = element("mark", "sev-" + worst.severity, piece);
        mark.dataset.rule = worst.rule;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(piece));
      }
    }
    // A final newline needs a character after it to take up its line, as it does in the text area.
    fragment.appendChild(document.createTextNode("\u200b"));
    backdrop.replaceChildren(fragment);
    draft.style.height = "auto";
    draft.style.height = draft.scrollHeight + 2 + "px";
  }

  function drawCount() {
    const facts = data.platforms[platform.value];
    const used = length(draft.value, facts);
    const over = used - facts.limit;
    count.textContent = fill(over > 0 ? texts["count-over"] : texts.count, { count: used, limit: facts.limit, over });
    count.classList.toggle("over", over > 0);
    foldNote.textContent = fill(texts["fold-note"], { platform: facts.name, fold: facts.fold });
  }

  function drawResults() {
    results.replaceChildren();
    summary.textContent = violations.length ? fill(texts.found, { n: violations.length }) : texts["no-findings"];
    violations.forEach((v, index) => {
      const item = element("li", "sev-" + v.severity);
      item.dataset.rule = v.rule;
      const message = element("p", "message");
      message.appendChild(element("span", "badge", texts["severity-" + v.severity]));
      message.appendChild(document.createTextNode(v.message));
      item.appendChild(message);
      const suggestion = v.suggestion ? element("p", "suggestion", v.suggestion) : null;
      if (suggestion) {
        suggestion.id = "suggestion-" + index;
        item.appendChild(suggestion);
      }
      if (v.route) {
        // The policy sends this finding to someone (route:): a mail link to them, with the draft.
        const route = element("p", "route");
        const link = element("a", "", fill(texts["send-to"], { to: v.route.to }));
        link.href = "mailto:" + encodeURIComponent(v.route.to) + "?subject=" + encodeURIComponent(v.rule) +
          "&body=" + encodeURIComponent(draft.value);
        route.appendChild(link);
        const note = (v.route.review ? " (" + texts["needs-approval"] + ")" : "") + (v.route.note ? ": " + v.route.note : "");
        if (note) route.appendChild(document.createTextNode(note));
        item.appendChild(route);
      }
      const rule = data.rules[v.rule];
      if (rule) {
        const details = element("details");
        details.appendChild(element("summary", "", texts.explain + ": " + rule.title));
        details.appendChild(element("pre", "", rule.explain));
        item.appendChild(details);
      }
      if (v.fixable) {
        // The button says what it does ("Erstat #x med #X"), in the policy's message language.
        const button = element("button", "fix", v.fix || texts["fix-button"]);
        button.type = "button";
        if (suggestion) button.setAttribute("aria-describedby", suggestion.id);
        button.addEventListener("click", () => applyFix({ rule: v.rule, start: v.start }));
        item.appendChild(button);
      }
      results.appendChild(item);
    });
    document.getElementById("fix-all").disabled = !violations.some((v) => v.fixable);
  }

  function show(text, found) {
    checkedText = text;
    violations = found;
    drawBackdrop();
    drawResults();
  }

  // -- talking to the server -------------------------------------------------------------------
  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const answer = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Error(answer.error || response.statusText);
    return answer;
  }

  async function check() {
    const text = draft.value;
    const mine = ++sequence;
    try {
      const answer = await post("/api/v1/check", { text, platform: platform.value });
      if (mine === sequence && text === draft.value) show(text, answer.violations);
    } catch (error) {
      if (mine === sequence) summary.textContent = fill(texts.error, { reason: error.message });
    }
  }

  async function applyFix(choice) {
    try {
      const answer = await post("/api/v1/fix", Object.assign({ text: draft.value, platform: platform.value }, choice));
      sequence++; // an older check in flight must not draw over the fixed text
      draft.value = answer.text;
      drawCount();
      show(answer.text, answer.violations);
      const titles = answer.fixed.map((f) => (data.rules[f.rule] ? data.rules[f.rule].title : f.rule));
      status.textContent = fill(texts.fixed, { what: titles.join("; ") });
      draft.focus();
    } catch (error) {
      status.textContent = fill(texts.error, { reason: error.message });
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(draft.value);
      status.textContent = texts.copied;
    } catch (error) { // plain http on an intranet has no clipboard API: select and copy the old way
      draft.select();
      status.textContent = document.execCommand && document.execCommand("copy") ? texts.copied : texts["copy-failed"];
    }
  }

  function changed() {
    drawCount();
    drawBackdrop();
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  draft.addEventListener("input", changed);
  platform.addEventListener("change", changed);
  window.addEventListener("resize", drawBackdrop);
  document.getElementById("fix-all").addEventListener("click", () => applyFix({}));
  document.getElementById("copy").addEventListener("click", copy);
  drawCount();
  drawBackdrop();
  check();
})();
