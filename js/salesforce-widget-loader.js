// The one script an intranet page includes. It loads the widget bundle that sits next to this
// file (wherever it is served from) and mounts a widget into every [data-salesforce-widget];
// placeholders added later mount by themselves. `window.SalesforceWidget.mount()` re-scans.
import init, { mountSalesforceWidgets } from './salesforce-widget.js';

await init({ module_or_path: new URL('./salesforce-widget_bg.wasm', import.meta.url) });
window.SalesforceWidget = Object.freeze({ mount: mountSalesforceWidgets });
