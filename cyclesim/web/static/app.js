// The interactive page: controls in, the model's numbers out (from /api/run), drawn as SVG.
// No model here: every number comes from the Python server.
"use strict";

const UI = {
  en: {title: "The 1-on-1 support cycle", scenario: "Scenario", reset: "Back to the scenario as written",
       outcome: "Outcome", story: "Story mode", diagram: "Causal loop diagram",
       legend: "dashed: intervention starts · green: honeymoon · red: back at start · dotted: start value",
       download: "Download the figure:", computing: "computing…", updated: "updated in", on: "on", off: "off",
       week: "week", none: "—", dominant: "dominant loop",
       nodiagram: "The causal loop diagram appears here once this installation has the diagram modules.",
       fields: {outcome: "result", return_week: "back at start", honeymoon_depth: "honeymoon depth",
                honeymoon_weeks: "honeymoon length", extra_cost_at_return: "extra cost until back at start",
                total_cost: "total cost", peak_dependency: "peak dependency"},
       classes: {returned: "back at start", not_within_horizon: "not back at start within the horizon",
                 no_honeymoon: "no honeymoon", worse: "worse than at start"}},
  nl: {title: "De 1-op-1-begeleidingscyclus", scenario: "Scenario", reset: "Terug naar het scenario zoals beschreven",
       outcome: "Uitkomst", story: "Verhaal", diagram: "Causaal lusdiagram",
       legend: "gestreept: start interventie · groen: wittebroodsweken · rood: terug bij af · gestippeld: startwaarde",
       download: "Download de figuur:", computing: "bezig met rekenen…", updated: "bijgewerkt in", on: "aan", off: "uit",
       week: "week", none: "—", dominant: "dominante lus",
       nodiagram: "Het causale lusdiagram verschijnt hier zodra deze installatie de diagrammodules heeft.",
       fields: {outcome: "resultaat", return_week: "terug bij af", honeymoon_depth: "diepte wittebroodsweken",
                honeymoon_weeks: "duur wittebroodsweken", extra_cost_at_return: "extra kosten tot terug bij af",
                total_cost: "totale kosten", peak_dependency: "hoogste afhankelijkheid"},
       classes: {returned: "terug bij af", not_within_horizon: "niet terug bij af binnen de horizon",
                 no_honeymoon: "geen wittebroodsweken", worse: "slechter dan bij de start"}},
};
const SVG = "http://www.w3.org/2000/svg";
const state = {lang: "en", config: null, scenarios: {}, seq: 0, timer: null, phase: -1, data: null,
               dominance: null, week: 0};
const $ = (id) => document.getElementById(id);

function el(tag, attrs, parent, ns) {
  const node = ns ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

async function getJSON(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function buildControls() {
  const box = $("controls");
  box.textContent = "";
  for (const c of state.config.controls) {
    const row = el("div", {class: "control", "data-name": c.name}, box);
    const label = el("label", {for: "ctl-" + c.name, class: "label"}, row);
    if (c.kind === "switch") {
      el("input", {type: "checkbox", id: "ctl-" + c.name}, row).addEventListener("change", schedule);
    } else {
      el("input", {type: "range", id: "ctl-" + c.name, min: c.low, max: c.high, step: c.step}, row)
        .addEventListener("input", schedule);
    }
    el("output", {id: "val-" + c.name, for: "ctl-" + c.name}, row);
    label.dataset.control = c.name;
  }
}

function setValues(values) {
  for (const c of state.config.controls) {
    const input = $("ctl-" + c.name);
    if (c.kind === "switch") input.checked = values[c.name] > 0;
    else input.value = values[c.name];
  }
  showValues();
}

function showValues() {
  const t = UI[state.lang];
  for (const c of state.config.controls) {
    const input = $("ctl-" + c.name);
    $("val-" + c.name).textContent = c.kind === "switch" ? (input.checked ? t.on : t.off)
      : `${Number(input.value)} ${c.unit === "1" ? "" : c.unit}`;
  }
}

function query() {
  const q = new URLSearchParams({scenario: $("scenario").value});
  for (const c of state.config.controls) {
    const input = $("ctl-" + c.name);
    q.set(c.name, c.kind === "switch" ? (input.checked ? c.on : 0) : input.value);
  }
  return q.toString();
}

function schedule() {
  showValues();
  clearTimeout(state.timer);
  state.timer = setTimeout(update, 120);
}

async function update() {
  const seq = ++state.seq;
  const q = query();
  const status = $("status");
  status.className = "busy";
  status.textContent = UI[state.lang].computing;
  const began = performance.now();
  try {
    const data = await getJSON("/api/run?" + q);
    if (seq !== state.seq) return;  // a newer request is on its way
    state.data = data;
    data.key = q;
    render();
    status.className = "";
    status.textContent = `${UI[state.lang].updated} ${Math.round(performance.now() - began)} ms`;
  } catch (error) {
    if (seq !== state.seq) return;
    status.className = "error";
    status.textContent = error.message;
  }
}

function fmt(name, v) {
  const t = UI[state.lang];
  if (v === null || v === undefined) return t.none;
  const locale = state.lang === "nl" ? "nl-NL" : "en-GB";
  if (name === "outcome") return t.classes[v] || v;
  if (name === "return_week") return `${t.week} ${v.toFixed(0)}`;
  if (name === "honeymoon_weeks") return `${v.toFixed(0)} ${t.week}${state.lang === "en" ? "s" : "en"}`;
  if (name === "honeymoon_depth") return `${(100 * v).toFixed(1)} %`;
  if (name.endsWith("cost") || name.includes("cost_")) {
    return "€ " + Math.round(v).toLocaleString(locale);
  }
  return v.toFixed(2);
}

function renderOutcome() {
  const box = $("outcome");
  box.textContent = "";
  if (!state.data) return;
  for (const [name, label] of Object.entries(UI[state.lang].fields)) {
    el("dt", {}, box).textContent = label;
    const value = state.data.outcome[name];
    const dd = el("dd", {id: "out-" + name, "data-value": JSON.stringify(value)}, box);
    dd.textContent = fmt(name, value);
  }
}

function span(values) {
  let lo = Math.min(...values), hi = Math.max(...values);
  if (hi - lo < 1e-9 * Math.max(1, Math.abs(hi))) { lo -= 0.5 * Math.abs(lo) || 0.5; hi += 0.5 * Math.abs(hi) || 0.5; }
  const pad = 0.08 * (hi - lo);
  return [lo - pad, hi + pad];
}

function panel(box, name, label, data) {
  const W = 300, H = 160, L = 44, R = 8, T = 20, B = 20;
  const times = data.times, values = data.series[name], o = data.outcome;
  const svg = el("svg", {viewBox: `0 0 ${W} ${H}`, class: "panel", "data-variable": name}, box, true);
  const [lo, hi] = span(values);
  const x = (t) => L + (W - L - R) * (t - times[0]) / (times[times.length - 1] - times[0]);
  const y = (v) => T + (H - T - B) * (hi - v) / (hi - lo);
  el("rect", {x: L, y: T, width: W - L - R, height: H - T - B, class: "frame"}, svg, true);
  if (o.honeymoon_peak_week !== null) {
    const end = o.return_week !== null ? o.return_week : o.horizon_weeks;
    el("rect", {x: x(o.start_week), y: T, width: Math.max(0, x(end) - x(o.start_week)),
                height: H - T - B, class: "honeymoon"}, svg, true);
  }
  el("line", {x1: L, x2: W - R, y1: y(values[0]), y2: y(values[0]), class: "startlevel"}, svg, true);
  el("line", {x1: x(o.start_week), x2: x(o.start_week), y1: T, y2: H - B, class: "start"}, svg, true);
  if (o.return_week !== null) {
    el("line", {x1: x(o.return_week), x2: x(o.return_week), y1: T, y2: H - B, class: "return"}, svg, true);
  }
  const d = values.map((v, i) => `${i ? "L" : "M"}${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`).join("");
  el("path", {d: d, class: "series", "data-last": values[values.length - 1]}, svg, true);
  el("text", {x: L, y: 13, class: "title"}, svg, true).textContent = label;
  const tick = (v) => Math.abs(hi - lo) < 0.1 ? v.toFixed(3) : Math.abs(hi) < 10 ? v.toFixed(2) : v.toFixed(0);
  el("text", {x: L - 3, y: T + 8, class: "ytick"}, svg, true).textContent = tick(hi);
  el("text", {x: L - 3, y: H - B, class: "ytick"}, svg, true).textContent = tick(lo);
  for (const t of [times[0], times[times.length - 1]]) {
    el("text", {x: x(t), y: H - 5, class: "xtick"}, svg, true).textContent = t.toFixed(0);
  }
}

function renderFigure() {
  const box = $("figure");
  box.textContent = "";
  if (!state.data) return;
  box.dataset.key = state.data.key;
  const phase = state.phase >= 0 ? state.config.story[state.phase] : null;
  for (const p of state.config.panels) {
    const cell = el("div", {class: "cell"}, box);
    if (phase && phase.indicators.includes(p.name)) cell.classList.add("highlight");
    panel(cell, p.name, p.label[state.lang], state.data);
  }
  $("download-svg").href = "/api/figure.svg?" + state.data.key;
  $("download-png").href = "/api/figure.png?" + state.data.key;
}

function renderDiagram() {
  const box = $("diagram");
  const info = state.data && state.data.diagram;
  if (!info) return;
  if (!info.available) {
    box.textContent = "";
    el("p", {class: "note", id: "diagram-note", title: info.note}, box).textContent = UI[state.lang].nodiagram;
    return;
  }
  if (state.dominance && state.dominance.key === state.data.key) { drawDominance(); return; }
  const key = state.data.key;
  getJSON("/api/dominance?" + key).then((d) => {
    if (!state.data || state.data.key !== key) return;
    d.key = key;
    state.dominance = d;
    const o = state.data.outcome;
    state.week = o.return_week !== null ? Math.round(o.return_week) : Math.round(o.horizon_weeks);
    drawDominance();
  }).catch((error) => { box.textContent = error.message; });
}

function dominantAt(week) {
  const d = state.dominance;
  const period = d.periods.find((p) => week >= p.start && week <= p.end) || d.periods[d.periods.length - 1];
  return period ? period.dominant : "none";
}

function drawDominance() {
  const box = $("diagram"), d = state.dominance, t = UI[state.lang];
  box.textContent = "";
  const horizon = state.data.outcome.horizon_weeks;
  const bar = el("svg", {viewBox: "0 0 1000 34", id: "dominance-bar", class: "dominance"}, box, true);
  for (const p of d.periods) {
    const x0 = 1000 * (p.start - 1) / horizon, x1 = 1000 * p.end / horizon;
    const seg = el("rect", {x: x0, y: 0, width: Math.max(1, x1 - x0), height: 34,
                            fill: d.colours[p.dominant] || "#dddddd"}, bar, true);
    el("title", {}, seg, true).textContent = `${p.start}–${p.end}: ${d.names[p.dominant] || p.dominant}`;
    if (x1 - x0 > 70) {
      el("text", {x: (x0 + x1) / 2, y: 22, class: "band"}, bar, true).textContent = d.names[p.dominant] || p.dominant;
    }
  }
  el("line", {x1: 1000 * state.week / horizon, x2: 1000 * state.week / horizon, y1: 0, y2: 34,
              class: "weekmark"}, bar, true);
  const row = el("div", {class: "control"}, box);
  el("label", {for: "diagram-week", class: "label"}, row).textContent =
    `${t.dominant} — ${t.week} ${state.week}: ${d.names[dominantAt(state.week)] || dominantAt(state.week)}`;
  const slider = el("input", {type: "range", id: "diagram-week", min: 1, max: horizon, step: 1, value: state.week}, row);
  slider.addEventListener("change", () => { state.week = Number(slider.value); drawDominance(); });
  const family = dominantAt(state.week);
  el("img", {src: "/api/diagram.svg?family=" + encodeURIComponent(family), alt: t.diagram,
             id: "diagram-img", "data-family": family}, box);
}

function renderStory() {
  const phase = state.config.story[state.phase];
  $("story").hidden = state.phase < 0;
  $("story-toggle").classList.toggle("active", state.phase >= 0);
  if (!phase) return;
  $("story-step").textContent = `${phase.number} / ${state.config.story.length}`;
  $("story-title").textContent = phase.title[state.lang];
  $("story-text").textContent = phase.text[state.lang];
}

function renderLanguage() {
  const t = UI[state.lang];
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-ui]")) node.textContent = t[node.dataset.ui];
  for (const c of state.config.controls) {
    document.querySelector(`label[data-control="${c.name}"]`).textContent = c.label[state.lang];
  }
  $("lang-en").classList.toggle("active", state.lang === "en");
  $("lang-nl").classList.toggle("active", state.lang === "nl");
  showValues();
}

function render() {
  renderOutcome();
  renderFigure();
  renderDiagram();
  renderStory();
}

function pickScenario() {
  const s = state.scenarios[$("scenario").value];
  $("scenario-description").textContent = s.description;
  setValues(s.values);
  schedule();
}

function step(delta) {
  const n = state.config.story.length;
  state.phase = Math.min(n - 1, Math.max(0, state.phase + delta));
  renderStory();
  renderFigure();
}

async function init() {
  state.config = await getJSON("/api/config");
  const list = await getJSON("/api/scenarios");
  const select = $("scenario");
  for (const s of list) {
    state.scenarios[s.name] = s;
    el("option", {value: s.name}, select).textContent = s.title;
  }
  if (state.scenarios.one_on_one) select.value = "one_on_one";
  buildControls();
  renderLanguage();
  select.addEventListener("change", pickScenario);
  $("reset").addEventListener("click", pickScenario);
  $("lang-en").addEventListener("click", () => { state.lang = "en"; renderLanguage(); render(); });
  $("lang-nl").addEventListener("click", () => { state.lang = "nl"; renderLanguage(); render(); });
  $("story-toggle").addEventListener("click", () => {
    state.phase = state.phase < 0 ? 0 : -1;
    renderStory();
    renderFigure();
  });
  $("story-prev").addEventListener("click", () => step(-1));
  $("story-next").addEventListener("click", () => step(1));
  pickScenario();
}

document.addEventListener("DOMContentLoaded", () => init().catch((error) => {
  $("status").className = "error";
  $("status").textContent = error.message;
}));
