//! Importing a large stakeholder directory while an incident is open: every
//! new stakeholder is reconciled with the incident in the same transaction.

use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sitrep::stakeholder::{self, Format};
use sitrep::{DeclareInput, Store, SystemClock, incident};

const ROWS: usize = 20_000;

fn directory() -> String {
    let mut csv = String::from("name,group,channel,handle,notes,sla_target_percent\n");
    for n in 0..ROWS {
        csv.push_str(&format!(
            "Partner {n:05},Service partners,telegram,@p{n},,99.0\n"
        ));
    }
    csv
}

fn import(c: &mut Criterion) {
    let csv = directory();
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("20000 stakeholders with an open SEV1", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("temporary folder");
                let mut store = Store::open(dir.path().join("bench.db")).expect("open store");
                let input = DeclareInput {
                    title: "Signer outage".into(),
                    severity: 1,
                    ..Default::default()
                };
                incident::declare(&mut store, &SystemClock, &input).expect("declare");
                (dir, store)
            },
            |(dir, mut store)| {
                stakeholder::import(&mut store, &SystemClock, &csv, Format::Csv).expect("import");
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
