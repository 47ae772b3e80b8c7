//! The IPC commands the window calls, one core function each.

use sitrep::error::Result as CoreResult;
use sitrep::listing::IncidentQuery;
use sitrep::report::{self, Budget, MonthReport, ReportFormat};
use sitrep::store::Setting;
use sitrep::{
    Clock, DeclareInput, EditInput, EntryId, IncidentDetail, IncidentKey, IncidentSummary,
    NoteInput, Plan, RoleInput, StatusInput, StepInput, Store, incident, lifecycle, plan, role,
    timeline,
};
use tauri::State;

use crate::files::{self, Files, Saved};
use crate::{AppState, IpcError};

/// What every command answers: its value, or an error in words.
pub(crate) type Reply<T> = Result<T, IpcError>;

/// Runs `f` on the app's store and clock, turning its error into an IpcError.
pub(crate) fn with_store<T>(
    state: &AppState,
    f: impl FnOnce(&mut Store, &dyn Clock) -> CoreResult<T>,
) -> Reply<T> {
    let (result, wrote) = {
        let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
        let before = store.rows_changed();
        let result = f(&mut store, state.clock.as_ref());
        let wrote = store.rows_changed() != before;
        if wrote {
            *state.own_mark.lock().unwrap_or_else(|e| e.into_inner()) = store.timeline_mark().ok();
        }
        (result, wrote)
    };
    // A change may move a reminder: let the loop look again. Reads don't.
    if wrote {
        state.wake.now();
    }
    result.map_err(|err| match &state.read_only {
        Some(reason) if refused_as_read_only(&err) => {
            IpcError::internal(format!("Read-only: writing is off because {reason}."))
        }
        _ => err.into(),
    })
}

/// Whether SQLite refused a write because the database is open to read only.
fn refused_as_read_only(err: &sitrep::Error) -> bool {
    matches!(err, sitrep::Error::Database(db)
        if db.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly))
}

/// Reads an incident key sent by the window.
pub(crate) fn key(id: &str) -> Reply<IncidentKey> {
    Ok(id.parse().map_err(sitrep::Error::from)?)
}

/// Declares an incident from the declare form.
#[tauri::command(async)]
pub fn declare_incident(state: State<'_, AppState>, input: DeclareInput) -> Reply<IncidentDetail> {
    with_store(&state, |s, c| incident::declare(s, c, &input))
}

/// One page of incidents for the rail or a search, each with what needs
/// attention and its soonest notice.
#[tauri::command(async)]
pub fn list_incidents(
    state: State<'_, AppState>,
    query: Option<IncidentQuery>,
) -> Reply<Vec<IncidentSummary>> {
    let query = query.unwrap_or_default();
    with_store(&state, |s, c| s.incident_page(&query, c.now()))
}

/// One incident with its timeline, roles and plan.
#[tauri::command(async)]
pub fn show_incident(state: State<'_, AppState>, id: String) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, _| s.incident(key))
}

/// Moves an incident to a new status (one click per move).
#[tauri::command(async)]
pub fn change_status(
    state: State<'_, AppState>,
    id: String,
    input: StatusInput,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| lifecycle::change_status(s, c, key, &input))
}

/// Adds a note from the quick-entry box.
#[tauri::command(async)]
pub fn add_note(state: State<'_, AppState>, id: String, input: NoteInput) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| {
        timeline::add_note(s, c, key, &input)?;
        s.incident(key)
    })
}

/// Pins or unpins a timeline entry.
#[tauri::command(async)]
pub fn set_pinned(
    state: State<'_, AppState>,
    id: String,
    entry: EntryId,
    pinned: bool,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, _| timeline::set_pinned(s, key, entry, pinned))
}

/// Rewords a note, keeping its earlier text.
#[tauri::command(async)]
pub fn edit_note(
    state: State<'_, AppState>,
    id: String,
    entry: EntryId,
    text: String,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| timeline::edit_note(s, c, key, entry, &text))
}

/// Corrects an incident's title, severity, plan or milestones.
#[tauri::command(async)]
pub fn edit_incident(
    state: State<'_, AppState>,
    id: String,
    input: EditInput,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| lifecycle::edit(s, c, key, &input))
}

/// Gives a role to a person, handing it over.
#[tauri::command(async)]
pub fn assign_role(
    state: State<'_, AppState>,
    id: String,
    input: RoleInput,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| role::assign(s, c, key, &input))
}

/// Ticks or unticks a plan step.
#[tauri::command(async)]
pub fn mark_step(
    state: State<'_, AppState>,
    id: String,
    input: StepInput,
) -> Reply<IncidentDetail> {
    let key = key(&id)?;
    with_store(&state, |s, c| plan::mark_step(s, c, key, &input))
}

/// The SLA and communication report of one month (`YYYY-MM`), for the
/// operator or one stakeholder.
#[tauri::command(async)]
pub fn month_report(
    state: State<'_, AppState>,
    month: String,
    stakeholder: Option<String>,
) -> Reply<MonthReport> {
    with_store(&state, |s, c| {
        report::report(s, c, &month, stakeholder.as_deref())
    })
}

/// The time zone report months are calendar months in.
#[tauri::command(async)]
pub fn report_time_zone(state: State<'_, AppState>) -> Reply<String> {
    with_store(&state, |s, _| s.setting(Setting::ReportTimeZone))
}

/// Sets the time zone report months are calendar months in.
#[tauri::command(async)]
pub fn set_report_time_zone(state: State<'_, AppState>, zone: String) -> Reply<String> {
    with_store(&state, |s, _| report::set_time_zone(s, &zone))
}

/// The reports of the twelve months up to `month`, for the charts.
#[tauri::command(async)]
pub fn report_trend(
    state: State<'_, AppState>,
    month: String,
    stakeholder: Option<String>,
) -> Reply<Vec<MonthReport>> {
    with_store(&state, |s, c| {
        report::trend(s, c, &month, stakeholder.as_deref())
    })
}

/// Writes a month's report where the user picks (Markdown, HTML or CSV by
/// the file's extension); the file, or `None` when the dialog was cancelled.
#[tauri::command(async)]
pub fn export_report(
    files: State<'_, Files>,
    state: State<'_, AppState>,
    month: String,
    stakeholder: Option<String>,
    format: ReportFormat,
) -> Reply<Option<String>> {
    let who = stakeholder
        .as_deref()
        .map_or_else(|| "operator".to_owned(), files::slug);
    let (filter, ext) = match format {
        ReportFormat::Markdown => (files::MARKDOWN, "md"),
        ReportFormat::Html => (files::HTML, "html"),
        ReportFormat::Csv => (files::CSV, "csv"),
    };
    let name = format!("sla-report-{month}-{who}.{ext}");
    let Some(path) = files.to_save("Export the report", &name, &[filter])? else {
        return Ok(None);
    };
    let format = ReportFormat::of_path(&path).map_err(sitrep::Error::from)?;
    let report = with_store(&state, |s, c| {
        report::report(s, c, &month, stakeholder.as_deref())
    })?;
    files::write(&path, report::render(&report, format))?;
    Ok(Some(path.display().to_string()))
}

/// This month's SLA budget of each stakeholder the incident affects.
#[tauri::command(async)]
pub fn sla_budgets(state: State<'_, AppState>, id: String) -> Reply<Vec<Budget>> {
    let key = key(&id)?;
    with_store(&state, |s, c| report::budgets(s, c, key))
}

/// The response-plan library.
#[tauri::command(async)]
pub fn list_plans(state: State<'_, AppState>) -> Reply<Vec<Plan>> {
    with_store(&state, |s, _| s.plans())
}

/// Adds a plan or replaces the plan of the same kind.
#[tauri::command(async)]
pub fn save_plan(state: State<'_, AppState>, plan: Plan) -> Reply<Plan> {
    with_store(&state, |s, _| plan::save(s, &plan))
}

/// Removes a plan from the library.
#[tauri::command(async)]
pub fn remove_plan(state: State<'_, AppState>, kind: String) -> Reply<()> {
    with_store(&state, |s, _| plan::remove(s, &kind))
}

/// Writes the plan library as TOML where the user picks; `None` when the
/// dialog was cancelled.
#[tauri::command(async)]
pub fn export_plans(files: State<'_, Files>, state: State<'_, AppState>) -> Reply<Option<Saved>> {
    let Some(path) = files.to_save("Export the plans", "sitrep-plans.toml", &[files::TOML])? else {
        return Ok(None);
    };
    let plans = with_store(&state, |s, _| s.plans())?;
    files::write(&path, plan::to_toml(&plans))?;
    Ok(Some(Saved::new(&path, plans.len())))
}

/// Adds or replaces the plans in the TOML file the user picks, all or
/// nothing; the kinds imported, or `None` when the dialog was cancelled.
#[tauri::command(async)]
pub fn import_plans(
    files: State<'_, Files>,
    state: State<'_, AppState>,
) -> Reply<Option<Vec<String>>> {
    let Some(path) = files.to_open("Import plans", &[files::TOML], None)? else {
        return Ok(None);
    };
    let text = sitrep::text::read_import(&path).map_err(sitrep::Error::from)?;
    with_store(&state, |s, _| plan::import(s, &text)).map(Some)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use sitrep::{DeclareInput, ManualClock};

    use super::*;

    /// Whether the reminder loop was asked to look again.
    fn woken(state: &AppState) -> bool {
        tauri::async_runtime::block_on(async {
            tokio::time::timeout(Duration::from_millis(20), state.wake.asked())
                .await
                .is_ok()
        })
    }

    #[test]
    fn a_write_wakes_the_reminder_loop_and_a_read_does_not() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = Store::open(dir.path().join("sitrep.db")).expect("open the store");
        let clock = ManualClock::new("2026-11-24T10:00:00Z".parse().expect("a time"));
        let state = AppState::new(store, Box::new(clock));
        let input = DeclareInput {
            title: "Validators offline".into(),
            severity: 1,
            ..DeclareInput::default()
        };
        with_store(&state, |s, c| incident::declare(s, c, &input)).expect("declare");
        assert!(woken(&state), "a declare did not wake the loop");
        with_store(&state, |s, c| {
            s.incident_page(&IncidentQuery::default(), c.now())
        })
        .expect("list");
        with_store(&state, |s, c| s.open_obligations(c.now())).expect("due");
        assert!(!woken(&state), "a read woke the loop");
    }
}
