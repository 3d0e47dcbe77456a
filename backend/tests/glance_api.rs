//! Before the user types, against the demo org: recent records (and a record opened through
//! the widget becoming one), the tasks glance per person, the search filters, and the API
//! budget: at most one Salesforce call per user action, cached answers refreshed in the
//! background.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::*;

impl Browser {
    async fn view(&self, object: &str, id: &str) -> (StatusCode, String) {
        let response = self
            .http
            .post(self.url("/api/salesforce/recent"))
            .header("x-requested-with", "salesforce-widget")
            .json(&json!({ "object": object, "id": id }))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }
}

fn ids(body: &Value) -> Vec<String> {
    body["records"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
}

/// Salesforce calls the demo org has answered so far (search, query, recent, …).
fn calls(world: &World) -> u64 {
    world.stats().rest_calls
}

#[tokio::test]
async fn a_record_opened_through_the_widget_leads_the_recent_list_for_one_call_each() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let before = calls(&world);
    let (status, first) = grace.json("/api/salesforce/recent?objects=account,lead,task,campaign&limit=10").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(calls(&world) - before, 1, "one call for the list");
    for record in first["records"].as_array().unwrap() {
        assert!(record["url"].as_str().unwrap().ends_with("/view"));
        assert!(!record["title"].as_str().unwrap().is_empty());
    }
    let account = world.org.org.data().of_type_named("Account").find(|a| !ids(&first).contains(&a.id)).unwrap().clone();
    let before = calls(&world);
    assert_eq!(grace.view("account", &account.id).await.0, StatusCode::NO_CONTENT);
    assert_eq!(calls(&world) - before, 1, "one FOR VIEW query");
    let (_, after) = grace.json("/api/salesforce/recent?objects=account,lead&limit=3").await;
    assert_eq!(calls(&world) - before, 1, "the list came from the cache, already updated");
    assert_eq!(after["records"][0]["id"], account.id.as_str());
    assert_eq!(after["records"][0]["title"], account.title());
    assert_eq!(after["records"][0]["object"], "account");
    assert!(
        after["records"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| ["account", "lead"].contains(&r["object"].as_str().unwrap()))
    );
    // Salesforce itself now lists it first, for Grace only.
    let recent = world.org.org.recently_viewed();
    let grace_id = &world.org.org.data().user_by_username("grace@demo-org.example").unwrap().id.clone();
    assert_eq!(recent.of(grace_id).next(), Some(account.id.as_str()));
}

/// Salesforce's RecentlyViewed does not support tasks: the backend neither asks Salesforce for
/// them there nor pretends an opened task became recent.
#[tokio::test]
async fn tasks_are_never_recent_and_opening_one_spends_no_call() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let grace_id = world.org.org.data().user_by_username("grace@demo-org.example").unwrap().id.clone();
    let task =
        world.org.org.data().of_type_named("Task").find(|t| t.owner_id() == Some(grace_id.as_str())).unwrap().clone();
    let before = calls(&world);
    let (status, body) = grace.view("task", &task.id).await;
    assert!(status == StatusCode::BAD_REQUEST && body.contains("not_recently_viewable"), "{status} {body}");
    let (status, only_tasks) = grace.json("/api/salesforce/recent?objects=task").await;
    assert_eq!((status, only_tasks["records"].as_array().unwrap().len()), (StatusCode::OK, 0), "{only_tasks}");
    assert_eq!(calls(&world), before, "no Salesforce call for either");
    let (_, all) = grace.json("/api/salesforce/recent?limit=20").await;
    assert!(!all["records"].as_array().unwrap().is_empty());
    assert!(all["records"].as_array().unwrap().iter().all(|r| r["object"] != "task"), "{all}");
}

#[tokio::test]
async fn viewing_checks_what_it_is_given() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let (status, body) = grace.view("account", "001' OR Id != '").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("invalid_record_id"), "{body}");
    let (status, body) = grace.view("contact", "003Dm0000000001AAA").await;
    assert!(status == StatusCode::BAD_REQUEST && body.contains("unknown_object"), "{body}");
    // A record Grace cannot see (here: none with that id): Salesforce returns nothing, nothing is marked.
    let (status, body) = grace.view("account", "001Dm0000000000AAA").await;
    assert!(status == StatusCode::NOT_FOUND && body.contains("record_not_found"), "{body}");
    let refused = grace
        .http
        .post(grace.url("/api/salesforce/recent"))
        .json(&json!({ "object": "account", "id": "001Dm0000000001AAA" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "no CSRF header, no change");
}

#[tokio::test]
async fn each_person_sees_their_open_tasks_overdue_first_then_today_then_later() {
    let world = World::start().await;
    let data = &world.org.org.data();
    for person in ["grace", "alan"] {
        let browser = world.browser(person).await;
        browser.connect(person).await;
        let (status, body) = browser.json("/api/salesforce/tasks?limit=20").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let owner = data.user_by_username(&format!("{person}@demo-org.example")).unwrap().id.clone();
        let mut expected: Vec<_> = data
            .of_type_named("Task")
            .filter(|t| {
                t.owner_id() == Some(owner.as_str()) && t.get("IsClosed") == &demo_org::records::Value::Bool(false)
            })
            .collect();
        expected.sort_by(|a, b| {
            let (da, db) = (a.get("ActivityDate").as_str(), b.get("ActivityDate").as_str());
            match (da, db) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, _) => std::cmp::Ordering::Greater,
                (_, None) => std::cmp::Ordering::Less,
                (a, b) => a.cmp(&b),
            }
            .then_with(|| a.id.cmp(&b.id))
        });
        let expected: Vec<String> = expected.iter().take(20).map(|t| t.id.clone()).collect();
        assert_eq!(ids(&body), expected, "{person}");
        let first = &body["records"][0];
        let keys: Vec<&str> = first["details"].as_array().unwrap().iter().map(|d| d["key"].as_str().unwrap()).collect();
        assert_eq!(keys.first(), Some(&"due_date"), "{first}");
        assert_eq!(body["has_more"], true);
        assert_eq!(body["more_url"], format!("{}/lightning/o/Task/home", world.org.base));

        let (_, overdue) = browser.json("/api/salesforce/tasks?task=overdue&limit=20").await;
        let today = world.org.org.today.to_string();
        for task in overdue["records"].as_array().unwrap() {
            let due = task["details"][0]["value"].as_str().unwrap();
            assert!(due < today.as_str(), "{due} is not before {today}");
        }
        let (status, body) = browser.json("/api/salesforce/tasks?task=later").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"], "invalid_parameter");
    }
}

#[tokio::test]
async fn each_filter_narrows_the_search_as_salesforce_evaluates_it() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let data = &world.org.org.data();
    let grace_id = data.user_by_username("grace@demo-org.example").unwrap().id.clone();
    let search = |filter: &'static str, objects: &'static str, q: &'static str| {
        let grace = &grace;
        async move {
            let (status, body) =
                grace.json(&format!("/api/salesforce/search?q={q}&objects={objects}&limit=50{filter}")).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let ids: Vec<String> = body["groups"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|g| g["records"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()))
                .collect();
            ids
        }
    };
    let field = |id: &str, name: &str| data.record(id).unwrap().get(name).clone();
    let text = |value: &str| demo_org::records::Value::text(value);
    type Holds<'a> = Box<dyn Fn(&str) -> bool + 'a>;
    let cases: [(&str, &str, &str, Holds); 7] = [
        (
            "&mine=true",
            "account,lead,campaign",
            "an",
            Box::new(|id: &str| data.record(id).unwrap().owner_id() == Some(grace_id.as_str())),
        ),
        (
            "&filter.lead.Status=Working%20-%20Contacted",
            "lead",
            "an",
            Box::new(|id: &str| field(id, "Status") == text("Working - Contacted")),
        ),
        (
            "&task=completed",
            "task",
            "call",
            Box::new(|id: &str| field(id, "IsClosed") == demo_org::records::Value::Bool(true)),
        ),
        (
            "&task=open",
            "task",
            "call",
            Box::new(|id: &str| field(id, "IsClosed") == demo_org::records::Value::Bool(false)),
        ),
        (
            "&task=overdue",
            "task",
            "call",
            Box::new(|id: &str| {
                field(id, "IsClosed") == demo_org::records::Value::Bool(false)
                    && field(id, "ActivityDate").as_str().is_some_and(|d| d < world.org.org.today.to_string().as_str())
            }),
        ),
        (
            "&campaign=active",
            "campaign",
            "webinar",
            Box::new(|id: &str| field(id, "IsActive") == demo_org::records::Value::Bool(true)),
        ),
        (
            // The first release's parameter, still read (a page with an earlier widget).
            "&account_type=Customer%20-%20Direct",
            "account",
            "inc",
            Box::new(|id: &str| field(id, "Type") == text("Customer - Direct")),
        ),
    ];
    for (filter, objects, q, holds) in cases {
        let all = search("", objects, q).await;
        let narrowed = search(filter, objects, q).await;
        assert!(!narrowed.is_empty(), "{filter}: nothing left");
        assert!(
            narrowed.len() < all.len() || all.len() == 50,
            "{filter} did not narrow: {} vs {}",
            narrowed.len(),
            all.len()
        );
        for id in &narrowed {
            assert!(holds(id), "{filter}: {id} does not match");
        }
        // Everything unfiltered that matches the filter is still there (up to the page size).
        let expected: Vec<&String> = all.iter().filter(|id| holds(id)).collect();
        if all.len() < 50 {
            assert_eq!(narrowed.iter().collect::<Vec<_>>(), expected, "{filter}");
        }
    }
    let (status, body) =
        grace.json("/api/salesforce/search?q=acme&filter.account.Type=x%27%20OR%20Type%20!%3D%20%27").await;
    assert_eq!(status, StatusCode::OK, "a quote in a value stays inside the literal: {body}");
    assert!(body["groups"][0]["records"].as_array().unwrap().is_empty());
    let (status, body) = grace.json("/api/salesforce/search?q=acme&mine=maybe").await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_filter")));
}

#[tokio::test]
async fn stale_answers_are_shown_at_once_and_refreshed_in_the_background_once() {
    let world = World::start_with(&["--glance-cache-seconds=1"]).await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let before = calls(&world);
    let (first, second) = tokio::join!(grace.json("/api/salesforce/tasks"), grace.json("/api/salesforce/tasks"));
    assert_eq!((first.0, second.0), (StatusCode::OK, StatusCode::OK));
    assert_eq!(calls(&world) - before, 1, "two widgets loading together share one call");
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let before = calls(&world);
    let (stale, again) = tokio::join!(grace.json("/api/salesforce/tasks"), grace.json("/api/salesforce/tasks"));
    assert_eq!(ids(&stale.1), ids(&first.1));
    assert_eq!(ids(&again.1), ids(&first.1));
    // One background refresh for both.
    for _ in 0..50 {
        if calls(&world) - before >= 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(calls(&world) - before, 1);
    let before = calls(&world);
    assert_eq!(grace.json("/api/salesforce/tasks").await.0, StatusCode::OK);
    assert_eq!(calls(&world) - before, 0, "fresh again");
}
