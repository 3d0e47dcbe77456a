// The same search widget as the Leptos one (same DOM classes, roles and CSS, 200 ms debounce,
// AbortController, grouped results, keyboard listbox, show more, status states, English and
// German), written once against `ui` (Preact or React, chosen at bundle time). It exists only to
// be measured against the Leptos widget.
import { h, Fragment, useState, useEffect, useRef, useMemo, mount } from 'ui';

const KINDS = ['account', 'lead', 'task', 'campaign'];
const ICONS = { account: 'A', lead: 'L', task: 'T', campaign: 'C' };
const STRINGS = {
  en: {
    loading: 'Loading…', search: 'Search Salesforce', placeholder: 'Search accounts, leads, tasks, campaigns',
    connect: 'Connect to Salesforce', connectNote: 'Connect your Salesforce account to search it from here.',
    notConfigured: 'Salesforce has not been set up on this intranet yet.', setUp: 'Set up Salesforce',
    reauth: { config_changed: 'An administrator changed the Salesforce settings. Please sign in to Salesforce again.',
      token_revoked: 'Your Salesforce connection has ended. Please sign in to Salesforce again.' },
    signInAgain: 'Sign in to Salesforce again', typeMore: 'Type at least 2 letters or digits.', searching: 'Searching…',
    none: (q) => `Nothing in Salesforce matches “${q}”.`, more: 'Show more', newTab: '(opens in a new tab)',
    plural: { account: 'Accounts', lead: 'Leads', task: 'Tasks', campaign: 'Campaigns' },
    results: (n) => `${n} results`, connectedAs: (u) => `Connected as ${u}`, disconnect: 'Disconnect',
    error: 'Salesforce is not answering right now. Try again in a moment.',
    labels: { type: 'Type', city: 'City', company: 'Company', status: 'Status', due_date: 'Due', related_to: 'Related to', start_date: 'Starts', end_date: 'Ends' },
  },
  de: {
    loading: 'Wird geladen…', search: 'Salesforce durchsuchen', placeholder: 'Accounts, Leads, Aufgaben, Kampagnen suchen',
    connect: 'Mit Salesforce verbinden', connectNote: 'Verbinden Sie Ihr Salesforce-Konto, um es von hier aus zu durchsuchen.',
    notConfigured: 'Salesforce ist in diesem Intranet noch nicht eingerichtet.', setUp: 'Salesforce einrichten',
    reauth: { config_changed: 'Ein Administrator hat die Salesforce-Einstellungen geändert. Bitte melden Sie sich erneut an.',
      token_revoked: 'Ihre Salesforce-Verbindung wurde beendet. Bitte melden Sie sich erneut an.' },
    signInAgain: 'Erneut bei Salesforce anmelden', typeMore: 'Geben Sie mindestens 2 Buchstaben oder Ziffern ein.', searching: 'Suche läuft…',
    none: (q) => `Nichts in Salesforce passt zu „${q}“.`, more: 'Mehr anzeigen', newTab: '(öffnet in neuem Tab)',
    plural: { account: 'Accounts', lead: 'Leads', task: 'Aufgaben', campaign: 'Kampagnen' },
    results: (n) => `${n} Ergebnisse`, connectedAs: (u) => `Verbunden als ${u}`, disconnect: 'Trennen',
    error: 'Salesforce antwortet gerade nicht. Versuchen Sie es gleich noch einmal.',
    labels: { type: 'Typ', city: 'Ort', company: 'Firma', status: 'Status', due_date: 'Fällig', related_to: 'Bezug', start_date: 'Beginn', end_date: 'Ende' },
  },
};

const safeUrl = (url) => /^https:\/\//.test(url) || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url);
const significant = (q) => q.split(/\s+/).some((w) => (w.match(/[\p{L}\p{N}]/gu) || []).length >= 2);
let sharedStatus = null;
const status = () => (sharedStatus ??= fetch('/api/salesforce/status', { credentials: 'same-origin' }).then((r) => r.json()));

function Results({ query, found, active, setActive, open, t, more }) {
  if (!found.groups.some((g) => g.records.length)) return h('div', { class: 'sfw-empty', 'data-state': 'empty' }, h('p', { class: 'sfw-note' }, t.none(query)));
  let index = -1;
  return h('div', { class: 'sfw-results' }, h('div', { role: 'listbox', class: 'sfw-listbox', 'aria-label': t.search, hidden: !open },
    found.groups.map((g) => h('div', { role: 'group', class: 'sfw-group', 'data-object': g.object, key: g.object, 'aria-labelledby': `g-${g.object}` },
      h('div', { role: 'presentation', class: 'sfw-group-title', id: `g-${g.object}` },
        h('span', { class: `sfw-icon sfw-icon--${g.object}`, 'aria-hidden': 'true' }, ICONS[g.object]), t.plural[g.object], h('span', { class: 'sfw-count' }, g.records.length)),
      g.records.map((r) => { index += 1; const i = index; return h('div', { role: 'option', key: r.id, id: `o-${i}`, 'aria-selected': active === i, class: 'sfw-option', onMouseEnter: () => setActive(i), onClick: () => safeUrl(r.url) && window.open(r.url, '_blank', 'noopener') },
        h('span', { class: 'sfw-record-title' }, r.title), safeUrl(r.url) && h('span', { class: 'sfw-visually-hidden' }, ' ', t.newTab),
        r.details.length > 0 && h('span', { class: 'sfw-details' }, r.details.map(({ key, value }) => `${t.labels[key] || key}: ${value}`).join(' · '))); }),
      g.has_more && h('div', { role: 'option', class: 'sfw-option sfw-more', onClick: () => more(g.object) }, t.more)))));
}

function SearchPanel({ config, t, user, onLost }) {
  const [query, setQuery] = useState(sessionStorage.getItem('sfw-q') || '');
  const [debounced, setDebounced] = useState(query);
  const [state, setState] = useState({ kind: 'idle' });
  const [active, setActive] = useState(null);
  const [open, setOpen] = useState(true);
  const [extra, setExtra] = useState({});
  // The request in flight, aborted as soon as the box no longer holds its query; `retry` sends a
  // query again when typing came back to it after such an abort (as the Leptos widget does).
  const inFlight = useRef(null);
  const [retry, setRetry] = useState(0);
  useEffect(() => { const id = setTimeout(() => {
    const q = query.trim();
    if (q === debounced && inFlight.current?.signal.aborted) setRetry((n) => n + 1); else setDebounced(q);
  }, 200); return () => clearTimeout(id); }, [query]);
  useEffect(() => {
    sessionStorage.setItem('sfw-q', debounced);
    if (!debounced) return setState({ kind: 'idle' });
    if (!significant(debounced)) return setState({ kind: 'type-more' });
    const controller = new AbortController();
    inFlight.current = controller;
    setState({ kind: 'searching' }); setExtra({}); setActive(null);
    const params = new URLSearchParams({ q: debounced, objects: config.objects.join(','), limit: String(config.limit) });
    fetch(`/api/salesforce/search?${params}`, { signal: controller.signal, credentials: 'same-origin' })
      .then(async (r) => { const body = await r.json(); inFlight.current = null; if (r.status === 401) { onLost(body); return; } setState(r.ok ? { kind: 'ready', found: body } : { kind: 'error', error: body }); })
      .catch((e) => { if (e.name !== 'AbortError') setState({ kind: 'error', error: { message: t.error } }); });
    return () => controller.abort();
  }, [debounced, retry]);
  const found = useMemo(() => state.kind === 'ready' ? { ...state.found, groups: state.found.groups.map((g) => extra[g.object] ? { ...g, records: g.records.concat(extra[g.object].records), has_more: extra[g.object].has_more } : g) } : null, [state, extra]);
  const count = found ? found.groups.reduce((n, g) => n + g.records.length, 0) : 0;
  const more = (object) => {
    const have = found.groups.find((g) => g.object === object).records.length;
    const params = new URLSearchParams({ q: debounced, objects: object, limit: String(config.limit), offset: String(have) });
    fetch(`/api/salesforce/search?${params}`, { credentials: 'same-origin' }).then((r) => r.json()).then((body) => {
      const g = body.groups[0]; setExtra((e) => ({ ...e, [object]: { records: (e[object]?.records || []).concat(g.records), has_more: g.has_more } }));
    });
  };
  const onKey = (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => (a === null ? 0 : Math.min(a + 1, count - 1))); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => (a === null ? count - 1 : Math.max(a - 1, 0))); }
    else if (e.key === 'Home' && active !== null) { e.preventDefault(); setActive(0); }
    else if (e.key === 'End' && active !== null) { e.preventDefault(); setActive(count - 1); }
    else if (e.key === 'Enter' && active !== null) { const r = found.groups.flatMap((g) => g.records)[active]; if (r && safeUrl(r.url)) window.open(r.url, '_blank', 'noopener'); }
    else if (e.key === 'Escape') { if (open) setOpen(false); else setQuery(''); }
  };
  return h(Fragment, null,
    h('div', { class: 'sfw-search' }, h('input', { class: 'sfw-input', type: 'search', role: 'combobox', 'aria-expanded': open && count > 0, 'aria-controls': 'sfw-listbox', 'aria-activedescendant': active === null ? undefined : `o-${active}`, 'aria-autocomplete': 'list', 'aria-label': t.search, placeholder: t.placeholder, value: query, onInput: (e) => { if (e.target.value.trim() !== debounced) inFlight.current?.abort(); setQuery(e.target.value); }, onKeyDown: onKey })),
    h('p', { class: 'sfw-visually-hidden', role: 'status', 'aria-live': 'polite' }, found ? t.results(count) : ''),
    state.kind === 'type-more' && h('p', { class: 'sfw-note', 'data-state': 'type-more' }, t.typeMore),
    state.kind === 'searching' && h('p', { class: 'sfw-note', 'data-state': 'searching' }, t.searching),
    state.kind === 'error' && h('p', { class: 'sfw-note sfw-error', role: 'alert', 'data-state': 'error' }, state.error.message),
    found && h(Results, { query: debounced, found, active, setActive, open, t, more }),
    h('p', { class: 'sfw-footer' }, user && t.connectedAs(user), ' ', h('button', { class: 'sfw-link-button', onClick: () => fetch('/api/salesforce/disconnect', { method: 'POST', headers: { 'X-Requested-With': 'salesforce-widget' } }).then(() => onLost(null)) }, t.disconnect)));
}

function Widget({ config }) {
  const t = STRINGS[config.lang] || STRINGS.en;
  const [info, setInfo] = useState(null);
  const [version, setVersion] = useState(0);
  useEffect(() => { status().then(setInfo, () => setInfo({ error: true })); }, [version]);
  const lost = () => { sharedStatus = null; setVersion((v) => v + 1); };
  const connect = `/marketplace/salesforce/account/sign-in?return_to=${encodeURIComponent(location.pathname)}`;
  let body;
  if (!info) body = h('p', { class: 'sfw-note', 'data-state': 'loading', role: 'status' }, t.loading);
  else if (info.error) body = h('p', { class: 'sfw-note sfw-error', role: 'alert', 'data-state': 'error' }, t.error);
  else if (!info.configured) body = h('p', { class: 'sfw-note', 'data-state': 'not-configured' }, t.notConfigured, info.is_admin && h('a', { href: '/control-panel/marketplace/salesforce' }, t.setUp));
  else if (info.connected) body = h(SearchPanel, { config, t, user: info.salesforce_user, onLost: lost });
  else if (info.reauth_reason) body = h('div', { 'data-state': 'reauth-required' }, h('p', { class: 'sfw-note' }, t.reauth[info.reauth_reason] || t.reauth.token_revoked), h('a', { class: 'sfw-button', href: connect }, t.signInAgain));
  else body = h('div', { class: 'sfw-connect', 'data-state': 'not-connected' }, h('p', { class: 'sfw-note' }, t.connectNote), h('a', { class: 'sfw-button', href: connect }, t.connect));
  return h('section', { class: config.layout === 'compact' ? 'sfw sfw--compact' : 'sfw', 'aria-label': config.title, lang: config.lang }, h('h2', { class: 'sfw-title' }, config.title), body);
}

function configOf(el) {
  const objects = (el.dataset.objects || KINDS.join(',')).split(',').map((s) => s.trim().toLowerCase()).filter((k) => KINDS.includes(k));
  const limit = Math.min(20, Math.max(1, parseInt(el.dataset.limit || '5', 10) || 5));
  const lang = (el.dataset.lang || document.documentElement.lang || 'en').slice(0, 2) === 'de' ? 'de' : 'en';
  return { title: el.dataset.title || 'Salesforce', objects, limit, layout: el.dataset.layout === 'compact' ? 'compact' : 'full', lang };
}

const mountAll = () => document.querySelectorAll('[data-salesforce-widget]:not([data-sfw-mounted])').forEach((el) => {
  el.setAttribute('data-sfw-mounted', '');
  mount(el, h(Widget, { config: configOf(el) }));
});
mountAll();
new MutationObserver(mountAll).observe(document.body, { childList: true, subtree: true });
