//! Where things are, relative to the backend's origin.

/// The widget's status: configured, connected, who.
pub const STATUS: &str = "/api/salesforce/status";
pub const SEARCH: &str = "/api/salesforce/search";
/// Recently viewed records (GET) and a record the person opened (POST).
pub const RECENT: &str = "/api/salesforce/recent";
pub const TASKS: &str = "/api/salesforce/tasks";
/// The values a picklist filter offers (`?object=lead&field=Status`), as the org defines them.
pub const PICKLIST: &str = "/api/salesforce/picklist";
pub const DISCONNECT: &str = "/api/salesforce/disconnect";
/// An object's icon from its Salesforce theme, below this prefix by the object's name
/// (`/api/salesforce/icons/opportunity`): a PNG, served from the backend's own origin.
pub const ICONS: &str = "/api/salesforce/icons/";
/// Control Panel › Marketplace › Salesforce: the settings (GET, PUT).
pub const ADMIN_CONFIG: &str = "/api/admin/marketplace/salesforce";
/// The connection checks.
pub const ADMIN_TEST: &str = "/api/admin/marketplace/salesforce/test";
/// The share of the org's API allowance at which widgets pause.
pub const ADMIN_API_GUARD: &str = "/api/admin/marketplace/salesforce/api-guard";
/// The origins allowed to embed the widget.
pub const ADMIN_EMBEDDING: &str = "/api/admin/marketplace/salesforce/embedding";
/// The org's searchable objects (GET), and one object's fields below it (`…/objects/{name}`).
pub const ADMIN_OBJECTS: &str = "/api/admin/marketplace/salesforce/objects";
/// The objects widgets may search and what their results show (GET, PUT).
pub const ADMIN_SEARCHABLE_OBJECTS: &str = "/api/admin/marketplace/salesforce/searchable-objects";
pub const OPENAPI: &str = "/api/openapi.json";

/// Starts connecting to Salesforce (`?return_to=` a path of the intranet).
pub const SIGN_IN: &str = "/marketplace/salesforce/account/sign-in";
/// The OAuth callback to register in the Connected App.
pub const SIGN_IN_CALLBACK: &str = "/marketplace/salesforce/account/sign-in/oauth2";
/// The callback URL retired in March 2021.
pub const LEGACY_CALLBACK: &str = "/salesforce/Account/RetrieveAccessToken";
/// The demo intranet's own sign-in page (demo identity only).
pub const INTRANET_SIGN_IN: &str = "/intranet/sign-in";
pub const INTRANET_SIGN_OUT: &str = "/intranet/sign-out";
/// The intranet pages.
pub const CONTROL_PANEL: &str = "/control-panel/marketplace/salesforce";
pub const CONFIGURATOR: &str = "/page-editor/salesforce-widget";

/// State-changing calls carry this header (a custom header no other site can send without a
/// CORS preflight); the backend refuses them without it.
pub const CSRF_HEADER: &str = "X-Requested-With";
pub const CSRF_VALUE: &str = "salesforce-widget";
