//! Store benchmarks: how fast the IC's window can list incidents.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::{DeclareInput, Store, SystemClock, incident};

fn list_incidents(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::open(dir.path().join("bench.db")).expect("open store");
    for n in 0..1000 {
        let input = DeclareInput {
            title: format!("Validators offline in region {n}"),
            severity: n % 4 + 1,
            ..Default::default()
        };
        incident::declare(&mut store, &SystemClock, &input).expect("declare");
    }
    c.bench_function("list 1000 incidents", |b| {
        b.iter(|| black_box(store.list_incidents().expect("list")))
    });
}

criterion_group!(benches, list_incidents);
criterion_main!(benches);
