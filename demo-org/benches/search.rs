//! Search latency over the full demo org (2,000 accounts, 5,000 leads, 10,000 tasks, 200
//! campaigns): parse + search + shape, the work behind one REST search call.
//! Run with `cargo bench -p demo-org --bench search`; prints p50/p95/p99/max per query.

use chrono::NaiveDate;
use demo_org::{
    seed::{self, SeedConfig},
    sosl::{self, engine},
};
use std::time::{Duration, Instant};

/// The statement the product sends, with a realistic mix of terms.
fn product_query(term: &str) -> String {
    format!(
        "FIND {{{term}}} IN ALL FIELDS RETURNING Account(Id, Name, Type, BillingCity LIMIT 6), \
         Lead(Id, Name, Company, Status WHERE IsConverted = false LIMIT 6), \
         Task(Id, Subject, Status, ActivityDate, What.Name LIMIT 6), Campaign(Id, Name, Status, StartDate, EndDate LIMIT 6) LIMIT 24"
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let org = seed::generate(&SeedConfig::full(2026, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()));
    let user = &org.users[1];
    let context = engine::SearchContext { org: &org, user, today: org_today(), api_version: 62 };
    let terms =
        ["acme*", "smith*", "call*", "müller", "o\\'connor*", "webinar*", "東京", "zzzz*", "gl*x", "follow AND up*"];
    const ROUNDS: usize = 200;
    println!("{:<22} {:>9} {:>9} {:>9} {:>9} {:>8}", "term", "p50", "p95", "p99", "max", "records");
    let mut all = Vec::new();
    for term in terms {
        let statement = product_query(term);
        let mut timings = Vec::with_capacity(ROUNDS);
        let mut count = 0;
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let query = sosl::parse(&statement, org.schema.unrestricted()).expect("valid statement");
            let records = engine::run(&query, &context);
            let body = serde_json::to_vec(&serde_json::json!({ "searchRecords": records })).expect("json");
            timings.push(started.elapsed());
            count = records.len();
            std::hint::black_box(body);
        }
        timings.sort();
        println!(
            "{term:<22} {:>9.2?} {:>9.2?} {:>9.2?} {:>9.2?} {count:>8}",
            percentile(&timings, 0.5),
            percentile(&timings, 0.95),
            percentile(&timings, 0.99),
            timings[timings.len() - 1]
        );
        all.extend(timings);
    }
    all.sort();
    println!(
        "{:<22} {:>9.2?} {:>9.2?} {:>9.2?} {:>9.2?}   ({} searches)",
        "all",
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        percentile(&all, 0.99),
        all[all.len() - 1],
        all.len()
    );
}

fn org_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).expect("valid date")
}
