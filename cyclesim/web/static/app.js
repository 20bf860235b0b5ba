// The interactive page: controls in, the model's numbers out (from /api/run), drawn as SVG.
// No model here: every number comes from the Python server.
"use strict";

const UI = {
  en: {title: "The 1-on-1 support cycle", scenario: "Scenario", reset: "Back to the scenario as written",
       outcome: "Outcome", story: "Story mode", diagram: "Causal loop diagram",
       legend: "dashed: intervention starts · green: honeymoon · red: back at start · dotted: start value",
       download: "Download the figure:", computing: "computing…", updated: "updated in", on: "on", off: "off",
       week: "week", weeks: "weeks", none: "—", dominant: "dominant loop",
       explore: "Explore", play: "Play", viewStory: "Story diagram", viewAll: "All variables",
       lit: "lit", returning: "The loop that brings the system back (knock-outs: cutting it moves the return most)",
       returningNone: "No loop brings this run back to start", shift: "cutting it moves the return by",
       honeymoonLit: "before the honeymoon's peak the balancing loop works",
       explainTitle: "What brings the system back, beside the dominant loop",
       explainStrip: "dominant loop per week (Loops That Matter); shaded: this step of the story",
       explainMore: "Where else dominance and knock-outs differ",
       explainNeeded: "Knock-outs show the return needs", explainNone: "no single knock-out removes the return or moves it by a quarter",
       explainWait: "running the knock-outs (about 30 runs, some seconds)…", noReturn: "no return",
       when: "weeks", whenAt: "around weeks", units: {"h/day": "h/day", "FTE": "FTE", "h/week": "h/week", "week": "", "1": ""},
       loops: {honeymoon: "B honeymoon", dependency: "R proximity becomes dependency",
               guard_role: "R guard role wears staff out", bigger_team: "R bigger team, more rules",
               stigma: "R stigma", overexploitation: "R overexploitation", other: "other loops",
               none: "no MODEL.md loop", "at rest": "at rest"},
       playTitle: "Your decisions this quarter", playIntro: "You manage the client's support for three years, a quarter (13 weeks) per turn. The model runs on from where it stands.",
       playTurn: "Play this quarter", playReset: "Start again", turn: "Turn", hours: "1-on-1 hours per day",
       staff: "staff per client", core: "core team [FTE] (0: whole team)", sd: "self-direction (seed 001)",
       net: "client network, 6 h/week (seed 002)", plan: "one plan, one coordinator (seed 003)",
       tandem: "tandem direction (seed 004)", debrief: "Debrief", searching: "searching the best path…",
       path: {team: "your path", story: "the story (escalation)", best: "best path found"},
       cost: "cost", extra: "extra cost", score: "score", back: "back at start", never: "not within 3 years",
       parted: "Your path and the best one parted in turn", same: "Your path is the best one found.",
       engineCompiling: "Compiling the model for this machine (first use, about a minute; {s} s so far). Meanwhile the page computes with NumPy, a little slower.",
       engineWaiting: "The compiled model is not ready on this machine yet: the page computes with NumPy meanwhile, a little slower.",
       engineReady: "The model is compiled: the page now computes at full speed.",
       classroom: "Classroom", classTeamTitle: "Join as a team", classCode: "Session code", classTeam: "Team name",
       classJoin: "Join and play", classTrainerTitle: "Trainer", classOpen: "Open a new session",
       classFollowLabel: "or follow the session with code", classFollow: "Follow", classSession: "Session code for the teams:",
       classPlaying: "Playing as team {team} in session {code}.", classTurns: "turns played", classDecisions: "decisions, turn by turn",
       classNoTeams: "No team has joined yet.", classFigure: "Composite improvement over the start, per team (weeks)",
       classDebrief: "Debrief of team",
       gameOver: "Three years played.", costQuarter: "cost this quarter",
       fields: {outcome: "result", return_week: "back at start", honeymoon_depth: "honeymoon depth",
                honeymoon_weeks: "honeymoon length", extra_cost_at_return: "extra cost until back at start",
                total_cost: "total cost", peak_dependency: "peak dependency"},
       classes: {returned: "back at start", not_within_horizon: "not back at start within the horizon",
                 no_honeymoon: "no honeymoon", worse: "worse than at start"}},
  nl: {title: "De 1-op-1-begeleidingscyclus", scenario: "Scenario", reset: "Terug naar het scenario zoals beschreven",
       outcome: "Uitkomst", story: "Verhaal", diagram: "Causaal lusdiagram",
       legend: "gestreept: start interventie · groen: wittebroodsweken · rood: terug bij af · gestippeld: startwaarde",
       download: "Download de figuur:", computing: "bezig met rekenen…", updated: "bijgewerkt in", on: "aan", off: "uit",
       week: "week", weeks: "weken", none: "—", dominant: "dominante lus",
       explore: "Verkennen", play: "Spelen", viewStory: "Verhaaldiagram", viewAll: "Alle variabelen",
       lit: "uitgelicht", returning: "De lus die het systeem terugbrengt (knock-outs: doorknippen verschuift de terugkeer het meest)",
       returningNone: "Geen lus brengt deze run terug bij af", shift: "doorknippen verschuift de terugkeer met",
       honeymoonLit: "vóór het hoogtepunt van de wittebroodsweken werkt de balancerende lus",
       explainTitle: "Wat het systeem terugbrengt, naast de dominante lus",
       explainStrip: "dominante lus per week (Loops That Matter); gearceerd: deze stap van het verhaal",
       explainMore: "Waar dominantie en knock-outs nog meer verschillen",
       explainNeeded: "De knock-outs laten zien dat de terugkeer dit nodig heeft", explainNone: "geen enkele knock-out neemt de terugkeer weg of verschuift die een kwartaal",
       explainWait: "de knock-outs worden doorgerekend (ongeveer 30 runs, enkele seconden)…", noReturn: "geen terugkeer",
       when: "weken", whenAt: "rond week", units: {"h/day": "u/dag", "FTE": "fte", "h/week": "u/week", "week": "", "1": ""},
       loops: {honeymoon: "B wittebroodsweken", dependency: "R nabijheid wordt afhankelijkheid",
               guard_role: "R bewakersrol put medewerkers uit", bigger_team: "R groter team, meer regels",
               stigma: "R stigma", overexploitation: "R roofbouw", other: "overige lussen",
               none: "geen lus uit het model domineert", "at rest": "in rust"},
       playTitle: "Jullie beslissingen dit kwartaal", playIntro: "Jullie regelen drie jaar lang de begeleiding van de cliënt, per beurt een kwartaal (13 weken). Het model rekent verder vanaf waar het staat.",
       playTurn: "Speel dit kwartaal", playReset: "Opnieuw beginnen", turn: "Beurt", hours: "1-op-1-uren per dag",
       staff: "begeleiders per cliënt", core: "kernteam [fte] (0: hele team)", sd: "eigen regie (seed 001)",
       net: "cliëntennetwerk, 6 u/week (seed 002)", plan: "één plan, één regisseur (seed 003)",
       tandem: "tandemregie (seed 004)", debrief: "Nabespreking", searching: "het beste pad zoeken…",
       path: {team: "jullie pad", story: "het verhaal (escalatie)", best: "beste gevonden pad"},
       cost: "kosten", extra: "extra kosten", score: "score", back: "terug bij af", never: "niet binnen 3 jaar",
       parted: "Jullie pad en het beste pad gingen uiteen in beurt", same: "Jullie pad is het beste gevonden pad.",
       engineCompiling: "Het model wordt voor deze computer gecompileerd (eerste keer, ongeveer een minuut; {s} s bezig). Tot dan rekent de pagina met NumPy, iets langzamer.",
       engineWaiting: "Het gecompileerde model staat nog niet klaar op deze computer: tot dan rekent de pagina met NumPy, iets langzamer.",
       engineReady: "Het model is gecompileerd: de pagina rekent nu op volle snelheid.",
       classroom: "Klas", classTeamTitle: "Meedoen als team", classCode: "Sessiecode", classTeam: "Teamnaam",
       classJoin: "Meedoen en spelen", classTrainerTitle: "Trainer", classOpen: "Nieuwe sessie openen",
       classFollowLabel: "of volg de sessie met code", classFollow: "Volgen", classSession: "Sessiecode voor de teams:",
       classPlaying: "Jullie spelen als team {team} in sessie {code}.", classTurns: "beurten gespeeld", classDecisions: "beslissingen per beurt",
       classNoTeams: "Nog geen team doet mee.", classFigure: "Samengestelde verbetering ten opzichte van de start, per team (weken)",
       classDebrief: "Nabespreking van team",
       gameOver: "Drie jaar gespeeld.", costQuarter: "kosten dit kwartaal",
       fields: {outcome: "resultaat", return_week: "terug bij af", honeymoon_depth: "diepte wittebroodsweken",
                honeymoon_weeks: "duur wittebroodsweken", extra_cost_at_return: "extra kosten tot terug bij af",
                total_cost: "totale kosten", peak_dependency: "hoogste afhankelijkheid"},
       classes: {returned: "terug bij af", not_within_horizon: "niet terug bij af binnen de horizon",
                 no_honeymoon: "geen wittebroodsweken", worse: "slechter dan bij de start"}},
};
const SVG = "http://www.w3.org/2000/svg";
const state = {lang: "en", view: "story", returning: null, elapsed: null, pane: "explore",
               play: {codes: [], data: null, debrief: null}, config: null, scenarios: {}, seq: 0, timer: null, phase: -1, data: null,
               dominance: null, knockout: null, pending: {}, explainError: null, week: 0, classroom: null, trainer: null, classView: null, classTimer: null, engine: null, engineShown: false, engineTimer: null};
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
      : `${num(Number(input.value), c.step < 1 ? 1 : 0)} ${t.units[c.unit] !== undefined ? t.units[c.unit] : c.unit}`;
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
    state.elapsed = Math.round(performance.now() - began);
    status.textContent = `${UI[state.lang].updated} ${state.elapsed} ms`;
  } catch (error) {
    if (seq !== state.seq) return;
    status.className = "error";
    status.textContent = error.message;
  }
}

function num(v, digits) {
  return v.toLocaleString(state.lang === "nl" ? "nl-NL" : "en-GB",
                          {minimumFractionDigits: digits, maximumFractionDigits: digits});
}

function fmt(name, v) {
  const t = UI[state.lang];
  if (v === null || v === undefined) return t.none;
  const locale = state.lang === "nl" ? "nl-NL" : "en-GB";
  if (name === "outcome") return t.classes[v] || v;
  if (name === "return_week") return `${t.week} ${num(v, 0)}`;
  if (name === "honeymoon_weeks") return `${num(v, 0)} ${t.weeks}`;
  if (name === "honeymoon_depth") return `${num(100 * v, 1)} %`;
  if (name.endsWith("cost") || name.includes("cost_")) {
    return "€ " + Math.round(v).toLocaleString(locale);
  }
  return num(v, 2);
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

// The y-range a care team reads right: shares and indices from 0 to 1, counts from 0,
// the improvement on a stated symmetric range; never auto-zoomed onto a small change.
function yRange(name, values) {
  const hi = Math.max(...values), lo = Math.min(...values);
  if (name === "composite_improvement") {
    const m = Math.max(0.3, Math.abs(hi), Math.abs(lo)) * 1.1;
    return [-m, m];
  }
  if (name === "sickness_absence_percentage") return [0, Math.max(20, hi * 1.15)];
  if (/share|satisfaction|dependency|climate|strain|stigma|tension/.test(name)) return [0, Math.max(1, hi)];
  return [0, Math.max(hi * 1.2, 1e-9)];
}

function panel(box, name, label, data, marks) {
  const W = 300, H = 172, L = 40, R = 8, T = 20, B = 32;
  const times = data.times, values = data.series[name], o = marks || data.outcome;
  const svg = el("svg", {viewBox: `0 0 ${W} ${H}`, class: "panel", "data-variable": name}, box, true);
  const [lo, hi] = yRange(name, values);
  const t0 = times[0], t1 = Math.max(times[times.length - 1], o.horizon_weeks || 0, t0 + 1);
  const x = (t) => L + (W - L - R) * (t - t0) / (t1 - t0);
  const y = (v) => T + (H - T - B) * (hi - v) / (hi - lo);
  el("rect", {x: L, y: T, width: W - L - R, height: H - T - B, class: "frame"}, svg, true);
  if (o.honeymoon_peak_week !== null && o.honeymoon_peak_week !== undefined) {
    const end = o.return_week !== null ? o.return_week : o.horizon_weeks;
    el("rect", {x: x(o.start_week), y: T, width: Math.max(0, x(end) - x(o.start_week)),
                height: H - T - B, class: "honeymoon"}, svg, true);
  }
  el("line", {x1: L, x2: W - R, y1: y(values[0]), y2: y(values[0]), class: "startlevel"}, svg, true);
  if (o.start_week !== undefined) {
    el("line", {x1: x(o.start_week), x2: x(o.start_week), y1: T, y2: H - B, class: "start"}, svg, true);
  }
  if (o.return_week !== null && o.return_week !== undefined) {
    el("line", {x1: x(o.return_week), x2: x(o.return_week), y1: T, y2: H - B, class: "return"}, svg, true);
  }
  const d = values.map((v, i) => `${i ? "L" : "M"}${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`).join("");
  el("path", {d: d, class: "series", "data-last": values[values.length - 1]}, svg, true);
  el("text", {x: L, y: 13, class: "title"}, svg, true).textContent = label;
  const digits = Math.abs(hi - lo) < 0.5 ? 2 : Math.abs(hi - lo) < 5 ? 1 : 0;
  for (const v of [lo, (lo + hi) / 2, hi]) {
    el("text", {x: L - 3, y: y(v) + 3, class: "ytick"}, svg, true).textContent = num(v, digits);
  }
  el("text", {x: W - R, y: y(values[0]) - 2, class: "ytick startvalue"}, svg, true).textContent =
    `start ${num(values[0], digits + 1)}`;
  const step = t1 - t0 > 100 ? 26 : 13;
  for (let t = Math.ceil(t0 / step) * step; t <= t1 + 1e-9; t += step) {
    el("line", {x1: x(t), x2: x(t), y1: H - B, y2: H - B + 3, class: "tick"}, svg, true);
    el("text", {x: x(t), y: H - B + 12, class: "xtick"}, svg, true).textContent = num(t, 0);
  }
  el("text", {x: (L + W - R) / 2, y: H - 3, class: "axislabel", "text-anchor": "middle"}, svg, true)
    .textContent = UI[state.lang].week;
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
  if (!state.data) return;
  $("view-story").classList.toggle("active", state.view === "story");
  $("view-all").classList.toggle("active", state.view === "all");
  if (state.view === "story") { renderStoryDiagram(); return; }
  $("returning").textContent = "";
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

function renderStoryDiagram() {
  const box = $("diagram"), key = state.data.key;
  if (state.returning && state.returning.key === key) { drawStory(); return; }
  const o = state.data.outcome;
  state.week = o.return_week !== null ? Math.round(o.return_week) : Math.round(o.horizon_weeks);
  drawStory();
  getJSON("/api/returning?" + key).then((r) => {
    if (!state.data || state.data.key !== key) return;
    r.key = key;
    state.returning = r;
    if (state.view === "story") drawStory();
  }).catch((error) => { $("returning").textContent = error.message; });
}

function storyFamily(week) {
  const o = state.data.outcome, r = state.returning;
  if (o.honeymoon_peak_week !== null && week < o.honeymoon_peak_week) return "honeymoon";
  return r && r.key === state.data.key ? r.family : "none";
}

function drawStory() {
  const box = $("diagram"), t = UI[state.lang], o = state.data.outcome, r = state.returning;
  box.textContent = "";
  const family = storyFamily(state.week);
  let text = t.computing;
  if (r && r.key === state.data.key) {
    text = r.family === "none" ? t.returningNone : `${t.returning}: ${t.loops[r.family]}` +
      (r.shift_weeks !== null ? ` (${t.shift} ${r.shift_bound && r.shift_bound !== "=" ? r.shift_bound + " " : "+"}${num(r.shift_weeks, 0)} ${t.weeks})` : "");
  }
  $("returning").textContent = text;
  const row = el("div", {class: "control"}, box);
  el("label", {for: "diagram-week", class: "label"}, row).textContent =
    `${t.week} ${state.week}: ${t.lit} ${t.loops[family] || family}` +
    (family === "honeymoon" ? ` (${t.honeymoonLit})` : "");
  const slider = el("input", {type: "range", id: "diagram-week", min: 0, max: o.horizon_weeks, step: 1, value: state.week}, row);
  slider.addEventListener("change", () => { state.week = Number(slider.value); drawStory(); });
  el("img", {src: `/api/story.svg?lang=${state.lang}&family=${encodeURIComponent(family)}`,
             alt: t.viewStory, id: "story-img", "data-family": family}, box);
}

function dominantAt(week) {
  const d = state.dominance;
  const period = d.periods.find((p) => week >= p.start && week <= p.end) || d.periods[d.periods.length - 1];
  return period ? period.dominant : "none";
}

// The dominance strip: one coloured band per period, its loop named where it fits; a
// shaded span (a story step's weeks) and the chosen week marked.
function drawStrip(parent, id, span) {
  const d = state.dominance, t = UI[state.lang], horizon = state.data.outcome.horizon_weeks;
  const bar = el("svg", {viewBox: "0 0 1000 34", id: id, class: "dominance"}, parent, true);
  for (const p of d.periods) {
    const x0 = 1000 * (p.start - 1) / horizon, x1 = 1000 * p.end / horizon;
    const seg = el("rect", {x: x0, y: 0, width: Math.max(1, x1 - x0), height: 34,
                            fill: d.colours[p.dominant] || "#dddddd", "data-dominant": p.dominant}, bar, true);
    el("title", {}, seg, true).textContent = `${p.start}–${p.end}: ${t.loops[p.dominant] || p.dominant}`;
    if (x1 - x0 > 70) {
      el("text", {x: (x0 + x1) / 2, y: 22, class: "band"}, bar, true).textContent = t.loops[p.dominant] || p.dominant;
    }
  }
  if (span) {
    el("rect", {x: 1000 * span.start / horizon, y: 0, width: Math.max(2, 1000 * (span.end - span.start) / horizon),
                height: 34, class: "phasemark"}, bar, true);
  }
  el("line", {x1: 1000 * state.week / horizon, x2: 1000 * state.week / horizon, y1: 0, y2: 34,
              class: "weekmark"}, bar, true);
  return bar;
}

function drawDominance() {
  const box = $("diagram"), t = UI[state.lang];
  box.textContent = "";
  const horizon = state.data.outcome.horizon_weeks;
  drawStrip(box, "dominance-bar", null);
  const row = el("div", {class: "control"}, box);
  el("label", {for: "diagram-week", class: "label"}, row).textContent =
    `${t.dominant} — ${t.week} ${state.week}: ${t.loops[dominantAt(state.week)] || dominantAt(state.week)}`;
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
  renderExplain();
  if (!phase) return;
  $("story-step").textContent = `${phase.number} / ${state.config.story.length}`;
  $("story-title").textContent = phase.title[state.lang];
  $("story-text").textContent = phase.text[state.lang];
  const when = state.data && state.data.phases ? state.data.phases[state.phase] : null;
  let whenBox = $("story-when");
  if (!whenBox) whenBox = el("span", {id: "story-when"}, $("story"));
  whenBox.textContent = when ? `(${UI[state.lang].when} ${num(when.start, 0)}–${num(when.end, 0)})` : "";
}

// --- story mode: which loops the knock-outs show the return needs, beside the dominance
// strip, and the sentence that says where the two differ (/api/knockout, /api/dominance) ---
function fetchFor(name, path) {
  const key = state.data.key;
  if ((state[name] && state[name].key === key) || state.pending[name] === key) return;
  state.pending[name] = key;
  getJSON(`${path}?${key}`).then((r) => { r.key = key; state[name] = r; })
    .catch((error) => { state.explainError = {key: key, message: error.message}; })
    .finally(() => { delete state.pending[name]; if (state.data && state.data.key === key) renderExplain(); });
}

function neededText(k) {
  const t = UI[state.lang];
  const needed = k.knockouts.filter((r) => r.effect === "no_return" || r.effect === "delays");
  if (!needed.length) return `${t.explainNeeded}: ${t.explainNone}.`;
  return `${t.explainNeeded}: ` + needed.map((r) => `${r.words[state.lang]} (` +
    (r.effect === "no_return" ? t.noReturn : `${r.shift_bound && r.shift_bound !== "=" ? r.shift_bound + " " : "+"}${num(r.shift_weeks, 0)} ${t.weeks}`) + ")").join("; ") + ".";
}

function renderExplain() {
  const box = $("explain");
  box.hidden = state.phase < 0 || !state.data;
  if (box.hidden) return;
  const key = state.data.key, t = UI[state.lang], strip = $("explain-strip"), list = $("explain-list");
  const k = state.knockout && state.knockout.key === key ? state.knockout : null;
  const failed = state.explainError && state.explainError.key === key ? state.explainError.message : null;
  strip.textContent = "";
  list.textContent = "";
  if (state.dominance && state.dominance.key === key) {
    drawStrip(strip, "explain-bar", state.data.phases ? state.data.phases[state.phase] : null);
  } else fetchFor("dominance", "/api/dominance");
  if (!k) fetchFor("knockout", "/api/knockout");
  $("explain-needed").textContent = failed || (k ? neededText(k) : t.explainWait);
  $("explain-needed").dataset.needed = k ? k.needed.map((n) => `${n.kind}:${n.name}`).join(" ") : "";
  $("explain-differ").textContent = k ? (k.sentences[state.lang].headline || "") : "";
  for (const line of k ? k.sentences[state.lang].differ : []) el("li", {}, list).textContent = line;
  $("explain-more").hidden = !k;
}

function renderLanguage() {
  const t = UI[state.lang];
  document.documentElement.lang = state.lang;
  renderEngine();
  if (state.trainer) pollClass();
  for (const node of document.querySelectorAll("[data-ui]")) node.textContent = t[node.dataset.ui];
  for (const c of state.config.controls) {
    document.querySelector(`label[data-control="${c.name}"]`).textContent = c.label[state.lang];
  }
  $("lang-en").classList.toggle("active", state.lang === "en");
  $("lang-nl").classList.toggle("active", state.lang === "nl");
  if (state.elapsed !== null && !$("status").className) $("status").textContent = `${t.updated} ${state.elapsed} ms`;
  for (const option of $("scenario").options) {
    const s = state.scenarios[option.value];
    if (s) option.textContent = (s.title_nl && state.lang === "nl") ? s.title_nl : s.title;
  }
  const chosen = state.scenarios[$("scenario").value];
  if (chosen) $("scenario-description").textContent =
    (chosen.description_nl && state.lang === "nl") ? chosen.description_nl : chosen.description;
  buildPlayControls();
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
  $("scenario-description").textContent = (s.description_nl && state.lang === "nl") ? s.description_nl : s.description;
  setValues(s.values);
  schedule();
}

function step(delta) {
  const n = state.config.story.length;
  state.phase = Math.min(n - 1, Math.max(0, state.phase + delta));
  renderStory();
  renderFigure();
}

function setLanguage(lang) {
  state.lang = lang;
  if (!state.config) return;  // a click while the page loads: init renders in this language
  renderLanguage();
  render();
  if (state.pane === "play") loadPlay();
}

async function init() {
  // the language buttons answer from the first moment, before the page has its config
  $("lang-en").addEventListener("click", () => setLanguage("en"));
  $("lang-nl").addEventListener("click", () => setLanguage("nl"));
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
  $("story-toggle").addEventListener("click", () => {
    state.phase = state.phase < 0 ? 0 : -1;
    renderStory();
    renderFigure();
  });
  $("tab-explore").addEventListener("click", () => showPane("explore"));
  $("tab-play").addEventListener("click", () => showPane("play"));
  $("tab-class").addEventListener("click", () => showPane("class"));
  $("class-join").addEventListener("click", () => joinClass($("class-code").value, $("class-team").value));
  $("class-open").addEventListener("click", openClass);
  $("class-follow-go").addEventListener("click", () => followClass($("class-follow").value));
  $("view-story").addEventListener("click", () => { state.view = "story"; renderDiagram(); });
  $("view-all").addEventListener("click", () => { state.view = "all"; renderDiagram(); });
  $("play-turn").addEventListener("click", playTurn);
  $("play-reset").addEventListener("click", () => { state.play.codes = []; savePlay(); loadPlay(); });
  try { state.play.codes = JSON.parse(localStorage.getItem("cyclesim-play") || "[]"); } catch (e) { state.play.codes = []; }
  $("story-prev").addEventListener("click", () => step(-1));
  $("story-next").addEventListener("click", () => step(1));
  pickScenario();
  checkEngine();
  const team = readSession("cyclesim-class"), trainer = readSession("cyclesim-trainer");
  if (team) joinClass(team.code, team.team);  // after a reload or a server restart: carry on
  else if (trainer) followClass(trainer);
}

// --- classroom mode: teams join a trainer's session with a short code; decisions are kept
// on the server (SQLite), so a reload or a server restart loses nothing ---
function readSession(key) { try { return JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { return null; } }

function classStatus(text, error) { const s = $("class-status"); s.className = error ? "error" : ""; s.textContent = text; }

async function joinClass(code, team) {
  try {
    const r = await getJSON(`/api/class/join?code=${encodeURIComponent(code.trim())}&team=${encodeURIComponent(team.trim())}`);
    state.classroom = {code: r.code, team: r.team};
    sessionStorage.setItem("cyclesim-class", JSON.stringify(state.classroom));
    state.play.codes = r.path;
    showPane("play");
  } catch (error) { showPane("class"); classStatus(error.message, true); }
}

async function openClass() {
  try { followClass((await getJSON("/api/class/open")).code); } catch (error) { classStatus(error.message, true); }
}

function followClass(code) {
  state.trainer = code.trim().toUpperCase();
  sessionStorage.setItem("cyclesim-trainer", JSON.stringify(state.trainer));
  showPane("class");
  pollClass();
}

async function pollClass() {
  clearTimeout(state.classTimer);
  if (!state.trainer) return;
  try {
    state.classView = await getJSON(`/api/class/view?code=${encodeURIComponent(state.trainer)}&lang=${state.lang}`);
    classStatus("", false);
    renderClass();
  } catch (error) { classStatus(error.message, true); }
  state.classTimer = setTimeout(pollClass, 2000);
}

function renderClass() {
  const v = state.classView, t = UI[state.lang];
  if (!v) return;
  $("class-session").textContent = `${t.classSession} ${v.code}`;
  const table = $("class-table"), fig = $("class-figure"), deb = $("class-debriefs");
  table.textContent = ""; fig.textContent = ""; deb.textContent = "";
  if (!v.teams.length) { el("caption", {}, table).textContent = t.classNoTeams; return; }
  const head = el("tr", {}, table);
  for (const h of [t.classTeam, t.classTurns, t.fields.outcome, t.back, t.extra, t.score, t.classDecisions]) el("th", {}, head).textContent = h;
  for (const team of v.teams) {
    const row = el("tr", {"data-team": team.team, "data-played": team.played}, table), r = team.result;
    el("td", {}, row).textContent = team.team;
    el("td", {}, row).textContent = `${team.played} / ${v.turns}`;
    el("td", {}, row).textContent = r ? (t.classes[r.outcome] || r.outcome) : t.none;
    el("td", {}, row).textContent = !r ? t.none : r.return_week === null ? t.never : `${t.week} ${num(r.return_week, 0)}`;
    el("td", {}, row).textContent = r ? `€ ${num(Math.round(r.extra_cost), 0)}` : t.none;
    el("td", {}, row).textContent = r ? num(r.score, 1) : t.none;
    el("td", {}, row).textContent = team.decisions.map((d, k) => `${k + 1}: ${d}`).join(" · ");
  }
  // the teams' paths side by side: the composite improvement week by week
  const W = 700, H = 200, L = 40, weeks = v.turns * 13, colours = ["#1f5fa8", "#d4572a", "#2a9d55", "#8e44ad", "#b8860b", "#555"];
  const all = v.teams.flatMap((x) => x.composite), lo = Math.min(0, ...all), hi = Math.max(0.05, ...all);
  const svg = el("svg", {viewBox: `0 0 ${W} ${H + 30}`, role: "img", "aria-label": t.classFigure}, fig, true);
  el("text", {x: L, y: 12, class: "title"}, svg, true).textContent = t.classFigure;
  const x = (w) => L + (W - L - 10) * w / weeks, y = (c) => H - (H - 30) * (c - lo) / (hi - lo);
  el("line", {x1: L, x2: W - 10, y1: y(0), y2: y(0), stroke: "#999", "stroke-dasharray": "3 3"}, svg, true);
  for (let k = 0; k <= v.turns; k += 4) el("text", {x: x(k * 13), y: H + 15, "font-size": 10, "text-anchor": "middle"}, svg, true).textContent = k * 13;
  v.teams.forEach((team, i) => {
    if (!team.composite.length) return;
    const points = team.composite.map((c, w) => `${x(w).toFixed(1)},${y(c).toFixed(1)}`).join(" ");
    el("polyline", {points, fill: "none", stroke: colours[i % colours.length], "stroke-width": 2, "data-team": team.team}, svg, true);
    el("text", {x: L + 5 + 90 * i, y: H + 28, fill: colours[i % colours.length], "font-size": 11}, svg, true).textContent = team.team;
  });
  for (const team of v.teams.filter((x) => x.debrief)) {
    el("h3", {}, deb).textContent = `${t.classDebrief} ${team.team}`;
    const d = team.debrief, tab = el("table", {"data-team": team.team}, deb), hr = el("tr", {}, tab);
    for (const h of ["", t.fields.outcome, t.back, t.cost, t.extra, t.score]) el("th", {}, hr).textContent = h;
    for (const key of ["team", "story", "best"]) {
      const r = d.results[key], tr = el("tr", {}, tab);
      for (const c of [t.path[key], t.classes[r.outcome] || r.outcome, r.return_week === null ? t.never : `${t.week} ${num(r.return_week, 0)}`,
                       `€ ${num(Math.round(r.cost), 0)}`, `€ ${num(Math.round(r.extra_cost), 0)}`, num(r.score, 1)]) el("td", {}, tr).textContent = c;
    }
    el("p", {}, deb).textContent = d.parted_turn === null ? t.same : `${t.parted} ${d.parted_turn}.`;
  }
}

// --- first use: say when the model's kernels compile, with progress (engine "auto" runs
// on NumPy meanwhile, so nothing waits; /api/engine says how far the compile is) ---
async function checkEngine() {
  clearTimeout(state.engineTimer);
  try { state.engine = await getJSON("/api/engine"); } catch (error) { return; }
  renderEngine();
  if (state.engine.available && !state.engine.compiled) state.engineTimer = setTimeout(checkEngine, 2000);
}

function renderEngine() {
  const e = state.engine, box = $("engine-note"), bar = $("engine-progress"), t = UI[state.lang];
  if (!e || !e.available || (e.compiled && !state.engineShown)) { box.hidden = true; return; }
  box.hidden = false;
  if (e.compiled) {
    bar.value = 1;
    $("engine-text").textContent = t.engineReady;
    setTimeout(() => { box.hidden = true; }, 8000);
    return;
  }
  state.engineShown = true;
  if (e.compiling) {
    bar.value = Math.min(0.95, e.seconds / e.expected_seconds);
    $("engine-text").textContent = t.engineCompiling.replace("{s}", Math.round(e.seconds));
  } else {
    bar.removeAttribute("value");  // indeterminate: the compile starts with the next run
    $("engine-text").textContent = t.engineWaiting;
  }
}

// --- play mode: the team decides, a quarter per turn (the model runs on the server) ---
const LEVERS = [["hours", "range", 0, 24, 1], ["staff", "select"], ["core", "range", 0, 8, 0.5],
                ["sd", "check"], ["net", "check"], ["plan", "check"], ["tandem", "check"]];

function buildPlayControls() {
  const box = $("play-controls"), t = UI[state.lang];
  const keep = {};
  for (const [name] of LEVERS) { const input = $("play-" + name); if (input) keep[name] = input.type === "checkbox" ? input.checked : input.value; }
  box.textContent = "";
  for (const [name, kind, lo, hi, step] of LEVERS) {
    const row = el("div", {class: "control"}, box);
    el("label", {for: "play-" + name, class: "label"}, row).textContent = t[name];
    let input;
    if (kind === "range") input = el("input", {type: "range", id: "play-" + name, min: lo, max: hi, step: step, value: lo}, row);
    else if (kind === "check") input = el("input", {type: "checkbox", id: "play-" + name}, row);
    else {
      input = el("select", {id: "play-" + name}, row);
      for (const v of [1, 2]) el("option", {value: v}, input).textContent = state.lang === "nl" ? `${v}-op-1` : `${v}-on-1`;
    }
    if (name in keep) { if (kind === "check") input.checked = keep[name]; else input.value = keep[name]; }
    const out = el("output", {id: "playval-" + name}, row);
    const show = () => { if (kind === "range") out.textContent = `${num(Number(input.value), step < 1 ? 1 : 0)} ${name === "hours" ? t.units["h/day"] : t.units.FTE}`; };
    input.addEventListener("input", show);
    show();
  }
}

function playCode() {
  const flags = ["sd", "net", "plan", "tandem"].map((n) => ($("play-" + n).checked ? "1" : "0")).join("");
  return `${Number($("play-hours").value)}-${$("play-staff").value}-${Number($("play-core").value)}-${flags}`;
}

function setPlayControls(choice) {
  $("play-hours").value = choice.hours; $("play-staff").value = choice.staff; $("play-core").value = choice.core;
  $("play-sd").checked = choice.self_direction; $("play-net").checked = choice.network;
  $("play-plan").checked = choice.one_plan; $("play-tandem").checked = choice.tandem;
  for (const n of ["hours", "core"]) $("play-" + n).dispatchEvent(new Event("input"));
}

function savePlay() { localStorage.setItem("cyclesim-play", JSON.stringify(state.play.codes)); }

function showPane(pane) {
  state.pane = pane;
  $("explore-pane").hidden = pane !== "explore";
  $("play-pane").hidden = pane !== "play";
  $("class-pane").hidden = pane !== "class";
  $("tab-class").classList.toggle("active", pane === "class");
  $("tab-explore").classList.toggle("active", pane === "explore");
  $("tab-play").classList.toggle("active", pane === "play");
  if (pane === "play") loadPlay();
}

async function loadPlay() {
  const status = $("play-status");
  status.className = "busy";
  status.textContent = UI[state.lang].computing;
  try {
    const data = await getJSON(`/api/play?lang=${state.lang}&d=${state.play.codes.join("_")}`);
    state.play.data = data;
    setPlayControls(data.next);
    renderPlay();
    status.className = "";
    status.textContent = "";
    if (data.done) loadDebrief();
  } catch (error) {
    status.className = "error";
    status.textContent = error.message;
  }
}

async function playTurn() {
  const data = state.play.data;
  if (data && data.done) return;
  if (state.classroom) {  // the decision is kept on the server, for the trainer to see
    const c = state.classroom;
    try {
      const r = await getJSON(`/api/class/decide?code=${encodeURIComponent(c.code)}&team=${encodeURIComponent(c.team)}` +
                              `&turn=${state.play.codes.length + 1}&d=${playCode()}`);
      state.play.codes = r.path;
    } catch (error) { $("play-status").className = "error"; $("play-status").textContent = error.message; return; }
  } else {
    state.play.codes.push(playCode());
    savePlay();
  }
  await loadPlay();
}

function renderPlay() {
  const data = state.play.data, t = UI[state.lang], list = $("play-turns");
  list.textContent = "";
  $("play-debrief").textContent = "";
  $("play-turn").disabled = data.done;
  $("play-reset").hidden = Boolean(state.classroom);  // a classroom's path is the trainer's record
  $("play-class").textContent = state.classroom
    ? t.classPlaying.replace("{team}", state.classroom.team).replace("{code}", state.classroom.code) : "";
  for (const turn of data.turns) {
    const li = el("li", {"data-turn": turn.turn}, list);
    const c = turn.changes;
    el("strong", {}, li).textContent = `${t.turn} ${turn.turn} (${t.when} ${turn.weeks[0]}–${turn.weeks[1]}): `;
    el("span", {}, li).textContent = [
      `${t.hours} ${num(turn.choice.hours, 0)}`, `${state.lang === "nl" ? turn.choice.staff + "-op-1" : turn.choice.staff + "-on-1"}`,
      `${state.config.panels.find((p) => p.name === "incident_rate").label[state.lang]} ${num(c.incident_rate.before, 1)} → ${num(c.incident_rate.after, 1)}`,
      `${state.config.panels.find((p) => p.name === "sickness_absence_percentage").label[state.lang]} ${num(c.sickness_absence_percentage.before, 1)} → ${num(c.sickness_absence_percentage.after, 1)}`,
      `${t.costQuarter} € ${num(Math.round(c.cost.after), 0)}`].join(" · ");
    el("div", {class: "why"}, li).textContent = turn.why;
  }
  const box = $("play-figure");
  box.textContent = "";
  const marks = {start_week: 0, horizon_weeks: data.turn_weeks * data.total_turns, honeymoon_peak_week: null, return_week: null};
  for (const p of state.config.panels) {
    if (!(p.name in data.series)) continue;
    panel(el("div", {class: "cell"}, box), p.name, p.label[state.lang], data, marks);
  }
  if (data.done) el("p", {}, $("play-debrief")).textContent = t.gameOver;
}

async function loadDebrief() {
  const t = UI[state.lang], box = $("play-debrief");
  el("p", {id: "debrief-wait"}, box).textContent = t.searching;
  const d = await getJSON(`/api/play/debrief?lang=${state.lang}&d=${state.play.codes.join("_")}`);
  box.textContent = "";
  el("h2", {}, box).textContent = t.debrief;
  const table = el("table", {id: "debrief-table"}, box);
  const head = el("tr", {}, table);
  for (const h of ["", t.fields.outcome, t.back, t.cost, t.extra, t.score]) el("th", {}, head).textContent = h;
  for (const key of ["team", "story", "best"]) {
    const r = d.results[key], row = el("tr", {"data-path": key}, table);
    el("td", {}, row).textContent = t.path[key];
    el("td", {}, row).textContent = t.classes[r.outcome] || r.outcome;
    el("td", {}, row).textContent = r.return_week === null ? t.never : `${t.week} ${num(r.return_week, 0)}`;
    el("td", {}, row).textContent = `€ ${num(Math.round(r.cost), 0)}`;
    el("td", {}, row).textContent = `€ ${num(Math.round(r.extra_cost), 0)}`;
    el("td", {}, row).textContent = num(r.score, 1);
  }
  el("p", {id: "debrief-parted"}, box).textContent = d.parted_turn ? `${t.parted} ${d.parted_turn}.` : t.same;
}

document.addEventListener("DOMContentLoaded", () => init().catch((error) => {
  $("status").className = "error";
  $("status").textContent = error.message;
}));
