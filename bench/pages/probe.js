// Loaded first by every bench page (classic script, before the widget): records what a person
// would see, the same way for the Leptos widget and both references, and types like a person
// (`__probe.type`). `window.__probe` holds
//  - requests: every search the page sent (`q`), its answer's record titles and timings;
//  - paints:   every new result set shown, the box's value at that moment, and whether it was
//              stale (not the answer for what the box holds);
//  - shown / interactive: when the widget first rendered, and when its search box appeared.
// Times are performance.now() milliseconds; "painted" is taken in a task queued from the next
// animation frame, i.e. after that frame was produced.
(() => {
  'use strict';
  const normalize = (q) => q.split(/\s+/).filter(Boolean).join(' ');
  const probe = (window.__probe = { requests: [], paints: [], shown: null, interactive: null, errors: [] });
  window.addEventListener('error', (event) => probe.errors.push(String(event.message)));
  window.addEventListener('unhandledrejection', (event) => probe.errors.push(String(event.reason)));
  const consoleError = console.error.bind(console);
  console.error = (...args) => { probe.errors.push(args.map(String).join(' ')); consoleError(...args); };
  performance.setResourceTimingBufferSize(100000);

  const afterPaint = (then) => requestAnimationFrame(() => setTimeout(() => then(performance.now()), 0));
  const titlesOf = (body) => (body.groups || []).flatMap((g) => g.records.map((r) => r.title)).join('\n');

  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url, location.href);
    if (url.pathname !== '/api/salesforce/search') return realFetch(input, init);
    const request = { q: normalize(url.searchParams.get('q') || ''), url: url.href, sentAt: performance.now() };
    probe.requests.push(request);
    return realFetch(input, init).then((response) => {
      response.clone().json().then((body) => {
        request.titles = titlesOf(body);
        request.count = (body.groups || []).reduce((n, g) => n + g.records.length, 0);
        request.answeredAt = performance.now();
        const timing = performance.getEntriesByName(url.href).pop();
        request.responseEnd = timing ? timing.responseEnd : request.answeredAt;
      }, () => {});
      return response;
    }, (error) => { request.failed = String(error.name); throw error; });
  };

  let last = '';
  let scheduled = false;
  const check = () => {
    scheduled = false;
    if (probe.shown === null && document.querySelector('.sfw')) afterPaint((t) => { probe.shown ??= t; });
    const box = document.querySelector('input[role=combobox]');
    if (probe.interactive === null && box) afterPaint((t) => { probe.interactive ??= t; });
    // Result sets only (groups by object type): records listed before typing (recently viewed,
    // the tasks glance) answer no query and are not judged.
    const titles = [...document.querySelectorAll('[data-object] .sfw-record-title')].map((e) => e.textContent).join('\n');
    if (titles === last) return;
    last = titles;
    if (!titles) return;
    const paint = { value: normalize(box ? box.value : ''), titles, mutatedAt: performance.now() };
    probe.paints.push(paint);
    afterPaint((t) => { paint.paintedAt = t; });
  };
  // Judged at the end, when every answer's body has been read: a paint is stale unless some
  // answer for what the box held at that moment has exactly the titles shown.
  probe.summary = () => probe.paints.map((paint) => {
    const before = probe.requests.filter((r) => r.responseEnd !== undefined && r.responseEnd <= paint.mutatedAt);
    const answer = before.filter((r) => r.q === paint.value && r.titles === paint.titles).pop();
    const source = before.filter((r) => r.titles === paint.titles).pop();
    return {
      value: paint.value,
      stale: !answer,
      forQuery: source ? source.q : null,
      count: answer ? answer.count : null,
      responseToPaint: answer && paint.paintedAt ? paint.paintedAt - answer.responseEnd : null,
      // The script's share: until the new results are in the DOM (no layout, paint or frame).
      responseToDom: answer ? paint.mutatedAt - answer.responseEnd : null,
    };
  });
  // The scripted typist. Keys are timers at fixed due times from the first key, so the gaps
  // the widgets see are the script's, however busy the machine: a late key timer still runs
  // before any widget timer that is due after it (timers run in due-time order). Resolves
  // `true` once the answer for the final value is on screen (or the widget shows that nothing
  // matches), `false` after 10 s.
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  probe.type = (query, keyMs) => new Promise((resolve) => {
    const box = document.querySelector('input[role=combobox]');
    box.focus();
    const start = performance.now();
    [...query].forEach((_, i) => setTimeout(() => {
      // The first key replaces what the box held (a new search), the others append.
      setValue.call(box, query.slice(0, i + 1));
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }, Math.max(0, start + i * keyMs - performance.now())));
    const wanted = normalize(query);
    const deadline = start + query.length * keyMs + 10000;
    const settled = () => {
      // Only what this search brought: the same query may have been typed before.
      const answer = probe.requests.filter((r) => r.q === wanted && r.sentAt >= start && r.titles !== undefined).pop();
      if (answer && normalize(box.value) === wanted) {
        const shown = probe.paints.some((x) => x.value === wanted && x.titles === answer.titles && x.mutatedAt >= answer.sentAt && x.paintedAt);
        if (shown || answer.count === 0 || performance.now() - answer.answeredAt > 1000) return resolve(true);
      }
      if (performance.now() > deadline) return resolve(false);
      setTimeout(settled, 20);
    };
    setTimeout(settled, query.length * keyMs);
  });

  new MutationObserver(() => {
    // Checked within the same task as the change, so nothing on screen is missed.
    if (!scheduled) { scheduled = true; queueMicrotask(check); }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
})();
