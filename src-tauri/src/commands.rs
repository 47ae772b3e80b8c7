//! The IPC commands the window calls, one core function each.

use sitrep::{DeclareInput, Incident, IncidentDetail, IncidentKey, incident};
use tauri::State;

use crate::{AppState, IpcError};

type Reply<T> = Result<T, IpcError>;

/// Declares an incident from the declare form.
#[tauri::command(async)]
pub fn declare_incident(state: State<'_, AppState>, input: DeclareInput) -> Reply<IncidentDetail> {
    let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
    Ok(incident::declare(&mut store, state.clock.as_ref(), &input)?)
}

/// Every incident, open ones first, most severe first.
#[tauri::command(async)]
pub fn list_incidents(state: State<'_, AppState>) -> Reply<Vec<Incident>> {
    let store = state.store.lock().unwrap_or_else(|e| e.into_inner());
    Ok(store.list_incidents()?)
}

/// One incident with its timeline.
#[tauri::command(async)]
pub fn show_incident(state: State<'_, AppState>, id: String) -> Reply<IncidentDetail> {
    let key: IncidentKey = id.parse().map_err(sitrep::Error::from)?;
    let store = state.store.lock().unwrap_or_else(|e| e.into_inner());
    Ok(store.incident(key)?)
}
