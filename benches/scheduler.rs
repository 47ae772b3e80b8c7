//! Scheduler benchmark: one decision over 100 open incidents × 20
//! stakeholders (target: under 1 ms).

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use sitrep::comms::{Obligation, ObligationKind, Urgency};
use sitrep::scheduler::{Pending, next_reminders};
use sitrep::{ChannelKind, Group, Severity};

fn pending(n: i64, start: DateTime<Utc>) -> Pending {
    Pending {
        obligation: Obligation {
            id: n,
            incident: format!("INC-{}", n / 20 + 1).parse().expect("a key"),
            incident_title: "Validators offline".into(),
            severity: Severity::CRITICAL,
            drill: false,
            stakeholder: format!("Stakeholder {}", n % 20),
            stakeholder_id: n % 20,
            group: Group::InstitutionalStakers,
            channel: ChannelKind::Slack,
            handle: "#ext".into(),
            kind: ObligationKind::Update,
            due_at: start + TimeDelta::seconds(n * 7),
            overdue: false,
            urgency: Urgency::Later,
            snoozed_until: None,
            owed_now: false,
        },
        every: Some(TimeDelta::minutes(30)),
        snoozes: if n % 5 == 0 {
            vec![start + TimeDelta::minutes(10)]
        } else {
            Vec::new()
        },
        fired: if n % 2 == 0 {
            vec!["due".into()]
        } else {
            Vec::new()
        },
    }
}

fn decide(c: &mut Criterion) {
    let start: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().expect("a time");
    let items: Vec<Pending> = (0..2000).map(|n| pending(n, start)).collect();
    let now = start + TimeDelta::minutes(60);
    c.bench_function("scheduler decision, 100 incidents x 20 stakeholders", |b| {
        b.iter(|| black_box(next_reminders(black_box(&items), now)))
    });
}

criterion_group!(benches, decide);
criterion_main!(benches);
