// The one script an intranet page includes. It loads the widget bundle that sits next to this
// file (wherever it is served from) and mounts a widget into every [data-salesforce-widget];
// placeholders added later mount by themselves. `window.SalesforceWidget.mount()` re-scans.
// Before anything loads, every placeholder gets the height its widget will have before anyone
// types, so the page does not move when widgets render (Cumulative Layout Shift): the title,
// search box, filters and footer; with tasks listed before typing (a widget that searches tasks,
// or every type), also the glance list at its largest (28rem, `--sfw-max-height`). A page sets
// `--sfw-reserved-height` on a placeholder or an ancestor to reserve another height. Until the
// widget renders, the placeholder shows its title where the widget draws it (the widget's own
// `.sfw-title`), so a page made only of widgets paints at once too.
const reserve = document.createElement('style');
reserve.textContent = '[data-salesforce-widget]{display:block;min-height:var(--sfw-reserved-height,10.5rem)}'
  + '[data-salesforce-widget]:is(:not([data-objects]),[data-objects*=task i])'
  + '{min-height:var(--sfw-reserved-height,calc(12.25rem + var(--sfw-max-height,28rem)))}'
  + '[data-salesforce-widget]:not(:has(>*))::before{content:"Salesforce";display:block;'
  + 'font-weight:bold;font-size:1.125rem;line-height:1.3;font-family:var(--sfw-font,inherit);color:var(--sfw-text,inherit)}'
  + '[data-salesforce-widget][data-title]:not([data-title=""]):not(:has(>*))::before{content:attr(data-title)}';
document.head.append(reserve);
// The widget's files are asked for only once the page has painted: the page's own content never
// waits behind the widget's bytes or its start-up work. A browser without paint timing, or a
// page that never paints (a tab in the background), starts after 200 ms.
await new Promise((painted) => {
  let observer;
  const start = () => { observer?.disconnect(); clearTimeout(timer); painted(); };
  const timer = setTimeout(start, 200);
  try {
    observer = new PerformanceObserver(start);
    observer.observe({ type: 'paint', buffered: true });
  } catch { /* no paint timing: the timer starts the widget */ }
});
// The wasm download starts at once, in parallel with the glue script, not after it.
const wasm = fetch(new URL('./salesforce-widget_bg.wasm', import.meta.url));
const { default: init, mountSalesforceWidgets } = await import('./salesforce-widget.js');

await init({ module_or_path: wasm });
window.SalesforceWidget = Object.freeze({ mount: mountSalesforceWidgets });
