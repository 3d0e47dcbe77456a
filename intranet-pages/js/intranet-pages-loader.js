// Loads the intranet pages bundle that sits next to this file; it renders into #intranet-pages.
import init from './intranet-pages.js';

await init({ module_or_path: new URL('./intranet-pages_bg.wasm', import.meta.url) });
