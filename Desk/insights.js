// Usage and translation demand: what customers asked for, in which languages, and which texts
// they lacked, for a support lead. Plain modern JavaScript, no build step and no dependency.
// Every text goes in with textContent; the charts are SVG built element by element (the page's
// Content-Security-Policy forbids HTML from strings outright with Trusted Types).

import { $, WORKSPACE, api, languageName, session, showProblem, start, t } from '/desk/common.js';

const SVG = 'http://www.w3.org/2000/svg';
const PERIODS = {
  day: { hours: 24, every: 'hour', name: 'insights.period_day', top: 'insights.top_heading_day' },
  week: { hours: 24 * 7, every: 'day', name: 'insights.period_week', top: 'insights.top_heading_week' },
  month: { hours: 24 * 30, every: 'day', name: 'insights.period_month', top: 'insights.top_heading_month' },
};
const CAPTIONS = { hour: 'insights.languages_caption_hour', day: 'insights.languages_caption_day' };
const TOP = 10;          // bars of the top questions
const LANGUAGES = 6;     // languages drawn apart in the chart over time; the rest are summed
const DEMAND = 12;       // bars of the demand chart
const ROWS = 20;         // rows of the outdated and unused lists
const UNUSED_DAYS = 30;

const state = { workspace: null, period: 'week', data: null, loads: 0 };

const named = (tag) => `${languageName(tag)} (${tag})`;
const number = (value) => new Intl.NumberFormat(session.uiLocale).format(value ?? 0);

// MARK: Loading a period's numbers

let loadAbort = null;

const stamp = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

async function load() {
  loadAbort?.abort();
  loadAbort = new AbortController();
  const signal = loadAbort.signal;
  const period = PERIODS[state.period];
  const to = new Date();
  const from = new Date(to.getTime() - period.hours * 3600_000);
  const range = new URLSearchParams({ from: stamp(from), to: stamp(to) });
  const base = `/v1/workspaces/${encodeURIComponent(state.workspace)}`;
  document.body.dataset.loading = 'true';
  $('insights-view').setAttribute('aria-busy', 'true');
  try {
    const [templates, languages, demand] = await Promise.all([
      api('GET', `${base}/usage?${range}&by=template&every=${period.every}`, undefined, { signal }),
      api('GET', `${base}/usage?${range}&by=locale&every=${period.every}`, undefined, { signal }),
      api('GET', `${base}/demand?${range}&unusedDays=${UNUSED_DAYS}`, undefined, { signal }),
    ]);
    state.data = { templates, languages, demand, period: state.period, every: period.every, from: templates.from ?? stamp(from), to: templates.to ?? stamp(to) };
    $('problem').textContent = '';
    draw();
    state.loads += 1;
    Object.assign(document.body.dataset, { from: stamp(from), to: stamp(to), period: state.period, workspace: state.workspace });
    document.body.dataset.loaded = String(state.loads);
    $('status').textContent = t('insights.updated', { period: t(period.name) });
  } catch (error) {
    showProblem(error);
  } finally {
    if (!signal.aborted) {
      delete document.body.dataset.loading;
      $('insights-view').removeAttribute('aria-busy');
    }
  }
}

function draw() {
  const { templates, languages, demand } = state.data;
  drawHeadline(templates);
  const empty = !(templates.total?.renders > 0);
  $('top-heading').textContent = t(PERIODS[state.data.period].top);
  for (const name of ['top', 'languages']) {
    $(`${name}-figure`).hidden = empty;
    $(`${name}-empty`).hidden = !empty;
  }
  if (empty) {
    for (const id of ['top-chart', 'languages-chart', 'legend']) $(id).replaceChildren();
  } else {
    drawTop(templates.groups ?? []);
    drawLanguages(languages);
  }
  drawDemand(demand);
  document.body.dataset.drawn = String((Number(document.body.dataset.drawn) || 0) + 1);
}

// MARK: Elements

function el(tag, properties = {}, text) {
  const element = Object.assign(document.createElement(tag), properties);
  if (text !== undefined) element.textContent = text;
  return element;
}

function svg(name, attributes = {}, text) {
  const element = document.createElementNS(SVG, name);
  for (const [attribute, value] of Object.entries(attributes)) element.setAttribute(attribute, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A table's rows: the first cell heads its row; each row carries `data(item)` as data- attributes. */
function fillRows(table, items, cells, data = () => ({})) {
  table.tBodies[0].replaceChildren(...items.map((item) => {
    const row = el('tr');
    Object.assign(row.dataset, data(item));
    row.append(...cells(item).map((text, i) => el(i ? 'td' : 'th', i ? {} : { scope: 'row' }, text)));
    return row;
  }));
}

/** A number shown formatted, its raw value in `data-<attribute>`. */
function setNumber(id, attribute, value, text = number(value)) {
  $(id).setAttribute(`data-${attribute}`, String(value ?? 0));
  $(id).textContent = text;
}

// MARK: Headline numbers

function drawHeadline(usage) {
  const renders = usage.total?.renders ?? 0;
  const fallbacks = usage.total?.fallbacks ?? 0;
  const share = renders ? fallbacks / renders : 0;
  const percent = new Intl.NumberFormat(session.uiLocale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
  const sum = (name) => (usage.suggestions ?? []).reduce((total, s) => total + (s[name] ?? 0), 0);
  setNumber('total-renders', 'renders', renders);
  setNumber('total-fallbacks', 'fallbacks', fallbacks);
  setNumber('fallback-share', 'share', share, t('insights.fallback_share', { percent }));
  setNumber('suggestions-accepted', 'accepted', sum('accepted'));
  setNumber('suggestions-shown', 'shown', sum('shown'), t('insights.suggestions_of', { shown: number(sum('shown')) }));
}

// MARK: Charts

/** Empties a chart and sizes it to its figure: returns its width and x for a position from the start side (the right in RTL). */
function canvas(chart, height) {
  const width = Math.max(280, Math.round(chart.parentElement.clientWidth || 600));
  chart.replaceChildren();
  for (const [name, value] of [['viewBox', `0 0 ${width} ${height}`], ['width', width], ['height', height]]) chart.setAttribute(name, String(value));
  const rtl = document.documentElement.dir === 'rtl';
  return { width, x: (at, length = 0) => (rtl ? width - at - length : at) };
}

/** Shortens an SVG text (already in the page) with an ellipsis until it fits in `room`. */
function fit(text, room) {
  const full = text.textContent;
  let length = text.getComputedTextLength();
  for (let keep = full.length; length > room && keep > 1; length = text.getComputedTextLength()) {
    keep = Math.max(1, Math.min(keep - 1, Math.floor(keep * room / length)));
    text.textContent = `${full.slice(0, keep)}…`;
  }
}

/** Horizontal bars, each under its label and followed by its number: [{label, value, className, data}]. */
function barChart(chart, items) {
  const row = 50;
  const { width, x } = canvas(chart, items.length * row + 4);
  const max = Math.max(1, ...items.map((item) => item.value));
  items.forEach((item, index) => {
    const top = index * row;
    const length = Math.max(2, Math.round((width - 90) * item.value / max));
    const group = svg('g', { class: `row ${item.className ?? ''}`.trim() });
    for (const [name, value] of Object.entries(item.data)) group.setAttribute(`data-${name}`, String(value));
    const label = svg('text', { x: x(2), y: top + 16, class: 'label' }, item.label);
    group.append(svg('title', {}, `${item.label}: ${number(item.value)}`), label,
      svg('rect', { x: x(2, length), y: top + 22, width: length, height: 20, rx: 3, class: 'fill' }),
      svg('text', { x: x(length + 8), y: top + 37, class: 'value' }, number(item.value)));
    chart.append(group);
    fit(label, width - 6);
  });
}

function niceMax(value) {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((factor) => factor * step >= value) * step;
}

// MARK: Top questions

function drawTop(groups) {
  const top = groups.slice(0, TOP);
  barChart($('top-chart'), top.map((g) => ({ label: g.key, value: g.renders, data: { key: g.key, renders: g.renders, fallbacks: g.fallbacks ?? 0 } })));
  fillRows($('top-table'), top, (g) => [g.key, number(g.renders)]);
}

// MARK: Renders by language over time

/** Every bucket from the start of `from`'s bucket to `to`, as ISO strings, with any the answer has besides. */
function buckets(from, to, every, seen) {
  const step = every === 'hour' ? 3600_000 : 86_400_000;
  const end = Date.parse(to);
  const all = new Set(seen);
  for (let at = Math.floor(Date.parse(from) / step) * step; at < end && all.size < 2000; at += step) all.add(stamp(new Date(at)));
  return [...all].sort((a, b) => Date.parse(a) - Date.parse(b));
}

function drawLanguages(usage) {
  const every = state.data.every;
  const groups = (usage.groups ?? []).filter((g) => g.renders > 0);
  const series = groups.slice(0, LANGUAGES).map((g, i) => ({ key: g.key, name: named(g.key), className: `series-${i}`, points: g.series ?? [] }));
  const rest = groups.slice(LANGUAGES);
  if (rest.length) series.push({ key: 'other', name: t('insights.other_languages'), className: 'series-other', points: rest.flatMap((g) => g.series ?? []) });
  const times = buckets(usage.from ?? state.data.from, usage.to ?? state.data.to, every, series.flatMap((s) => s.points.map((p) => stamp(new Date(p.at)))));
  const index = new Map(times.map((at, i) => [at, i]));
  const values = series.map((s) => {
    const row = times.map(() => 0);
    for (const point of s.points) row[index.get(stamp(new Date(point.at)))] += point.renders ?? 0;
    return row;
  });
  const totals = times.map((_, i) => values.reduce((sum, row) => sum + row[i], 0));
  const format = new Intl.DateTimeFormat(session.uiLocale, every === 'hour'
    ? { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const when = (at) => format.format(new Date(at));
  $('languages-caption').textContent = t(CAPTIONS[every]);
  $('legend').replaceChildren(...series.map((s) => {
    const item = el('li');
    item.dataset.locale = s.key;
    item.append(el('span', { className: `swatch ${s.className}` }), el('span', {}, s.name));
    return item;
  }));

  const chart = $('languages-chart');
  const height = 260;
  const { width, x } = canvas(chart, height);
  const [axis, bottom] = [56, height - 28];
  const plot = bottom - 12;
  const slot = (width - axis - 8) / times.length;
  const bar = Math.max(2, slot * 0.7);
  const scale = niceMax(Math.max(...totals));
  for (const fraction of [0, 0.5, 1]) {
    const y = bottom - plot * fraction;
    chart.append(svg('line', { x1: x(axis), x2: x(width - 4), y1: y, y2: y, class: 'grid' }),
      svg('text', { x: x(axis - 6), y: y + 4, class: 'axis end' }, number(scale * fraction)));
  }
  const labelEvery = Math.ceil(times.length / Math.max(1, Math.floor((width - axis) / (every === 'hour' ? 64 : 72))));
  times.forEach((at, i) => {
    const start = axis + slot * i + (slot - bar) / 2;
    let y = bottom;
    series.forEach((s, n) => {
      const value = values[n][i];
      if (!value) return;
      const tall = plot * value / scale;
      y -= tall;
      const rect = svg('rect', { x: x(start, bar), y, width: bar, height: tall, class: `segment ${s.className}`, 'data-locale': s.key, 'data-at': at, 'data-renders': value });
      rect.append(svg('title', {}, `${s.name}, ${when(at)}: ${number(value)}`));
      chart.append(rect);
    });
    if (i % labelEvery === 0) chart.append(svg('text', { x: x(start + bar / 2), y: height - 8, class: 'axis middle' }, when(at)));
  });

  const table = $('languages-table');
  const head = [t('insights.when'), ...series.map((s) => s.name), t('insights.total')];
  table.tHead.rows[0].replaceChildren(...head.map((text) => el('th', { scope: 'col' }, text)));
  fillRows(table, times, (at) => [when(at), ...values.map((row) => number(row[index.get(at)])), number(totals[index.get(at)])]);
}

// MARK: Translation demand

function drawDemand(demand) {
  const item = (entry, label, className, data) => ({ label, value: entry.renders ?? 0, className, data: { ...data, served: entry.servedFrom ?? '', renders: entry.renders ?? 0 } });
  const items = [
    ...(demand.locales ?? []).map((d) => item(d, t('insights.demand_locale', { locale: named(d.locale), served: d.servedFrom ?? '' }), 'demand-locale', { locale: d.locale })),
    ...(demand.missing ?? []).map((d) => item(d, t('insights.demand_missing', { key: d.key, locale: named(d.locale), served: d.servedFrom ?? '' }), 'demand-missing', { key: d.key, locale: d.locale })),
  ].sort((a, b) => b.value - a.value).slice(0, DEMAND);  // a stable sort: ties keep the API's order, asked-for locales first
  $('demand-figure').hidden = items.length === 0;
  $('demand-empty').hidden = items.length > 0;
  if (items.length) barChart($('demand-chart'), items);
  else $('demand-chart').replaceChildren();
  fillRows($('demand-table'), items, (d) => [d.label, number(d.value)]);

  const outdated = (demand.outdated ?? []).slice(0, ROWS);
  fillRows($('outdated'), outdated, (d) => [d.key, named(d.locale), number(d.renders)], (d) => ({ key: d.key, locale: d.locale, renders: d.renders ?? 0 }));
  $('outdated').hidden = outdated.length === 0;
  $('outdated-empty').hidden = outdated.length > 0;

  const days = number(demand.unusedDays ?? UNUSED_DAYS);
  const unused = demand.unused ?? [];
  const date = new Intl.DateTimeFormat(session.uiLocale, { dateStyle: 'medium', timeZone: 'UTC' });
  $('unused-heading').textContent = t('insights.unused_heading', { days });
  fillRows($('unused'), unused.slice(0, ROWS), (d) => [d.key, d.lastUsed ? date.format(new Date(d.lastUsed)) : t('insights.never')],
    (d) => ({ key: d.key, lastUsed: d.lastUsed ?? '' }));
  $('unused').hidden = unused.length === 0;
  $('unused-hint').textContent = unused.length > ROWS ? t('insights.unused_more', { shown: number(ROWS), count: number(unused.length) }) : '';
  $('unused-empty').hidden = unused.length > 0;
  $('unused-empty').textContent = t('insights.unused_none', { days });
}

// MARK: Start

function listen() {
  $('workspace').addEventListener('change', (event) => {
    state.workspace = event.target.value;
    localStorage.setItem(WORKSPACE, state.workspace);
    load();
  });
  state.period = $('period').value in PERIODS ? $('period').value : 'week';  // as the browser may have kept it
  $('period').addEventListener('change', (event) => {
    state.period = event.target.value;
    load();
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => state.data && !$('insights-view').hidden && draw(), 150);
  });
}

listen();
start('insights.title', {
  async opened(workspace) {
    state.workspace = workspace;
    $('insights-view').hidden = false;
    $('settings').hidden = false;
    document.body.dataset.state = 'insights';
    await load();
    $('insights-view').focus({ preventScroll: true });
  },
  closed() {
    $('insights-view').hidden = true;
    $('settings').hidden = true;
  },
});
