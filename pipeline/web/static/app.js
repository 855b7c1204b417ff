// The screening page: a client of the JSON API under /api (no framework, no build step).
// Record text is only ever inserted as text nodes (textContent / createTextNode), never
// as HTML, so a title holding <script> is shown, not run.
"use strict";

const S = {
  me: null,
  csrf: "",
  stage: "title_abstract",
  record: null, // the record on screen
  reviewing: false, // true: opened from history/search, not the queue
  picking: null, // pending full-text exclusion waiting for a reason
  busy: false,
  keys: [], // keys pressed while a request runs, applied in order afterwards
  highlight: true,
  words: { include: [], exclude: [] },
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(method, path, body) {
  const opts = { method, credentials: "same-origin", headers: {} };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  if (method !== "GET") opts.headers["X-CSRF-Token"] = S.csrf;
  const response = await fetch(path, opts);
  let data = {};
  try {
    data = await response.json();
  } catch (e) {
    data = { error: "the server sent no JSON" };
  }
  if (response.status === 401 && document.body.dataset.page === "screen") {
    location.href = "/login";
  }
  return { status: response.status, data };
}

function status(text, kind) {
  const node = $("status");
  node.textContent = text;
  node.className = kind || "";
}

// ------------------------------------------------------------------ highlighting

function pattern(words) {
  const parts = [...new Set(words.map((w) => w.trim()).filter(Boolean))]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map((w) => {
      const star = w.endsWith("*");
      const stem = w.replace(/\*+$/, "");
      const body = stem
        .split(/\s+/)
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("\\s+");
      return body + (star ? "[\\p{L}\\p{N}_]*" : "(?![\\p{L}\\p{N}_])");
    });
  if (!parts.length) return null;
  return new RegExp("(?<![\\p{L}\\p{N}_])(?:" + parts.join("|") + ")", "giu");
}

function highlighted(text) {
  const frag = document.createDocumentFragment();
  const spans = [];
  if (S.highlight) {
    for (const [kind, re] of [["inc", S.incRe], ["exc", S.excRe]]) {
      if (!re) continue;
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        if (m[0].length) spans.push([m.index, m.index + m[0].length, kind]);
      }
    }
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let at = 0;
  for (const [start, end, kind] of spans) {
    if (start < at) continue; // overlapping match: the earlier, longer one wins
    frag.append(document.createTextNode(text.slice(at, start)));
    frag.append(el("mark", { class: kind }, text.slice(start, end)));
    at = end;
  }
  frag.append(document.createTextNode(text.slice(at)));
  return frag;
}

function loadWords() {
  const saved = localStorage.getItem("slr-keywords:" + S.me.name);
  S.words = saved ? JSON.parse(saved) : S.me.highlight;
  $("kw-include").value = S.words.include.join("\n");
  $("kw-exclude").value = S.words.exclude.join("\n");
  S.incRe = pattern(S.words.include);
  S.excRe = pattern(S.words.exclude);
}

function saveWords(reset) {
  if (reset) localStorage.removeItem("slr-keywords:" + S.me.name);
  else {
    const lines = (id) => $(id).value.split("\n").map((w) => w.trim()).filter(Boolean);
    const words = { include: lines("kw-include"), exclude: lines("kw-exclude") };
    localStorage.setItem("slr-keywords:" + S.me.name, JSON.stringify(words));
  }
  loadWords();
  render(S.record);
}

// ------------------------------------------------------------------ the record

function render(rec) {
  S.record = rec && !rec.done ? rec : null;
  $("record").hidden = !S.record;
  $("record").dataset.recordId = S.record ? S.record.record_id : "";
  $("record").dataset.stage = S.record ? S.stage : "";
  $("done").hidden = !!S.record;
  if (!S.record) {
    $("done").textContent = S.reviewing ? "" : "Nothing left to screen at this stage.";
    return;
  }
  $("position").textContent = rec.position ? `Record ${rec.position} of ${rec.total}` : "";
  $("score").textContent =
    rec.score === null || rec.score === undefined ? "" : `· score ${rec.score.toFixed(3)}`;
  $("mode").textContent = S.reviewing ? "· opened from the list (Esc: back to the queue)" : "";
  $("title").replaceChildren(highlighted(rec.title || "(no title)"));
  $("authors").textContent = (rec.authors || []).join("; ");
  $("source").textContent = [rec.journal, rec.year, rec.record_id].filter(Boolean).join(" · ");
  $("abstract").replaceChildren(highlighted(rec.abstract || "(no abstract)"));
  $("keywords").replaceChildren(
    ...(rec.keywords && rec.keywords.length ? ["Keywords: ", highlighted(rec.keywords.join("; "))] : []),
  );
  const mine = rec.decision;
  $("current").textContent = mine
    ? `Your decision: ${mine.decision}${mine.reason ? " (" + mine.reason + ")" : ""}`
    : "";
  const pdf = S.stage === "full_text" && S.me.pdfs;
  $("pdf").hidden = !pdf;
  $("pdf-frame").hidden = true;
  if (pdf) {
    const url = "/pdf/" + encodeURIComponent(rec.record_id);
    $("pdf-link").href = url;
    if (rec.pdf) {
      $("pdf-frame").src = url;
      $("pdf-frame").hidden = false;
    }
  }
  window.scrollTo(0, 0);
}

function renderActions() {
  const box = $("actions");
  box.replaceChildren();
  for (const decision of S.me.decisions[S.stage]) {
    const key = S.me.keys[decision];
    const button = el(
      "button",
      { type: "button", class: "decide " + decision, "data-decision": decision },
      el("kbd", {}, key),
      " " + decision.replace("_", " "),
    );
    button.addEventListener("click", () => press(key));
    box.append(button);
  }
  for (const [key, label] of [["u", "undo"], ["s", "skip"]]) {
    const button = el("button", { type: "button", class: "action" }, el("kbd", {}, key), " " + label);
    button.addEventListener("click", () => press(key));
    box.append(button);
  }
  const list = $("reasons");
  list.replaceChildren(...S.me.reasons.map((r) => el("li", {}, r)));
}

async function loadNext() {
  S.reviewing = false;
  const { status: code, data } = await api("GET", "/api/next?stage=" + S.stage);
  if (code !== 200) return status(data.error || "could not load the next record", "error");
  render(data);
}

async function openRecord(recordId) {
  const { status: code, data } = await api(
    "GET",
    `/api/records/${encodeURIComponent(recordId)}?stage=${S.stage}`,
  );
  if (code !== 200) return status(data.error || "could not open that record", "error");
  S.reviewing = true;
  render(data);
}

// ------------------------------------------------------------------ decisions

async function decide(decision, reason) {
  const rec = S.record;
  if (!rec) return;
  const tags = $("tags").value.split(",").map((t) => t.trim()).filter(Boolean);
  const body = {
    record_id: rec.record_id, // the record this decision was shown for
    stage: S.stage,
    decision,
    reason: reason || "",
    note: $("note").value,
    tags,
  };
  status("Saving…", "pending");
  const { status: code, data } = await api("POST", "/api/decisions", body);
  if (code !== 201) return status(`Not saved: ${data.error || code}`, "error");
  status(`Saved: ${decision}${reason ? " (" + reason + ")" : ""} — ${rec.title || rec.record_id}`, "saved");
  $("note").value = "";
  $("tags").value = "";
  await loadNext();
  refreshPanels();
}

async function undo() {
  const { status: code, data } = await api("POST", "/api/undo", { stage: S.stage });
  if (code !== 200) return status(data.error || "nothing to undo", "error");
  status(`Undone: ${data.record_id} is ${data.decision === "withdrawn" ? "undecided again" : "back to " + data.decision}`, "saved");
  await loadNext();
  refreshPanels();
}

async function skip() {
  if (!S.record) return;
  if (S.reviewing) return loadNext();
  const { status: code, data } = await api("POST", "/api/skip", {
    record_id: S.record.record_id,
    stage: S.stage,
  });
  if (code !== 200) return status(data.error || "could not skip", "error");
  status(`Skipped ${data.skipped} (it comes back at the end)`, "");
  await loadNext();
}

// ------------------------------------------------------------------ keyboard
// One handler on the document, outside everything that is re-rendered. Keys pressed while
// a request runs wait in S.keys and are applied in order, each to the record then shown.

function press(key) {
  S.keys.push(key);
  drain();
}

async function drain() {
  if (S.busy) return;
  S.busy = true;
  document.body.dataset.busy = "1";
  try {
    while (S.keys.length) await handle(S.keys.shift());
  } finally {
    S.busy = false;
    document.body.dataset.busy = "0";
  }
}

async function switchStage(stage) {
  S.stage = stage;
  S.picking = null;
  $("reason-picker").hidden = true;
  for (const b of document.querySelectorAll("#stages button")) {
    b.classList.toggle("active", b.dataset.stage === stage);
  }
  render(null);
  renderActions();
  await loadNext();
  refreshPanels();
}

async function handle(key) {
  if (key.startsWith("stage:")) return switchStage(key.slice(6));
  if (S.picking) {
    if (key === "Escape") {
      S.picking = null;
      $("reason-picker").hidden = true;
      return status("Exclusion cancelled", "");
    }
    const n = Number.parseInt(key, 10);
    if (n >= 1 && n <= S.me.reasons.length) {
      S.picking = null;
      $("reason-picker").hidden = true;
      return decide("exclude", S.me.reasons[n - 1]);
    }
    return;
  }
  if (key === "Escape") return S.reviewing ? loadNext() : undefined;
  if (key === "u") return undo();
  if (key === "s") return skip();
  if (key === "h") {
    S.highlight = !S.highlight;
    $("hl-toggle").checked = S.highlight;
    return render(S.record);
  }
  const decision = Object.keys(S.me.keys).find(
    (d) => S.me.keys[d] === key && S.me.decisions[S.stage].includes(d),
  );
  if (!decision || !S.record) return;
  if (decision === "exclude" && S.stage === "full_text") {
    S.picking = S.record.record_id;
    $("reason-picker").hidden = false;
    return status("Choose the exclusion reason", "pending");
  }
  return decide(decision);
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  const typing = target.matches && target.matches("input, textarea, select");
  if (typing) {
    if (event.key === "Escape" || (event.key === "Enter" && target.id !== "search" && target.tagName !== "TEXTAREA")) {
      target.blur();
      event.preventDefault();
    }
    return;
  }
  if (event.key === "/") {
    $("search").focus();
    return event.preventDefault();
  }
  if (event.key === "o") {
    $("note").focus();
    return event.preventDefault();
  }
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key.length === 1 || key === "Escape") {
    event.preventDefault();
    press(key);
  }
}

// ------------------------------------------------------------------ side panels

function plot(curve, stopping) {
  const svg = $("plot");
  const ns = "http://www.w3.org/2000/svg";
  const W = 300, H = 150, L = 34, B = 22, T = 10, R = 8;
  const last = curve[curve.length - 1] || [0, 0];
  const total = stopping ? last[1] + (stopping.estimated_relevant_remaining_upper || 0) : last[1];
  const xmax = Math.max(1, last[0]);
  const ymax = Math.max(1, total, last[1]);
  const x = (v) => L + ((W - L - R) * v) / xmax;
  const y = (v) => H - B - ((H - B - T) * v) / ymax;
  const node = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  };
  svg.replaceChildren(
    node("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis" }),
    node("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }),
    node("text", { x: L, y: H - 6, class: "label" }, "0"),
    node("text", { x: W - R, y: H - 6, class: "label end" }, `${xmax} screened`),
    node("text", { x: L - 4, y: T + 8, class: "label end" }, String(ymax)),
    node("text", { x: L - 4, y: H - B, class: "label end" }, "0"),
  );
  if (stopping && total > last[1]) {
    svg.append(node("line", { x1: L, y1: y(total), x2: W - R, y2: y(total), class: "estimate" }));
    svg.append(node("text", { x: L + 4, y: y(total) + 11, class: "label" }, "found + upper estimate left"));
  }
  svg.append(node("polyline", { points: curve.map(([a, b]) => `${x(a)},${y(b)}`).join(" "), class: "curve" }));
}

async function refreshProgress() {
  const { status: code, data } = await api("GET", "/api/progress?stage=" + S.stage);
  if (code !== 200) return;
  const c = data.counts;
  const rows = [
    ["Screened", `${data.screened} of ${data.total}`],
    ["Included", c.include || 0],
    ["Excluded", c.exclude || 0],
    ["Maybe", c.maybe || 0],
  ];
  if (S.stage === "full_text") rows.push(["Not retrieved", c.not_retrieved || 0]);
  if (data.stopping) rows.push(["Relevant left (estimate)", `${data.stopping.estimated_relevant_remaining ?? "?"} (≤ ${data.stopping.estimated_relevant_remaining_upper})`]);
  rows.push(["Awaiting a 2nd screener", data.awaiting_second], ["Conflicts", data.conflicts]);
  $("counts").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("verdict").textContent = data.stopping ? data.stopping.verdict : "The stopping rule needs some decisions first.";
  $("verdict").className = data.stopping && data.stopping.stop ? "stop" : "";
  $("ranking").textContent = `Order: ${data.ranked_on}${data.retraining ? " · re-ranking…" : ""}`;
  plot(data.curve, data.stopping);
  $("kappa").replaceChildren(
    ...(data.agreement.length ? [el("tr", {}, el("th", {}, "Screeners"), el("th", {}, "Both"), el("th", {}, "Agree"), el("th", {}, "Cohen's κ"))] : []),
    ...data.agreement.map((a) =>
      el("tr", {}, el("td", {}, a.screeners), el("td", {}, a.n_both),
        el("td", {}, a.percent_agreement === null ? "–" : a.percent_agreement + "%"),
        el("td", {}, a.cohen_kappa === null ? "–" : a.cohen_kappa.toFixed(2))),
    ),
  );
}

function listItem(row, extra) {
  const link = el("a", { href: "#", "data-record": row.record_id }, row.title || row.record_id);
  link.addEventListener("click", (e) => {
    e.preventDefault();
    openRecord(row.record_id);
  });
  return el("li", { dir: "auto" }, link, extra ? " " : "", extra ? el("span", { class: "tag " + extra }, extra) : "");
}

async function refreshHistory() {
  const { status: code, data } = await api("GET", "/api/decisions?stage=" + S.stage);
  if (code !== 200) return;
  $("history").replaceChildren(...data.decisions.slice(0, 100).map((d) => listItem(d, d.decision)));
}

async function refreshAwaiting() {
  const { status: code, data } = await api("GET", "/api/awaiting?stage=" + S.stage);
  if (code !== 200) return;
  $("awaiting").replaceChildren(...data.records.slice(0, 50).map((d) => listItem(d)));
}

async function refreshConflicts() {
  if (S.me.role !== "resolver") return;
  $("conflicts-panel").hidden = false;
  const { status: code, data } = await api("GET", "/api/conflicts?stage=" + S.stage);
  if (code !== 200) return;
  const box = $("conflicts");
  box.replaceChildren(...(data.conflicts.length ? [] : [el("p", { class: "hint" }, "No conflicts.")]));
  for (const c of data.conflicts) {
    const votes = Object.entries(c.votes).map(([name, d]) => `${name}: ${d}${c.reasons[name] ? " (" + c.reasons[name] + ")" : ""}`).join(" · ");
    const item = el("div", { class: "conflict", "data-record": c.record_id },
      el("p", { dir: "auto" }, el("strong", {}, c.title || c.record_id)),
      el("p", { class: "hint" }, votes));
    const reason = el("select", {}, ...S.me.reasons.map((r) => el("option", { value: r }, r)));
    if (S.stage === "full_text") item.append(reason);
    for (const decision of ["include", "exclude"]) {
      const button = el("button", { type: "button", class: "settle", "data-decision": decision }, "Settle: " + decision);
      button.addEventListener("click", async () => {
        const { status: code2, data: d } = await api("POST", "/api/conflicts", {
          record_id: c.record_id, stage: S.stage, decision,
          reason: decision === "exclude" && S.stage === "full_text" ? reason.value : "",
        });
        status(code2 === 201 ? `Saved: conflict on ${c.record_id} settled as ${decision}` : `Not saved: ${d.error}`, code2 === 201 ? "saved" : "error");
        refreshPanels();
      });
      item.append(button);
    }
    box.append(item);
  }
}

function refreshPanels() {
  refreshProgress();
  refreshHistory();
  refreshAwaiting();
  refreshConflicts();
}

let searchTimer = null;
async function search() {
  const q = $("search").value.trim();
  $("results-panel").hidden = !q;
  if (!q) return;
  const { status: code, data } = await api("GET", `/api/search?stage=${S.stage}&q=${encodeURIComponent(q)}`);
  if (code !== 200) return;
  $("results").replaceChildren(
    ...(data.results.length ? data.results.map((r) => listItem(r, r.decision)) : [el("li", {}, "No match.")]),
  );
}

// ------------------------------------------------------------------ start

async function startScreen() {
  const { status: code, data } = await api("GET", "/api/me");
  if (code !== 200) return;
  S.me = data;
  S.csrf = data.csrf_token;
  loadWords();
  renderActions();
  document.addEventListener("keydown", onKey);
  $("hl-toggle").addEventListener("change", (e) => {
    S.highlight = e.target.checked;
    render(S.record);
  });
  $("kw-save").addEventListener("click", () => saveWords(false));
  $("kw-reset").addEventListener("click", () => saveWords(true));
  $("search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 250);
  });
  $("logout").addEventListener("click", async () => {
    await api("POST", "/api/logout", {});
    location.href = "/login";
  });
  for (const button of document.querySelectorAll("#stages button")) {
    // Through the key queue: keys pressed before the new stage's record is shown wait for it.
    button.addEventListener("click", () => press("stage:" + button.dataset.stage));
  }
  await loadNext();
  refreshPanels();
  document.body.dataset.ready = "1";
}

function startLogin() {
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const { status: code, data } = await api("POST", "/api/login", {
      name: $("login-name").value,
      password: $("login-password").value,
    });
    if (code === 200) location.href = "/";
    else $("login-error").textContent = data.error || "could not log in";
  });
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", () => {
  if (document.body.dataset.page === "screen") startScreen();
  else startLogin();
});
