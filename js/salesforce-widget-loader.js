// The one script an intranet page includes. It loads the widget bundle that sits next to this
// file (wherever it is served from) and mounts a widget into every [data-salesforce-widget];
// placeholders added later mount by themselves. `window.SalesforceWidget.mount()` re-scans.
// The wasm download starts at once, in parallel with the glue script, not after it.
const wasm = fetch(new URL('./salesforce-widget_bg.wasm', import.meta.url));
const { default: init, mountSalesforceWidgets } = await import('./salesforce-widget.js');

await init({ module_or_path: wasm });
window.SalesforceWidget = Object.freeze({ mount: mountSalesforceWidgets });
