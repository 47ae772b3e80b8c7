//! Reminders through the core on a real SQLite file: exactly once per
//! (obligation, stage) across restarts, sleeps, clock jumps and two
//! instances; one coalesced catch-up; snoozes on the timeline. Ends with a
//! property test over days of simulated time.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use sitrep::comms::{self, SendInput};
use sitrep::lifecycle::{self, EditInput};
use sitrep::policy::{self, Cadence, CadenceOverride, CadenceScope};
use sitrep::scheduler::{self, MAX_SLEEP, SnoozeFor, Stage};
use sitrep::{Clock, DeclareInput, EntryKind, IncidentKey, ManualClock, Store, incident};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a test time")
}

fn declare(store: &mut Store, clock: &ManualClock, severity: i64) -> IncidentKey {
    let input = DeclareInput {
        title: "Validators offline".into(),
        severity,
        ..DeclareInput::default()
    };
    incident::declare(store, clock, &input)
        .expect("declare")
        .incident
        .id
}

fn open(path: &Path) -> Store {
    Store::open(path).expect("open the store")
}

#[test]
fn a_due_update_fires_once_and_not_again_after_a_restart() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("sitrep.db");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut store = open(&path);
    declare(&mut store, &clock, 1);
    let early = scheduler::tick(&mut store, &clock).expect("tick");
    assert_eq!(
        (early.notice, early.wake_at),
        (None, Some(at("2026-11-24T10:15:00Z")))
    );

    clock.set(at("2026-11-24T10:16:00Z"));
    let notice = scheduler::tick(&mut store, &clock)
        .expect("tick")
        .notice
        .expect("a reminder");
    assert_eq!(notice.summary, "INC-1 SEV1 · update due");
    assert_eq!(
        notice.body.lines().take(2).collect::<Vec<_>>(),
        [
            "Validators offline",
            "Exchange A (example) (Slack), Liquid staking protocol (example) (Telegram), \
             Public status page (example) (status page)"
        ]
    );
    drop(store);

    let mut restarted = open(&path);
    assert_eq!(
        scheduler::tick(&mut restarted, &clock)
            .expect("tick")
            .notice,
        None
    );
}

#[test]
fn a_due_postmortem_is_reminded_in_its_own_words_never_as_an_update() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut store = open(&dir.path().join("sitrep.db"));
    let key = declare(&mut store, &clock, 1);
    clock.set(at("2026-11-24T10:05:00Z"));
    let resolved = lifecycle::StatusInput {
        status: sitrep::Status::Resolved,
        note: None,
        at: None,
    };
    lifecycle::change_status(&mut store, &clock, key, &resolved).expect("resolved");
    let everyone = SendInput {
        to: vec![
            "Exchange A (example)".into(),
            "Liquid staking protocol (example)".into(),
            "Public status page (example)".into(),
        ],
        message: Some("Resolved.".into()),
        ..SendInput::default()
    };
    comms::record_update(&mut store, &clock, key, &everyone).expect("resolution sent");
    scheduler::tick(&mut store, &clock).expect("nothing due yet");

    // SEV1's postmortem is due three days after resolution.
    clock.set(at("2026-11-27T10:05:00Z"));
    let notice = scheduler::tick(&mut store, &clock)
        .expect("tick")
        .notice
        .expect("a reminder");
    assert!(
        notice.summary.ends_with(" · postmortem due"),
        "{}",
        notice.summary
    );
    assert!(
        notice.body.contains("Share the postmortem"),
        "{}",
        notice.body
    );
    assert!(!notice.summary.contains("update"), "{}", notice.summary);
}

#[test]
fn two_instances_on_one_database_fire_once() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("sitrep.db");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut first = open(&path);
    let mut second = open(&path);
    declare(&mut first, &clock, 1);
    clock.set(at("2026-11-24T10:15:00Z"));
    let a = scheduler::tick(&mut first, &clock).expect("tick");
    let b = scheduler::tick(&mut second, &clock).expect("tick");
    assert!(
        a.notice.is_some() != b.notice.is_some(),
        "exactly one instance fires"
    );
}

#[test]
fn a_longer_snooze_over_a_shorter_one_keeps_everything_quiet_until_it_ends() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut store = open(&dir.path().join("sitrep.db"));
    declare(&mut store, &clock, 1);
    clock.set(at("2026-11-24T10:15:00Z"));
    scheduler::tick(&mut store, &clock).expect("due");
    scheduler::snooze(&mut store, &clock, &[], SnoozeFor::Five).expect("5 min");
    clock.set(at("2026-11-24T10:16:00Z"));
    scheduler::snooze(&mut store, &clock, &[], SnoozeFor::Thirty).expect("30 min");

    clock.set(at("2026-11-24T10:21:00Z"));
    let quiet = scheduler::tick(&mut store, &clock).expect("tick");
    assert_eq!(
        (quiet.notice, quiet.wake_at),
        (None, Some(at("2026-11-24T10:46:00Z"))),
        "the 5-minute snooze ended, the 30-minute one did not"
    );
    clock.set(at("2026-11-24T10:46:00Z"));
    assert!(
        scheduler::tick(&mut store, &clock)
            .expect("tick")
            .notice
            .is_some()
    );
}

#[test]
fn a_snoozed_notice_says_until_when_and_is_not_counted_overdue_until_then() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut store = open(&dir.path().join("sitrep.db"));
    declare(&mut store, &clock, 1);
    clock.set(at("2026-11-24T10:16:00Z"));
    let due = store.open_obligations(clock.now()).expect("due");
    let exchange = due
        .iter()
        .find(|o| o.stakeholder.starts_with("Exchange"))
        .expect("owed");
    scheduler::snooze(&mut store, &clock, &[exchange.id], SnoozeFor::Five).expect("5 min");
    clock.set(at("2026-11-24T10:17:00Z"));
    scheduler::snooze(&mut store, &clock, &[exchange.id], SnoozeFor::Ten).expect("10 min");

    clock.set(at("2026-11-24T10:18:00Z"));
    let urgency = |store: &Store, now| {
        store
            .open_obligations(now)
            .expect("due")
            .into_iter()
            .map(|o| (o.stakeholder, o.urgency, o.snoozed_until, o.overdue))
            .collect::<Vec<_>>()
    };
    let seen = urgency(&store, clock.now());
    let (_, snoozed, until, overdue) = seen
        .iter()
        .find(|(who, ..)| who.starts_with("Exchange"))
        .expect("still owed");
    // The later of the two snoozes counts; the notice is still late.
    assert_eq!(
        (*snoozed, *until, *overdue),
        (
            comms::Urgency::Snoozed,
            Some(at("2026-11-24T10:27:00Z")),
            true
        )
    );
    let overdue = seen
        .iter()
        .filter(|(_, u, ..)| *u == comms::Urgency::Overdue)
        .count();
    assert_eq!(overdue, 2, "the other two are still overdue: {seen:?}");

    let later = urgency(&store, at("2026-11-24T10:27:00Z"));
    assert!(
        later
            .iter()
            .all(|(_, u, until, _)| *u == comms::Urgency::Overdue && until.is_none()),
        "the snooze ended: {later:?}"
    );
}

#[test]
fn a_snooze_is_on_the_timeline_and_reminds_again_when_it_ends() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut store = open(&dir.path().join("sitrep.db"));
    let key = declare(&mut store, &clock, 1);
    clock.set(at("2026-11-24T10:15:00Z"));
    scheduler::tick(&mut store, &clock).expect("due");
    let snoozed = scheduler::snooze(&mut store, &clock, &[], SnoozeFor::Ten).expect("snooze");
    assert_eq!(snoozed, 3);
    let last = store
        .incident(key)
        .expect("read")
        .timeline
        .pop()
        .expect("an entry");
    assert_eq!(last.kind, EntryKind::Comms);
    assert!(
        last.text
            .starts_with("reminder snoozed 10 min: Exchange A (example) (initial due 10:15 UTC)"),
        "{}",
        last.text
    );

    clock.set(at("2026-11-24T10:24:00Z"));
    let quiet = scheduler::tick(&mut store, &clock).expect("tick");
    assert_eq!(
        (quiet.notice, quiet.wake_at),
        (None, Some(at("2026-11-24T10:25:00Z")))
    );
    clock.set(at("2026-11-24T10:25:00Z"));
    let again = scheduler::tick(&mut store, &clock)
        .expect("tick")
        .notice
        .expect("reminded again");
    assert!(again.critical, "by then the updates are overdue: {again:?}");
}

/// Changes incident `key`'s severity now; false if it already had that one.
fn change_severity(
    store: &mut Store,
    clock: &ManualClock,
    key: IncidentKey,
    severity: i64,
) -> bool {
    let input = EditInput {
        severity: Some(severity),
        ..EditInput::default()
    };
    lifecycle::edit(store, clock, key, &input).is_ok()
}

#[test]
fn a_due_time_moved_by_a_severity_change_is_reminded_again_at_the_new_time() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut store = open(&dir.path().join("sitrep.db"));
    let key = declare(&mut store, &clock, 1);
    clock.set(at("2026-11-24T10:15:00Z"));
    assert!(
        scheduler::tick(&mut store, &clock)
            .expect("tick")
            .notice
            .is_some()
    );

    // A severity change restarts the first notice on SEV2's 30 min: a new due time.
    clock.set(at("2026-11-24T10:16:00Z"));
    assert!(change_severity(&mut store, &clock, key, 2));
    let quiet = scheduler::tick(&mut store, &clock).expect("tick");
    assert_eq!(
        (quiet.notice, quiet.wake_at),
        (None, Some(at("2026-11-24T10:46:00Z")))
    );
    clock.set(at("2026-11-24T10:46:00Z"));
    let notice = scheduler::tick(&mut store, &clock)
        .expect("tick")
        .notice
        .expect("reminded at the new due time");
    assert!(
        notice.summary.starts_with("INC-1 SEV2 · "),
        "{}",
        notice.summary
    );
    assert!(!notice.critical, "due, not yet overdue: {notice:?}");
}

#[test]
fn a_stakeholders_own_update_cadence_sets_when_their_reminder_turns_overdue() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut store = open(&dir.path().join("sitrep.db"));
    let own = CadenceOverride {
        scope: CadenceScope::Stakeholder("Exchange A (example)".into()),
        cadence: Cadence {
            severity: 1,
            initial_minutes: None,
            update_minutes: Some(60),
            resolution_minutes: None,
            postmortem_minutes: None,
        },
    };
    policy::save_cadence_override(&mut store, &clock, &own).expect("saved");
    declare(&mut store, &clock, 1);
    clock.set(at("2026-11-24T10:15:00Z"));
    scheduler::tick(&mut store, &clock).expect("due");

    // A quarter of SEV1's 30 min for the others, of Exchange A's 60 for it.
    clock.set(at("2026-11-24T10:22:30Z"));
    let others = scheduler::tick(&mut store, &clock)
        .expect("tick")
        .notice
        .expect("overdue");
    assert!(
        others.critical && !others.body.contains("Exchange A"),
        "{}",
        others.body
    );
    clock.set(at("2026-11-24T10:30:00Z"));
    let exchange = scheduler::tick(&mut store, &clock)
        .expect("tick")
        .notice
        .expect("overdue");
    assert!(
        exchange.critical && exchange.body.contains("Exchange A"),
        "{}",
        exchange.body
    );
}

#[test]
fn under_a_short_update_cadence_the_overdue_reminder_still_waits_five_minutes() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut store = open(&dir.path().join("sitrep.db"));
    let every_twelve_minutes = CadenceOverride {
        scope: CadenceScope::Stakeholder("Exchange A (example)".into()),
        cadence: Cadence {
            severity: 1,
            initial_minutes: None,
            update_minutes: Some(12),
            resolution_minutes: None,
            postmortem_minutes: None,
        },
    };
    policy::save_cadence_override(&mut store, &clock, &every_twelve_minutes).expect("saved");
    declare(&mut store, &clock, 1);
    clock.set(at("2026-11-24T10:15:00Z"));
    let due = scheduler::tick(&mut store, &clock).expect("due");

    // A quarter of 12 minutes would be 10:18; the grace is never under five minutes.
    assert_eq!(due.wake_at, Some(at("2026-11-24T10:20:00Z")));
    clock.set(at("2026-11-24T10:19:59Z"));
    assert_eq!(
        scheduler::tick(&mut store, &clock).expect("tick").notice,
        None
    );
    clock.set(at("2026-11-24T10:20:00Z"));
    let overdue = scheduler::tick(&mut store, &clock)
        .expect("tick")
        .notice
        .expect("overdue");
    assert_eq!(
        (overdue.critical, overdue.summary.as_str()),
        (true, "INC-1 SEV1 · update late")
    );
    assert!(
        overdue.body.contains("Exchange A (example) (Slack)"),
        "{}",
        overdue.body
    );
}

#[test]
fn a_catch_up_with_anything_overdue_in_it_is_one_critical_notification() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("sitrep.db");
    let clock = ManualClock::new(at("2026-11-24T10:00:00Z"));
    let mut store = open(&path);
    declare(&mut store, &clock, 1);
    declare(&mut store, &clock, 2);
    scheduler::tick(&mut store, &clock).expect("nothing due yet");
    drop(store);

    // The app was closed from 10:00 to 10:31: SEV1's first notices (due
    // 10:15) are overdue by then, SEV2's (due 10:30) only due.
    clock.set(at("2026-11-24T10:31:00Z"));
    let mut store = open(&path);
    let catch_up = scheduler::tick(&mut store, &clock).expect("tick");
    let notice = catch_up.notice.expect("one catch-up");
    assert!(notice.critical, "{notice:?}");
    // Overdue in it: the catch-up says late, not due.
    assert_eq!(
        notice.summary,
        "INC-1 SEV1 · update late (+1 more incident)"
    );
    assert!(
        notice.body.contains("INC-1 SEV1") && notice.body.contains("INC-2 SEV2"),
        "{}",
        notice.body
    );
    let stages: HashSet<Stage> = catch_up.fired.iter().map(|r| r.stage).collect();
    assert_eq!(stages, HashSet::from([Stage::Due, Stage::Overdue]));
}

/// What happens in the simulation.
#[derive(Debug, Clone)]
enum Event {
    Declare(i64),
    /// Incident `n` (modulo how many there are) changes to this severity.
    Severity(usize, i64),
    Send(usize),
    Snooze(i64),
    /// Snoozed for the first length, then, this many minutes later and
    /// before that snooze ends, for the second, a different one.
    SnoozeAgain(i64, i64, i64),
    /// The app runs (ticking at its wake instants, at least every 30 s) this many minutes.
    Awake(i64),
    /// The laptop sleeps or the app is closed for this many minutes: no ticks.
    Asleep(i64),
    /// The wall clock jumps by this many minutes (negative: backwards).
    Jump(i64),
    Restart,
}

fn snooze_length() -> impl Strategy<Value = i64> {
    prop_oneof![Just(5i64), Just(10), Just(30)]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        2 => (1i64..=3).prop_map(Event::Declare),
        1 => (0usize..6, 1i64..=3).prop_map(|(n, sev)| Event::Severity(n, sev)),
        3 => (0usize..6).prop_map(Event::Send),
        1 => snooze_length().prop_map(Event::Snooze),
        1 => (snooze_length(), snooze_length(), 0i64..5)
            .prop_filter("two different lengths", |(a, b, _)| a != b)
            .prop_map(|(a, b, after)| Event::SnoozeAgain(a, b, after)),
        4 => (1i64..120).prop_map(Event::Awake),
        2 => (1i64..600).prop_map(Event::Asleep),
        1 => (-90i64..90).prop_map(Event::Jump),
        1 => Just(Event::Restart),
    ]
}

const NAMES: [&str; 3] = [
    "Exchange A (example)",
    "Liquid staking protocol (example)",
    "Public status page (example)",
];

/// What the simulation expects: which stages fired for which due time, and
/// until when each obligation is snoozed (the end of its latest snooze).
#[derive(Default)]
struct Expected {
    // Keyed by (obligation, stage, the due time it fired for).
    fired: HashMap<(i64, String, DateTime<Utc>), u32>,
    snoozed_until: HashMap<i64, DateTime<Utc>>,
}

/// Snoozes every open reminder for `minutes`, as the notification's button does.
fn snooze_all(store: &mut Store, clock: &ManualClock, minutes: i64, expected: &mut Expected) {
    let until = clock.now() + TimeDelta::minutes(minutes);
    let length = SnoozeFor::minutes(minutes).expect("5, 10 or 30");
    if scheduler::snooze(store, clock, &[], length).is_ok() {
        for o in store.open_obligations(clock.now()).expect("open") {
            let u = expected.snoozed_until.entry(o.id).or_insert(until);
            *u = (*u).max(until);
        }
    }
}

/// Runs the app for `minutes`, ticking at its wake instants (at least every
/// 30 s), and checks each tick against what is expected.
fn run_awake(
    store: &mut Store,
    clock: &ManualClock,
    minutes: i64,
    expected: &mut Expected,
) -> Result<(), TestCaseError> {
    let end = clock.now() + TimeDelta::minutes(minutes);
    loop {
        let tick = scheduler::tick(store, clock).expect("tick");
        let stages: HashSet<(i64, String)> = tick
            .fired
            .iter()
            .map(|r| (r.obligation_id, r.stage.key()))
            .collect();
        prop_assert_eq!(
            stages.len(),
            tick.fired.len(),
            "a stage twice in one notification"
        );
        prop_assert_eq!(tick.notice.is_some(), !tick.fired.is_empty());
        let now = clock.now();
        let open = store.open_obligations(now).expect("open");
        for (id, stage) in stages {
            let o = open
                .iter()
                .find(|o| o.id == id)
                .expect("what fired is still open");
            if let Some(until) = expected.snoozed_until.get(&id) {
                prop_assert!(
                    now >= *until,
                    "obligation {} fired {} at {}, snoozed until {}",
                    id,
                    stage,
                    now,
                    until
                );
            }
            *expected.fired.entry((id, stage, o.due_at)).or_default() += 1;
        }
        for o in open {
            let due_stage_at = expected
                .snoozed_until
                .get(&o.id)
                .map_or(o.due_at, |u| o.due_at.max(*u));
            if due_stage_at <= now {
                prop_assert_eq!(
                    expected
                        .fired
                        .get(&(o.id, Stage::Due.key(), o.due_at))
                        .copied(),
                    Some(1),
                    "obligation {} due {} was not reminded by {}",
                    o.id,
                    o.due_at,
                    now
                );
            }
        }
        let next = tick
            .wake_at
            .map_or(now + MAX_SLEEP, |w| w.min(now + MAX_SLEEP))
            .max(now + TimeDelta::seconds(1));
        if next > end {
            break;
        }
        clock.set(next);
    }
    clock.set(end);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Over days of random events, every due time an open obligation
    /// reached produced exactly one `due` reminder (alone or in a catch-up),
    /// never two, and none was missed, also when a severity change moved it;
    /// nothing fired before the latest snooze of its obligation ended, also
    /// when a longer snooze was laid over a shorter one or the other way
    /// round; each tick shows at most one notification.
    #[test]
    fn every_due_obligation_is_reminded_exactly_once(events in prop::collection::vec(event(), 1..60)) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("sitrep.db");
        let clock = ManualClock::new(at("2026-11-24T08:00:00Z"));
        let mut store = open(&path);
        let mut keys: Vec<IncidentKey> = Vec::new();
        let mut expected = Expected::default();

        for e in events {
            match e {
                Event::Declare(sev) => keys.push(declare(&mut store, &clock, sev)),
                Event::Severity(n, sev) => if let Some(key) = keys.get(n % keys.len().max(1)) {
                    change_severity(&mut store, &clock, *key, sev);
                },
                Event::Send(n) => if let Some(key) = keys.get(n % keys.len().max(1)) {
                    let input = SendInput { to: vec![NAMES[n % 3].into()], force: true, ..SendInput::default() };
                    let _ = comms::record_update(&mut store, &clock, *key, &input);
                },
                Event::Snooze(m) => snooze_all(&mut store, &clock, m, &mut expected),
                Event::SnoozeAgain(first, then, after) => {
                    snooze_all(&mut store, &clock, first, &mut expected);
                    run_awake(&mut store, &clock, after, &mut expected)?;
                    snooze_all(&mut store, &clock, then, &mut expected);
                }
                Event::Asleep(m) => clock.advance(TimeDelta::minutes(m)),
                Event::Jump(m) => clock.advance(TimeDelta::minutes(m)),
                Event::Restart => store = open(&path),
                Event::Awake(m) => run_awake(&mut store, &clock, m, &mut expected)?,
            }
        }
        for ((id, stage, due_at), count) in &expected.fired {
            prop_assert_eq!(*count, 1, "obligation {} stage {} due {} fired {} times", id, stage, due_at, count);
        }
    }
}
