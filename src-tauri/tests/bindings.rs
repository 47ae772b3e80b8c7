//! The UI's TypeScript types are generated from the Rust types that cross
//! IPC. This test fails when `ui/src/lib/bindings.ts` is stale; run it with
//! `UPDATE_BINDINGS=1` to rewrite the file.

use std::path::Path;

use sitrep::action::{ActionInput, ActionItem, ActionKind, ActionStatus};
use sitrep::comms::{DuplicateWarning, MembershipInput, ObligationRecord};
use sitrep::listing::{IncidentQuery, NextDue, Part};
use sitrep::policy::{GroupCadences, Policies};
use sitrep::postmortem::{
    DiffChange, DiffLine, ExportFormat, Figures, Postmortem, PostmortemStatus, SaveInput, Share,
    ShareInput, StartInput, Template, TemplateInput, Version, VersionSummary,
};
use sitrep::report::{Budget, Measure, MonthReport, ReportFeedback, ReportFormat, ReportIncident};
use sitrep::scheduler::Notice;
use sitrep::stakeholder::Format;
use sitrep::timeline::NoteInput;
use sitrep::{
    Affected, AffectedInput, ImpactWindow, Membership, Milestone, MilestoneCorrection, Missed,
    Outcome, RoleTenure, SeverityChange, SkipInput,
};
use sitrep::{
    Attention, DeclareInput, Durations, EditInput, EntryKind, ErrorKind, Incident, IncidentDetail,
    IncidentKey, IncidentStep, IncidentSummary, PastText, Plan, PlanStep, Role, RoleHolder,
    RoleInput, Severity, Status, StatusInput, StepInput, TimelineEntry,
};
use sitrep::{
    Cadence, CadenceOverride, CadenceScope, Channel, ChannelChange, ChannelKind, ChecklistRow,
    Comms, Composed, Draft, DraftOrigin, Due, DueIncident, DueSummary, Group, GroupPolicy,
    LoggedUpdate, Obligation, ObligationKind, ObligationState, PolicyOverride, Preview, SendInput,
    SendReceipt, Severities, Stakeholder, StakeholderInput, Urgency,
};
use sitrep::{Feedback, FeedbackInput};
use sitrep_desktop::{
    About, Backups, IpcError, LoginStart, OpenFailure, ReminderEvent, Saved, ShortcutStatus,
    Startup, StoreChange,
};
use ts_rs::{Config, TS};

fn render() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        IncidentKey::decl(&cfg),
        Severity::decl(&cfg),
        Status::decl(&cfg),
        EntryKind::decl(&cfg),
        PastText::decl(&cfg),
        TimelineEntry::decl(&cfg),
        Role::decl(&cfg),
        RoleHolder::decl(&cfg),
        PlanStep::decl(&cfg),
        Plan::decl(&cfg),
        IncidentStep::decl(&cfg),
        Attention::decl(&cfg),
        Durations::decl(&cfg),
        Group::decl(&cfg),
        ChannelKind::decl(&cfg),
        ObligationKind::decl(&cfg),
        ObligationState::decl(&cfg),
        Outcome::decl(&cfg),
        Membership::decl(&cfg),
        Missed::decl(&cfg),
        ChecklistRow::decl(&cfg),
        LoggedUpdate::decl(&cfg),
        ObligationRecord::decl(&cfg),
        Comms::decl(&cfg),
        ImpactWindow::decl(&cfg),
        SeverityChange::decl(&cfg),
        RoleTenure::decl(&cfg),
        Milestone::decl(&cfg),
        MilestoneCorrection::decl(&cfg),
        Affected::decl(&cfg),
        AffectedInput::decl(&cfg),
        Incident::decl(&cfg),
        IncidentSummary::decl(&cfg),
        IncidentDetail::decl(&cfg),
        DeclareInput::decl(&cfg),
        StatusInput::decl(&cfg),
        NoteInput::decl(&cfg),
        EditInput::decl(&cfg),
        RoleInput::decl(&cfg),
        StepInput::decl(&cfg),
        ErrorKind::decl(&cfg),
        IpcError::decl(&cfg),
        ShortcutStatus::decl(&cfg),
        LoginStart::decl(&cfg),
        About::decl(&cfg),
        Severities::decl(&cfg),
        PolicyOverride::decl(&cfg),
        Channel::decl(&cfg),
        Stakeholder::decl(&cfg),
        StakeholderInput::decl(&cfg),
        ChannelChange::decl(&cfg),
        Format::decl(&cfg),
        Cadence::decl(&cfg),
        CadenceScope::decl(&cfg),
        CadenceOverride::decl(&cfg),
        GroupPolicy::decl(&cfg),
        GroupCadences::decl(&cfg),
        StoreChange::decl(&cfg),
        Policies::decl(&cfg),
        Urgency::decl(&cfg),
        Obligation::decl(&cfg),
        DueIncident::decl(&cfg),
        DueSummary::decl(&cfg),
        Due::decl(&cfg),
        Draft::decl(&cfg),
        DraftOrigin::decl(&cfg),
        Preview::decl(&cfg),
        Composed::decl(&cfg),
        SendInput::decl(&cfg),
        SendReceipt::decl(&cfg),
        MembershipInput::decl(&cfg),
        SkipInput::decl(&cfg),
        Measure::decl(&cfg),
        DuplicateWarning::decl(&cfg),
        ReportFeedback::decl(&cfg),
        ReportIncident::decl(&cfg),
        Feedback::decl(&cfg),
        FeedbackInput::decl(&cfg),
        Budget::decl(&cfg),
        MonthReport::decl(&cfg),
        ActionKind::decl(&cfg),
        ActionStatus::decl(&cfg),
        ActionItem::decl(&cfg),
        ActionInput::decl(&cfg),
        Figures::decl(&cfg),
        PostmortemStatus::decl(&cfg),
        VersionSummary::decl(&cfg),
        Version::decl(&cfg),
        Share::decl(&cfg),
        Postmortem::decl(&cfg),
        StartInput::decl(&cfg),
        SaveInput::decl(&cfg),
        ShareInput::decl(&cfg),
        DiffChange::decl(&cfg),
        DiffLine::decl(&cfg),
        Template::decl(&cfg),
        TemplateInput::decl(&cfg),
        Notice::decl(&cfg),
        ReminderEvent::decl(&cfg),
        OpenFailure::decl(&cfg),
        Startup::decl(&cfg),
        Backups::decl(&cfg),
        Saved::decl(&cfg),
        IncidentQuery::decl(&cfg),
        Part::decl(&cfg),
        NextDue::decl(&cfg),
        ExportFormat::decl(&cfg),
        ReportFormat::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/tests/bindings.rs; do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p sitrep-desktop --test bindings\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
    let expected = render();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).expect("write bindings.ts");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} is stale; run `UPDATE_BINDINGS=1 cargo test -p sitrep-desktop --test bindings`",
        path.display()
    );
}
