//! The IPC commands of the postmortem view, the templates and the action
//! items, one core function each.

use sitrep::action::{self, ActionInput, ActionItem};
use sitrep::postmortem::{
    self, DiffLine, ExportFormat, Postmortem, SaveInput, ShareInput, StartInput, Template,
    TemplateInput, Version,
};
use tauri::State;

use crate::AppState;
use crate::commands::{Reply, key, with_store};
use crate::files::{self, Files};

/// The incident's postmortem, or `null` before one is started.
#[tauri::command(async)]
pub fn postmortem(state: State<'_, AppState>, id: String) -> Reply<Option<Postmortem>> {
    let key = key(&id)?;
    with_store(&state, |s, c| postmortem::get(s, c, key))
}

/// Drafts the postmortem from the record with a template.
#[tauri::command(async)]
pub fn start_postmortem(
    state: State<'_, AppState>,
    id: String,
    input: StartInput,
) -> Reply<Postmortem> {
    let key = key(&id)?;
    with_store(&state, |s, c| postmortem::start(s, c, key, &input))
}

/// Autosave: keeps the text and figures as a new version if they changed.
#[tauri::command(async)]
pub fn save_postmortem(
    state: State<'_, AppState>,
    id: String,
    input: SaveInput,
) -> Reply<Postmortem> {
    let key = key(&id)?;
    with_store(&state, |s, c| postmortem::save(s, c, key, &input))
}

/// Draft, in review, or published.
#[tauri::command(async)]
pub fn set_postmortem_status(
    state: State<'_, AppState>,
    id: String,
    status: String,
) -> Reply<Postmortem> {
    let key = key(&id)?;
    with_store(&state, |s, c| {
        postmortem::set_status(s, c, key, &status, None)
    })
}

/// One saved version, whole.
#[tauri::command(async)]
pub fn postmortem_version(state: State<'_, AppState>, id: String, number: u32) -> Reply<Version> {
    let key = key(&id)?;
    with_store(&state, |s, _| s.postmortem_version(key, number))
}

/// What changed from one version to another.
#[tauri::command(async)]
pub fn postmortem_diff(
    state: State<'_, AppState>,
    id: String,
    from: u32,
    to: u32,
) -> Reply<Vec<DiffLine>> {
    let key = key(&id)?;
    with_store(&state, |s, _| postmortem::diff(s, key, from, to))
}

/// Makes an earlier version the newest again.
#[tauri::command(async)]
pub fn restore_postmortem(
    state: State<'_, AppState>,
    id: String,
    number: u32,
) -> Reply<Postmortem> {
    let key = key(&id)?;
    with_store(&state, |s, c| postmortem::restore(s, c, key, number))
}

/// Writes the postmortem where the user picks, as Markdown or a web page
/// (by the file's extension); the file, or `None` when cancelled.
#[tauri::command(async)]
pub fn export_postmortem(
    files: State<'_, Files>,
    state: State<'_, AppState>,
    id: String,
    format: ExportFormat,
) -> Reply<Option<String>> {
    let key = key(&id)?;
    let (filter, ext) = match format {
        ExportFormat::Markdown => (files::MARKDOWN, "md"),
        ExportFormat::Html => (files::HTML, "html"),
    };
    let name = format!("postmortem-{key}.{ext}");
    let Some(path) = files.to_save("Export the postmortem", &name, &[filter])? else {
        return Ok(None);
    };
    let format = ExportFormat::of_path(&path).map_err(sitrep::Error::from)?;
    let text = with_store(&state, |s, c| postmortem::export(s, c, key, format))?;
    files::write(&path, text)?;
    Ok(Some(path.display().to_string()))
}

/// Shares the newest version with stakeholders owed it.
#[tauri::command(async)]
pub fn share_postmortem(
    state: State<'_, AppState>,
    id: String,
    input: ShareInput,
) -> Reply<Postmortem> {
    let key = key(&id)?;
    with_store(&state, |s, c| postmortem::share(s, c, key, &input))
}

/// Every postmortem template.
#[tauri::command(async)]
pub fn list_templates(state: State<'_, AppState>) -> Reply<Vec<Template>> {
    with_store(&state, |s, _| s.templates())
}

/// Adds or changes a template (checked).
#[tauri::command(async)]
pub fn save_template(state: State<'_, AppState>, input: TemplateInput) -> Reply<Vec<Template>> {
    with_store(&state, |s, _| postmortem::save_template(s, &input))
}

/// Removes one of the user's own templates.
#[tauri::command(async)]
pub fn remove_template(state: State<'_, AppState>, name: String) -> Reply<Vec<Template>> {
    with_store(&state, |s, _| postmortem::remove_template(s, &name))
}

/// Action items across incidents, open ones only if `open`.
#[tauri::command(async)]
pub fn list_actions(state: State<'_, AppState>, open: bool) -> Reply<Vec<ActionItem>> {
    with_store(&state, |s, c| action::list(s, c, open))
}

/// Adds an action item to an incident.
#[tauri::command(async)]
pub fn add_action(state: State<'_, AppState>, id: String, input: ActionInput) -> Reply<ActionItem> {
    let key = key(&id)?;
    with_store(&state, |s, c| action::add(s, c, key, &input, None))
}

/// Changes an action item.
#[tauri::command(async)]
pub fn update_action(
    state: State<'_, AppState>,
    action: i64,
    input: ActionInput,
) -> Reply<ActionItem> {
    with_store(&state, |s, c| action::update(s, c, action, &input, None))
}
