// What the desk and the insights page share: the interface texts, the API with the tab's key,
// and signing in. Every text is put in the page with textContent (see desk.js).

export const $ = (id) => document.getElementById(id);
export const WORKSPACE = 'parley.desk.workspace';  // localStorage: the workspace last opened
const KEY = 'parley.desk.key';                     // sessionStorage: this tab only
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr']);

/** The signed-in key and the interface's texts and their locale. */
export const session = { key: sessionStorage.getItem(KEY), strings: {}, uiLocale: 'en' };

// MARK: Texts of the interface

/** An interface text; `{name}` placeholders (left by the server for missing arguments) filled with `values`. */
export function t(key, values = {}) {
  let text = session.strings[key] ?? key;
  for (const [name, value] of Object.entries(values)) text = text.split(`{${name}}`).join(String(value));
  return text;
}

export function direction(tag) {
  try {
    return RTL_SCRIPTS.has(new Intl.Locale(tag).maximize().script) ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/** Marks an element as holding a text in `tag`: its language and its direction. */
export function setLanguage(element, tag) {
  if (tag) {
    element.lang = tag;
    element.dir = direction(tag);
  } else {
    element.removeAttribute('lang');
    element.dir = 'auto';
  }
}

export function languageName(tag) {
  try {
    return new Intl.DisplayNames([session.uiLocale, 'en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The interface texts in the browser's language (or `?lang=`), put in every `data-t` element
 * (`data-t-label`: its accessible name, `data-t-placeholder`: its placeholder); `title` names
 * the page's title. */
export async function loadStrings(title) {
  const override = new URLSearchParams(location.search).get('lang');
  const query = override ? `?locale=${encodeURIComponent(override)}` : '';
  try {
    const response = await fetch(`/desk/strings${query}`, { headers: { Accept: 'application/json' } });
    if (response.ok) {
      const body = await response.json();
      session.strings = body.strings ?? {};
      session.uiLocale = body.locale ?? 'en';
    }
  } catch {
    // The page keeps the English it was served with.
  }
  for (const element of document.querySelectorAll('[data-t]')) {
    const text = session.strings[element.dataset.t];
    if (text !== undefined) element.textContent = text;
  }
  for (const element of document.querySelectorAll('[data-t-label]')) element.setAttribute('aria-label', t(element.dataset.tLabel));
  for (const element of document.querySelectorAll('[data-t-placeholder]')) element.placeholder = t(element.dataset.tPlaceholder);
  document.documentElement.lang = session.uiLocale;
  document.documentElement.dir = direction(session.uiLocale);
  document.title = t(title);
}

// MARK: The API

export class APIError extends Error {
  constructor(status, code, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

let signOut = () => {};

/** A call with the tab's key; a 401 for that key signs out, saying why. */
export async function api(method, path, body, { signal, key = session.key } = {}) {
  // `Accept-Language: *`: the browser's languages are the agent's, not the customer's; where the
  // desk means a locale it names it, else the customer's message decides.
  const headers = { Accept: 'application/json', 'Accept-Language': '*', Authorization: `Bearer ${key}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new APIError(response.status, json?.error?.code, json?.error?.message);
    if (response.status === 401 && key === session.key && session.key) signOut(error.code === 'key-expired' ? 'signin.expired' : 'signin.revoked');
    throw error;
  }
  return json;
}

export function showProblem(error) {
  if (error?.name === 'AbortError' || error?.status === 401) return;
  $('problem').textContent = error?.status === 429 ? t('problem.rate_limited') : t('problem.failed', { detail: error?.message ?? '' });
}

// MARK: Signing in

/**
 * Starts the page: its texts (`title` names its title), then the sign-in form, or the page itself
 * with the key this tab kept. `opened(workspace)` shows the page for a workspace the key sees
 * (chosen in the `#workspace` list: the one last opened, else `support`, else the first);
 * `closed()` hides it.
 */
export function start(title, { opened, closed }) {
  signOut = (reason) => {
    session.key = null;
    sessionStorage.removeItem(KEY);
    closed();
    $('signin-view').hidden = false;
    $('signin-error').textContent = reason ? t(reason) : '';
    $('api-key').value = '';
    document.body.dataset.state = 'signin';
    $('api-key').focus();
  };

  async function signIn(key) {
    const answer = await api('GET', '/v1/workspaces', undefined, { key });
    const workspaces = (answer.workspaces ?? []).filter((w) => w.name !== 'desk');
    if (workspaces.length === 0) throw new APIError(403, 'no-workspace', '');
    session.key = key;
    sessionStorage.setItem(KEY, key);
    const select = $('workspace');
    select.replaceChildren(...workspaces.map((w) => new Option(w.name, w.name)));
    const remembered = localStorage.getItem(WORKSPACE);
    const chosen = workspaces.find((w) => w.name === remembered) ?? workspaces.find((w) => w.name === 'support') ?? workspaces[0];
    select.value = chosen.name;
    $('signin-view').hidden = true;
    await opened(chosen.name);
  }

  $('signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    const error = $('signin-error');
    if (!key) {
      error.textContent = t('signin.empty');
      return;
    }
    error.textContent = '';
    try {
      await signIn(key);
    } catch (failure) {
      $('signin-view').hidden = false;
      const reasons = { 401: failure.code === 'key-expired' ? 'signin.expired' : 'signin.invalid', 403: 'signin.role' };
      error.textContent = t(reasons[failure.status] ?? (failure.status ? 'signin.failed' : 'signin.offline'));
      $('api-key').focus();
    }
  });
  $('sign-out').addEventListener('click', () => signOut(null));

  const strings = loadStrings(title);
  if (session.key) {
    strings.then(() => signIn(session.key)).catch(() => signOut('signin.revoked'));
  } else {
    strings.then(() => signOut(null));
  }
}
