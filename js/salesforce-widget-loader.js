// The one script an intranet page includes. It loads the widget bundle that sits next to this
// file (wherever it is served from) and mounts a widget into every [data-salesforce-widget];
// placeholders added later mount by themselves. `window.SalesforceWidget.mount()` re-scans.
// Before anything loads, every placeholder gets the height its widget will have before anyone
// types, so the page does not move when widgets render (Cumulative Layout Shift): the title,
// search box, filters and footer; with tasks listed before typing (a widget that searches tasks,
// or every type), also the glance list at its largest (28rem, `--sfw-max-height`). A page sets
// `--sfw-reserved-height` on a placeholder or an ancestor to reserve another height.
const reserve = document.createElement('style');
reserve.textContent = '[data-salesforce-widget]{display:block;min-height:var(--sfw-reserved-height,10.5rem)}'
  + '[data-salesforce-widget]:is(:not([data-objects]),[data-objects*=task i])'
  + '{min-height:var(--sfw-reserved-height,calc(12.25rem + var(--sfw-max-height,28rem)))}';
document.head.append(reserve);
// The wasm download starts at once, in parallel with the glue script, not after it.
const wasm = fetch(new URL('./salesforce-widget_bg.wasm', import.meta.url));
const { default: init, mountSalesforceWidgets } = await import('./salesforce-widget.js');

await init({ module_or_path: wasm });
window.SalesforceWidget = Object.freeze({ mount: mountSalesforceWidgets });
