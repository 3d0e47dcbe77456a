//! Control Panel › Searchable objects over real HTTP against the demo org: the administrator's
//! own Salesforce session lists the org's searchable objects and describes each one (fields,
//! picklist values, name field, colour), a custom object the org gains while everything runs
//! appears with no restart, and no one else may look.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::*;

const OBJECTS: &str = "/api/admin/marketplace/salesforce/objects";

fn names(objects: &Value) -> Vec<&str> {
    objects.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_administrator_sees_the_orgs_searchable_objects_and_their_fields() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    // Salesforce is asked with the administrator's own session: none yet.
    let (status, body) = ada.json(OBJECTS).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("salesforce_not_connected")));
    ada.connect("ada").await;

    let (status, objects) = ada.json(OBJECTS).await;
    assert_eq!(status, StatusCode::OK, "{objects}");
    assert_eq!(
        names(&objects),
        ["Account", "Lead", "Task", "Campaign", "Contact", "Opportunity", "Case", "Project__c"],
        "searchable objects in Salesforce's order; User and Organization are not searchable"
    );
    let project = &objects[7];
    assert_eq!(
        (&project["label"], &project["label_plural"], &project["custom"]),
        (&json!("Project"), &json!("Projects"), &json!(true))
    );

    let (status, contact) = ada.json(&format!("{OBJECTS}/contact")).await;
    assert_eq!(status, StatusCode::OK, "{contact}");
    assert_eq!(contact["object"]["name"], "Contact", "Salesforce's spelling, whatever the path's case");
    assert_eq!((&contact["color"], &contact["name_field"]), (&json!("#A094ED"), &json!("Name")));
    let field = |detail: &Value, name: &str| {
        detail["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).cloned().unwrap_or(Value::Null)
    };
    assert_eq!(field(&contact, "AccountId")["relationship"], "Account");
    let (_, case) = ada.json(&format!("{OBJECTS}/Case")).await;
    assert_eq!(case["name_field"], "CaseNumber");
    let status_field = field(&case, "Status");
    assert_eq!(
        (&status_field["kind"], &status_field["values"], &status_field["filterable"]),
        (&json!("picklist"), &json!(["New", "Working", "Escalated", "Closed"]), &json!(true))
    );
    assert_eq!(field(&case, "Description")["filterable"], false, "long text cannot be filtered on");
    let (_, opportunity) = ada.json(&format!("{OBJECTS}/Opportunity")).await;
    assert_eq!(field(&opportunity, "Amount")["kind"], "currency");

    for (path, code) in [
        ("Contract", "unknown_object"),
        ("Contact%2Fdescribe", "unknown_object"),
        ("..%2F..%2Flimits", "unknown_object"),
        ("User%20", "unknown_object"),
    ] {
        let (status, body) = ada.json(&format!("{OBJECTS}/{path}")).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::NOT_FOUND, Some(code)), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_custom_object_the_org_gains_appears_without_a_restart() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    let (_, before) = ada.json(OBJECTS).await;
    assert!(!names(&before).contains(&"Invoice__c"));

    let added = reqwest::Client::new()
        .post(format!("{}/demo-admin/objects", world.org.base))
        .json(&json!({
            "object": {
                "name": "Invoice__c", "label": "Invoice", "labelPlural": "Invoices",
                "color": "e3d067", "icon": "custom18",
                "fields": [{ "name": "Status__c", "label": "Status", "type": "picklist", "values": ["Draft", "Paid"] }],
            },
            "records": [{ "Name": "INV-1", "Status__c": "Draft" }],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);

    let (_, after) = ada.json(OBJECTS).await;
    assert_eq!(names(&after).last(), Some(&"Invoice__c"));
    let (status, invoice) = ada.json(&format!("{OBJECTS}/Invoice__c")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((&invoice["color"], &invoice["object"]["custom"]), (&json!("#E3D067"), &json!(true)));
    let statuses = invoice["fields"].as_array().unwrap().iter().find(|f| f["name"] == "Status__c").unwrap();
    assert_eq!(statuses["values"], json!(["Draft", "Paid"]));

    // Searchable at once: chosen, shown with its label, filtered by its picklist; no rebuild,
    // no restart.
    let chosen = json!([{ "name": "invoice__c", "title_field": "Name", "shown_fields": ["Status__c"], "filter_fields": ["Status__c"] }]);
    let (status, saved) = ada.send_json(reqwest::Method::PUT, SEARCHABLE, chosen).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, found) = search(&ada, &[("q", "INV-1"), ("objects", "invoice__c")]).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let record = &group(&found, "invoice__c")["records"][0];
    assert_eq!(record["title"], "INV-1", "{found}");
    assert_eq!(
        record["details"][0],
        json!({ "key": "Status__c", "value": "Draft", "label": "Status", "number": false })
    );
    let (_, values) = ada.json("/api/salesforce/picklist?object=invoice__c&field=Status__c").await;
    assert_eq!(values["values"], json!(["Draft", "Paid"]));
    let (_, paid) =
        search(&ada, &[("q", "INV-1"), ("objects", "invoice__c"), ("filter.invoice__c.Status__c", "Paid")]).await;
    assert_eq!(group(&paid, "invoice__c")["records"], json!([]), "{paid}");
}

#[tokio::test]
async fn only_administrators_may_list_the_orgs_objects() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    for path in [OBJECTS.to_owned(), format!("{OBJECTS}/Account")] {
        let (status, body) = grace.json(&path).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::FORBIDDEN, Some("admin_required")), "{path}");
    }
    let calls = world.stats().rest_calls;
    assert_eq!(calls, 0, "nothing was asked of Salesforce for someone who may not look");
}

const SEARCHABLE: &str = "/api/admin/marketplace/salesforce/searchable-objects";

async fn search(browser: &Browser, params: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = browser.http.get(browser.url("/api/salesforce/search")).query(params).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// The detail keys of the first record of `object`'s group.
fn detail_keys(results: &Value, object: &str) -> Vec<String> {
    group(results, object)["records"][0]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap().to_owned())
        .collect()
}

fn group<'a>(results: &'a Value, object: &str) -> &'a Value {
    results["groups"].as_array().unwrap().iter().find(|g| g["object"] == object).unwrap_or(&Value::Null)
}

#[tokio::test]
async fn the_administrator_chooses_the_objects_widgets_search_and_what_results_show() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    // Until a save: the four objects as the product always showed them.
    let (status, presets) = ada.json(SEARCHABLE).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(names(&presets), ["Account", "Lead", "Task", "Campaign"]);
    assert_eq!(
        presets[0],
        json!({ "name": "Account", "title_field": "Name", "shown_fields": ["Type", "BillingCity"], "filter_fields": ["Type"] })
    );

    // Salesforce's spelling is saved whatever the administrator typed.
    let chosen = json!([
        presets[0],
        { "name": "contact", "title_field": "name", "shown_fields": ["account.name", "Email", "Phone"] },
        { "name": "Opportunity", "title_field": "Name", "shown_fields": ["Account.Name", "StageName", "Amount"] },
        { "name": "Project__c", "title_field": "Name", "shown_fields": ["Status__c", "Account__r.Name"] },
    ]);
    let (status, saved) = ada.send_json(reqwest::Method::PUT, SEARCHABLE, chosen).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        saved[1],
        json!({
            "name": "Contact",
            "title_field": "Name",
            "shown_fields": ["Account.Name", "Email", "Phone"],
            "filter_fields": []
        })
    );
    let (_, again) = ada.json(SEARCHABLE).await;
    assert_eq!(again, saved);

    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let (status, results) = search(&grace, &[("q", "migration"), ("objects", "contact,opportunity,project__c")]).await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let opportunity = &group(&results, "opportunity")["records"][0];
    let details: Vec<&str> =
        opportunity["details"].as_array().unwrap().iter().map(|d| d["key"].as_str().unwrap()).collect();
    assert_eq!(details, ["Account.Name", "StageName", "Amount"], "{opportunity}");
    // Fields widgets have no words for carry Salesforce's label; numbers say so (widgets write
    // them in the reader's language).
    let amount = &opportunity["details"][2];
    assert_eq!((&amount["label"], &amount["number"]), (&json!("Amount"), &json!(true)), "{amount}");
    assert!(amount["value"].as_str().unwrap().parse::<f64>().is_ok(), "written plainly: {amount}");
    assert_eq!(opportunity["details"][0]["label"], "Account", "the reference's label without \" ID\"");
    assert_eq!(opportunity["details"][1]["number"], false);
    assert!(opportunity["url"].as_str().unwrap().contains("/lightning/r/Opportunity/006"));
    let project = &group(&results, "project__c")["records"][0];
    assert!(project["title"].as_str().unwrap().to_lowercase().contains("migration"), "{project}");
    let (_, contacts) = search(&grace, &[("q", "smith"), ("objects", "contact")]).await;
    let contact = &group(&contacts, "contact")["records"][0];
    assert_eq!(contact["details"][1]["key"], "Email", "{contact}");
    // Without a list: every chosen object, in the administrator's order. Leads are not chosen any more.
    let (_, everything) = search(&grace, &[("q", "acme")]).await;
    let objects: Vec<&str> =
        everything["groups"].as_array().unwrap().iter().map(|g| g["object"].as_str().unwrap()).collect();
    assert_eq!(objects, ["account", "contact", "opportunity", "project__c"]);
    // Tasks are not chosen: the tasks glance has none to show (and asks Salesforce nothing).
    let before = world.stats().rest_calls;
    let (status, tasks) = grace.json("/api/salesforce/tasks").await;
    assert_eq!((status, &tasks["records"]), (StatusCode::OK, &json!([])), "{tasks}");
    assert_eq!(world.stats().rest_calls, before);
    let (status, refused) = search(&grace, &[("q", "acme"), ("objects", "lead")]).await;
    assert_eq!((status, refused["error"].as_str()), (StatusCode::BAD_REQUEST, Some("unknown_object")));
    assert!(refused["message"].as_str().unwrap().contains("account, contact, opportunity, project__c"), "{refused}");
    // A widget set up for the four first objects still searches those that remain.
    let (status, remaining) = search(&grace, &[("q", "acme"), ("objects", "account,lead,task,campaign")]).await;
    assert_eq!(status, StatusCode::OK);
    let objects: Vec<&str> =
        remaining["groups"].as_array().unwrap().iter().map(|g| g["object"].as_str().unwrap()).collect();
    assert_eq!(objects, ["account"]);
}

/// `(object, label, color)` of a status answer's objects.
fn looks(status: &Value) -> Vec<(String, String, Value)> {
    let objects = status["objects"].as_array().unwrap();
    objects
        .iter()
        .map(|o| (o["object"].as_str().unwrap().into(), o["label"].as_str().unwrap().into(), o["color"].clone()))
        .collect()
}

#[tokio::test]
async fn the_status_names_the_chosen_objects_in_each_persons_salesforce_language() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    let hedy = world.browser("hedy").await;
    // Not connected yet: the presets' own words and Salesforce's standard colours.
    assert_eq!(looks(&hedy.status().await)[2], ("task".to_owned(), "Tasks".to_owned(), json!("#4BC076")));
    let chosen = json!([
        { "name": "Task", "title_field": "Subject", "shown_fields": ["Status"] },
        { "name": "Contact", "title_field": "Name", "shown_fields": ["Email"] },
        { "name": "Project__c", "title_field": "Name", "shown_fields": [] },
    ]);
    let (status, saved) = ada.send_json(reqwest::Method::PUT, SEARCHABLE, chosen).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let expect = |labels: [&str; 3]| {
        let colors = [json!("#4BC076"), json!("#A094ED"), json!("#3C97DD")];
        ["task", "contact", "project__c"]
            .iter()
            .zip(labels)
            .zip(colors)
            .map(|((o, l), c)| ((*o).to_owned(), l.to_owned(), c))
            .collect::<Vec<_>>()
    };
    // Saved with the administrator's (English) labels and the org's theme colours.
    assert_eq!(looks(&hedy.status().await), expect(["Tasks", "Contacts", "Projects"]));

    hedy.connect("hedy").await;
    let calls = world.stats().rest_calls;
    let german = hedy.status().await;
    assert_eq!(german["connected"], true);
    assert_eq!(looks(&german), expect(["Aufgaben", "Kontakte", "Projekte"]), "Hedy's Salesforce speaks German");
    assert_eq!(world.stats().rest_calls, calls + 1, "one Describe Global");
    hedy.status().await;
    assert_eq!(world.stats().rest_calls, calls + 1, "kept: a page view costs no Salesforce call");
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    assert_eq!(looks(&grace.status().await), expect(["Tasks", "Contacts", "Projects"]));
}

#[tokio::test]
async fn a_field_hidden_from_one_person_drops_out_of_their_results_only() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    let chosen = json!([
        { "name": "Opportunity", "title_field": "Name", "shown_fields": ["StageName", "Amount"] },
        // The first four keep their own rules whatever they show: converted leads stay out.
        { "name": "Lead", "title_field": "Name", "shown_fields": ["Email"] },
        // Alan may not see which account a contact belongs to either.
        { "name": "Contact", "title_field": "Name", "shown_fields": ["Account.Name", "Email"] },
    ]);
    assert_eq!(ada.send_json(reqwest::Method::PUT, SEARCHABLE, chosen).await.0, StatusCode::OK);
    let (grace, alan) = (world.browser("grace").await, world.browser("alan").await);
    grace.connect("grace").await;
    alan.connect("alan").await;
    let keys = |results: &Value| detail_keys(results, "opportunity");
    let (_, seen) = search(&grace, &[("q", "migration")]).await;
    assert_eq!(keys(&seen), ["StageName", "Amount"]);
    let (_, leads) = search(&grace, &[("q", "smith"), ("objects", "lead")]).await;
    assert!(!group(&leads, "lead")["records"].as_array().unwrap().is_empty(), "{leads}");

    // Alan's profile hides Amount: his search is answered without it, not skipped.
    let before = world.stats().rest_calls;
    let (status, hidden) = search(&alan, &[("q", "migration"), ("objects", "opportunity")]).await;
    assert_eq!(status, StatusCode::OK, "{hidden}");
    assert_eq!(keys(&hidden), ["StageName"]);
    assert_eq!(hidden["skipped"], json!([]));
    assert_eq!(world.stats().rest_calls - before, 2, "one refused call, one without the field");
    // Remembered: his next search spends one call; Grace still sees the amount.
    let before = world.stats().rest_calls;
    let (_, next) = search(&alan, &[("q", "integration"), ("objects", "opportunity")]).await;
    assert_eq!(world.stats().rest_calls - before, 1);
    assert!(!keys(&next).contains(&"Amount".to_owned()));
    let (_, still) = search(&grace, &[("q", "integration")]).await;
    assert_eq!(keys(&still), ["StageName", "Amount"]);

    // A relationship he may not see: Salesforce names no object ("Didn't understand
    // relationship 'Account'"), the search finds whose it is and drops only that parent's name.
    let (_, graces) = search(&grace, &[("q", "smith"), ("objects", "contact")]).await;
    assert_eq!(detail_keys(&graces, "contact"), ["Account.Name", "Email"]);
    let (status, alans) = search(&alan, &[("q", "smith"), ("objects", "contact")]).await;
    assert_eq!(status, StatusCode::OK, "{alans}");
    assert_eq!(detail_keys(&alans, "contact"), ["Email"]);
}

#[tokio::test]
async fn a_choice_the_org_cannot_search_is_refused_and_nothing_is_saved() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    let object =
        |name: &str, title: &str, shown: &[&str]| json!({ "name": name, "title_field": title, "shown_fields": shown });
    for (body, reason) in [
        (json!([]), "Choose 1 to 12 objects"),
        (json!([object("Contract", "Name", &[])]), "no object named Contract"),
        (json!([object("User", "Name", &[])]), "does not search User"),
        (json!([object("Contact", "Nickname", &[])]), "no field \"Nickname\""),
        (json!([object("Contact", "Name", &["Email", "Phone", "Title", "MailingCity"])]), "at most 3 fields"),
        (json!([object("Contact", "Name", &["Account.Industry"])]), "only a parent's Name"),
        (json!([object("Contact", "Name", &["Boss.Name"])]), "no relationship \"Boss\""),
        (json!([object("Contact", "Name", &[]), object("CONTACT", "Name", &[])]), "chosen twice"),
        (json!([object("../limits", "Name", &[])]), "not an object name"),
        (
            json!([{ "name": "Case", "title_field": "CaseNumber", "shown_fields": [], "filter_fields": ["Status", "Priority", "Origin"] }]),
            "at most 2 fields",
        ),
        (
            json!([{ "name": "Case", "title_field": "CaseNumber", "shown_fields": [], "filter_fields": ["Subject"] }]),
            "Subject cannot be a filter",
        ),
        (
            json!([{ "name": "Case", "title_field": "CaseNumber", "shown_fields": [], "filter_fields": ["Mood__c"] }]),
            "no field \"Mood__c\"",
        ),
    ] {
        let (status, error) = ada.send_json(reqwest::Method::PUT, SEARCHABLE, body).await;
        assert_eq!(
            (status, error["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_configuration")),
            "{reason}"
        );
        assert!(error["fields"]["objects"].as_str().unwrap().contains(reason), "{reason}: {error}");
    }
    let (_, unchanged) = ada.json(SEARCHABLE).await;
    assert_eq!(names(&unchanged), ["Account", "Lead", "Task", "Campaign"]);
    let grace = world.browser("grace").await;
    let (status, _) = grace.send_json(reqwest::Method::PUT, SEARCHABLE, json!([object("Contact", "Name", &[])])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_filter_fields_the_administrator_chooses_narrow_results_as_salesforce_evaluates_them() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    let chosen = json!([
        { "name": "opportunity", "title_field": "Name", "shown_fields": ["StageName"], "filter_fields": ["stagename", "isclosed"] },
        { "name": "Case", "title_field": "CaseNumber", "shown_fields": ["Subject"], "filter_fields": ["IsClosed"] },
    ]);
    let (status, saved) = ada.send_json(reqwest::Method::PUT, SEARCHABLE, chosen).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved[0]["filter_fields"], json!(["StageName", "IsClosed"]), "in Salesforce's spelling");

    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let (_, status) = grace.json("/api/salesforce/status").await;
    assert_eq!(
        status["objects"][0]["filters"],
        json!([
            { "field": "StageName", "label": "Stage", "kind": "picklist" },
            { "field": "IsClosed", "label": "Closed", "kind": "boolean" }
        ]),
        "{status}"
    );
    let (_, stages) = grace.json("/api/salesforce/picklist?object=opportunity&field=StageName").await;
    assert_eq!(stages["values"][0], "Prospecting", "{stages}");
    assert!(stages["values"].as_array().unwrap().contains(&json!("Closed Won")));
    let (status, body) = grace.json("/api/salesforce/picklist?object=opportunity&field=IsClosed").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unknown_filter")),
        "a checkbox has no values"
    );

    let data = world.org.org.data();
    let ids = |results: &Value| -> Vec<String> {
        results["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["records"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()))
            .collect()
    };
    let field = |id: &str, name: &str| data.record(id).unwrap().get(name).clone();
    let closed = |id: &str| field(id, "IsClosed") == demo_org::records::Value::Bool(true);
    for (object, q) in [("opportunity", "migration"), ("case", "invoice")] {
        let (_, all) = search(&grace, &[("q", q), ("objects", object), ("limit", "50")]).await;
        let all = ids(&all);
        for (value, wanted) in [("false", false), ("true", true), ("FALSE", false)] {
            let parameter = format!("filter.{object}.IsClosed");
            let (status, narrowed) =
                search(&grace, &[("q", q), ("objects", object), ("limit", "50"), (parameter.as_str(), value)]).await;
            assert_eq!(status, StatusCode::OK, "{narrowed}");
            let narrowed = ids(&narrowed);
            assert!(!narrowed.is_empty(), "{object} IsClosed={value}: nothing left");
            assert!(narrowed.iter().all(|id| closed(id) == wanted), "{object} IsClosed={value}: {narrowed:?}");
            // Everything unfiltered that matches is still there (when the page held all).
            let expected: Vec<&String> = all.iter().filter(|id| closed(id) == wanted).collect();
            assert!(expected.len() < all.len(), "{object} {q}: the seed has both open and closed");
            if all.len() < 50 {
                assert_eq!(narrowed.iter().collect::<Vec<_>>(), expected, "{object} IsClosed={value}");
            }
        }
    }
    let (_, won) = search(
        &grace,
        &[
            ("q", "migration"),
            ("objects", "opportunity"),
            ("filter.opportunity.StageName", "Closed Won"),
            ("filter.opportunity.IsClosed", "true"),
        ],
    )
    .await;
    assert!(ids(&won).iter().all(|id| field(id, "StageName") == demo_org::records::Value::text("Closed Won")), "{won}");
    let (status, body) = search(&grace, &[("q", "migration"), ("filter.opportunity.IsClosed", "yes")]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_filter")));
    assert!(body["message"].as_str().unwrap().contains("must be true or false"), "{body}");
    // A field that is not (or no longer) a filter is left out, as an object no longer enabled
    // is: a page an administrator's change overtook goes on working.
    let (_, all) = search(&grace, &[("q", "migration"), ("objects", "opportunity"), ("limit", "50")]).await;
    let (status, stale) = search(
        &grace,
        &[("q", "migration"), ("objects", "opportunity"), ("limit", "50"), ("filter.opportunity.Amount", "5")],
    )
    .await;
    assert_eq!((status, ids(&stale)), (StatusCode::OK, ids(&all)));
    // A filter of an object no longer enabled is left out, as the object is.
    let (status, _) = search(&grace, &[("q", "migration"), ("filter.lead.Status", "Open")]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn picklist_filters_offer_the_orgs_own_values_once_per_person_and_hour() {
    let world = World::start().await;
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    let calls = world.stats().rest_calls;
    let (status, leads) = grace.json("/api/salesforce/picklist?object=lead&field=Status").await;
    assert_eq!(status, StatusCode::OK, "{leads}");
    assert_eq!(
        leads["values"],
        json!(["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"]),
        "Lead.Status as the org's describe lists it"
    );
    // The first release's name for the same filter.
    let (_, again) = grace.json("/api/salesforce/picklist?filter=lead_status").await;
    assert_eq!(again, leads);
    assert_eq!(world.stats().rest_calls, calls + 1, "one describe call, then kept");
    let (_, accounts) = grace.json("/api/salesforce/picklist?object=ACCOUNT&field=type").await;
    assert_eq!(accounts["values"][0], "Prospect");
    // Only the filters of objects widgets search; never any other field.
    for filter in [
        "",
        "object=opportunity&field=Amount",
        "object=lead&field=Email",
        "object=task&field=Status",
        "filter=task",
        "object=lead&field=Status%20OR",
    ] {
        let (status, body) = grace.json(&format!("/api/salesforce/picklist?{filter}")).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("unknown_filter")), "{filter}");
    }
    let ada = world.browser("ada").await;
    ada.connect("ada").await;
    let chosen = json!([{ "name": "Contact", "title_field": "Name", "shown_fields": [] }]);
    let (status, _) = ada.send_json(reqwest::Method::PUT, SEARCHABLE, chosen).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = grace.json("/api/salesforce/picklist?object=lead&field=Status").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unknown_filter")),
        "leads are not searched now"
    );
    let hedy = world.browser("hedy").await;
    let (status, body) = hedy.json("/api/salesforce/picklist?object=account&field=Type").await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("salesforce_not_connected")));
}

#[tokio::test]
async fn a_slow_or_failing_salesforce_never_holds_the_status_back() {
    let world = World::start().await;
    // An outage: Hedy's status answers with the saved (English) words, and Salesforce is not
    // asked again on every page view: a minute later her German words are not there yet.
    let hedy = world.browser("hedy").await;
    hedy.connect("hedy").await;
    world.switches(demo_org::Switches { outage: true, ..demo_org::Switches::default() });
    let status = hedy.status().await;
    assert_eq!((&status["connected"], &status["objects"][2]["label"]), (&json!(true), &json!("Tasks")));
    world.switches(demo_org::Switches::default());
    assert_eq!(hedy.status().await["objects"][2]["label"], "Tasks", "the failure is remembered for a minute");

    // Describe Global takes 3 s: the status answers after the 2 s it waits, with the saved words.
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    world.switches(demo_org::Switches { latency_ms: (3_000, 3_000), ..demo_org::Switches::default() });
    let started = std::time::Instant::now();
    let status = grace.status().await;
    let waited = started.elapsed();
    assert!(waited < std::time::Duration::from_millis(2_900), "{waited:?}");
    assert_eq!(status["connected"], true);
    // The call ran on and kept its answer: the next page view asks Salesforce nothing.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    world.switches(demo_org::Switches::default());
    let calls = world.stats().rest_calls;
    grace.status().await;
    assert_eq!(world.stats().rest_calls, calls);
}

/// Each object's icon from its Lightning theme: named by the status once the person is
/// connected, fetched by the backend from the person's instance (the very PNG Salesforce
/// serves) once for everyone, and served from the backend's own origin; nothing else can be
/// asked for through it.
#[tokio::test]
async fn theme_icons_come_from_the_persons_instance_through_the_backend() {
    let world = World::start().await;
    let ada = world.browser("ada").await;
    let status = ada.status().await;
    assert!(status["objects"].as_array().unwrap().iter().all(|o| o["icon"].is_null()), "not connected: {status}");
    let refused = ada.get("/api/salesforce/icons/account").await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers()["cache-control"], "no-store", "a refusal is never kept");
    ada.connect("ada").await;

    let status = ada.status().await;
    let icons: Vec<&str> = status["objects"].as_array().unwrap().iter().map(|o| o["icon"].as_str().unwrap()).collect();
    // Named by the icon too, so an icon the administrator changes is a new address.
    assert_eq!(icons[0], "/api/salesforce/icons/account?v=standard/account");
    assert_eq!(icons[3], "/api/salesforce/icons/campaign?v=standard/campaign");
    let from_org = |path: &str| {
        let url = format!("{}/img/icon/t4v35/{path}_120.png", world.org.base);
        async move { reqwest::get(url).await.unwrap().bytes().await.unwrap() }
    };
    let calls = world.stats().rest_calls;
    let served = ada.get(icons[0]).await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(world.stats().rest_calls, calls, "an icon is a static image: no API call is counted");
    let header = |name: &str| served.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(
        (header("content-type"), header("cache-control")),
        ("image/png".into(), "private, max-age=86400".into())
    );
    assert_eq!(header("cross-origin-resource-policy"), "same-site", "another site's page learns nothing from it");
    assert_eq!(served.bytes().await.unwrap(), from_org("standard/account").await);

    // Kept: more page views and people are served without asking the instance again.
    let grace = world.browser("grace").await;
    grace.connect("grace").await;
    for person in [&ada, &grace] {
        assert_eq!(person.get("/api/salesforce/icons/account").await.status(), StatusCode::OK);
    }
    let fetched = r#"salesforce_widget_salesforce_call_duration_seconds_count{call="theme_icon",outcome="ok"} 1"#;
    let metrics = world.backend.state.metrics.render();
    assert!(metrics.contains(fetched), "one fetch for three answers:\n{metrics}");

    // A custom object's own icon, as the control panel's save read it from the theme.
    let chosen = json!([{ "name": "Project__c", "title_field": "Name", "shown_fields": [] }]);
    let (code, saved) = ada.send_json(reqwest::Method::PUT, SEARCHABLE, chosen).await;
    assert_eq!(code, StatusCode::OK, "{saved}");
    let project = ada.status().await["objects"][0]["icon"].as_str().unwrap().to_owned();
    assert_eq!(project, "/api/salesforce/icons/project__c?v=custom/custom57");
    let project = ada.get(&project).await;
    assert_eq!(project.status(), StatusCode::OK);
    assert_eq!(project.bytes().await.unwrap(), from_org("custom/custom57").await);

    // Only the icons of the objects widgets search, and a miss is never kept.
    for path in ["account", "Contact", "..%2F..%2Fservices%2Fdata", "project__c%2F..%2Faccount"] {
        let missing = ada.get(&format!("/api/salesforce/icons/{path}")).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(missing.headers()["cache-control"], "no-store", "{path}");
    }
}
