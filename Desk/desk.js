// The agent desk: from a customer's message to the reply, through Parley's own API.
// Plain modern JavaScript, no build step and no dependency. Every text from the catalog, the
// customer or the server is put in the page with textContent, never parsed as HTML (the page's
// Content-Security-Policy forbids that outright with Trusted Types).

import {
  $, WORKSPACE, api, languageName, session, setLanguage, showProblem, start, t,
} from '/desk/common.js';

const OWN = 'parley.desk.ownLocale';      // localStorage: the agent's language, chosen once
const SUGGEST_DELAY = 40;  // ms after the last keystroke
const SEARCH_DELAY = 60;

const state = {
  workspace: null,
  locales: [],
  defaultLocale: 'en',
  ownLocale: null,
  customerLocale: null,
  channel: 'default',
  picked: null,          // {key, template, arguments, locale}
  previewText: '',
  lastInput: 0,
  suggestCount: 0,
  shown: [],             // the keys of the suggestions on screen
};

const workspacePath = (suffix = '') => `/v1/workspaces/${encodeURIComponent(state.workspace)}${suffix}`;

// MARK: The workspace and the agent's language

async function openWorkspace(name) {
  state.workspace = name;
  localStorage.setItem(WORKSPACE, name);
  const workspace = await api('GET', workspacePath());
  state.locales = workspace.locales ?? [];
  state.defaultLocale = workspace.defaultLocale ?? state.locales[0] ?? 'en';
  const own = $('own-locale');
  own.replaceChildren(...state.locales.map((tag) => new Option(`${languageName(tag)} (${tag})`, tag)));
  state.ownLocale = chooseOwnLocale();
  own.value = state.ownLocale;
  clearReply();
  await loadCategories();
  if ($('message').value.trim()) suggest();
}

function chooseOwnLocale() {
  const remembered = localStorage.getItem(OWN);
  if (remembered && state.locales.includes(remembered)) return remembered;
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const exact = state.locales.find((tag) => tag.toLowerCase() === wanted.toLowerCase());
    if (exact) return exact;
    const language = wanted.split('-')[0].toLowerCase();
    const close = state.locales.find((tag) => tag.split('-')[0].toLowerCase() === language);
    if (close) return close;
  }
  return state.defaultLocale;
}

async function loadCategories() {
  const select = $('category');
  const first = select.options[0];
  try {
    const answer = await api('GET', workspacePath('/templates?limit=500'));
    const collator = new Intl.Collator(session.uiLocale);
    const categories = [...new Set((answer.templates ?? []).map((x) => x.category).filter(Boolean))].sort(collator.compare);
    select.replaceChildren(first, ...categories.map((c) => new Option(c, c)));
  } catch (error) {
    showProblem(error);
  }
}

// MARK: Lists of replies (suggestions and search results), as listboxes

/** Fills a listbox with options: {key, text, locale, meta: [strings], terms: [strings]}. */
function showOptions(list, items) {
  const template = $('option-template');
  const nodes = items.map((item, index) => {
    const node = template.content.firstElementChild.cloneNode(true);
    node.id = `${list.id}-${index}`;
    node.dataset.key = item.key;
    if (item.locale) node.dataset.locale = item.locale;
    const text = node.querySelector('.option-text');
    text.textContent = item.text;
    setLanguage(text, item.locale);
    const meta = node.querySelector('.option-meta');
    for (const term of item.terms ?? []) {
      const mark = document.createElement('span');
      mark.className = 'term';
      mark.textContent = term;
      mark.dir = 'auto';
      meta.append(mark);
    }
    for (const note of item.meta ?? []) {
      const span = document.createElement('span');
      span.textContent = note;
      meta.append(span);
    }
    node.addEventListener('click', () => {
      setActive(list, index);
      pick(item);
    });
    return node;
  });
  list.replaceChildren(...nodes);
  list.hidden = nodes.length === 0;  // an empty listbox is no list
  list._items = items;
  setActive(list, items.length ? 0 : -1);
}

function setActive(list, index) {
  const options = [...list.children];
  options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
  const active = options[index];
  const owner = list.id === 'results' ? $('search') : list;
  if (active) {
    owner.setAttribute('aria-activedescendant', active.id);
    active.scrollIntoView({ block: 'nearest' });
  } else {
    owner.removeAttribute('aria-activedescendant');
  }
  list._active = index;
}

/** Arrows, Home and End move within the list; Enter picks. True when the key was used. */
function listKey(list, event) {
  const count = list.children.length;
  if (!count) return false;
  const current = list._active ?? -1;
  const moves = { ArrowDown: Math.min(count - 1, current + 1), ArrowUp: Math.max(0, current - 1), Home: 0, End: count - 1 };
  if (event.key in moves) {
    setActive(list, moves[event.key]);
    return true;
  }
  if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) {
    const item = list._items?.[Math.max(0, current)];
    if (item) pick(item);
    return true;
  }
  return false;
}

// MARK: Suggestions for the customer's message

let suggestTimer = 0;
let suggestAbort = null;

function messageChanged() {
  state.lastInput = performance.now();
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(suggest, SUGGEST_DELAY);
}

async function suggest() {
  const message = $('message');
  const text = message.value;
  const started = state.lastInput;
  suggestAbort?.abort();
  if (!text.trim()) {
    showOptions($('suggestions'), []);
    $('detected').textContent = '';
    $('suggestions-empty').hidden = false;
    state.customerLocale = null;
    return;
  }
  suggestAbort = new AbortController();
  let answer;
  try {
    // A preview: what the agent was shown is reported once, with the reply they copy.
    answer = await api('POST', workspacePath('/suggest'), { text, limit: 5, channel: state.channel, preview: true },
      { signal: suggestAbort.signal });
  } catch (error) {
    showProblem(error);
    return;
  }
  if (message.value !== text) return;  // typed on since: a newer request follows
  $('problem').textContent = '';
  state.customerLocale = answer.locale ?? null;
  setLanguage(message, answer.locale);
  message.dir = 'auto';
  showDetected(answer);
  const items = (answer.suggestions ?? []).map((s) => ({
    key: s.key, text: s.text, locale: s.locale, terms: s.matched ?? [],
    meta: [s.key, ...(s.fallback ? [t('suggestions.fallback', { language: languageName(s.locale) })] : [])],
    source: 'suggestion',
  }));
  showOptions($('suggestions'), items);
  state.shown = items.map((item) => item.key);
  $('suggestions-empty').hidden = items.length > 0;
  $('suggestions-empty').textContent = t('suggestions.none');
  state.suggestCount += 1;
  const count = state.suggestCount;
  // Measured from the last keystroke to the frame that shows the replies.
  requestAnimationFrame(() => {
    performance.measure('desk:suggestions-shown', { start: started, end: performance.now() });
    message.dataset.suggestedFor = text;
    document.body.dataset.suggestions = String(count);
  });
}

function showDetected(answer) {
  const line = $('detected');
  if (!answer.locale) {
    line.textContent = t('detected.unknown');
    return;
  }
  const label = document.createElement('span');
  label.textContent = t('detected.label') + ' ';
  const name = document.createElement('strong');
  name.textContent = `${languageName(answer.locale)} (${answer.locale})`;
  const parts = [label, name];
  if (answer.detected && answer.detected.language !== 'und') {
    const confidence = document.createElement('span');
    const percent = new Intl.NumberFormat(session.uiLocale, { style: 'percent' }).format(answer.detected.confidence ?? 0);
    confidence.textContent = ` · ${t('detected.confidence', { percent })}`;
    parts.push(confidence);
  }
  line.replaceChildren(...parts);
}

// MARK: Search and categories

let searchTimer = 0;
let searchAbort = null;
let searchPending = false;  // the results shown are not yet those of what was typed

function searchChanged() {
  searchPending = true;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(search, SEARCH_DELAY);
}

async function search() {
  clearTimeout(searchTimer);
  const typed = $('search').value;
  const q = typed.trim();
  const category = $('category').value;
  if (!q && !category) {
    searchPending = false;
    showOptions($('results'), []);
    $('search').setAttribute('aria-expanded', 'false');
    return;
  }
  searchAbort?.abort();
  searchAbort = new AbortController();
  const query = new URLSearchParams({ locale: state.ownLocale, limit: q ? '8' : '50' });
  if (q) query.set('q', q);
  if (category) query.set('category', category);
  try {
    const answer = await api('GET', workspacePath(`/templates?${query}`), undefined, { signal: searchAbort.signal });
    const templates = answer.templates ?? [];
    const rendered = templates.length
      ? await api('POST', workspacePath('/render/batch'), {
        requests: templates.map((x) => ({ key: x.key, locale: state.ownLocale, channel: state.channel, preview: true })),
      }, { signal: searchAbort.signal })
      : { results: [] };
    const items = templates.map((x, i) => {
      const result = rendered.results?.[i]?.result;
      return {
        key: x.key, text: result?.text ?? x.description ?? x.key, locale: result?.locale ?? null,
        meta: [x.shortcut, x.key, x.category].filter(Boolean), source: 'search',
      };
    });
    if ($('search').value !== typed) return;
    showOptions($('results'), items);
    searchPending = false;
    $('search').setAttribute('aria-expanded', String(items.length > 0));
    $('problem').textContent = '';
  } catch (error) {
    showProblem(error);
  }
}

// MARK: The picked reply: its arguments, preview, channel, copy

function clearReply() {
  state.picked = null;
  state.previewText = '';
  $('reply').hidden = true;
}

async function pick(item) {
  let detail;
  try {
    detail = await api('GET', workspacePath(`/templates/${encodeURIComponent(item.key)}`));
  } catch (error) {
    showProblem(error);
    return;
  }
  state.picked = {
    key: item.key,
    template: detail.template,
    arguments: detail.arguments ?? [],
    // A suggestion for a message in an unknown language was found in some locale: reply in it.
    locale: state.customerLocale ?? (item.source === 'suggestion' ? item.locale : null),
    source: item.source,
  };
  $('reply').hidden = false;
  $('copied').textContent = '';
  const keyLine = [detail.template?.key, detail.template?.shortcut, detail.template?.category].filter(Boolean).join(' · ');
  $('reply-key').textContent = keyLine;
  $('reply-description').textContent = detail.template?.description ?? '';  // for translators and agents, in the source language
  buildArgumentForm(state.picked.arguments);
  await renderPreview();
  const first = $('argument-fields').querySelector('input, select');
  (first ?? $('copy')).focus();
}

function buildArgumentForm(uses) {
  const fields = uses.map((use) => {
    const field = document.createElement('div');
    field.className = 'field';
    const id = `arg-${use.name}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = use.name;
    let input;
    let unit = '';
    switch (use.type) {
      case 'select': {
        input = document.createElement('select');
        input.append(new Option(t('reply.choose'), ''), ...(use.options ?? []).map((o) => new Option(o, o)), new Option(t('reply.other'), 'other'));
        break;
      }
      case 'date':
        input = document.createElement('input');
        input.type = 'date';
        unit = t('reply.unit_date');
        break;
      case 'time':
        input = document.createElement('input');
        input.type = 'datetime-local';
        unit = t('reply.unit_time');
        break;
      case 'number':
      case 'plural':
        input = document.createElement('input');
        input.type = 'number';
        input.inputMode = use.currency || use.type === 'number' ? 'decimal' : 'numeric';
        input.step = use.type === 'plural' ? '1' : use.currency ? '0.01' : 'any';
        unit = use.currency ? t('reply.unit_currency', { currency: use.currency }) : t(use.type === 'plural' ? 'reply.unit_count' : 'reply.unit_number');
        break;
      default:
        input = document.createElement('input');
        input.type = 'text';
        unit = t('reply.unit_text');
    }
    input.id = id;
    input.name = use.name;
    input.dataset.type = use.type;
    input.addEventListener('input', () => renderPreview());
    input.addEventListener('change', () => renderPreview());
    const note = document.createElement('span');
    note.className = 'unit';
    note.id = `${id}-unit`;
    note.textContent = unit;
    input.setAttribute('aria-describedby', note.id);
    field.append(label, input, note);
    return field;
  });
  $('argument-fields').replaceChildren(...fields);
  $('no-arguments').hidden = fields.length > 0;
}

function argumentValues() {
  const args = {};
  for (const input of $('argument-fields').querySelectorAll('input, select')) {
    const value = input.value.trim();
    if (!value) continue;
    switch (input.dataset.type) {
      case 'number':
      case 'plural': {
        const number = Number(value);
        if (Number.isFinite(number)) args[input.name] = number;
        break;
      }
      case 'date':
        args[input.name] = { date: `${value}T12:00:00Z` };  // noon UTC: the same day in every zone near it
        break;
      case 'time':
        args[input.name] = { date: `${value.length === 16 ? `${value}:00` : value}Z` };
        break;
      default:
        args[input.name] = value;
    }
  }
  return args;
}

let previewAbort = null;
let rendering = Promise.resolve();

/** Renders the preview for the arguments as they are now; copying waits for the latest. */
function renderPreview() {
  rendering = renderNow();
  return rendering;
}

async function renderNow() {
  const picked = state.picked;
  if (!picked) return;
  previewAbort?.abort();
  previewAbort = new AbortController();
  const args = argumentValues();
  const target = picked.locale ?? state.ownLocale;
  // Previews: only the reply the agent copies counts as used (see copyReply).
  const request = (locale) => ({ key: picked.key, locale, channel: state.channel, args, timeZone: 'UTC', preview: true });
  let answer;
  try {
    answer = await api('POST', workspacePath('/render/batch'), { requests: [request(target), request(state.ownLocale)] },
      { signal: previewAbort.signal });
  } catch (error) {
    showProblem(error);
    return;
  }
  if (state.picked !== picked) return;
  const [customer, own] = (answer.results ?? []).map((r) => r.result);
  const preview = $('preview');
  state.previewText = customer?.text ?? '';
  preview.textContent = state.previewText;
  setLanguage(preview, customer?.locale);
  $('preview-locale').textContent = customer ? t('reply.in_language', { language: `${languageName(customer.locale)} (${customer.locale})` }) : '';
  $('fallback').textContent = customer?.fallback
    ? t('reply.fallback', { requested: languageName(customer.requestedLocale), served: `${languageName(customer.locale)} (${customer.locale})` })
    : '';
  const ownText = $('own');
  ownText.textContent = own?.text ?? '';
  setLanguage(ownText, own?.locale);
  $('own-locale-name').textContent = own ? t('reply.in_language', { language: `${languageName(own.locale)} (${own.locale})` }) : '';
  document.body.dataset.previewed = String((Number(document.body.dataset.previewed) || 0) + 1);
}

async function copyReply() {
  await rendering;  // what was typed last is what is copied
  const picked = state.picked;
  if (!picked || !state.previewText) return;
  const status = $('copied');
  try {
    await navigator.clipboard.writeText(state.previewText);
  } catch {
    // Without the asynchronous clipboard (permission refused), copy the selected text.
    const range = document.createRange();
    range.selectNodeContents($('preview'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    if (!document.execCommand('copy')) {
      status.textContent = t('reply.copy_failed');
      return;
    }
  }
  status.textContent = t('reply.copied');
  const target = picked.locale ?? state.ownLocale;
  try {
    // The reply that goes to the customer: counted in usage, in the locale it was asked in.
    await api('POST', workspacePath('/render'), {
      key: picked.key, locale: target, channel: state.channel, args: argumentValues(), timeZone: 'UTC',
    });
  } catch (error) {
    showProblem(error);
  }
  const text = $('message').value;
  if (!text.trim()) return;
  try {
    await api('POST', workspacePath('/suggest/feedback'), {
      text, key: picked.key, accepted: true, ...(state.customerLocale ? { locale: state.customerLocale } : {}),
      shown: (state.shown ?? []).slice(0, 20),
    });
    status.textContent = t('reply.copied_recorded');
    document.body.dataset.feedback = picked.key;
  } catch (error) {
    showProblem(error);
  }
}

// MARK: Keyboard

function isEditable(element) {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement
    || element?.isContentEditable;
}

function globalKey(event) {
  if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && state.picked) {
    event.preventDefault();
    copyReply();
    return;
  }
  if (event.key === '/' && !isEditable(event.target) && !$('desk-view').hidden) {
    event.preventDefault();
    $('search').focus();
    $('search').select();
    return;
  }
  if (event.key === 'Escape' && !$('desk-view').hidden) {
    $('message').focus();
  }
}

// MARK: Start

function listen() {
  $('message').addEventListener('input', messageChanged);
  $('suggestions').addEventListener('keydown', (event) => {
    if (listKey($('suggestions'), event)) event.preventDefault();
  });
  $('search').addEventListener('input', searchChanged);
  $('search').addEventListener('search', searchChanged);  // the field's own clear button
  $('search').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && searchPending && $('search').value.trim()) {
      // Enter before the results of what was typed came (`/refund` typed fast): search now, pick the first.
      event.preventDefault();
      search().then(() => {
        if (!searchPending) listKey($('results'), new KeyboardEvent('keydown', { key: 'Enter' }));
      });
      return;
    }
    if (listKey($('results'), event)) event.preventDefault();
  });
  $('category').addEventListener('change', search);
  $('workspace').addEventListener('change', (event) => openWorkspace(event.target.value).catch(showProblem));
  $('own-locale').addEventListener('change', (event) => {
    state.ownLocale = event.target.value;
    localStorage.setItem(OWN, state.ownLocale);
    renderPreview();
    search();
  });
  for (const radio of document.querySelectorAll('input[name=channel]')) {
    radio.addEventListener('change', () => {
      state.channel = radio.value;
      renderPreview();
    });
  }
  $('copy').addEventListener('click', copyReply);
  document.addEventListener('keydown', globalKey);
}

listen();
start('desk.title', {
  async opened(workspace) {
    await openWorkspace(workspace);
    $('desk-view').hidden = false;
    $('settings').hidden = false;
    document.body.dataset.state = 'desk';
    $('message').focus();
  },
  closed() {
    $('desk-view').hidden = true;
    $('settings').hidden = true;
  },
});
