//! Communication through the core, on a real SQLite file: the directory and
//! its one active channel, obligations derived from the policies, updates
//! that fulfil and re-arm them, the duplicate guard, and every bad input
//! refused with nothing recorded. Ends with a property test over random
//! sequences of what an IC does.

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use sitrep::comms::{self, MembershipInput, ObligationState, SendInput};
use sitrep::lifecycle::{self, EditInput, StatusInput};
use sitrep::policy::{self, Cadence, CadenceOverride, CadenceScope};
use sitrep::stakeholder::{self, StakeholderInput};
use sitrep::{
    DeclareInput, ErrorKind, Group, IncidentKey, ManualClock, ObligationKind, Status, Store,
    incident,
};

const EXCHANGE: &str = "Exchange A (example)";
const PARTNER: &str = "Liquid staking protocol (example)";
const STATUS_PAGE: &str = "Public status page (example)";
const CLIENT_TEAM: &str = "Validator client team (example)";
const AUDITOR: &str = "Security auditor (example)";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a test time")
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    clock: ManualClock,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = Store::open(dir.path().join("sitrep.db")).expect("open the store");
    Fixture {
        _dir: dir,
        store,
        clock: ManualClock::new(at("2026-11-24T10:00:00Z")),
    }
}

impl Fixture {
    fn declare(&mut self, severity: i64) -> IncidentKey {
        let input = DeclareInput {
            title: "Validators offline in eu-west-1".into(),
            severity,
            ..DeclareInput::default()
        };
        incident::declare(&mut self.store, &self.clock, &input)
            .expect("declare")
            .incident
            .id
    }

    fn send(&mut self, key: IncidentKey, to: &[&str], force: bool) -> sitrep::error::Result<usize> {
        let input = SendInput {
            to: to.iter().map(|s| s.to_string()).collect(),
            force,
            ..SendInput::default()
        };
        comms::record_update(&mut self.store, &self.clock, key, &input).map(|r| r.updates.len())
    }

    fn move_to(&mut self, key: IncidentKey, status: Status) {
        let input = StatusInput {
            status,
            note: None,
            at: None,
        };
        lifecycle::change_status(&mut self.store, &self.clock, key, &input).expect("status");
    }

    /// (stakeholder, kind, due) of every open obligation, soonest first.
    fn due(&self) -> Vec<(String, ObligationKind, DateTime<Utc>)> {
        comms::due(&self.store, self.clock_now())
            .expect("due")
            .into_iter()
            .map(|o| (o.stakeholder, o.kind, o.due_at))
            .collect()
    }

    fn clock_now(&self) -> DateTime<Utc> {
        use sitrep::Clock;
        self.clock.now()
    }
}

fn owed(
    list: &[(String, ObligationKind, DateTime<Utc>)],
    who: &str,
) -> Vec<(ObligationKind, DateTime<Utc>)> {
    list.iter()
        .filter(|(s, ..)| s == who)
        .map(|(_, k, d)| (*k, *d))
        .collect()
}

#[test]
fn a_sev1_owes_an_initial_notice_at_15_minutes_to_every_live_update_stakeholder() {
    let mut f = fixture();
    f.declare(1);
    let due = f.due();
    let names: Vec<&str> = due.iter().map(|(s, ..)| s.as_str()).collect();
    assert_eq!(names, [EXCHANGE, PARTNER, STATUS_PAGE]);
    assert!(
        due.iter()
            .all(|(_, k, d)| *k == ObligationKind::Initial && *d == at("2026-11-24T10:15:00Z"))
    );
}

/// An override of SEV1's initial notice and update interval for `scope`.
fn sev1_override(
    scope: CadenceScope,
    initial: Option<u32>,
    update: Option<u32>,
) -> CadenceOverride {
    CadenceOverride {
        scope,
        cadence: Cadence {
            severity: 1,
            initial_minutes: initial,
            update_minutes: update,
            resolution_minutes: None,
            postmortem_minutes: None,
        },
    }
}

#[test]
fn a_group_and_a_stakeholder_can_have_their_own_cadence_and_the_stakeholders_wins() {
    let mut f = fixture();
    let partners = sev1_override(CadenceScope::Group(Group::ServicePartners), Some(20), None);
    let exchange_group = sev1_override(
        CadenceScope::Group(Group::InstitutionalStakers),
        Some(25),
        Some(40),
    );
    let exchange = sev1_override(CadenceScope::Stakeholder(EXCHANGE.into()), Some(5), None);
    for o in [&partners, &exchange_group, &exchange] {
        policy::save_cadence_override(&mut f.store, &f.clock, o).expect("saved");
    }
    // What the settings show a member inherits: the group's own over the default.
    let policies = policy::policies(&f.store).expect("policies");
    let members = |group: Group| {
        policies
            .member_cadences
            .iter()
            .find(|g| g.group == group)
            .map(|g| (g.cadences[0].initial_minutes, g.cadences[0].update_minutes))
    };
    assert_eq!(
        members(Group::InstitutionalStakers),
        Some((Some(25), Some(40)))
    );
    assert_eq!(members(Group::ServicePartners), Some((Some(20), Some(30))));
    assert_eq!(members(Group::Auditors), Some((Some(15), Some(30))));
    let key = f.declare(1);
    let due = f.due();
    assert_eq!(
        owed(&due, EXCHANGE),
        [(ObligationKind::Initial, at("2026-11-24T10:05:00Z"))]
    );
    assert_eq!(
        owed(&due, PARTNER),
        [(ObligationKind::Initial, at("2026-11-24T10:20:00Z"))]
    );
    assert_eq!(
        owed(&due, STATUS_PAGE),
        [(ObligationKind::Initial, at("2026-11-24T10:15:00Z"))]
    );

    // Exchange A keeps its group's 40 min update interval: half of it is 20.
    f.clock.set(at("2026-11-24T10:04:00Z"));
    f.send(key, &[EXCHANGE], false).expect("sent");
    assert_eq!(
        owed(&f.due(), EXCHANGE),
        [(ObligationKind::Update, at("2026-11-24T10:44:00Z"))]
    );
    f.clock.set(at("2026-11-24T10:23:00Z"));
    let err = f
        .send(key, &[EXCHANGE], false)
        .expect_err("a probable duplicate");
    assert_eq!(err.kind(), ErrorKind::Duplicate, "{err}");
    f.clock.set(at("2026-11-24T10:25:00Z"));
    f.send(key, &[EXCHANGE], false)
        .expect("20 min later is not a duplicate");

    // An override that gives no interval is removed: the group's applies again.
    let cleared = sev1_override(CadenceScope::Stakeholder(EXCHANGE.into()), None, None);
    policy::save_cadence_override(&mut f.store, &f.clock, &cleared).expect("cleared");
    let kept: Vec<CadenceScope> = f
        .store
        .cadence_overrides()
        .expect("overrides")
        .into_iter()
        .map(|o| o.scope)
        .collect();
    assert_eq!(
        kept,
        [
            CadenceScope::Group(Group::InstitutionalStakers),
            CadenceScope::Group(Group::ServicePartners)
        ]
    );
}

#[test]
fn a_bad_cadence_override_is_refused_and_changes_nothing() {
    let mut f = fixture();
    f.declare(1);
    let before = f.due();
    let version = f.store.data_version().expect("version");
    for (o, reason) in [
        (
            sev1_override(CadenceScope::Stakeholder(EXCHANGE.into()), Some(0), None),
            "at least 1 minute",
        ),
        (
            sev1_override(
                CadenceScope::Stakeholder("Nobody Inc".into()),
                Some(5),
                None,
            ),
            "no stakeholder named",
        ),
        (
            {
                let mut o = sev1_override(CadenceScope::Group(Group::Public), Some(5), None);
                o.cadence.severity = 7;
                o
            },
            "severity must be 1–4",
        ),
    ] {
        let err = policy::save_cadence_override(&mut f.store, &f.clock, &o).expect_err(reason);
        assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
        assert!(
            err.to_string().contains(reason),
            "expected {reason:?} in {err}"
        );
    }
    assert_eq!(f.due(), before);
    assert!(f.store.cadence_overrides().expect("overrides").is_empty());
    assert_eq!(f.store.data_version().expect("version"), version);
}

#[test]
fn a_sev3_is_told_to_partners_only_and_sev4_to_nobody() {
    let mut f = fixture();
    f.declare(3);
    let names: Vec<String> = f.due().into_iter().map(|(s, ..)| s).collect();
    assert_eq!(names, [PARTNER]);
    f.declare(4);
    assert_eq!(f.due().len(), 1);
}

#[test]
fn an_update_fulfils_the_notice_and_re_arms_the_next_from_the_time_sent() {
    let mut f = fixture();
    let key = f.declare(1);
    f.clock.advance(TimeDelta::minutes(10));
    assert_eq!(f.send(key, &[EXCHANGE, PARTNER], false).expect("sent"), 2);
    let due = f.due();
    assert_eq!(
        owed(&due, EXCHANGE),
        [(ObligationKind::Update, at("2026-11-24T10:40:00Z"))]
    );
    assert_eq!(
        owed(&due, PARTNER),
        [(ObligationKind::Update, at("2026-11-24T10:40:00Z"))]
    );
    assert_eq!(
        owed(&due, STATUS_PAGE),
        [(ObligationKind::Initial, at("2026-11-24T10:15:00Z"))]
    );

    let log = f.store.incident(key).expect("read").comms.log;
    assert_eq!(log.len(), 2);
    assert!(
        log.iter()
            .all(|u| u.on_time == Some(true) && u.fulfilled == Some(ObligationKind::Initial))
    );
    assert!(
        log[0].message.contains("*[SEV1] INC-1"),
        "Slack gets mrkdwn: {}",
        log[0].message
    );
}

#[test]
fn a_second_update_within_half_the_cadence_is_a_probable_duplicate_unless_forced() {
    let mut f = fixture();
    let key = f.declare(1);
    f.clock.advance(TimeDelta::minutes(10));
    f.send(key, &[EXCHANGE], false).expect("first");
    f.clock.advance(TimeDelta::minutes(10));
    let err = f
        .send(key, &[PARTNER, EXCHANGE], false)
        .expect_err("a duplicate");
    assert_eq!(err.kind(), ErrorKind::Duplicate);
    assert_eq!(
        err.to_string(),
        format!("probable duplicate: {EXCHANGE} was told 10 min ago on Slack")
    );
    // Refused whole: the partner was not recorded either.
    let detail = f.store.incident(key).expect("read");
    assert_eq!(detail.comms.log.len(), 1);
    assert_eq!(detail.comms.duplicates_prevented, 1);

    f.send(key, &[EXCHANGE], true).expect("forced");
    assert_eq!(f.store.incident(key).expect("read").comms.log.len(), 2);
}

#[test]
fn every_probable_duplicate_is_named_and_the_others_can_be_sent_to_alone() {
    let mut f = fixture();
    let key = f.declare(1);
    f.clock.advance(TimeDelta::minutes(10));
    f.send(key, &[EXCHANGE], false).expect("the exchange");
    f.clock.advance(TimeDelta::minutes(2));
    f.send(key, &[PARTNER], false).expect("the partner");
    let err = f
        .send(key, &[EXCHANGE, STATUS_PAGE, PARTNER], false)
        .expect_err("two duplicates");
    assert_eq!(
        err.to_string(),
        format!(
            "probable duplicate: {EXCHANGE} was told 2 min ago on Slack; {PARTNER} just now on Telegram"
        )
    );
    let sitrep::Error::ProbableDuplicate(refused) = &err else {
        panic!("{err:?}")
    };
    let named: Vec<&str> = refused
        .told
        .iter()
        .map(|t| t.stakeholder.as_str())
        .collect();
    assert_eq!(named, [EXCHANGE, PARTNER]);
    let detail = f.store.incident(key).expect("read");
    assert_eq!(detail.comms.log.len(), 2, "nothing recorded");
    assert_eq!(
        detail.comms.duplicates_prevented, 2,
        "one per stakeholder stopped"
    );

    // Send only to the others: the one not told yet, unforced.
    f.send(key, &[STATUS_PAGE], false).expect("the others");
    let log = f.store.incident(key).expect("read").comms.log;
    assert_eq!(log.len(), 3);
    assert_eq!(
        log.iter().filter(|u| u.stakeholder == STATUS_PAGE).count(),
        1
    );
}

#[test]
fn a_status_change_in_between_makes_a_quick_second_update_legitimate() {
    let mut f = fixture();
    let key = f.declare(1);
    f.clock.advance(TimeDelta::minutes(10));
    f.send(key, &[EXCHANGE], false).expect("first");
    f.clock.advance(TimeDelta::minutes(2));
    f.move_to(key, Status::Monitoring);
    f.clock.advance(TimeDelta::minutes(1));
    f.send(key, &[EXCHANGE], false)
        .expect("news, not a duplicate");
}

#[test]
fn the_same_idempotency_key_records_one_update_not_two() {
    let mut f = fixture();
    let key = f.declare(1);
    let input = SendInput {
        to: vec![EXCHANGE.into()],
        idempotency_key: Some("click-1".into()),
        ..SendInput::default()
    };
    let first = comms::record_update(&mut f.store, &f.clock, key, &input).expect("first click");
    let second = comms::record_update(&mut f.store, &f.clock, key, &input).expect("second click");
    assert!(!first.already_recorded && second.already_recorded);
    assert_eq!(second.updates, first.updates);
    assert_eq!(f.store.incident(key).expect("read").comms.log.len(), 1);
}

#[test]
fn resolving_ends_live_updates_and_owes_resolution_notices_and_postmortems() {
    let mut f = fixture();
    let key = f.declare(1);
    f.clock.advance(TimeDelta::minutes(40));
    f.move_to(key, Status::Resolved);
    let due = f.due();
    assert_eq!(
        owed(&due, EXCHANGE)[0],
        (ObligationKind::Resolution, at("2026-11-24T11:40:00Z"))
    );
    assert_eq!(
        owed(&due, EXCHANGE)[1],
        (ObligationKind::Postmortem, at("2026-11-27T10:40:00Z"))
    );
    assert_eq!(
        owed(&due, AUDITOR),
        [(ObligationKind::Postmortem, at("2026-11-27T10:40:00Z"))]
    );
    assert!(due.iter().all(|(_, k, _)| *k != ObligationKind::Initial));

    f.send(key, &[EXCHANGE], false).expect("resolution notice");
    assert_eq!(
        owed(&f.due(), EXCHANGE),
        [(ObligationKind::Postmortem, at("2026-11-27T10:40:00Z"))]
    );
    f.move_to(key, Status::Closed);
    // Closing keeps what is still owed after resolution.
    assert_eq!(owed(&f.due(), PARTNER)[0].0, ObligationKind::Resolution);
}

#[test]
fn an_escalation_brings_new_stakeholders_in_with_the_clock_restarted() {
    let mut f = fixture();
    let key = f.declare(3);
    f.clock.advance(TimeDelta::minutes(20));
    let input = EditInput {
        severity: Some(1),
        ..EditInput::default()
    };
    lifecycle::edit(&mut f.store, &f.clock, key, &input).expect("escalate");
    let due = f.due();
    assert_eq!(
        owed(&due, EXCHANGE),
        [(ObligationKind::Initial, at("2026-11-24T10:35:00Z"))]
    );
    assert_eq!(
        owed(&due, PARTNER),
        [(ObligationKind::Initial, at("2026-11-24T10:35:00Z"))]
    );
}

#[test]
fn a_software_provider_is_told_only_once_opted_in_and_removal_says_why() {
    let mut f = fixture();
    let key = f.declare(1);
    assert!(owed(&f.due(), CLIENT_TEAM).is_empty());
    let include = |include: bool, reason: &str| MembershipInput {
        stakeholder: CLIENT_TEAM.into(),
        include,
        reason: reason.into(),
        at: None,
    };
    comms::set_membership(
        &mut f.store,
        &f.clock,
        key,
        &include(true, "their 7.1 release crashes"),
    )
    .expect("opt in");
    assert_eq!(
        owed(&f.due(), CLIENT_TEAM),
        [(ObligationKind::Initial, at("2026-11-24T10:15:00Z"))]
    );
    let detail = comms::set_membership(
        &mut f.store,
        &f.clock,
        key,
        &include(false, "not their bug after all"),
    )
    .expect("remove");
    assert!(owed(&f.due(), CLIENT_TEAM).is_empty());
    let last = detail.timeline.last().expect("an entry");
    assert_eq!(
        last.text,
        format!("{CLIENT_TEAM} removed from the incident: not their bug after all")
    );
}

/// The client team added to an incident, now.
fn client_team_opted_in() -> MembershipInput {
    MembershipInput {
        stakeholder: CLIENT_TEAM.into(),
        include: true,
        reason: "their 7.1 release crashes".into(),
        at: None,
    }
}

#[test]
fn a_stakeholder_added_half_an_hour_in_is_owed_the_initial_notice_15_minutes_after_being_added() {
    let mut f = fixture();
    let key = f.declare(1);
    f.clock.set(at("2026-11-24T10:30:00Z"));
    let include = client_team_opted_in();
    comms::set_membership(&mut f.store, &f.clock, key, &include).expect("opt in");
    assert_eq!(
        owed(&f.due(), CLIENT_TEAM),
        [(ObligationKind::Initial, at("2026-11-24T10:45:00Z"))],
        "not overdue the moment they are added"
    );
}

#[test]
fn adding_a_stakeholder_already_added_is_refused_and_records_nothing() {
    let mut f = fixture();
    let key = f.declare(1);
    let include = client_team_opted_in();
    comms::set_membership(&mut f.store, &f.clock, key, &include).expect("opt in");
    let before = f.store.incident(key).expect("read");
    f.clock.advance(TimeDelta::minutes(1));
    let err =
        comms::set_membership(&mut f.store, &f.clock, key, &include).expect_err("already added");
    assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
    assert_eq!(
        err.to_string(),
        format!("{CLIENT_TEAM} is already added on INC-1")
    );
    assert_eq!(f.store.incident(key).expect("read"), before);
}

#[test]
fn a_membership_change_back_dated_before_the_last_one_is_refused_and_records_nothing() {
    let mut f = fixture();
    let key = f.declare(1);
    let change = |include: bool, at: &str| MembershipInput {
        stakeholder: CLIENT_TEAM.into(),
        include,
        reason: "their 7.1 release crashes".into(),
        at: Some(at.into()),
    };
    f.clock.advance(TimeDelta::minutes(20));
    comms::set_membership(
        &mut f.store,
        &f.clock,
        key,
        &change(true, "2026-11-24T10:10:00Z"),
    )
    .expect("opt in");
    let before = f.store.incident(key).expect("read");
    let err = comms::set_membership(
        &mut f.store,
        &f.clock,
        key,
        &change(false, "2026-11-24T10:05:00Z"),
    )
    .expect_err("before the addition");
    assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
    assert!(
        err.to_string()
            .contains("this change cannot come before that"),
        "{err}"
    );
    assert_eq!(f.store.incident(key).expect("read"), before);
}

#[test]
fn a_postmortem_shared_without_a_message_says_the_postmortem_is_ready() {
    let mut f = fixture();
    let key = f.declare(1);
    f.move_to(key, Status::Resolved);
    let share = SendInput {
        to: vec![EXCHANGE.into()],
        postmortem: true,
        ..SendInput::default()
    };
    let receipt = comms::record_update(&mut f.store, &f.clock, key, &share).expect("shared");
    assert_eq!(
        receipt.updates[0].message,
        "The postmortem of INC-1 (Validators offline in eu-west-1) is ready: \
         what happened, why, and what we are changing."
    );
}

#[test]
fn mark_sent_records_one_update_per_incident_and_kind_for_the_obligations_it_covers() {
    let mut f = fixture();
    let first = f.declare(1);
    let second = f.declare(2);
    let due = comms::due(&f.store, f.clock_now()).expect("due");
    let on = |key: IncidentKey| due.iter().filter(|o| o.incident == key).count();
    assert!(on(first) > 1 && on(second) > 1, "{due:?}");
    let ids: Vec<i64> = due.iter().map(|o| o.id).collect();
    let receipts = comms::mark_sent(&mut f.store, &f.clock, &ids).expect("marked sent");
    let batches: Vec<(IncidentKey, usize)> = receipts
        .iter()
        .map(|r| (r.incident.incident.id, r.updates.len()))
        .collect();
    assert_eq!(batches, [(first, on(first)), (second, on(second))]);
    // Each first notice is fulfilled: only updates are owed now.
    assert!(
        f.due()
            .iter()
            .all(|(_, kind, _)| *kind == ObligationKind::Update),
        "{:?}",
        f.due()
    );

    // After resolution a resolution notice and a postmortem are two batches: an update and a share.
    f.clock.advance(TimeDelta::minutes(10));
    f.move_to(first, Status::Resolved);
    let exchange: Vec<i64> = comms::due(&f.store, f.clock_now())
        .expect("due")
        .into_iter()
        .filter(|o| o.incident == first && o.stakeholder == EXCHANGE)
        .map(|o| o.id)
        .collect();
    assert_eq!(exchange.len(), 2);
    let receipts = comms::mark_sent(&mut f.store, &f.clock, &exchange).expect("marked sent");
    let fulfilled: Vec<Option<ObligationKind>> =
        receipts.iter().map(|r| r.updates[0].fulfilled).collect();
    assert_eq!(
        fulfilled,
        [
            Some(ObligationKind::Resolution),
            Some(ObligationKind::Postmortem)
        ]
    );
    assert!(
        owed(&f.due(), EXCHANGE)
            .iter()
            .all(|(kind, _)| *kind == ObligationKind::Update)
    );
}

#[test]
fn the_composer_promises_the_next_update_at_the_cadence_and_previews_each_channel_once() {
    let mut f = fixture();
    let key = f.declare(2);
    let include = client_team_opted_in();
    comms::set_membership(&mut f.store, &f.clock, key, &include).expect("opt in");
    let composed = comms::compose(&f.store, &f.clock, key, None).expect("composed");
    // SEV2: an update every 60 minutes.
    assert_eq!(
        composed.draft.next_update_at,
        Some(at("2026-11-24T11:00:00Z"))
    );
    let channels: Vec<&str> = composed
        .previews
        .iter()
        .map(|p| p.channel.as_str())
        .collect();
    // The client team is on GitHub.
    assert_eq!(
        channels,
        ["slack", "telegram", "email", "status_page", "github"]
    );
}

#[test]
fn a_new_channel_retires_the_old_one_and_later_updates_use_it() {
    let mut f = fixture();
    let change = stakeholder::set_channel(
        &mut f.store,
        &f.clock,
        EXCHANGE,
        "telegram",
        "@exchange-a-ops",
    )
    .expect("new channel");
    let old = change.retired.expect("the old channel");
    assert_eq!(
        (old.kind.as_str(), old.handle.as_str()),
        ("slack", "#ext-exchange-a")
    );
    assert_eq!(change.stakeholder.channel.handle, "@exchange-a-ops");
    assert_eq!(change.stakeholder.retired_channels.len(), 1);
    let key = f.declare(1);
    f.send(key, &[EXCHANGE], false).expect("sent");
    assert_eq!(
        f.store.incident(key).expect("read").comms.log[0]
            .channel
            .as_str(),
        "telegram"
    );
}

#[test]
fn bad_input_is_refused_with_a_reason_and_records_nothing() {
    let mut f = fixture();
    let key = f.declare(1);
    stakeholder::retire(&mut f.store, &f.clock, PARTNER).expect("retire");
    let removal = MembershipInput {
        stakeholder: STATUS_PAGE.into(),
        include: false,
        reason: "internal only".into(),
        at: None,
    };
    comms::set_membership(&mut f.store, &f.clock, key, &removal).expect("remove");
    let before = f.store.incident(key).expect("read");
    let version = f.store.data_version().expect("version");
    let attempt = |f: &mut Fixture, to: &[&str], message: Option<&str>| {
        let input = SendInput {
            to: to.iter().map(|s| s.to_string()).collect(),
            message: message.map(str::to_owned),
            ..SendInput::default()
        };
        comms::record_update(&mut f.store, &f.clock, key, &input).expect_err("refused")
    };
    for (to, message, reason) in [
        (
            &["Nobody Inc"][..],
            None,
            "no stakeholder named \"Nobody Inc\"",
        ),
        (&[PARTNER][..], None, "is retired"),
        (&[AUDITOR][..], None, "is not on INC-1"),
        (&[STATUS_PAGE][..], None, "is not on INC-1"),
        (&[EXCHANGE][..], Some(""), "the message is empty"),
        (&[EXCHANGE][..], Some("   "), "the message is empty"),
        (
            &[EXCHANGE, "exchange a (EXAMPLE)"][..],
            None,
            "is named twice",
        ),
        (&[][..], None, "at least one stakeholder"),
    ] {
        let err = attempt(&mut f, to, message);
        assert_eq!(err.kind(), ErrorKind::BadInput, "{err}");
        assert!(
            err.to_string().contains(reason),
            "expected {reason:?} in {err}"
        );
    }
    assert_eq!(f.store.incident(key).expect("read"), before);
    assert_eq!(f.store.data_version().expect("version"), version);

    for minutes in [Some(0), None] {
        let cadence = Cadence {
            update_minutes: minutes,
            ..f.store.cadences().expect("cadences")[0]
        };
        if minutes == Some(0) {
            let err = policy::save_cadence(&mut f.store, &f.clock, &cadence).expect_err("zero");
            assert!(err.to_string().contains("at least 1 minute"), "{err}");
        }
    }
    let negative = serde_json::from_str::<Cadence>(
        r#"{"severity":1,"initial_minutes":-5,"update_minutes":30,"resolution_minutes":60,"postmortem_minutes":null}"#,
    );
    assert!(negative.is_err(), "a negative cadence was read");

    let duplicate = StakeholderInput {
        name: "exchange a (example)".into(),
        group: "Institutional stakers".into(),
        channel: "slack".into(),
        ..StakeholderInput::default()
    };
    let err = stakeholder::add(&mut f.store, &f.clock, &duplicate).expect_err("same name");
    assert!(
        err.to_string().contains("already in the directory"),
        "{err}"
    );
}

/// One thing an IC does, for the property test.
#[derive(Debug, Clone)]
enum Step {
    Declare(i64),
    Severity(usize, i64),
    Status(usize, usize),
    Send(usize, Vec<usize>, bool),
    Wait(i64),
}

const EVERYONE: [&str; 6] = [
    EXCHANGE,
    PARTNER,
    CLIENT_TEAM,
    AUDITOR,
    "Protocol foundation (example)",
    STATUS_PAGE,
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1i64..=4).prop_map(Step::Declare),
        (0usize..3, 1i64..=4).prop_map(|(i, s)| Step::Severity(i, s)),
        (0usize..3, 0usize..5).prop_map(|(i, s)| Step::Status(i, s)),
        (
            0usize..3,
            prop::collection::vec(0usize..6, 1..4),
            any::<bool>()
        )
            .prop_map(|(i, to, force)| Step::Send(i, to, force)),
        (1i64..90).prop_map(Step::Wait),
    ]
}

/// Who the default policy tells live about an incident of `severity`.
fn told_live(severity: u8) -> Vec<&'static str> {
    match severity {
        1 | 2 => vec![EXCHANGE, PARTNER, STATUS_PAGE],
        3 => vec![PARTNER],
        _ => vec![],
    }
}

type Snapshot = Vec<(i64, ObligationState)>;

fn snapshot(f: &Fixture, keys: &[IncidentKey]) -> Snapshot {
    keys.iter()
        .flat_map(|key| f.store.incident(*key).expect("read").comms.obligations)
        .map(|o| (o.id, o.state))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the IC does, no obligation disappears: one that was open is
    /// later open, fulfilled by an update in the log, or ended with a reason;
    /// everyone the policy tells live about a live incident has exactly one
    /// notice open; no update fulfils two obligations; and every update
    /// recorded is in the log exactly once.
    #[test]
    fn no_obligation_is_silently_lost_and_no_update_is_counted_twice(steps in prop::collection::vec(step(), 1..40)) {
        let mut f = fixture();
        let mut keys: Vec<IncidentKey> = Vec::new();
        let mut recorded = 0usize;
        let mut before: Snapshot = Vec::new();
        for step in steps {
            match step {
                Step::Declare(sev) => keys.push(f.declare(sev)),
                Step::Wait(minutes) => f.clock.advance(TimeDelta::minutes(minutes)),
                Step::Severity(i, sev) => if let Some(key) = keys.get(i) {
                    let _ = lifecycle::edit(&mut f.store, &f.clock, *key, &EditInput { severity: Some(sev), ..EditInput::default() });
                },
                Step::Status(i, s) => if let Some(key) = keys.get(i) {
                    let input = StatusInput { status: Status::ALL[s], note: None, at: None };
                    let _ = lifecycle::change_status(&mut f.store, &f.clock, *key, &input);
                },
                Step::Send(i, to, force) => if let Some(key) = keys.get(i) {
                    let mut names: Vec<&str> = to.iter().map(|n| EVERYONE[*n]).collect();
                    names.sort();
                    names.dedup();
                    if let Ok(n) = f.send(*key, &names, force) {
                        recorded += n;
                    }
                },
            }
            let after = snapshot(&f, &keys);
            for (id, state) in &before {
                let now = after.iter().find(|(a, _)| a == id).map(|(_, s)| s);
                prop_assert!(now.is_some(), "obligation {} vanished", id);
                if *state != ObligationState::Open {
                    prop_assert_eq!(now, Some(state), "a settled obligation changed");
                }
            }
            before = after;
        }
        let mut logged = 0;
        for key in &keys {
            let detail = f.store.incident(*key).expect("read");
            let c = &detail.comms;
            logged += c.log.len();
            let mut fulfilling: Vec<i64> = Vec::new();
            for o in &c.obligations {
                match (&o.state, o.fulfilled_by, &o.end_reason) {
                    (ObligationState::Open, None, None) => {}
                    (ObligationState::Fulfilled, Some(update), None) => {
                        prop_assert!(c.log.iter().any(|u| u.id == update), "fulfilled by an update not in the log");
                        fulfilling.push(update);
                    }
                    (ObligationState::Ended, None, Some(reason)) => prop_assert!(!reason.is_empty()),
                    other => prop_assert!(false, "an obligation in no clear state: {:?}", other),
                }
            }
            let unique = fulfilling.len();
            fulfilling.sort();
            fulfilling.dedup();
            prop_assert_eq!(unique, fulfilling.len(), "one update fulfilled two obligations");

            let live = matches!(detail.incident.status, Status::Investigating | Status::Identified | Status::Monitoring);
            if live {
                let mut open: Vec<&str> = c.obligations.iter()
                    .filter(|o| o.state == ObligationState::Open && o.kind != ObligationKind::Postmortem)
                    .map(|o| o.stakeholder.as_str())
                    .collect();
                open.sort();
                let mut expected = told_live(detail.incident.severity.level());
                expected.sort();
                prop_assert_eq!(open, expected, "{} {}", key, detail.incident.severity);
            }
        }
        prop_assert_eq!(logged, recorded, "an update was counted twice or lost");
    }
}

#[test]
fn a_typed_draft_outlives_a_note_and_a_restart_and_the_next_update_starts_from_the_one_sent() {
    let mut f = fixture();
    let key = f.declare(1);
    let mut typed = comms::compose(&f.store, &f.clock, key, None)
        .expect("composed")
        .draft;
    typed.doing = "Failing over to the standby signer in eu-west-2.".into();
    f.clock.advance(TimeDelta::minutes(2));
    comms::save_draft(&mut f.store, &f.clock, key, &typed).expect("saved");

    // A teammate's note, then a restart: the draft is still what was typed.
    let note = sitrep::timeline::NoteInput {
        text: "eu-west-2 signer warmed up".into(),
        at: None,
    };
    sitrep::timeline::add_note(&mut f.store, &f.clock, key, &note).expect("note");
    // A send from the CLI with its own message leaves the draft alone.
    let cli = SendInput {
        to: vec![STATUS_PAGE.into()],
        message: Some("We are investigating degraded validator performance.".into()),
        ..SendInput::default()
    };
    comms::record_update(&mut f.store, &f.clock, key, &cli).expect("sent from the CLI");
    let path = f.store.path().to_owned();
    let reopened = Store::open(&path).expect("reopen");
    let composed = comms::compose(&reopened, &f.clock, key, None).expect("composed");
    assert_eq!(composed.draft.doing, typed.doing);
    assert_eq!(
        composed.origin,
        comms::DraftOrigin::Typed {
            saved_at: at("2026-11-24T10:02:00Z"),
            written_for: Status::Investigating
        }
    );

    // Sent from the composer: the next draft starts from it, promising anew.
    let send = SendInput {
        to: vec![EXCHANGE.into()],
        draft: Some(composed.draft.clone()),
        ..SendInput::default()
    };
    comms::record_update(&mut f.store, &f.clock, key, &send).expect("sent");
    f.clock.advance(TimeDelta::minutes(10));
    let next = comms::compose(&f.store, &f.clock, key, None).expect("composed");
    assert_eq!(next.draft.doing, typed.doing);
    assert_eq!(
        next.origin,
        comms::DraftOrigin::LastSent {
            sent_at: at("2026-11-24T10:02:00Z")
        }
    );
    assert_eq!(next.draft.next_update_at, Some(at("2026-11-24T10:42:00Z")));

    // Reset: the template again.
    let reset = comms::reset_draft(&mut f.store, &f.clock, key).expect("reset");
    assert_eq!(reset.origin, comms::DraftOrigin::Template);
    assert_eq!(reset.draft.doing, "We are investigating the cause.");
}

#[test]
fn a_draft_for_an_incident_that_does_not_exist_or_too_long_is_refused_and_nothing_is_kept() {
    let mut f = fixture();
    let key = f.declare(2);
    let mut draft = comms::compose(&f.store, &f.clock, key, None)
        .expect("composed")
        .draft;
    draft.impact = "x".repeat(70 * 1024);
    let refused = comms::save_draft(&mut f.store, &f.clock, key, &draft).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::BadInput);
    let missing: IncidentKey = "INC-99".parse().expect("a key");
    draft.impact = "Some".into();
    let refused = comms::save_draft(&mut f.store, &f.clock, missing, &draft).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::BadInput);
    let composed = comms::compose(&f.store, &f.clock, key, None).expect("composed");
    assert_eq!(composed.origin, comms::DraftOrigin::Template);
}
