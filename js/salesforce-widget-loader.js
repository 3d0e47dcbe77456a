// The one script an intranet page includes. It loads the widget bundle that sits next to this
// file (wherever it is served from) and mounts a widget into every [data-salesforce-widget].
import init from './salesforce-widget.js';

await init({ module_or_path: new URL('./salesforce-widget_bg.wasm', import.meta.url) });
