//! What the backend itself spends on one search, without any I/O: normalising the query and
//! building the SOSL statement, and shaping a Salesforce answer of 20 or 200 records into the
//! API's JSON.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use serde_json::json;
use std::hint::black_box;
use widget_backend::{
    catalog::Catalog,
    salesforce::{query, results},
};

fn records(count: usize) -> Vec<serde_json::Value> {
    (0..count)
        .map(|i| match i % 4 {
            0 => json!({"attributes": {"type": "Account", "url": "/services/data/v62.0/sobjects/Account/x"},
                        "Id": format!("001Dm{i:013}"), "Name": format!("Acme Holdings {i}"), "Type": "Customer - Direct", "BillingCity": "Köln"}),
            1 => json!({"attributes": {"type": "Lead", "url": "/services/data/v62.0/sobjects/Lead/x"},
                        "Id": format!("00QDm{i:013}"), "Name": format!("Ann Lee {i}"), "Company": "Acme", "Status": "Open - Not Contacted"}),
            2 => json!({"attributes": {"type": "Task", "url": "/services/data/v62.0/sobjects/Task/x"},
                        "Id": format!("00TDm{i:013}"), "Subject": "Call about the Acme renewal", "Status": "Not Started", "ActivityDate": "2026-12-01",
                        "What": {"attributes": {"type": "Account", "url": "/y"}, "Name": "Acme"}, "Who": null}),
            _ => json!({"attributes": {"type": "Campaign", "url": "/services/data/v62.0/sobjects/Campaign/x"},
                        "Id": format!("701Dm{i:013}"), "Name": format!("Acme Summit {i}"), "Status": "Planned", "StartDate": "2026-12-01", "EndDate": null}),
        })
        .collect()
}

fn query_building(c: &mut Criterion) {
    let catalog = Catalog::presets();
    c.bench_function("normalise + SOSL statement (\"acme (holdings) and-or\")", |b| {
        b.iter(|| {
            let normalized = query::normalize(black_box("  acme   (holdings) and-or ")).unwrap();
            query::statement(&normalized, catalog.objects(), 5, 0, &Default::default(), "005Dm0000000001AAA")
        })
    });
}

fn shaping(c: &mut Criterion) {
    let catalog = Catalog::presets();
    let mut group = c.benchmark_group("shape Salesforce records into the API's JSON");
    for count in [20, 200] {
        let records = records(count);
        group.bench_with_input(BenchmarkId::from_parameter(count), &records, |b, records| {
            b.iter(|| {
                let shaped = results::shape(
                    "acme".to_owned(),
                    catalog.objects(),
                    Vec::new(),
                    black_box(records),
                    50,
                    "https://acme.my.salesforce.com",
                );
                serde_json::to_vec(&shaped).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, query_building, shaping);
criterion_main!(benches);
