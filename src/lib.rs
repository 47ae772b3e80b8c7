//! Sitrep's core: the incident commander's domain, its SQLite store and the CLI.
//!
//! Everything an IC can do is a function over a [`Store`] and a [`Clock`];
//! the desktop shell (`src-tauri`) and the `sitrep` binary are two thin front
//! doors onto the same functions. Nothing here knows about Tauri.

pub mod action;
pub mod affected;
pub mod cli;
pub mod clock;
pub mod comms;
pub mod error;
pub mod feedback;
pub mod impact;
pub mod incident;
pub mod lifecycle;
pub mod listing;
pub mod markup;
pub mod month;
pub mod plan;
pub mod policy;
pub mod postmortem;
pub mod record;
pub mod report;
pub mod role;
pub mod scheduler;
pub mod stakeholder;
pub mod store;
pub mod text;
pub mod timeline;

pub use affected::{Affected, AffectedInput};
pub use clock::{Clock, ManualClock, SystemClock};
pub use comms::{
    ChecklistRow, Comms, Composed, Draft, DraftOrigin, Due, DueIncident, DueSummary, LoggedUpdate,
    MembershipInput, Missed, Obligation, ObligationKind, ObligationRecord, ObligationState,
    Outcome, Preview, SendInput, SendReceipt, SkipInput, Urgency,
};
pub use error::{Error, ErrorKind, InvalidInput};
pub use feedback::{Feedback, FeedbackInput};
pub use impact::ImpactWindow;
pub use incident::{
    Attention, DeclareInput, Durations, Incident, IncidentDetail, IncidentKey, IncidentSummary,
    Severity, Status,
};
pub use lifecycle::{EditInput, StatusInput};
pub use plan::{IncidentStep, Plan, PlanStep, StepInput};
pub use policy::{
    Cadence, CadenceOverride, CadenceScope, GroupPolicy, Membership, PolicyOverride, Severities,
};
pub use record::{Milestone, MilestoneCorrection, RoleTenure, SeverityChange};
pub use role::{Role, RoleHolder, RoleInput};
pub use stakeholder::{Channel, ChannelChange, ChannelKind, Group, Stakeholder, StakeholderInput};
pub use store::Store;
pub use timeline::{EntryId, EntryKind, NoteInput, PastText, TimelineEntry};
