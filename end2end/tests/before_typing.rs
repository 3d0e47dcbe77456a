//! Before the user types, and narrowing down, in headless Chromium against the real backend and
//! demo org: recent records after opening one through the widget, the tasks glance for two
//! people, each filter, a page editor's preset, and opening a record on a phone.

use demo_org::records::Value;
use end2end::{Browser, PATIENCE, Stack};
use std::time::{Duration, Instant};

const ARROW_DOWN_ENTER: &str = "\u{E015}\u{E007}";
const SELECT_ALL_DELETE: &str = "\u{E009}a\u{E009}\u{E003}";

/// Signs `person` in to the intranet and connects them to the demo org as the same person.
async fn connected(stack: &Stack, person: &str) -> anyhow::Result<Browser> {
    let browser = Browser::start().await?;
    browser.sign_in_to_intranet(stack, person).await?;
    browser.find("[data-state='not-connected'] a").await?.click().await?;
    browser.approve_at_salesforce(person).await?;
    browser.find_at_least("input[role='combobox']", 3).await?;
    Ok(browser)
}

/// Makes the page a phone's: `width` × `height` CSS pixels at `scale` device pixels each.
async fn phone_screen(browser: &Browser, width: u32, height: u32, scale: u32) -> anyhow::Result<()> {
    let metrics = serde_json::json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": true });
    browser.cdp("Emulation.setDeviceMetricsOverride", metrics).await?;
    Ok(())
}

/// `data-id`s of the records matching `css` inside the `widget`-th widget of the page ("show
/// more" options have none).
async fn ids_in(browser: &Browser, widget: usize, css: &str) -> anyhow::Result<Vec<String>> {
    let found = browser
        .client
        .execute(
            "const w = document.querySelectorAll('section.sfw')[arguments[0]];
             return [...w.querySelectorAll(arguments[1])].filter(e => e.hasAttribute('data-id'))
               .map(e => e.getAttribute('data-id'));",
            vec![widget.into(), css.into()],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

/// Polls until `check` accepts the ids of `css` in `widget`, and returns them.
async fn until(
    browser: &Browser,
    widget: usize,
    css: &str,
    what: &str,
    check: impl Fn(&[String]) -> bool,
) -> anyhow::Result<Vec<String>> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let ids = ids_in(browser, widget, css).await?;
        if check(&ids) {
            return Ok(ids);
        }
        if Instant::now() > deadline {
            let shown = browser
                .client
                .execute("return document.querySelectorAll('section.sfw')[arguments[0]].innerText", vec![widget.into()])
                .await?;
            anyhow::bail!("{what}: never true; last seen {ids:?} in {shown}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The records of `css` once they stopped changing (the answer for what was just typed has
/// replaced the one for the previous words) and are not empty.
async fn settled(browser: &Browser, widget: usize, css: &str) -> anyhow::Result<Vec<String>> {
    let deadline = Instant::now() + PATIENCE;
    let mut last = Vec::new();
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let ids = ids_in(browser, widget, css).await?;
        if !ids.is_empty() && ids == last {
            return Ok(ids);
        }
        anyhow::ensure!(Instant::now() < deadline, "results for {css} never settled; last seen {ids:?}");
        last = ids;
    }
}

fn user_id(stack: &Stack, person: &str) -> String {
    stack.org.data().user_by_username(&format!("{person}@demo-org.example")).unwrap().id.clone()
}

/// The person's open tasks as Salesforce orders them for the glance, or only overdue ones.
fn expected_tasks(stack: &Stack, person: &str, overdue_only: bool, limit: usize) -> Vec<String> {
    let owner = user_id(stack, person);
    let today = stack.org.today.to_string();
    let data = stack.org.data();
    let mut tasks: Vec<_> = data
        .of_type_named("Task")
        .filter(|t| t.owner_id() == Some(owner.as_str()) && t.get("IsClosed") == &Value::Bool(false))
        .filter(|t| !overdue_only || t.get("ActivityDate").as_str().is_some_and(|d| d < today.as_str()))
        .collect();
    tasks.sort_by(|a, b| {
        match (a.get("ActivityDate").as_str(), b.get("ActivityDate").as_str()) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, _) => std::cmp::Ordering::Greater,
            (_, None) => std::cmp::Ordering::Less,
            (x, y) => x.cmp(&y),
        }
        .then_with(|| a.id.cmp(&b.id))
    });
    tasks.into_iter().take(limit).map(|t| t.id.clone()).collect()
}

/// Waits until the home page's first widget lists `person`'s five open tasks and its third (the
/// team page's, preset to overdue) their overdue ones, as the demo org holds them; returns both.
async fn home_page_tasks_shown(
    stack: &Stack,
    browser: &Browser,
    person: &str,
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    const TASKS: &str = "[data-glance='tasks'] [role='option']";
    let open = expected_tasks(stack, person, false, 5);
    until(browser, 0, TASKS, "open tasks", |ids| ids == open).await?;
    let overdue = expected_tasks(stack, person, true, 5);
    until(browser, 2, TASKS, "overdue tasks", |ids| ids == overdue).await?;
    Ok((open, overdue))
}

#[tokio::test]
async fn a_record_opened_through_the_widget_shows_first_among_recent_records() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = connected(&stack, "grace").await?;
    let search_box = browser.find("input[role='combobox']").await?;
    search_box.send_keys("summit").await?;
    let ids = until(&browser, 0, "[data-object] [role='option']", "results", |ids| !ids.is_empty()).await?;
    let (id, title) = (ids[0].clone(), stack.org.data().record(&ids[0]).unwrap().title().to_owned());
    let page = browser.client.window().await?;
    search_box.send_keys(ARROW_DOWN_ENTER).await?;
    let opened = browser.take_new_tab(&page).await?;
    assert!(opened.ends_with(&format!("/{id}/view")), "{opened}");

    // Salesforce recorded the view (FOR VIEW), and the empty box now lists it first.
    search_box.send_keys(SELECT_ALL_DELETE).await?;
    let recent =
        until(&browser, 0, "[data-glance='recent'] [role='option']", "recent records", |ids| ids.first() == Some(&id))
            .await?;
    assert!(recent.len() <= 5);
    let first_title = browser.text_of("[data-glance='recent'] [role='option'] .sfw-record-title").await?;
    assert_eq!(first_title, title);
    assert_eq!(stack.org.recently_viewed().of(&user_id(&stack, "grace")).next(), Some(id.as_str()));
    browser.screenshot("before-typing").await?;
    browser.assert_accessible("recent records and tasks glance").await?;
    browser.close().await
}

#[tokio::test]
async fn the_tasks_glance_is_each_persons_own_overdue_first() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    for person in ["grace", "alan"] {
        let browser = connected(&stack, person).await?;
        // The home page widget: open tasks; the team page widget: preset to overdue ones.
        let (open, overdue) = home_page_tasks_shown(&stack, &browser, person).await?;
        assert_eq!(open.len(), 5, "{person}");
        assert!(!overdue.is_empty());
        let badges = browser
            .client
            .execute(
                "const w = document.querySelectorAll('section.sfw')[2];
                 return [w.querySelector('.sfw-group-title').textContent,
                         w.querySelectorAll('[role=option]').length,
                         w.querySelectorAll('[role=option] .sfw-badge--overdue').length];",
                vec![],
            )
            .await?;
        assert!(badges[0].as_str().unwrap_or_default().starts_with("My overdue tasks"), "{badges}");
        assert_eq!(badges[1], badges[2], "every task of the overdue widget says so: {badges}");
        browser.close().await?;
    }
    Ok(())
}

#[tokio::test]
async fn due_badges_sit_beside_their_titles_and_a_cut_off_list_fades_until_its_end() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = connected(&stack, "grace").await?;
    let (_, overdue) = home_page_tasks_shown(&stack, &browser, "grace").await?;
    // Each badge is as wide as its word, not a bar across the option.
    let widths = browser
        .client
        .execute(
            "const w = document.querySelectorAll('section.sfw')[2];
             return [...w.querySelectorAll('[role=option]')].map(option =>
               option.querySelector('.sfw-badge').getBoundingClientRect().width
                 / option.getBoundingClientRect().width);",
            vec![],
        )
        .await?;
    let widths: Vec<f64> = serde_json::from_value(widths)?;
    assert_eq!(widths.len(), overdue.len());
    assert!(widths.iter().all(|share| *share > 0.0 && *share < 0.4), "badge width / option width: {widths:?}");

    // The home page widget's five open tasks, in a list an editor made shorter than them.
    let fade = |max_height: &'static str, scroll_to_end: bool| {
        let client = browser.client.clone();
        async move {
            let fade = client
                .execute_async(
                    "const [maxHeight, toEnd, done] = arguments;
                     const widget = document.querySelectorAll('[data-salesforce-widget]')[0];
                     widget.style.setProperty('--sfw-max-height', maxHeight);
                     const list = widget.querySelector('[data-state=glance] [role=listbox]');
                     list.scrollTop = toEnd ? list.scrollHeight : 0;
                     requestAnimationFrame(() => requestAnimationFrame(() =>
                       done([getComputedStyle(list).getPropertyValue('--sfw-fade'),
                             list.scrollHeight > list.clientHeight])));",
                    vec![max_height.into(), scroll_to_end.into()],
                )
                .await?;
            anyhow::Ok(fade)
        }
    };
    let (fits, cut_off, at_end) = (fade("100rem", false).await?, fade("8rem", false).await?, fade("8rem", true).await?);
    assert_eq!(fits, serde_json::json!(["0px", false]), "a list that fits does not fade");
    assert_eq!(cut_off, serde_json::json!(["32px", true]), "a cut-off list fades at its bottom");
    assert_eq!(at_end, serde_json::json!(["0px", true]), "scrolled to its end, nothing fades");
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_home_page_does_not_move_while_its_widgets_load() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = connected(&stack, "grace").await?;
    // Lighthouse's phone: the three cards stack, so a widget that grows would push the next one.
    phone_screen(&browser, 412, 823, 1).await?;
    browser.cdp("Network.clearBrowserCache", serde_json::json!({})).await?;
    browser.client.goto(&format!("{}/", stack.intranet)).await?;
    // The three widgets rendered (until then there is no section to read tasks from).
    browser.find_at_least("input[role='combobox']", 3).await?;
    home_page_tasks_shown(&stack, &browser, "grace").await?;
    // Every layout shift since the page started loading (none followed any input).
    let shifts = browser
        .client
        .execute_async(
            "const done = arguments[0], shifts = [];
             new PerformanceObserver(list => shifts.push(...list.getEntries()))
               .observe({ type: 'layout-shift', buffered: true });
             setTimeout(() => done(shifts.map(s => [s.value, s.sources.map(src => src.node
               ? src.node.nodeName + '.' + src.node.className : '?')])), 500);",
            vec![],
        )
        .await?;
    assert_eq!(shifts, serde_json::json!([]), "layout shifts (score, moved elements)");
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_page_paints_with_its_widgets_titles_before_the_widgets_ask_for_their_files() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = connected(&stack, "grace").await?;
    // Until the widget renders, each placeholder shows its title where the widget will: the
    // editor's, or the widget's own default. The wasm is refused here, so that moment lasts.
    browser.cdp("Network.enable", serde_json::json!({})).await?;
    browser.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": ["*_bg.wasm"] })).await?;
    browser.client.goto(&format!("{}/", stack.intranet)).await?;
    let titles = "return [...document.querySelectorAll('[data-salesforce-widget]')]
        .map(p => getComputedStyle(p, '::before').content);";
    let shown = browser.client.execute(titles, vec![]).await?;
    let expected = ["\"Everything in Salesforce\"", "\"Customers and leads\"", "\"My overdue tasks\""];
    assert_eq!(shown, serde_json::json!(expected), "titles shown before the widgets render");
    let no_title = "const p = document.createElement('div'); p.setAttribute('data-salesforce-widget', '');
        p.setAttribute('data-title', ''); document.body.append(p);
        const content = getComputedStyle(p, '::before').content; p.remove(); return content;";
    assert_eq!(browser.client.execute(no_title, vec![]).await?, "\"Salesforce\"", "the default title");
    browser.screenshot("titles-before-the-widgets-render").await?;

    // Loaded for real: the page's first paint comes before the widget's files are asked for,
    // so none of their bytes or start-up work holds the page back; then the titles give way.
    // The page is kept from painting until the loader has run (hidden until the loader's style
    // arrives, shown in the next task), so a loader that did not wait would ask first (checked:
    // a loader without the wait failed here in 3 runs of 3; unhidden it passed 2 runs of 3).
    let late_paint = "let hidden = false;
        new MutationObserver((records, observer) => {
          const html = document.documentElement;
          if (!html) return;
          if (!hidden) { hidden = true; html.style.display = 'none'; }
          const loader = [...document.querySelectorAll('head style')].some(s => s.textContent.includes(':has('));
          if (loader) { observer.disconnect(); setTimeout(() => { html.style.display = ''; }); }
        }).observe(document, { childList: true, subtree: true });";
    browser.cdp("Page.enable", serde_json::json!({})).await?;
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": late_paint })).await?;
    browser.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": [] })).await?;
    browser.cdp("Network.clearBrowserCache", serde_json::json!({})).await?;
    browser.client.goto(&format!("{}/", stack.intranet)).await?;
    browser.find_at_least("input[role='combobox']", 3).await?;
    let timings = browser
        .client
        .execute(
            "const paint = performance.getEntriesByType('paint').find(e => e.name === 'first-paint');
             const files = performance.getEntriesByType('resource')
               .filter(e => /salesforce-widget-[0-9a-f]+(_bg\\.wasm|\\.js)$/.test(e.name))
               .map(e => [e.name.split('/').pop(), e.startTime]);
             return [paint && paint.startTime, files];",
            vec![],
        )
        .await?;
    let painted = timings[0].as_f64().expect("the page's first paint");
    let files = timings[1].as_array().cloned().unwrap_or_default();
    eprintln!("first paint at {painted:.1} ms; the widget's files asked for at {files:?}");
    assert_eq!(files.len(), 2, "the wasm and the glue: {files:?}");
    for file in &files {
        let started = file[1].as_f64().unwrap_or_default();
        assert!(
            started >= painted,
            "{} asked for at {started:.1} ms, before the first paint at {painted:.1} ms",
            file[0]
        );
    }
    let after = browser.client.execute(titles, vec![]).await?;
    assert_eq!(
        after,
        serde_json::json!(["none", "none", "none"]),
        "the placeholders' titles once the widgets rendered"
    );
    // The early title is drawn as the widget draws its own (the loader cannot read the
    // widget's stylesheet, so a change to one must show here).
    let look = "const style = (e, pseudo) => { const s = getComputedStyle(e, pseudo);
          return [s.fontSize, s.lineHeight, s.fontWeight, s.fontFamily, s.color]; };
        const p = document.createElement('div'); p.setAttribute('data-salesforce-widget', '');
        document.querySelector('[data-salesforce-widget]').after(p);
        const early = style(p, '::before'); p.remove();
        return [early, style(document.querySelector('.sfw-title'))];";
    let looks = browser.client.execute(look, vec![]).await?;
    assert_eq!(looks[0], looks[1], "the early title's font and colour against the widget's title");
    browser.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_widgets_of_a_page_render_their_shared_answer_in_tasks_of_their_own() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = connected(&stack, "grace").await?;
    // A page observer (it runs before the page's own scripts) notes, per delivery, how many
    // search boxes appeared. A delivery is a microtask: widgets rendered in tasks of their own
    // arrive one by one, widgets rendered in one long task together (checked: `[3]` without the
    // timer after the shared answer, in 3 of 3 runs).
    let observer = "window.__searchBoxesPerTask = [];
        new MutationObserver(records => {
          const boxes = new Set();
          for (const record of records) for (const node of record.addedNodes) {
            if (node.nodeType !== 1) continue;
            if (node.matches('input[role=combobox]')) boxes.add(node);
            node.querySelectorAll('input[role=combobox]').forEach(box => boxes.add(box));
          }
          if (boxes.size) window.__searchBoxesPerTask.push(boxes.size);
        }).observe(document, { childList: true, subtree: true });";
    browser.cdp("Page.enable", serde_json::json!({})).await?;
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": observer })).await?;
    browser.client.goto(&format!("{}/", stack.intranet)).await?;
    browser.find_at_least("input[role='combobox']", 3).await?;
    let per_task = browser.client.execute("return window.__searchBoxesPerTask;", vec![]).await?;
    assert_eq!(per_task, serde_json::json!([1, 1, 1]), "search boxes that appeared together, per page task");
    browser.close().await?;
    Ok(())
}

/// Opens the filter panel of the first widget (once).
async fn open_filters(browser: &Browser) -> anyhow::Result<()> {
    let toggle = browser.find("section.sfw [data-filter='toggle']").await?;
    if toggle.attr("aria-expanded").await?.as_deref() != Some("true") {
        toggle.click().await?;
    }
    Ok(())
}

#[tokio::test]
async fn each_filter_narrows_the_results_as_salesforce_evaluates_it() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = connected(&stack, "grace").await?;
    let grace = user_id(&stack, "grace");
    let today = stack.org.today.to_string();
    let data = &stack.org.data();
    let field = |id: &str, name: &str| data.record(id).map(|r| r.get(name).clone()).unwrap_or(Value::Null);
    let search_box = browser.find("input[role='combobox']").await?;
    open_filters(&browser).await?;
    browser.assert_accessible("filter panel").await?;
    type Check<'a> = Box<dyn Fn(&str) -> bool + 'a>;
    // (query, group, control, value, what every shown record must satisfy)
    let cases: Vec<(&str, &str, &str, Option<&str>, Check)> = vec![
        (
            "inc",
            "account",
            "select[id$='-filter-account-Type']",
            Some("Customer - Direct"),
            Box::new(|id| field(id, "Type") == Value::text("Customer - Direct")),
        ),
        (
            "an",
            "lead",
            "select[id$='-filter-lead-Status']",
            Some("Working - Contacted"),
            Box::new(|id| field(id, "Status") == Value::text("Working - Contacted")),
        ),
        (
            "call",
            "task",
            "select[id$='-task']",
            Some("overdue"),
            Box::new(|id| {
                field(id, "IsClosed") == Value::Bool(false)
                    && field(id, "ActivityDate").as_str().is_some_and(|d| d < today.as_str())
            }),
        ),
        (
            "call",
            "task",
            "select[id$='-task']",
            Some("completed"),
            Box::new(|id| field(id, "IsClosed") == Value::Bool(true)),
        ),
        (
            "webinar",
            "campaign",
            "[data-filter='campaign']",
            None,
            Box::new(|id| field(id, "IsActive") == Value::Bool(true)),
        ),
        (
            "inc",
            "account",
            "[data-filter='mine']",
            None,
            Box::new(|id| data.record(id).and_then(|r| r.owner_id()) == Some(grace.as_str())),
        ),
    ];
    for (query, group, control, value, holds) in cases {
        search_box.send_keys(SELECT_ALL_DELETE).await?;
        search_box.send_keys(query).await?;
        let css = format!("[data-object='{group}'] [role='option']");
        let before = settled(&browser, 0, &css).await?;
        assert!(before.iter().any(|id| !holds(id)), "{control}: the unfiltered results already match, a vacuous case");
        let element = browser.find(&format!("section.sfw {control}")).await?;
        match value {
            Some(value) => element.select_by_value(value).await?,
            None => element.click().await?,
        }
        let after = until(&browser, 0, &css, control, |ids| !ids.is_empty() && ids.iter().all(|id| holds(id))).await?;
        assert_ne!(after, before, "{control}");
        // Back to no filter for the next case.
        match value {
            Some(_) => element.select_by_value("").await?,
            None => element.click().await?,
        }
        until(&browser, 0, &css, "the filter is off again", |ids| ids == before).await?;
    }
    browser.close().await
}

#[tokio::test]
async fn a_preset_instance_searches_only_what_its_editor_chose() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = connected(&stack, "alan").await?;
    let toggle = browser.find_at_least("section.sfw [data-filter='toggle']", 3).await?.remove(2);
    assert_eq!(toggle.text().await?, "Filters (1)");
    let team_box = browser.find_at_least("input[role='combobox']", 3).await?.remove(2);
    team_box.send_keys("call").await?;
    let today = stack.org.today.to_string();
    let alan = user_id(&stack, "alan");
    let found =
        until(&browser, 2, "[data-object='task'] [role='option']", "overdue results", |ids| !ids.is_empty()).await?;
    for id in &found {
        let task = stack.org.data().record(id).unwrap().clone();
        assert_eq!(task.owner_id(), Some(alan.as_str()));
        assert_eq!(task.get("IsClosed"), &Value::Bool(false));
        assert!(task.get("ActivityDate").as_str().is_some_and(|d| d < today.as_str()), "{id} is not overdue");
    }
    // The same words in the home page widget (no preset) find more than the overdue ones.
    let home_box = browser.find("input[role='combobox']").await?;
    home_box.send_keys("call").await?;
    until(&browser, 0, "[data-object='task'] [role='option']", "unfiltered", |ids| {
        ids.iter().any(|id| !found.contains(id))
    })
    .await?;
    browser.close().await
}

#[tokio::test]
async fn on_a_phone_a_record_opens_in_the_salesforce_app_with_the_browser_as_fallback() -> anyhow::Result<()> {
    let stack = Stack::start().await?;
    let browser = connected(&stack, "hedy").await?;
    phone_screen(&browser, 360, 740, 2).await?;
    browser
        .cdp("Emulation.setTouchEmulationEnabled", serde_json::json!({ "enabled": true, "maxTouchPoints": 5 }))
        .await?;
    let coarse =
        browser.client.execute("return matchMedia('(pointer: coarse) and (max-width: 640px)').matches", vec![]).await?;
    assert_eq!(coarse, true, "the emulated phone has a touch screen");
    let search_box = browser.find("input[role='combobox']").await?;
    search_box.send_keys("summit").await?;
    let ids = until(&browser, 0, "[data-object] [role='option']", "results", |ids| !ids.is_empty()).await?;
    let page = browser.client.window().await?;
    search_box.send_keys(ARROW_DOWN_ENTER).await?;
    let app = browser.find("[data-state='open-sheet'] a[data-open='app']").await?;
    assert_eq!(app.attr("href").await?, Some(format!("salesforce1://sObject/{}/view", ids[0])));
    let web =
        browser.find("[data-state='open-sheet'] a[data-open='web']").await?.attr("href").await?.unwrap_or_default();
    assert!(
        web.starts_with(&format!("{}/lightning/r/", stack.demo_org)) && web.ends_with(&format!("/{}/view", ids[0])),
        "{web}"
    );
    assert_eq!(browser.client.windows().await?.len(), 1, "choosing only offers the two ways");
    browser.screenshot("phone-open-sheet").await?;
    browser.assert_accessible("phone: open in the app or the browser").await?;
    // No Salesforce app here: the page stays visible, so the browser opens the record instead.
    app.click().await?;
    let opened = browser.take_new_tab(&page).await?;
    assert_eq!(opened, web);
    assert_eq!(stack.org.recently_viewed().of(&user_id(&stack, "hedy")).next(), Some(ids[0].as_str()));
    browser.close().await
}
