//! Component tests in a real headless Chromium (wasm-bindgen-test): widgets mounted into fresh
//! elements with a backend whose answers and timing the test controls.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use salesforce_widget::{
    api::{ApiError, ApiFuture, BackendApi},
    components::SalesforceWidget,
    config::WidgetConfig,
    i18n::Lang,
    objects::WidgetObject,
    search::{
        Detail, FieldFilter, Filters, GlanceResults, ResultGroup, ResultItem, SearchRequest, SearchResults, TaskState,
    },
    status::Status,
};
use std::{
    cell::RefCell,
    rc::Rc,
    sync::{Arc, Mutex},
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use widget_contract::objects::{FilterField, FilterKind};

wasm_bindgen_test_configure!(run_in_browser);

/// What the fake backend saw: each search's query and its abort signal.
#[derive(Default)]
struct Calls {
    searches: Vec<(String, Option<send_wrapper::SendWrapper<web_sys::AbortSignal>>)>,
    /// The filters of each search.
    filters: Vec<Filters>,
    recent: usize,
    tasks: Vec<TaskState>,
    /// Ids of records the widget reported as viewed.
    viewed: Vec<String>,
    /// Picklist filter fields (object, field) whose values the widget asked for.
    picklists: Vec<(String, String)>,
}

/// A backend with a fixed status and scripted search answers: `delay_ms(query)` and
/// `answer(query)` decide when and what each search returns.
struct FakeBackend {
    status: Result<Status, ApiError>,
    calls: Arc<Mutex<Calls>>,
    delay_ms: fn(&str) -> i32,
    answer: fn(&SearchRequest) -> Result<SearchResults, ApiError>,
    /// Recent records (`None`) or tasks in a state.
    glance: fn(Option<TaskState>) -> Result<GlanceResults, ApiError>,
}

fn no_glance(_: Option<TaskState>) -> Result<GlanceResults, ApiError> {
    Ok(GlanceResults::default())
}

fn connected() -> Status {
    Status {
        configured: true,
        connected: true,
        salesforce_user: Some("Grace Hopper (grace@demo-org.example)".into()),
        objects: enabled(),
        ..Status::default()
    }
}

/// The objects the administrator enabled, as the status describes them.
fn enabled() -> Vec<WidgetObject> {
    [
        ("account", "Accounts", "#7F8DE1"),
        ("lead", "Leads", "#F88962"),
        ("task", "Tasks", "#4BC076"),
        ("campaign", "Campaigns", "#F49756"),
    ]
    .into_iter()
    .map(|(object, label, color)| WidgetObject {
        object: object.into(),
        label: label.into(),
        color: Some(color.into()),
        icon: None,
        // The presets' filter fields.
        filters: match object {
            "account" => vec![filter_field("Type", "Account Type", FilterKind::Picklist)],
            "lead" => vec![filter_field("Status", "Lead Status", FilterKind::Picklist)],
            _ => Vec::new(),
        },
    })
    .collect()
}

fn filter_field(field: &str, label: &str, kind: FilterKind) -> FilterField {
    FilterField { field: field.into(), label: label.into(), kind }
}

fn item(object: &str, id: &str, title: &str) -> ResultItem {
    ResultItem {
        object: object.into(),
        id: id.into(),
        title: title.into(),
        details: vec![Detail::new("status", "Open")],
        url: format!("https://acme.my.salesforce.com/lightning/r/X/{id}/view"),
    }
}

/// One record per requested type, titled after the query.
fn echo(request: &SearchRequest) -> Result<SearchResults, ApiError> {
    Ok(SearchResults {
        groups: request
            .objects
            .iter()
            .map(|object| ResultGroup {
                object: object.clone(),
                records: vec![item(
                    object,
                    &format!("{object}-{}", request.query),
                    &format!("{} result", request.query),
                )],
                has_more: false,
            })
            .collect(),
        ..SearchResults::default()
    })
}

impl BackendApi for FakeBackend {
    fn status(&self) -> ApiFuture<Status> {
        let answer = self.status.clone();
        Box::pin(async move { answer })
    }
    fn invalidate_status(&self) {}
    fn search(&self, request: &SearchRequest, abort: Option<web_sys::AbortSignal>) -> ApiFuture<SearchResults> {
        self.calls
            .lock()
            .unwrap()
            .searches
            .push((request.query.clone(), abort.clone().map(send_wrapper::SendWrapper::new)));
        self.calls.lock().unwrap().filters.push(request.filters.clone());
        let (delay, answer) = ((self.delay_ms)(&request.query), (self.answer)(request));
        Box::pin(async move {
            sleep_ms(delay).await;
            // Like fetch: an aborted request rejects instead of answering.
            if abort.is_some_and(|signal| signal.aborted()) { Err(ApiError::Aborted) } else { answer }
        })
    }
    fn recent(&self, _objects: &[String], _limit: usize) -> ApiFuture<GlanceResults> {
        self.calls.lock().unwrap().recent += 1;
        let answer = (self.glance)(None);
        Box::pin(async move { answer })
    }
    fn tasks(&self, state: TaskState, _limit: usize) -> ApiFuture<GlanceResults> {
        self.calls.lock().unwrap().tasks.push(state);
        let answer = (self.glance)(Some(state));
        Box::pin(async move { answer })
    }
    fn picklist(&self, object: &str, field: &str) -> ApiFuture<Vec<String>> {
        let mut calls = self.calls.lock().unwrap();
        calls.picklists.push((object.to_owned(), field.to_owned()));
        // Account types: the network fails the first time.
        if field == "Type" && calls.picklists.len() == 1 {
            return Box::pin(async { Err(ApiError::Network("offline".into())) });
        }
        // An org's own values: one the standard list does not have.
        let values = vec!["Open - Not Contacted".to_owned(), "Nurturing".to_owned()];
        Box::pin(async move { Ok(values) })
    }
    fn record_view(&self, _object: &str, id: &str) -> ApiFuture<()> {
        self.calls.lock().unwrap().viewed.push(id.to_owned());
        Box::pin(async { Ok(()) })
    }
    fn disconnect(&self) -> ApiFuture<()> {
        Box::pin(async { Ok(()) })
    }
    fn sign_in_url(&self, return_to: &str) -> String {
        format!("/sign-in?return_to={return_to}")
    }
    fn intranet_sign_in_url(&self, return_to: &str) -> String {
        format!("/intranet/sign-in?return_to={return_to}")
    }
}

struct Mounted {
    host: web_sys::HtmlElement,
    calls: Arc<Mutex<Calls>>,
    opened: Rc<RefCell<Vec<String>>>,
    _handle: Box<dyn std::any::Any>,
}

fn mount_with(
    config: WidgetConfig,
    status: Result<Status, ApiError>,
    delay_ms: fn(&str) -> i32,
    answer: fn(&SearchRequest) -> Result<SearchResults, ApiError>,
) -> Mounted {
    mount_full(config, status, delay_ms, answer, no_glance)
}

fn mount_full(
    config: WidgetConfig,
    status: Result<Status, ApiError>,
    delay_ms: fn(&str) -> i32,
    answer: fn(&SearchRequest) -> Result<SearchResults, ApiError>,
    glance: fn(Option<TaskState>) -> Result<GlanceResults, ApiError>,
) -> Mounted {
    // Each widget starts without a query kept from an earlier test.
    web_sys::window().unwrap().session_storage().unwrap().unwrap().clear().unwrap();
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let calls = Arc::new(Mutex::new(Calls::default()));
    let backend = Arc::new(FakeBackend { status, calls: calls.clone(), delay_ms, answer, glance });
    let opened = Rc::new(RefCell::new(Vec::new()));
    let record = send_wrapper::SendWrapper::new(opened.clone());
    let open_record = Callback::new(move |url: String| record.borrow_mut().push(url));
    let handle = mount_to(host.clone(), move || view! { <SalesforceWidget config backend open_record /> });
    Mounted { host, calls, opened, _handle: Box::new(handle) }
}

fn mount(status: Result<Status, ApiError>) -> Mounted {
    mount_with(WidgetConfig::default(), status, |_| 0, echo)
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// A transparent 1×1 PNG.
const ONE_PIXEL_PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// Polls (real time, up to 3 s) until `selector` matches inside `host`.
async fn wait_for(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    for _ in 0..150 {
        if let Some(element) = host.query_selector(selector).unwrap() {
            return element;
        }
        sleep_ms(20).await;
    }
    panic!("`{selector}` never appeared; DOM: {}", host.inner_html());
}

fn input(host: &web_sys::HtmlElement) -> web_sys::HtmlInputElement {
    host.query_selector("input[role='combobox']").unwrap().expect("search box").unchecked_into()
}

fn type_text(host: &web_sys::HtmlElement, text: &str) {
    let input = input(host);
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

/// Moves `n` options down with the arrow key and chooses that option.
async fn choose_option(host: &web_sys::HtmlElement, n: usize) {
    for _ in 0..n {
        press(host, "ArrowDown");
    }
    press(host, "Enter");
    sleep_ms(50).await;
}

fn focus(host: &web_sys::HtmlElement) {
    let init = web_sys::EventInit::new();
    input(host).dispatch_event(&web_sys::Event::new_with_event_init_dict("focus", &init).unwrap()).unwrap();
}

fn press(host: &web_sys::HtmlElement, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    input(host)
        .dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
}

fn text(element: &web_sys::Element) -> String {
    element.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn not_connected_shows_the_title_and_a_connect_button() {
    let status = Status { configured: true, ..Status::default() };
    let config = WidgetConfig { title: "Customers".into(), ..WidgetConfig::default() };
    let widget = mount_with(config, Ok(status), |_| 0, echo);
    assert_eq!(text(&widget.host.query_selector("h2").unwrap().unwrap()), "Customers");
    let connect = wait_for(&widget.host, "[data-state='not-connected'] a").await;
    assert_eq!(text(&connect), "Connect to Salesforce");
    assert!(connect.get_attribute("href").unwrap().starts_with("/sign-in?return_to="));
}

#[wasm_bindgen_test]
async fn not_configured_tells_admins_where_to_go_and_others_who_to_ask() {
    let admin = mount(Ok(Status { is_admin: true, ..Status::default() }));
    let user = mount(Ok(Status::default()));
    assert!(wait_for(&admin.host, "[data-state='not-configured']").await.query_selector("a[href]").unwrap().is_some());
    assert!(wait_for(&user.host, "[data-state='not-configured']").await.query_selector("a").unwrap().is_none());
}

/// Issue 19 item 5: on the demo intranet, someone not signed in gets a link to its sign-in page
/// that comes back here; behind a proxy there is nothing to link.
#[wasm_bindgen_test]
async fn not_signed_in_to_the_demo_intranet_links_its_sign_in() {
    let not_signed_in = |reason: Option<&str>| ApiError::Backend {
        status: 401,
        code: "intranet_sign_in_required".into(),
        reason: reason.map(Into::into),
        message: "for people".into(),
        retry_after: None,
    };
    let demo = mount(Err(not_signed_in(Some("demo_sign_in"))));
    let state = wait_for(&demo.host, "[data-state='intranet-sign-in']").await;
    let link = state.query_selector("a").unwrap().expect("a sign-in link");
    assert!(link.get_attribute("href").unwrap().starts_with("/intranet/sign-in?return_to=/"), "{}", state.outer_html());
    assert_eq!(text(&link), "Sign in to the intranet");
    let proxy = mount(Err(not_signed_in(None)));
    let state = wait_for(&proxy.host, "[data-error='intranet-sign-in']").await;
    assert!(state.query_selector("a").unwrap().is_none());
}

/// Issue 19 item 14: on a page whose origin the backend does not allow, the page editor reads
/// what to do instead of a blank box or "something went wrong".
#[wasm_bindgen_test]
async fn a_page_the_backend_does_not_allow_tells_the_editor_what_to_do() {
    let refused = ApiError::Backend {
        status: 403,
        code: "origin_not_allowed".into(),
        reason: None,
        message: "for people".into(),
        retry_after: None,
    };
    let widget = mount(Err(refused));
    let state = wait_for(&widget.host, "[data-error='origin-not-allowed']").await;
    assert!(text(&state).contains("Control Panel › Marketplace › Salesforce › Embedding"), "{}", text(&state));
    assert!(state.query_selector("button").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn reauthentication_says_why() {
    for (reason, words) in [("config_changed", "An administrator changed"), ("token_revoked", "connection has ended")] {
        let widget = mount(Ok(Status { configured: true, reauth_reason: Some(reason.into()), ..Status::default() }));
        let state = wait_for(&widget.host, "[data-state='reauth-required']").await;
        assert!(text(&state).contains(words), "{reason}: {}", text(&state));
        assert!(state.query_selector("a[href^='/sign-in']").unwrap().is_some());
    }
}

fn failing(status: u16, code: &str, reason: Option<&str>) -> Result<SearchResults, ApiError> {
    Err(ApiError::Backend {
        status,
        code: code.into(),
        reason: reason.map(Into::into),
        message: "for people".into(),
        retry_after: None,
    })
}

fn slow_down(seconds: u32) -> ApiError {
    ApiError::Backend {
        status: 429,
        code: "too_many_requests".into(),
        reason: None,
        message: "for people".into(),
        retry_after: Some(seconds),
    }
}

thread_local! {
    /// Answers given so far by the `refused_twice_*` answers below.
    static REFUSALS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The first two searches are refused with `429 too_many_requests` and `Retry-After: 1`.
fn refused_twice_then_echo(request: &SearchRequest) -> Result<SearchResults, ApiError> {
    let n = REFUSALS.with(|r| r.replace(r.get() + 1));
    if n < 2 { Err(slow_down(1)) } else { echo(request) }
}

/// Issue 19 item 2: asked to slow down, the widget says so calmly and searches again by
/// itself once `Retry-After` has passed, without a button to press and without hammering.
#[wasm_bindgen_test]
async fn asked_to_slow_down_the_search_runs_again_by_itself() {
    REFUSALS.with(|r| r.set(0));
    let widget = mount_with(WidgetConfig::default(), Ok(connected()), |_| 0, refused_twice_then_echo);
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "acme");
    let problem = wait_for(&widget.host, "[data-error='slowed-down']").await;
    assert!(text(&problem).contains("faster than the intranet allows"), "{}", text(&problem));
    assert!(problem.query_selector("button").unwrap().is_none(), "nothing to press: it retries by itself");
    sleep_ms(700).await;
    assert_eq!(widget.calls.lock().unwrap().searches.len(), 1, "no retry before Retry-After");
    // Refused once more, then answered: two waits of a second each.
    for _ in 0..100 {
        if widget.host.query_selector("[role='option']").unwrap().is_some() {
            break;
        }
        sleep_ms(50).await;
    }
    assert!(widget.host.query_selector("[role='option']").unwrap().is_some(), "{}", widget.host.inner_html());
    let queries: Vec<String> = widget.calls.lock().unwrap().searches.iter().map(|(q, _)| q.clone()).collect();
    assert_eq!(queries, ["acme", "acme", "acme"]);
}

#[wasm_bindgen_test]
async fn errors_name_the_problem_and_the_next_step() {
    type Answer = fn(&SearchRequest) -> Result<SearchResults, ApiError>;
    let cases: [(Answer, &str, bool); 6] = [
        (|_| failing(401, "intranet_sign_in_required", None), "not signed in to the intranet", false),
        // Salesforce's API_DISABLED_FOR_ORG cannot tell an edition without API from a user
        // without "API Enabled": unless the backend knows, the widget names both.
        (
            |_| failing(403, "salesforce_api_disabled", Some("unknown")),
            "may lack the “API Enabled” permission, or your edition",
            false,
        ),
        (|_| failing(403, "salesforce_api_disabled", Some("user")), "Your Salesforce user may not use the API", false),
        (|_| failing(429, "salesforce_rate_limited", None), "used up its Salesforce API requests", true),
        (|_| failing(429, "api_allowance_guarded", None), "pauses searching to leave the rest", true),
        (|_| failing(503, "salesforce_unavailable", None), "not answering", true),
    ];
    for (answer, words, retry) in cases {
        let widget = mount_with(WidgetConfig::default(), Ok(connected()), |_| 0, answer);
        wait_for(&widget.host, "input[role='combobox']").await;
        type_text(&widget.host, "acme");
        let problem = wait_for(&widget.host, "[data-state='error']").await;
        assert!(text(&problem).contains(words), "{words}: {}", text(&problem));
        assert_eq!(problem.query_selector("button").unwrap().is_some(), retry, "{words}");
    }
}

#[wasm_bindgen_test]
async fn typing_quickly_sends_one_search_for_the_last_query() {
    let widget = mount(Ok(connected()));
    wait_for(&widget.host, "input[role='combobox']").await;
    for partial in ["a", "ac", "acm", "acme"] {
        type_text(&widget.host, partial);
        sleep_ms(40).await;
    }
    wait_for(&widget.host, "[role='option']").await;
    sleep_ms(300).await;
    let queries: Vec<String> = widget.calls.lock().unwrap().searches.iter().map(|(q, _)| q.clone()).collect();
    assert_eq!(queries, ["acme"]);
    // The same query again (extra spaces) is not sent again.
    type_text(&widget.host, "  acme ");
    sleep_ms(350).await;
    assert_eq!(widget.calls.lock().unwrap().searches.len(), 1);
    // Too short: a hint, no request.
    type_text(&widget.host, "a");
    wait_for(&widget.host, "[data-state='type-more']").await;
    assert_eq!(widget.calls.lock().unwrap().searches.len(), 1);
}

#[wasm_bindgen_test]
async fn a_late_answer_never_replaces_a_newer_one_and_its_request_is_aborted() {
    // "slow" answers after 700 ms, "fast" at once.
    let widget = mount_with(WidgetConfig::default(), Ok(connected()), |q| if q == "slow" { 700 } else { 0 }, echo);
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "slow");
    sleep_ms(300).await; // the slow search is in flight
    type_text(&widget.host, "fast");
    let option = wait_for(&widget.host, "[role='option']").await;
    assert!(text(&option).contains("fast result"));
    sleep_ms(800).await; // the slow answer has arrived by now
    let titles: Vec<String> = (0..widget.host.query_selector_all("[role='option']").unwrap().length())
        .map(|i| widget.host.query_selector_all("[role='option']").unwrap().get(i).unwrap().text_content().unwrap())
        .collect();
    assert!(titles.iter().all(|t| t.contains("fast")), "{titles:?}");
    let calls = widget.calls.lock().unwrap();
    let slow_signal = calls.searches.iter().find(|(q, _)| q == "slow").and_then(|(_, s)| s.as_ref()).expect("signal");
    assert!(slow_signal.aborted(), "the superseded request was aborted");
}

fn option_titles(host: &web_sys::HtmlElement) -> Vec<String> {
    let options = host.query_selector_all("[role='option']").unwrap();
    (0..options.length()).map(|i| options.get(i).unwrap().text_content().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn an_answer_for_a_query_no_longer_in_the_box_never_paints_even_before_the_next_debounce() {
    // The answer for "slow" would arrive 400 ms after its request, while the user still types.
    let widget = mount_with(WidgetConfig::default(), Ok(connected()), |q| if q == "slow" { 400 } else { 0 }, echo);
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "slow");
    sleep_ms(350).await; // its request is in flight
    for more in ["slowe", "slowel", "slowely"] {
        type_text(&widget.host, more);
        sleep_ms(150).await; // faster than the debounce: no new request starts
    }
    // 800 ms in: the "slow" answer was due at 600 ms, and no newer search has started yet.
    assert!(option_titles(&widget.host).is_empty(), "a stale answer painted: {:?}", option_titles(&widget.host));
    let aborted = widget.calls.lock().unwrap().searches[0].1.as_ref().is_some_and(|s| s.aborted());
    assert!(aborted, "typing aborted the request in flight");
    let option = wait_for(&widget.host, "[role='option']").await;
    assert!(text(&option).contains("slowely result"));
}

#[wasm_bindgen_test]
async fn typing_back_to_the_query_whose_request_was_aborted_sends_it_again() {
    let widget = mount_with(WidgetConfig::default(), Ok(connected()), |q| if q == "acme" { 300 } else { 0 }, echo);
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "acme");
    sleep_ms(250).await; // in flight
    type_text(&widget.host, "acmex"); // aborts it
    sleep_ms(80).await;
    type_text(&widget.host, "acme"); // and back, before "acmex" settles
    let option = wait_for(&widget.host, "[role='option']").await;
    assert!(text(&option).contains("acme result"));
    let queries: Vec<String> = widget.calls.lock().unwrap().searches.iter().map(|(q, _)| q.clone()).collect();
    assert_eq!(queries, ["acme", "acme"], "sent again once, and never for the unsettled \"acmex\"");
}

#[wasm_bindgen_test]
async fn results_are_grouped_and_record_data_is_text() {
    let widget = mount_with(
        WidgetConfig::default(),
        Ok(connected()),
        |_| 0,
        |request| {
            let mut found = echo(request)?;
            found.groups[0].records[0].title = "<img src=x onerror=alert(1)> Holdings".into();
            // A field an administrator added shows its value without a label of its own.
            found.groups[0].records[0].details.push(Detail::new("Phone", "(555) 010-0199"));
            // An administrator's choices: Salesforce's label, a number in the reader's language.
            found.groups[0].records[0].details.push(Detail {
                key: "Amount".into(),
                value: "254000".into(),
                label: Some("Amount".into()),
                number: true,
            });
            found.groups[1].has_more = true;
            Ok(found)
        },
    );
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "holdings");
    wait_for(&widget.host, "[role='listbox'] [role='group']").await;
    let groups = widget.host.query_selector_all("[role='group']").unwrap();
    assert_eq!(groups.length(), 4);
    let first: web_sys::Element = groups.get(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("data-object").as_deref(), Some("account"));
    assert!(text(&first).contains("<img src=x onerror=alert(1)> Holdings"));
    let details = text(&first.query_selector(".sfw-details").unwrap().unwrap());
    assert_eq!(details, "Status: Open · (555) 010-0199 · Amount: 254,000");
    let made = widget.host.query_selector("[role='option'] img, img[onerror], img[src='x']").unwrap();
    assert!(made.is_none(), "markup in data never becomes elements");
    assert!(first.query_selector("a, button, input").unwrap().is_none(), "no control nested in an option");
    // The list listens for its options' clicks: a click anywhere inside one chooses it, a click
    // on a group's heading chooses nothing.
    let heading: web_sys::HtmlElement = first.query_selector(".sfw-group-title").unwrap().unwrap().unchecked_into();
    heading.click();
    assert!(widget.opened.borrow().is_empty(), "a heading is no option");
    let title: web_sys::HtmlElement =
        first.query_selector("[role='option'] .sfw-record-title").unwrap().unwrap().unchecked_into();
    title.click();
    assert_eq!(widget.opened.borrow().len(), 1, "a click in the option opens the record");
    assert!(widget.host.query_selector("[data-more='lead']").unwrap().is_some());
    let live = widget.host.query_selector("[aria-live='polite']").unwrap().unwrap();
    assert_eq!(text(&live), "4 results.");
}

#[wasm_bindgen_test]
async fn the_keyboard_moves_through_options_opens_records_and_escape_clears() {
    let widget = mount(Ok(connected()));
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "acme");
    wait_for(&widget.host, "[role='option']").await;
    let input = input(&widget.host);
    assert_eq!(input.get_attribute("aria-expanded").as_deref(), Some("true"));
    press(&widget.host, "ArrowDown");
    press(&widget.host, "ArrowDown");
    leptos::task::tick().await;
    let active_id = input.get_attribute("aria-activedescendant").expect("an active option");
    let active = document().get_element_by_id(&active_id).unwrap();
    assert_eq!(active.get_attribute("aria-selected").as_deref(), Some("true"));
    assert!(text(&active).contains("acme result"));
    // The stylesheet marks the active option by that state: one option, and it looks active.
    assert_eq!(widget.host.query_selector_all("[aria-selected='true']").unwrap().length(), 1);
    let stylesheet = document().create_element("style").unwrap();
    stylesheet.set_text_content(Some(include_str!("../style/widget.css")));
    widget.host.append_child(&stylesheet).unwrap();
    let border = |element: &web_sys::Element| {
        let style = web_sys::window().unwrap().get_computed_style(element).unwrap().unwrap();
        style.get_property_value("border-top-color").unwrap()
    };
    let other = widget.host.query_selector("[role='option'][aria-selected='false']").unwrap().unwrap();
    let (active_border, other_border) = (border(&active), border(&other));
    stylesheet.remove(); // before asserting: a failure must not leave it to the tests after this one
    assert_ne!(active_border, other_border, "the active option is marked for the eye too");
    press(&widget.host, "End");
    press(&widget.host, "Home");
    press(&widget.host, "Enter");
    leptos::task::tick().await;
    assert_eq!(widget.opened.borrow().as_slice(), ["https://acme.my.salesforce.com/lightning/r/X/account-acme/view"]);
    press(&widget.host, "Escape"); // closes the list
    press(&widget.host, "Escape"); // clears the box
    leptos::task::tick().await;
    assert_eq!(input.value(), "");
    // Escape while typing has not paused yet: the cleared box stays cleared and nothing is sent.
    let sent = widget.calls.lock().unwrap().searches.len();
    type_text(&widget.host, "globex");
    press(&widget.host, "Escape");
    sleep_ms(400).await;
    assert_eq!(input.value(), "");
    assert_eq!(widget.calls.lock().unwrap().searches.len(), sent, "the pending pause was cancelled");
    assert!(widget.host.query_selector("[data-state='searching']").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn two_widgets_with_different_configurations_do_not_interfere() {
    let leads = mount_with(
        WidgetConfig { objects: vec!["lead".into()], lang: Lang::De, ..WidgetConfig::default() },
        Ok(connected()),
        |_| 0,
        echo,
    );
    let accounts = mount_with(
        WidgetConfig { objects: vec!["account".into()], ..WidgetConfig::default() },
        Ok(connected()),
        |_| 0,
        echo,
    );
    wait_for(&leads.host, "input[role='combobox']").await;
    wait_for(&accounts.host, "input[role='combobox']").await;
    type_text(&leads.host, "smith");
    wait_for(&leads.host, "[role='option']").await;
    sleep_ms(300).await;
    assert_eq!(leads.calls.lock().unwrap().searches.len(), 1);
    assert!(accounts.calls.lock().unwrap().searches.is_empty());
    assert!(accounts.host.query_selector("[role='option']").unwrap().is_none());
    assert_eq!(input(&accounts.host).value(), "");
    // Each in its own language.
    assert_eq!(input(&leads.host).get_attribute("placeholder").as_deref(), Some("Leads suchen…"));
    let group = leads.host.query_selector("[role='group']").unwrap().unwrap();
    assert_eq!(group.get_attribute("data-object").as_deref(), Some("lead"));
}

/// A reactive reader of one badge's style: how many times it ran, and what it read last.
fn badge_reader(url: String) -> (web_sys::HtmlElement, Box<dyn std::any::Any>) {
    let host: web_sys::HtmlElement = document().create_element("p").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let runs = std::cell::Cell::new(0);
    let style = move || {
        runs.set(runs.get() + 1);
        let style = salesforce_widget::icons::badge_style(Some("--sfw-object-color:#000000"), Some(&url));
        format!("{}:{}", runs.get(), style.unwrap_or_default())
    };
    let handle = mount_to(host.clone(), move || view! { {style} });
    (host, Box::new(handle))
}

/// Waits (at most 5 s) until what `host` reads passes `check`.
async fn wait_for_text(host: &web_sys::HtmlElement, what: &str, check: impl Fn(&str) -> bool) {
    for attempt in 0.. {
        if check(&text(host)) {
            return;
        }
        assert!(attempt < 250, "{what}: still {:?}", text(host));
        sleep_ms(20).await;
    }
}

#[wasm_bindgen_test]
async fn a_badge_draws_its_icon_once_loaded_and_an_icon_that_failed_is_asked_again() {
    use salesforce_widget::icons::preload;
    // Addresses no other test asks for: a page's icons are shared by all its widgets.
    let (loads, fails) = (format!("{ONE_PIXEL_PNG}#reader"), "/no-such-icon.png?reader".to_owned());
    let drawn = format!("--sfw-object-color:#000000;--_icon:url(\"{loads}\")");
    let (loading, _kept) = badge_reader(loads.clone());
    let (failing, _kept_too) = badge_reader(fails.clone());
    assert_eq!(text(&loading), "1:--sfw-object-color:#000000", "not asked for yet: the letter");
    // A reader runs again when an icon settles (the only one loading here is its own): the
    // failed icon is not drawn.
    preload(&fails);
    wait_for_text(&failing, "the failure settles", |t| t == "2:--sfw-object-color:#000000").await;
    preload(&loads);
    wait_for_text(&loading, "the icon is drawn once loaded", |t| t.ends_with(&format!(":{drawn}"))).await;
    // Asked again (as the next focus of a search box does): a reader of it meanwhile waits for
    // the new answer, which fails again here.
    preload(&fails);
    let (asked_again, _kept_again) = badge_reader(fails);
    assert_eq!(text(&asked_again), "1:--sfw-object-color:#000000");
    wait_for_text(&asked_again, "the failure settles again", |t| t == "2:--sfw-object-color:#000000").await;
    // A loaded icon is not asked for again, and a new reader draws it at once.
    preload(&loads);
    let (loaded, _kept_loaded) = badge_reader(loads);
    assert_eq!(text(&loaded), format!("1:{drawn}"));
}

/// Objects are data: which exist, their labels (in the person's Salesforce language) and
/// colours come from the status; a name the administrator has not enabled is the page
/// editor's to fix.
#[wasm_bindgen_test]
async fn objects_are_named_and_coloured_as_the_status_describes_them() {
    let mut status = connected();
    status.objects.push(WidgetObject {
        object: "project__c".into(),
        label: "Projekte".into(),
        color: Some("#3C97DD".into()),
        icon: Some(ONE_PIXEL_PNG.into()),
        filters: Vec::new(),
    });
    // An icon that cannot load (the backend lost it, a proxy refused it): the letter stays.
    status.objects[2].icon = Some("/no-such-icon.png".into());
    let widget = mount_with(
        WidgetConfig { objects: vec!["project__c".into(), "task".into()], ..WidgetConfig::default() },
        Ok(status.clone()),
        |_| 0,
        echo,
    );
    let input = wait_for(&widget.host, "input[role='combobox']").await;
    assert_eq!(input.get_attribute("placeholder").as_deref(), Some("Search Projekte, Tasks…"));
    // Turning to the box loads the icons.
    input.unchecked_ref::<web_sys::HtmlElement>().focus().unwrap();
    type_text(&widget.host, "apollo");
    wait_for(&widget.host, "[data-object='project__c']").await;
    let titles: Vec<String> = (0..2)
        .map(|i| text(&widget.host.query_selector_all(".sfw-group-title").unwrap().get(i).unwrap().unchecked_into()))
        .collect();
    assert_eq!(titles, ["PProjekte1", "TTasks1"], "badge letter, label, count");
    let nothing_for_tasks = |request: &SearchRequest| {
        let mut found = echo(request)?;
        found.groups.retain_mut(|g| {
            g.records.retain(|r| r.object != "task");
            true
        });
        Ok(found)
    };
    let without_tasks = mount_with(
        WidgetConfig { objects: vec!["project__c".into(), "task".into()], ..WidgetConfig::default() },
        Ok(status.clone()),
        |_| 0,
        nothing_for_tasks,
    );
    wait_for(&without_tasks.host, "input[role='combobox']").await;
    type_text(&without_tasks.host, "apollo");
    wait_for(&without_tasks.host, "[data-object='project__c']").await;
    assert!(
        without_tasks.host.query_selector("[data-object='task']").unwrap().is_none(),
        "no heading for nothing found"
    );
    // The theme's icon covers the letter once it has loaded (the stylesheet draws `--_icon` over
    // it); the one that fails never does, and its letter shows.
    let badge =
        |object: &str| widget.host.query_selector(&format!("[data-object='{object}'] .sfw-icon")).unwrap().unwrap();
    wait_for(&widget.host, "[data-object='project__c'] .sfw-icon[style*='--_icon']").await;
    assert_eq!(
        badge("project__c").get_attribute("style"),
        Some(format!("--sfw-object-color:#3C97DD;--_icon:url(\"{ONE_PIXEL_PNG}\")"))
    );
    assert_eq!(text(&badge("project__c")), "P", "the letter stays beneath (the browser test sees it covered)");
    assert!(widget.host.query_selector(".sfw-icon img").unwrap().is_none(), "no image element per badge");
    // Time for the missing icon's request to fail (the test server answers at once).
    sleep_ms(300).await;
    assert_eq!(badge("task").get_attribute("style").as_deref(), Some("--sfw-object-color:#4BC076"), "colour, no icon");
    assert_eq!(text(&badge("task")), "T");
    assert_eq!(widget.calls.lock().unwrap().searches.len(), 1);

    let misnamed = mount_with(
        WidgetConfig { objects: vec!["contact".into(), "task".into()], ..WidgetConfig::default() },
        Ok(status),
        |_| 0,
        echo,
    );
    let problem = wait_for(&misnamed.host, "[data-state='config-error']").await;
    assert!(
        text(&problem).contains("data-objects: “contact” is not one of account, lead, task, campaign, project__c."),
        "{}",
        text(&problem)
    );
    assert!(misnamed.host.query_selector("input").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn loading_shows_until_the_status_arrives() {
    let widget = mount(Ok(connected()));
    // Before the executor runs, the status has not arrived.
    assert!(widget.host.query_selector("[data-state='loading']").unwrap().is_some(), "{}", widget.host.inner_html());
    wait_for(&widget.host, "input[role='combobox']").await;
    assert!(widget.host.query_selector("[data-state='loading']").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn an_empty_result_gives_a_hint_and_a_way_to_search_in_salesforce() {
    let widget = mount_with(
        WidgetConfig::default(),
        Ok(connected()),
        |_| 0,
        |_| {
            Ok(SearchResults {
                search_url: Some("https://acme.my.salesforce.com/_ui/search/ui/UnifiedSearchResults?str=zz".into()),
                ..SearchResults::default()
            })
        },
    );
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "zzzz");
    let empty = wait_for(&widget.host, "[data-state='empty']").await;
    assert!(text(&empty).contains("No records found for “zzzz”"), "{}", text(&empty));
    assert!(!text(&empty).contains("Nothing in Salesforce"), "Salesforce's search cannot promise that");
    let link = empty.query_selector("a").unwrap().expect("search in Salesforce");
    assert!(link.get_attribute("href").unwrap().starts_with("https://acme.my.salesforce.com/"));
    assert_eq!(text(&widget.host.query_selector("[aria-live='polite']").unwrap().unwrap()), "No results.");
}

#[wasm_bindgen_test]
async fn show_more_loads_the_next_records_of_that_type() {
    let widget = mount_with(
        WidgetConfig { objects: vec!["lead".into()], limit: 1, ..WidgetConfig::default() },
        Ok(connected()),
        |_| 0,
        |request| {
            let id = format!("lead-{}", request.offset);
            Ok(SearchResults {
                groups: vec![ResultGroup {
                    object: "lead".into(),
                    records: vec![item("lead", &id, &format!("Lead {}", request.offset))],
                    has_more: request.offset < 1,
                }],
                ..SearchResults::default()
            })
        },
    );
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "lead");
    let more = wait_for(&widget.host, "[data-more='lead']").await;
    more.unchecked_ref::<web_sys::HtmlElement>().click();
    wait_for(&widget.host, "[data-id='lead-1']").await;
    assert!(widget.host.query_selector("[data-more='lead']").unwrap().is_none(), "no more after the last page");
    let calls: Vec<String> = widget.calls.lock().unwrap().searches.iter().map(|(q, _)| q.clone()).collect();
    assert_eq!(calls, ["lead", "lead"]);
    assert_eq!(text(&widget.host.query_selector("[role='group'] .sfw-count").unwrap().unwrap()), "2");
}

#[wasm_bindgen_test]
async fn unsafe_record_urls_are_never_links() {
    let widget = mount_with(
        WidgetConfig::default(),
        Ok(connected()),
        |_| 0,
        |request| {
            let mut found = echo(request)?;
            found.groups[0].records[0].url = "javascript:alert(1)".into();
            Ok(found)
        },
    );
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "acme");
    let first = wait_for(&widget.host, "[role='group'][data-object='account'] [role='option']").await;
    assert!(widget.host.query_selector("a[href^='javascript']").unwrap().is_none());
    first.unchecked_ref::<web_sys::HtmlElement>().click();
    assert!(widget.opened.borrow().is_empty(), "an unsafe URL is never opened");
}

#[wasm_bindgen_test]
async fn unmounting_a_widget_aborts_its_request_in_flight() {
    let widget = mount_with(WidgetConfig::default(), Ok(connected()), |_| 2_000, echo);
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "acme");
    sleep_ms(400).await; // debounced and sent; the answer takes 2 s
    let calls = widget.calls.clone();
    assert_eq!(calls.lock().unwrap().searches.len(), 1);
    let host = widget.host.clone();
    drop(widget); // what removing the placeholder does (the mount handle is dropped)
    leptos::task::tick().await;
    let aborted = calls.lock().unwrap().searches[0].1.as_ref().map(|signal| signal.aborted());
    assert_eq!(aborted, Some(true));
    assert!(host.query_selector("section").unwrap().is_none(), "the widget is gone");
}

/// `YYYY-MM-DD`, `days` from today in the browser's time zone.
fn day(days: i32) -> String {
    let date = js_sys::Date::new_0();
    date.set_date((date.get_date() as i32 + days) as u32);
    format!("{:04}-{:02}-{:02}", date.get_full_year(), date.get_month() + 1, date.get_date())
}

fn task(id: &str, title: &str, due: String) -> ResultItem {
    ResultItem {
        object: "task".into(),
        id: id.into(),
        title: title.into(),
        details: vec![Detail::new("due_date", &due), Detail::new("status", "Not Started")],
        url: format!("https://acme.my.salesforce.com/lightning/r/Task/{id}/view"),
    }
}

/// Tasks in the order the backend sends them (overdue first), and two recent records.
fn glance(state: Option<TaskState>) -> Result<GlanceResults, ApiError> {
    let records = match state {
        Some(TaskState::Overdue) => vec![task("00T000000000001", "Send contract", day(-3))],
        Some(_) => vec![
            task("00T000000000001", "Send contract", day(-3)),
            task("00T000000000002", "Call Ada", day(0)),
            task("00T000000000003", "Plan webinar", day(4)),
        ],
        None => vec![item("account", "001000000000001", "Acme Inc."), item("lead", "00Q000000000001", "Ann Lee")],
    };
    let more_url = state.map(|_| "https://acme.my.salesforce.com/lightning/o/Task/home".to_owned());
    Ok(GlanceResults { has_more: more_url.is_some(), more_url, records })
}

/// The first glance answer is a `429 too_many_requests`, then the usual lists.
fn refused_once_then_glance(state: Option<TaskState>) -> Result<GlanceResults, ApiError> {
    let n = REFUSALS.with(|r| r.replace(r.get() + 1));
    if n == 0 { Err(slow_down(1)) } else { glance(state) }
}

/// The tasks glance, asked to slow down, loads again by itself after `Retry-After`.
#[wasm_bindgen_test]
async fn asked_to_slow_down_the_tasks_glance_loads_again_by_itself() {
    REFUSALS.with(|r| r.set(0));
    let widget = mount_full(WidgetConfig::default(), Ok(connected()), |_| 0, echo, refused_once_then_glance);
    wait_for(&widget.host, "[data-error='slowed-down']").await;
    assert_eq!(widget.calls.lock().unwrap().tasks.len(), 1);
    for _ in 0..60 {
        if !titles_in(&widget.host, "[data-glance='tasks']").is_empty() {
            break;
        }
        sleep_ms(50).await;
    }
    assert_eq!(titles_in(&widget.host, "[data-glance='tasks']"), ["Send contract", "Call Ada", "Plan webinar"]);
    assert_eq!(widget.calls.lock().unwrap().tasks, [TaskState::Open, TaskState::Open]);
}

fn titles_in(host: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = host.query_selector_all(&format!("{selector} .sfw-record-title")).unwrap();
    (0..nodes.length()).map(|i| nodes.item(i).unwrap().text_content().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn before_typing_the_tasks_glance_shows_overdue_first_with_badges() {
    let widget = mount_full(WidgetConfig::default(), Ok(connected()), |_| 0, echo, glance);
    let group = wait_for(&widget.host, "[data-glance='tasks']").await;
    assert!(text(&group).starts_with("My open tasks"), "{}", text(&group));
    assert_eq!(titles_in(&widget.host, "[data-glance='tasks']"), ["Send contract", "Call Ada", "Plan webinar"]);
    let badges = widget.host.query_selector_all("[data-glance='tasks'] .sfw-badge").unwrap();
    assert_eq!(badges.length(), 2, "overdue and today, not later");
    assert_eq!(badges.item(0).unwrap().text_content().unwrap(), "Overdue");
    assert_eq!(badges.item(1).unwrap().text_content().unwrap(), "Today");
    assert_eq!(widget.calls.lock().unwrap().tasks, [TaskState::Open]);
    assert_eq!(widget.calls.lock().unwrap().recent, 0, "recent records wait for the first focus");
    let more = widget.host.query_selector("a[data-glance-more='tasks']").unwrap().expect("a link to all tasks");
    assert_eq!(more.get_attribute("href").as_deref(), Some("https://acme.my.salesforce.com/lightning/o/Task/home"));
    assert_eq!(more.get_attribute("target").as_deref(), Some("_blank"));
    // Typing replaces the glance with results; clearing brings it back without asking again.
    type_text(&widget.host, "acme");
    wait_for(&widget.host, "[data-object='account']").await;
    assert!(widget.host.query_selector("[data-glance]").unwrap().is_none());
    type_text(&widget.host, "");
    wait_for(&widget.host, "[data-glance='tasks']").await;
    assert_eq!(widget.calls.lock().unwrap().tasks.len(), 1);
}

#[wasm_bindgen_test]
async fn focusing_the_empty_box_shows_recent_records_and_opening_one_reports_the_view() {
    let config = WidgetConfig { objects: vec!["account".into(), "lead".into()], ..WidgetConfig::default() };
    let widget = mount_full(config, Ok(connected()), |_| 0, echo, glance);
    wait_for(&widget.host, "input[role='combobox']").await;
    assert!(widget.host.query_selector("[data-glance]").unwrap().is_none(), "no tasks in this widget");
    focus(&widget.host);
    wait_for(&widget.host, "[data-glance='recent']").await;
    assert_eq!(titles_in(&widget.host, "[data-glance='recent']"), ["Acme Inc.", "Ann Lee"]);
    assert!(widget.calls.lock().unwrap().tasks.is_empty());
    choose_option(&widget.host, 2).await;
    assert_eq!(
        widget.opened.borrow().as_slice(),
        ["https://acme.my.salesforce.com/lightning/r/X/00Q000000000001/view"]
    );
    let calls = widget.calls.lock().unwrap();
    assert_eq!(calls.viewed, ["00Q000000000001"]);
    assert_eq!(calls.recent, 2, "the list is asked again after the view");
}

#[wasm_bindgen_test]
async fn preset_filters_are_sent_shown_and_can_be_changed() {
    let config = WidgetConfig {
        objects: vec!["task".into(), "lead".into()],
        filters: Filters {
            mine: true,
            task: Some(TaskState::Overdue),
            fields: vec![FieldFilter::new("lead", "Status", "Working - Contacted")],
            ..Filters::default()
        },
        ..WidgetConfig::default()
    };
    let widget = mount_full(config, Ok(connected()), |_| 0, echo, glance);
    let group = wait_for(&widget.host, "[data-glance='tasks']").await;
    assert!(text(&group).starts_with("My overdue tasks"));
    assert_eq!(titles_in(&widget.host, "[data-glance='tasks']"), ["Send contract"]);
    let toggle = widget.host.query_selector("[data-filter='toggle']").unwrap().unwrap();
    assert_eq!(text(&toggle), "Filters (3)");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(widget.calls.lock().unwrap().picklists.is_empty(), "values are asked for once the panel opens");
    toggle.unchecked_ref::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    // The org's own values after the preset one (kept even where the org does not list it).
    wait_for(&widget.host, "select[id$='-filter-lead-Status'] option[value='Nurturing']").await;
    let offered: Vec<String> = (0..4)
        .filter_map(|i| widget.host.query_selector_all("select[id$='-filter-lead-Status'] option").unwrap().get(i))
        .map(|o| o.unchecked_into::<web_sys::HtmlOptionElement>().value())
        .collect();
    assert_eq!(offered, ["", "Working - Contacted", "Open - Not Contacted", "Nurturing"], "the preset first");
    let label = widget.host.query_selector("label[for$='-filter-lead-Status']").unwrap().unwrap();
    assert_eq!(text(&label), "Lead Status (Leads)", "the field's label and its object's");
    assert_eq!(widget.calls.lock().unwrap().picklists, [("lead".to_owned(), "Status".to_owned())]);
    assert!(
        widget.host.query_selector("select[id*='-filter-account-']").unwrap().is_none(),
        "only filters of its types"
    );
    let task_select: web_sys::HtmlSelectElement =
        widget.host.query_selector("select[id$='-task']").unwrap().unwrap().unchecked_into();
    assert_eq!(task_select.value(), "overdue");
    type_text(&widget.host, "call");
    wait_for(&widget.host, "[data-object='task']").await;
    assert_eq!(
        widget.calls.lock().unwrap().filters.last().unwrap(),
        &Filters {
            mine: true,
            task: Some(TaskState::Overdue),
            fields: vec![FieldFilter::new("lead", "Status", "Working - Contacted")],
            ..Filters::default()
        }
    );
    let mine: web_sys::HtmlInputElement =
        widget.host.query_selector("[data-filter='mine']").unwrap().unwrap().unchecked_into();
    assert!(mine.checked());
    mine.click();
    task_select.set_value("completed");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    task_select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    sleep_ms(50).await;
    assert_eq!(
        widget.calls.lock().unwrap().filters.last().unwrap(),
        &Filters {
            task: Some(TaskState::Completed),
            fields: vec![FieldFilter::new("lead", "Status", "Working - Contacted")],
            ..Filters::default()
        },
        "a changed filter searches again at once"
    );
    assert_eq!(text(&toggle), "Filters (2)");
    assert_eq!(widget.calls.lock().unwrap().tasks, [TaskState::Overdue, TaskState::Completed]);
}

/// The org's values that could not be had are asked again the next time the panel opens, and
/// values once had are not asked again.
#[wasm_bindgen_test]
async fn picklist_values_the_network_lost_are_asked_again() {
    let widget = mount_full(
        WidgetConfig { objects: vec!["account".into()], ..WidgetConfig::default() },
        Ok(connected()),
        |_| 0,
        echo,
        glance,
    );
    let toggle: web_sys::HtmlElement = wait_for(&widget.host, "[data-filter='toggle']").await.unchecked_into();
    let options = || widget.host.query_selector_all("select[id$='-filter-account-Type'] option").unwrap().length();
    toggle.click();
    sleep_ms(50).await;
    assert_eq!(options(), 1, "only Any: the values did not arrive");
    toggle.click();
    toggle.click();
    wait_for(&widget.host, "select[id$='-filter-account-Type'] option[value='Nurturing']").await;
    assert_eq!(options(), 3);
    toggle.click();
    toggle.click();
    sleep_ms(50).await;
    assert_eq!(widget.calls.lock().unwrap().picklists.len(), 2, "asked again once, then kept");
    assert_eq!(options(), 3, "nothing added twice");
}

/// Filter fields are data: an object's checkbox field (IsClosed) offers yes or no, asks the
/// backend for nothing, and narrows that object's results.
#[wasm_bindgen_test]
async fn a_checkbox_filter_field_offers_yes_and_no() {
    let mut status = connected();
    status.objects.push(WidgetObject {
        object: "opportunity".into(),
        label: "Opportunities".into(),
        color: Some("#FCB95B".into()),
        icon: None,
        filters: vec![filter_field("IsClosed", "Closed", FilterKind::Boolean)],
    });
    let widget = mount_full(
        WidgetConfig { objects: vec!["opportunity".into()], ..WidgetConfig::default() },
        Ok(status),
        |_| 0,
        echo,
        glance,
    );
    let toggle = wait_for(&widget.host, "[data-filter='toggle']").await;
    toggle.unchecked_ref::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    let select: web_sys::HtmlSelectElement =
        wait_for(&widget.host, "select[id$='-filter-opportunity-IsClosed']").await.unchecked_into();
    let offered: Vec<String> = (0..3)
        .filter_map(|i| select.query_selector_all("option").unwrap().get(i))
        .map(|o| text(&o.unchecked_into()))
        .collect();
    assert_eq!(offered, ["Any", "Yes", "No"]);
    select.set_value("false");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    type_text(&widget.host, "acme");
    sleep_ms(400).await;
    assert_eq!(
        widget.calls.lock().unwrap().filters.last().unwrap().fields,
        [FieldFilter::new("opportunity", "IsClosed", "false")]
    );
    assert!(widget.calls.lock().unwrap().picklists.is_empty(), "a checkbox has no values to ask for");
}

/// Salesforce's search keeps its best 2,000 matches and filters after that: a list is never
/// presented as all there is, and Salesforce's own search is one click away.
#[wasm_bindgen_test]
async fn results_always_offer_salesforces_own_search() {
    let widget = mount_with(
        WidgetConfig::default(),
        Ok(connected()),
        |_| 0,
        |request| {
            let mut found = echo(request)?;
            found.search_url =
                Some("https://acme.my.salesforce.com/_ui/search/ui/UnifiedSearchResults?str=acme".into());
            Ok(found)
        },
    );
    wait_for(&widget.host, "input[role='combobox']").await;
    type_text(&widget.host, "acme");
    wait_for(&widget.host, "[data-object='account']").await;
    let link = widget.host.query_selector("a[data-search-elsewhere]").unwrap().expect("a link to Salesforce's search");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://acme.my.salesforce.com/_ui/search/ui/UnifiedSearchResults?str=acme")
    );
    assert!(text(&link).starts_with("Search in Salesforce"));
    assert!(link.closest("[role='listbox']").unwrap().is_none(), "outside the listbox: options only there");
}

/// Salesforce never lists tasks as recently viewed: a tasks-only widget asks for no recent
/// records, and opening a task reports no view (nothing is promised or faked).
#[wasm_bindgen_test]
async fn tasks_are_opened_without_pretending_they_become_recent() {
    let config = WidgetConfig { objects: vec!["task".into()], ..WidgetConfig::default() };
    let widget = mount_full(config, Ok(connected()), |_| 0, echo, glance);
    wait_for(&widget.host, "[data-glance='tasks']").await;
    focus(&widget.host);
    sleep_ms(50).await;
    assert!(widget.host.query_selector("[data-glance='recent']").unwrap().is_none());
    assert!(widget.host.query_selector("[data-glance-note='recent']").unwrap().is_none());
    choose_option(&widget.host, 1).await;
    assert_eq!(
        widget.opened.borrow().as_slice(),
        ["https://acme.my.salesforce.com/lightning/r/Task/00T000000000001/view"]
    );
    let calls = widget.calls.lock().unwrap();
    assert_eq!((calls.recent, calls.viewed.len()), (0, 0), "no recent list asked, no view reported");
}

/// The list before typing hears its options' presses and clicks as the results do: a press in
/// an option keeps the focus in the box (a press on a heading does not), and a click opens the
/// option it landed in, counted after the recent records (the keyboard's order).
#[wasm_bindgen_test]
async fn a_click_in_the_lists_before_typing_opens_that_record() {
    let widget = mount_full(WidgetConfig::default(), Ok(connected()), |_| 0, echo, glance);
    wait_for(&widget.host, "[data-glance='tasks']").await;
    focus(&widget.host);
    wait_for(&widget.host, "[data-glance='recent'] [role='option']").await;
    let pressed = |selector: &str| {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = web_sys::Event::new_with_event_init_dict("mousedown", &init).unwrap();
        widget.host.query_selector(selector).unwrap().unwrap().dispatch_event(&event).unwrap();
        event.default_prevented()
    };
    assert!(pressed("[data-glance='tasks'] [role='option'] .sfw-record-title"), "the box keeps the focus");
    assert!(!pressed("[data-glance='tasks'] .sfw-group-title"), "a heading is no option");
    let second_task: web_sys::HtmlElement = widget
        .host
        .query_selector_all("[data-glance='tasks'] [role='option'] .sfw-record-title")
        .unwrap()
        .get(1)
        .unwrap()
        .unchecked_into();
    second_task.click();
    assert_eq!(
        widget.opened.borrow().as_slice(),
        ["https://acme.my.salesforce.com/lightning/r/Task/00T000000000002/view"],
        "the task clicked, not the record at the same place among the recent ones"
    );
}

/// In a widget with tasks and other types, the empty recent list says tasks do not appear there.
#[wasm_bindgen_test]
async fn the_empty_recent_list_says_tasks_are_not_listed() {
    let widget = mount_full(
        WidgetConfig::default(),
        Ok(connected()),
        |_| 0,
        echo,
        |state| match state {
            None => Ok(GlanceResults::default()),
            Some(state) => glance(Some(state)),
        },
    );
    wait_for(&widget.host, "[data-glance='tasks']").await;
    focus(&widget.host);
    let note = wait_for(&widget.host, "[data-glance-note='recent']").await;
    assert!(text(&note).contains("Salesforce never lists tasks"), "{}", text(&note));
}
