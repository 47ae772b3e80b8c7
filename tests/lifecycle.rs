//! The incident lifecycle through the core, on a real SQLite file: status
//! moves and milestones, notes, pins and edits, roles and handovers, plans,
//! and every bad input refused with nothing written.

use chrono::{DateTime, TimeDelta, Utc};
use sitrep::lifecycle::{self, EditInput, StatusInput};
use sitrep::listing::IncidentQuery;
use sitrep::plan::{self, StepInput};
use sitrep::role::{self, RoleInput};
use sitrep::timeline::{self, NoteInput};
use sitrep::{
    Attention, Clock, DeclareInput, EntryKind, ErrorKind, IncidentDetail, IncidentKey, ManualClock,
    Role, Status, Store, incident,
};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a test time")
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    clock: ManualClock,
}

/// A fresh database with one SEV1 declared at 2026-11-24 23:40 UTC.
fn declared(kind: Option<&str>) -> (Fixture, IncidentKey) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("sitrep.db");
    let mut store = Store::open(&path).expect("open the store");
    let clock = ManualClock::new(at("2026-11-24T23:40:00Z"));
    let input = DeclareInput {
        title: "Validators offline in eu-west-1".into(),
        severity: 1,
        kind: kind.map(Into::into),
        ..DeclareInput::default()
    };
    let key = incident::declare(&mut store, &clock, &input)
        .expect("declare")
        .incident
        .id;
    (
        Fixture {
            _dir: dir,
            path,
            store,
            clock,
        },
        key,
    )
}

fn status(status: Status) -> StatusInput {
    StatusInput {
        status,
        note: None,
        at: None,
    }
}

fn note(text: &str) -> NoteInput {
    NoteInput {
        text: text.into(),
        at: None,
    }
}

fn role_input(role: Role, person: &str) -> RoleInput {
    RoleInput {
        role,
        person: person.into(),
        at: None,
    }
}

#[test]
fn a_sev1_walks_from_declared_to_resolved_with_every_step_on_the_timeline() {
    let (mut f, key) = declared(None);
    let s = &mut f.store;
    let c = &f.clock;
    role::assign(s, c, key, &role_input(Role::Commander, "Ana")).expect("IC");
    c.advance(TimeDelta::minutes(5));
    timeline::add_note(s, c, key, &note("Beacon nodes on eu-west-1 lost peers")).expect("note");
    lifecycle::change_status(s, c, key, &status(Status::Identified)).expect("identified");
    c.advance(TimeDelta::minutes(20));
    role::assign(s, c, key, &role_input(Role::Commander, "Bo")).expect("handover");
    c.advance(TimeDelta::minutes(10));
    let mitigated = lifecycle::change_status(
        s,
        c,
        key,
        &StatusInput {
            note: Some("failed over to eu-central".into()),
            ..status(Status::Monitoring)
        },
    )
    .expect("monitoring");
    c.advance(TimeDelta::minutes(45));
    let resolved =
        lifecycle::change_status(s, c, key, &status(Status::Resolved)).expect("resolved");

    let i = &resolved.incident;
    assert_eq!(i.status, Status::Resolved);
    assert_eq!(i.commander.as_deref(), Some("Bo"));
    assert_eq!(i.mitigated_at, Some(at("2026-11-25T00:15:00Z")));
    assert_eq!(i.resolved_at, Some(at("2026-11-25T01:00:00Z")));
    assert_eq!(resolved.durations.time_to_mitigate_minutes, Some(35.0));
    assert_eq!(resolved.durations.impact_minutes, Some(35.0));
    assert_eq!(resolved.durations.time_to_resolve_minutes, Some(80.0));
    assert_eq!(mitigated.incident.resolved_at, None);
    // Nobody was marked affected, so its downtime is charged to no one: said, not silent.
    assert_eq!(resolved.attention, [Attention::ImpactUnassigned]);

    let lines: Vec<(EntryKind, &str)> = resolved
        .timeline
        .iter()
        .map(|e| (e.kind, e.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (
                EntryKind::Declared,
                "SEV1 declared: Validators offline in eu-west-1"
            ),
            (EntryKind::Role, "Ana is commander"),
            (EntryKind::Note, "Beacon nodes on eu-west-1 lost peers"),
            (EntryKind::Status, "investigating → identified"),
            (EntryKind::Role, "commander handed over from Ana to Bo"),
            (
                EntryKind::Status,
                "identified → monitoring: failed over to eu-central"
            ),
            (EntryKind::Status, "monitoring → resolved"),
        ]
    );
}

#[test]
fn an_open_incident_without_a_commander_needs_attention() {
    let (mut f, key) = declared(None);
    let listed = f
        .store
        .incident_page(&IncidentQuery::default(), f.clock.now())
        .expect("list");
    assert_eq!(
        listed[0].attention,
        [Attention::NoCommander, Attention::ImpactUnassigned]
    );
    role::assign(
        &mut f.store,
        &f.clock,
        key,
        &role_input(Role::Commander, "Ana"),
    )
    .expect("IC");
    lifecycle::change_status(&mut f.store, &f.clock, key, &status(Status::Monitoring))
        .expect("monitoring");
    assert_eq!(
        f.store
            .incident_page(&IncidentQuery::default(), f.clock.now())
            .expect("list")[0]
            .attention,
        [Attention::ImpactUnassigned]
    );
}

#[test]
fn moving_back_to_investigating_keeps_the_first_mitigation_and_is_recorded() {
    let (mut f, key) = declared(None);
    let (s, c) = (&mut f.store, &f.clock);
    c.advance(TimeDelta::minutes(10));
    lifecycle::change_status(s, c, key, &status(Status::Monitoring)).expect("monitoring");
    c.advance(TimeDelta::minutes(10));
    let resumed = lifecycle::change_status(s, c, key, &status(Status::Investigating))
        .expect("impact resumed");
    assert_eq!(resumed.incident.status, Status::Investigating);
    assert_eq!(
        resumed.incident.mitigated_at,
        Some(at("2026-11-24T23:50:00Z"))
    );
    assert_eq!(
        resumed.timeline.last().map(|e| e.text.as_str()),
        Some("monitoring → investigating")
    );
}

#[test]
fn a_status_move_that_would_put_the_milestones_out_of_order_is_refused() {
    let (mut f, key) = declared(None);
    let (s, c) = (&mut f.store, &f.clock);
    c.advance(TimeDelta::minutes(10));
    lifecycle::change_status(s, c, key, &status(Status::Monitoring)).expect("monitoring");
    c.advance(TimeDelta::minutes(20));
    let corrected = EditInput {
        mitigated: Some("2026-11-25T00:05:00Z".into()),
        ..EditInput::default()
    };
    let before = lifecycle::edit(s, c, key, &corrected).expect("mitigation corrected");
    // After the last move (23:50), but before the corrected mitigation (00:05).
    let resolved_early = StatusInput {
        at: Some("2026-11-25T00:00:00Z".into()),
        ..status(Status::Resolved)
    };
    let err = lifecycle::change_status(s, c, key, &resolved_early).expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
    assert!(err.to_string().contains("out of order"), "{err}");
    assert_eq!(s.incident(key).expect("read"), before);
}

#[test]
fn notes_can_be_back_dated_pinned_and_edited_without_losing_the_old_text() {
    let (mut f, key) = declared(None);
    let (s, c) = (&mut f.store, &f.clock);
    c.advance(TimeDelta::minutes(30));
    let id = timeline::add_note(
        s,
        c,
        key,
        &NoteInput {
            text: "First alert fired".into(),
            at: Some("2026-11-25T00:35:00+01:00".into()),
        },
    )
    .expect("back-dated note");
    // Back-dated to 23:35 UTC, it sorts before the declaration.
    let noted = s.incident(key).expect("show");
    let entry = &noted.timeline[0];
    assert_eq!(entry.id, id);
    assert_eq!(entry.kind, EntryKind::Note);
    assert_eq!(entry.at, at("2026-11-24T23:35:00Z"));
    assert_eq!(entry.recorded_at, at("2026-11-25T00:10:00Z"));

    timeline::set_pinned(s, key, id, true).expect("pin");
    c.advance(TimeDelta::minutes(1));
    let edited = timeline::edit_note(s, c, key, id, "First alert fired (missed attestations)")
        .expect("edit");
    let entry = &edited.timeline[0];
    assert!(entry.pinned);
    assert_eq!(entry.text, "First alert fired (missed attestations)");
    assert_eq!(entry.edited_at, Some(at("2026-11-25T00:11:00Z")));
    assert_eq!(entry.history.len(), 1);
    assert_eq!(entry.history[0].text, "First alert fired");
    assert_eq!(entry.history[0].recorded_at, at("2026-11-25T00:10:00Z"));
}

#[test]
fn a_plan_is_attached_on_declare_and_ticking_a_step_is_on_the_timeline() {
    let (mut f, key) = declared(Some("Slashing risk / double-signing suspicion"));
    let detail = f.store.incident(key).expect("read");
    assert_eq!(detail.incident.kind.as_deref(), Some("slashing-risk"));
    assert!(detail.steps.len() >= 5);
    assert!(detail.steps[0].stop_the_bleeding);
    let ticked = plan::mark_step(
        &mut f.store,
        &f.clock,
        key,
        &StepInput {
            number: 1,
            done: true,
            at: None,
        },
    )
    .expect("tick");
    assert_eq!(ticked.steps[0].done_at, Some(at("2026-11-24T23:40:00Z")));
    let last = ticked.timeline.last().expect("an entry");
    assert_eq!(last.kind, EntryKind::Step);
    assert!(
        last.text.starts_with("step 1 done: STOP signing"),
        "{}",
        last.text
    );
}

#[test]
fn editing_the_library_does_not_rewrite_a_declared_incidents_steps() {
    let (mut f, key) = declared(Some("cloud-outage"));
    let before = f.store.incident(key).expect("read").steps;
    let mut cloud = f
        .store
        .plans()
        .expect("plans")
        .into_iter()
        .find(|p| p.kind == "cloud-outage")
        .expect("the cloud plan");
    cloud.steps.truncate(1);
    plan::save(&mut f.store, &cloud).expect("save");
    assert_eq!(f.store.incident(key).expect("read").steps, before);
}

#[test]
fn a_kind_can_be_given_later_and_attaches_its_plan_once() {
    let (mut f, key) = declared(None);
    let edit = |kind: &str| EditInput {
        kind: Some(kind.into()),
        ..EditInput::default()
    };
    let attached =
        lifecycle::edit(&mut f.store, &f.clock, key, &edit("cloud-outage")).expect("kind");
    assert!(!attached.steps.is_empty());
    let err = lifecycle::edit(&mut f.store, &f.clock, key, &edit("slashing-risk")).unwrap_err();
    assert!(err.to_string().contains("already follows"), "{err}");
}

#[test]
fn corrections_change_milestones_and_are_recorded_with_old_and_new_values() {
    let (mut f, key) = declared(None);
    let (s, c) = (&mut f.store, &f.clock);
    c.advance(TimeDelta::hours(1));
    lifecycle::change_status(s, c, key, &status(Status::Resolved)).expect("resolved");
    let edited = lifecycle::edit(
        s,
        c,
        key,
        &EditInput {
            severity: Some(2),
            impact_started: Some("2026-11-25T00:20:00+01:00".into()),
            mitigated: Some("2026-11-25T00:10:00Z".into()),
            ..EditInput::default()
        },
    )
    .expect("corrections");
    let i = &edited.incident;
    assert_eq!(i.severity.level(), 2);
    assert_eq!(i.impact_started_at, at("2026-11-24T23:20:00Z"));
    assert_eq!(i.mitigated_at, Some(at("2026-11-25T00:10:00Z")));
    let texts: Vec<&str> = edited.timeline.iter().map(|e| e.text.as_str()).collect();
    assert!(texts.contains(&"SEV1 → SEV2"), "{texts:?}");
    assert!(
        texts.contains(
            &"impact started corrected: 2026-11-24T23:40:00+00:00 → 2026-11-24T23:20:00+00:00"
        ),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"mitigated corrected: unset → 2026-11-25T00:10:00+00:00"),
        "{texts:?}"
    );
}

/// Every refusal leaves the incident exactly as it was.
#[test]
fn bad_input_is_refused_with_a_reason_and_writes_nothing() {
    let (mut f, key) = declared(None);
    timeline::add_note(&mut f.store, &f.clock, key, &note("an editable note")).expect("note");
    role::assign(
        &mut f.store,
        &f.clock,
        key,
        &role_input(Role::Commander, "Ana"),
    )
    .expect("IC");
    let before = f.store.incident(key).expect("read");
    let declared_entry = before.timeline[0].id;
    let note_entry = before.timeline[1].id;
    let unknown: IncidentKey = "INC-99".parse().expect("a key");

    type Attempt = Box<dyn Fn(&mut Store, &ManualClock) -> sitrep::error::Result<IncidentDetail>>;
    let edit =
        |input: EditInput| -> Attempt { Box::new(move |s, c| lifecycle::edit(s, c, key, &input)) };
    let move_to = |input: StatusInput| -> Attempt {
        Box::new(move |s, c| lifecycle::change_status(s, c, key, &input))
    };
    let add_note = |input: NoteInput| -> Attempt {
        Box::new(move |s, c| {
            timeline::add_note(s, c, key, &input)?;
            s.incident(key)
        })
    };
    let time = |t: &str| Some(t.to_owned());
    let attempts: Vec<(&str, Attempt)> = vec![
        (
            "no incident INC-99",
            Box::new(move |s, c| {
                timeline::add_note(s, c, unknown, &note("x"))?;
                s.incident(unknown)
            }),
        ),
        (
            "already investigating",
            move_to(status(Status::Investigating)),
        ),
        (
            "in the future",
            move_to(StatusInput {
                at: time("2026-11-25T00:00:00Z"),
                ..status(Status::Resolved)
            }),
        ),
        (
            "last changed status",
            move_to(StatusInput {
                at: time("2026-11-24T23:00:00Z"),
                ..status(Status::Resolved)
            }),
        ),
        (
            "out of order",
            edit(EditInput {
                impact_started: time("2026-11-24T23:39:00Z"),
                detected: time("2026-11-24T23:30:00Z"),
                ..EditInput::default()
            }),
        ),
        (
            "no resolved time yet",
            edit(EditInput {
                resolved: time("2026-11-24T23:30:00Z"),
                ..EditInput::default()
            }),
        ),
        (
            "in the future",
            edit(EditInput {
                detected: time("2026-11-25T03:00:00+02:00"),
                ..EditInput::default()
            }),
        ),
        (
            "nothing to change",
            edit(EditInput {
                severity: Some(1),
                ..EditInput::default()
            }),
        ),
        (
            "severity must be 1–4",
            edit(EditInput {
                severity: Some(7),
                ..EditInput::default()
            }),
        ),
        (
            "no response plan for the kind",
            edit(EditInput {
                kind: time("volcano"),
                ..EditInput::default()
            }),
        ),
        ("note is empty", add_note(note("  "))),
        ("under 64 KB", add_note(note(&"x".repeat(64 * 1024 + 1)))),
        (
            "RFC 3339",
            add_note(NoteInput {
                text: "x".into(),
                at: time("yesterday"),
            }),
        ),
        (
            "only notes can be edited",
            Box::new(move |s, c| timeline::edit_note(s, c, key, declared_entry, "rewritten")),
        ),
        (
            "already says exactly that",
            Box::new(move |s, c| timeline::edit_note(s, c, key, note_entry, "an editable note")),
        ),
        (
            "no timeline entry 9999",
            Box::new(move |s, _| timeline::set_pinned(s, key, 9999, true)),
        ),
        (
            "Ana is already commander",
            Box::new(move |s, c| role::assign(s, c, key, &role_input(Role::Commander, "Ana"))),
        ),
        (
            "name the person",
            Box::new(move |s, c| role::assign(s, c, key, &role_input(Role::Ops, " "))),
        ),
        (
            "there is no step 1",
            Box::new(move |s, c| {
                plan::mark_step(
                    s,
                    c,
                    key,
                    &StepInput {
                        number: 1,
                        done: true,
                        at: None,
                    },
                )
            }),
        ),
    ];
    let version = f.store.data_version().expect("version");
    for (reason, attempt) in attempts {
        let err = attempt(&mut f.store, &f.clock).expect_err(reason);
        assert_eq!(err.kind(), ErrorKind::BadInput, "{reason}: {err}");
        assert!(
            err.to_string().contains(reason),
            "expected {reason:?} in {err}"
        );
        assert_eq!(
            f.store.incident(key).expect("read"),
            before,
            "{reason} wrote something"
        );
    }
    assert_eq!(f.store.data_version().expect("version"), version);
}

#[test]
fn the_app_and_the_cli_writing_at_once_lose_no_entry() {
    let (f, key) = declared(None);
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let path = f.path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).expect("open");
                let clock = ManualClock::new(at("2026-11-25T00:00:00Z"));
                for n in 0..25 {
                    timeline::add_note(
                        &mut store,
                        &clock,
                        key,
                        &note(&format!("writer {w} note {n}")),
                    )
                    .expect("note");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer thread");
    }
    let timeline = f.store.incident(key).expect("read").timeline;
    assert_eq!(
        timeline
            .iter()
            .filter(|e| e.kind == EntryKind::Note)
            .count(),
        100
    );
}

#[test]
fn a_resolution_corrected_to_before_the_impact_started_is_refused() {
    // Declared 23:40 (impact start defaulted to it), resolved 00:40, never mitigated.
    let (mut f, key) = declared(None);
    f.clock.set(at("2026-11-25T00:40:00Z"));
    lifecycle::change_status(&mut f.store, &f.clock, key, &status(Status::Resolved))
        .expect("resolved");
    let before = f.store.incident(key).expect("show");
    let err = lifecycle::edit(
        &mut f.store,
        &f.clock,
        key,
        &EditInput {
            resolved: Some("2026-11-24T23:30:00Z".into()),
            ..EditInput::default()
        },
    )
    .expect_err("resolved before the impact started");
    assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
    // Named as the two milestones out of order, not as an impact window turned inside out.
    assert_eq!(
        err.to_string(),
        "out of order: impact started 2026-11-24T23:40:00+00:00 is after resolved 2026-11-24T23:30:00+00:00"
    );
    assert_eq!(f.store.incident(key).expect("show"), before);
}

#[test]
fn reopening_restarts_the_comms_cadence_from_the_reopening() {
    let (mut f, key) = declared(None);
    f.clock.set(at("2026-11-25T00:40:00Z"));
    lifecycle::change_status(&mut f.store, &f.clock, key, &status(Status::Resolved))
        .expect("resolved");
    f.clock.set(at("2026-11-25T01:40:00Z"));
    lifecycle::change_status(&mut f.store, &f.clock, key, &status(Status::Investigating))
        .expect("reopened");
    let due = sitrep::comms::due(&f.store, f.clock.now()).expect("due");
    let initial: Vec<_> = due
        .iter()
        .filter(|o| o.kind == sitrep::ObligationKind::Initial)
        .collect();
    assert!(!initial.is_empty(), "{due:?}");
    // SEV1: 15 minutes after the reopening, not after the first declaration.
    assert!(
        initial
            .iter()
            .all(|o| o.due_at == at("2026-11-25T01:55:00Z") && !o.overdue),
        "{initial:?}"
    );
}

/// When the first notices owed on incident `key` now are due.
fn initial_notices(f: &Fixture, key: IncidentKey) -> Vec<DateTime<Utc>> {
    sitrep::comms::due(&f.store, f.clock.now())
        .expect("due")
        .into_iter()
        .filter(|o| o.incident == key && o.kind == sitrep::ObligationKind::Initial)
        .map(|o| o.due_at)
        .collect()
}

#[test]
fn a_status_move_before_the_first_notices_leaves_them_due_15_minutes_after_declaration() {
    let (mut f, key) = declared(None);
    f.clock.set(at("2026-11-24T23:45:00Z"));
    lifecycle::change_status(&mut f.store, &f.clock, key, &status(Status::Identified))
        .expect("identified");
    let due = initial_notices(&f, key);
    assert!(!due.is_empty());
    assert!(
        due.iter().all(|d| *d == at("2026-11-24T23:55:00Z")),
        "{due:?}"
    );
}

/// Corrects the declaration (and the two milestones before it) to 23:35.
fn declared_at_23_35() -> EditInput {
    EditInput {
        impact_started: Some("2026-11-24T23:30:00Z".into()),
        detected: Some("2026-11-24T23:32:00Z".into()),
        declared: Some("2026-11-24T23:35:00Z".into()),
        ..EditInput::default()
    }
}

#[test]
fn correcting_the_declaration_moves_the_first_notices_with_it() {
    let (mut f, key) = declared(None);
    f.clock.set(at("2026-11-24T23:42:00Z"));
    lifecycle::edit(&mut f.store, &f.clock, key, &declared_at_23_35()).expect("corrected");
    let due = initial_notices(&f, key);
    assert!(!due.is_empty());
    assert!(
        due.iter().all(|d| *d == at("2026-11-24T23:50:00Z")),
        "{due:?}"
    );
}

#[test]
fn correcting_the_declaration_after_a_severity_change_leaves_the_cadence_running_from_the_change() {
    let (mut f, key) = declared(None);
    f.clock.set(at("2026-11-24T23:45:00Z"));
    let to_sev2 = EditInput {
        severity: Some(2),
        ..EditInput::default()
    };
    lifecycle::edit(&mut f.store, &f.clock, key, &to_sev2).expect("SEV2");
    f.clock.set(at("2026-11-24T23:50:00Z"));
    lifecycle::edit(&mut f.store, &f.clock, key, &declared_at_23_35()).expect("corrected");
    // SEV2's 30 minutes from the change at 23:45, not from the corrected declaration.
    let due = initial_notices(&f, key);
    assert!(!due.is_empty());
    assert!(
        due.iter().all(|d| *d == at("2026-11-25T00:15:00Z")),
        "{due:?}"
    );
}

#[test]
fn a_new_title_is_recorded_and_the_same_title_again_changes_nothing() {
    let (mut f, key) = declared(None);
    let titled = |t: &str| EditInput {
        title: Some(t.into()),
        ..EditInput::default()
    };
    let renamed = lifecycle::edit(
        &mut f.store,
        &f.clock,
        key,
        &titled("Beacon nodes lost peers"),
    )
    .expect("renamed");
    assert_eq!(renamed.incident.title, "Beacon nodes lost peers");
    assert_eq!(
        renamed.timeline.last().map(|e| (e.kind, e.text.as_str())),
        Some((
            EntryKind::Title,
            "title: \"Validators offline in eu-west-1\" → \"Beacon nodes lost peers\""
        ))
    );
    let err = lifecycle::edit(
        &mut f.store,
        &f.clock,
        key,
        &titled("Beacon nodes lost peers"),
    )
    .expect_err("nothing to change");
    assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
    assert_eq!(f.store.incident(key).expect("show"), renamed);
}
