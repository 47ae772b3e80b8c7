//! The IPC commands of communication: the directory, the policies, the
//! comms checklist and the update composer. One core function each.

use sitrep::affected::{self, AffectedInput};
use sitrep::comms::{
    self, Composed, Draft, Due, MembershipInput, SendInput, SendReceipt, SkipInput,
};
use sitrep::feedback::{self, FeedbackInput};
use sitrep::policy::{self, Cadence, CadenceOverride, GroupPolicy, Policies, PolicyOverride};
use sitrep::scheduler::{self, SnoozeFor};
use sitrep::stakeholder::{self, ChannelChange, Format, Stakeholder, StakeholderInput};
use sitrep::{Clock, IncidentDetail};
use tauri::State;

use crate::AppState;
use crate::commands::{Reply, key, with_store};
use crate::files::{self, Files, Saved};

/// The directory, active stakeholders first.
#[tauri::command(async)]
pub fn list_stakeholders(state: State<'_, AppState>) -> Reply<Vec<Stakeholder>> {
    with_store(&state, |s, _| s.stakeholders())
}

/// Adds a stakeholder.
#[tauri::command(async)]
pub fn add_stakeholder(state: State<'_, AppState>, input: StakeholderInput) -> Reply<Stakeholder> {
    with_store(&state, |s, c| stakeholder::add(s, c, &input))
}

/// Gives a stakeholder a new active channel, retiring the old one.
#[tauri::command(async)]
pub fn set_channel(
    state: State<'_, AppState>,
    name: String,
    channel: String,
    handle: String,
) -> Reply<ChannelChange> {
    with_store(&state, |s, c| {
        stakeholder::set_channel(s, c, &name, &channel, &handle)
    })
}

/// Retires a stakeholder.
#[tauri::command(async)]
pub fn retire_stakeholder(state: State<'_, AppState>, name: String) -> Reply<Stakeholder> {
    with_store(&state, |s, c| stakeholder::retire(s, c, &name))
}

/// Sets a stakeholder's own policy.
#[tauri::command(async)]
pub fn set_stakeholder_policy(
    state: State<'_, AppState>,
    name: String,
    policy: PolicyOverride,
) -> Reply<Stakeholder> {
    with_store(&state, |s, c| stakeholder::set_policy(s, c, &name, &policy))
}

/// Writes the directory where the user picks (CSV or JSON by the file's
/// extension); `None` when the dialog was cancelled.
#[tauri::command(async)]
pub fn export_stakeholders(
    files: State<'_, Files>,
    state: State<'_, AppState>,
) -> Reply<Option<Saved>> {
    let title = "Export the stakeholders";
    let Some(path) = files.to_save(title, "stakeholders.csv", &files::DIRECTORY)? else {
        return Ok(None);
    };
    let format = Format::of_path(&path).map_err(sitrep::Error::from)?;
    let people = with_store(&state, |s, _| s.stakeholders())?;
    files::write(&path, stakeholder::export(&people, format))?;
    let current = people.iter().filter(|p| p.retired_at.is_none()).count();
    Ok(Some(Saved::new(&path, current)))
}

/// Adds or updates the stakeholders in the file the user picks: how many
/// were added and updated, or `None` when the dialog was cancelled.
#[tauri::command(async)]
pub fn import_stakeholders(
    files: State<'_, Files>,
    state: State<'_, AppState>,
) -> Reply<Option<(usize, usize)>> {
    let Some(path) = files.to_open("Import stakeholders", &files::DIRECTORY, None)? else {
        return Ok(None);
    };
    let format = Format::of_path(&path).map_err(sitrep::Error::from)?;
    let text = sitrep::text::read_import(&path).map_err(sitrep::Error::from)?;
    with_store(&state, |s, c| stakeholder::import(s, c, &text, format)).map(Some)
}

/// The policies now, with what each level inherits.
#[tauri::command(async)]
pub fn policies(state: State<'_, AppState>) -> Reply<Policies> {
    with_store(&state, |s, _| policy::policies(s))
}

/// Changes one severity's cadence.
#[tauri::command(async)]
pub fn save_cadence(state: State<'_, AppState>, cadence: Cadence) -> Reply<Cadence> {
    with_store(&state, |s, c| policy::save_cadence(s, c, &cadence))
}

/// Sets or clears a group's or a stakeholder's own cadence for one severity.
#[tauri::command(async)]
pub fn save_cadence_override(
    state: State<'_, AppState>,
    cadence: CadenceOverride,
) -> Reply<CadenceOverride> {
    with_store(&state, |s, c| policy::save_cadence_override(s, c, &cadence))
}

/// Changes one group's policy.
#[tauri::command(async)]
pub fn save_group_policy(state: State<'_, AppState>, policy: GroupPolicy) -> Reply<GroupPolicy> {
    with_store(&state, |s, c| policy::save_group_policy(s, c, &policy))
}

/// Every open obligation, soonest first, as of now, with the summary the
/// next-update bar shows (the tray shows the same).
#[tauri::command(async)]
pub fn due(state: State<'_, AppState>) -> Reply<Due> {
    with_store(&state, |s, c: &dyn Clock| {
        comms::due_with_summary(s, c.now())
    })
}

/// The composer's template (or `draft` as edited) and its per-channel text.
#[tauri::command(async)]
pub fn compose_update(
    state: State<'_, AppState>,
    id: String,
    draft: Option<Draft>,
) -> Reply<Composed> {
    let key = key(&id)?;
    with_store(&state, |s, c| comms::compose(s, c, key, draft))
}

/// Keeps the composer's draft for incident `id` as typed.
#[tauri::command(async)]
pub fn save_draft(state: State<'_, AppState>, id: String, draft: Draft) -> Reply<()> {
    let key = key(&id)?;
    with_store(&state, |s, c| comms::save_draft(s, c, key, &draft))
}

/// Throws away the draft for incident `id`: the composer starts from the template.
#[tauri::command(async)]
pub fn reset_draft(state: State<'_, AppState>, id: String) -> Reply<Composed> {
    let key = key(&id)?;
    with_store(&state, |s, c| comms::reset_draft(s, c, key))
}

/// Records an update as sent to the stakeholders picked.
#[tauri::command(async)]
pub fn record_update(
    state: State<'_, AppState>,
    id: String,
    input: SendInput,
) -> Reply<SendReceipt> {
    let key = key(&id)?;
    with_store(&state, |s, c| comms::record_update(s, c, key, &input))
}

/// Adds a stakeholder to the incident, or removes one, with the reason.
#[tauri::command(async)]
pub fn set_membership(
    state: State<'_, AppState>,
    id: String,
    input: MembershipInput,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| comms::set_membership(s, c, key, &input))
}

/// Marks a stakeholder (or a whole group) affected by the incident, or takes it back.
#[tauri::command(async)]
pub fn set_affected(
    state: State<'_, AppState>,
    id: String,
    input: AffectedInput,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| affected::set_affected(s, c, key, &input))
}

/// Skips what a stakeholder is owed now, with the reason.
#[tauri::command(async)]
pub fn skip_obligation(
    state: State<'_, AppState>,
    id: String,
    input: SkipInput,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| comms::skip(s, c, key, &input))
}

/// Records a stakeholder's feedback on how a resolved incident was communicated.
#[tauri::command(async)]
pub fn record_feedback(
    state: State<'_, AppState>,
    id: String,
    input: FeedbackInput,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| feedback::record(s, c, key, &input))
}

/// Snoozes reminders of these obligations (every open one if empty) for 5, 10 or 30 minutes.
#[tauri::command(async)]
pub fn snooze(state: State<'_, AppState>, obligations: Vec<i64>, minutes: i64) -> Reply<usize> {
    let length = SnoozeFor::minutes(minutes).map_err(sitrep::Error::from)?;
    with_store(&state, |s, c| scheduler::snooze(s, c, &obligations, length))
}

/// Records the template as sent for these obligations ("Mark sent").
#[tauri::command(async)]
pub fn mark_sent(state: State<'_, AppState>, obligations: Vec<i64>) -> Reply<Vec<SendReceipt>> {
    with_store(&state, |s, c| comms::mark_sent(s, c, &obligations))
}
