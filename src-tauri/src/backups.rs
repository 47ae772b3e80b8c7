//! Backups from the running app: one at start and one an hour while an
//! incident is open (the core keeps 24 hourly and 14 daily), one on demand
//! from Settings, and restoring one, which starts Sitrep again on it.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use sitrep::Store;
use sitrep::listing::{IncidentQuery, Part};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::commands::{Reply, with_store};
use crate::files::{self, Files};
use crate::{AppState, IpcError, launch};

/// How often a backup is taken while an incident is open.
const EVERY: Duration = Duration::from_secs(60 * 60);

/// Where the backups are and which there are, for Settings.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Backups {
    /// The folder they are kept in, beside the database.
    pub folder: String,
    /// Sitrep's backups in it, newest first.
    pub files: Vec<String>,
}

fn shown(paths: Vec<PathBuf>) -> Vec<String> {
    paths.iter().map(|p| p.display().to_string()).collect()
}

/// The backups folder and its backups.
#[tauri::command(async)]
pub fn backups(state: State<'_, AppState>) -> Reply<Backups> {
    with_store(&state, |s, _| {
        Ok(Backups {
            folder: s.backup_dir().display().to_string(),
            files: shown(Store::backups_beside(s.path())),
        })
    })
}

/// Takes a backup now; returns the new file.
#[tauri::command(async)]
pub fn back_up_now(state: State<'_, AppState>) -> Reply<String> {
    with_store(&state, |s, c| Ok(s.backup(c.now())?.display().to_string()))
}

/// The backup the user picked to restore, kept here between the dialog and
/// the confirmation so that the webview never names a file.
#[derive(Default)]
pub struct Picked(Mutex<Option<PathBuf>>);

/// Asks which backup to restore, starting in the backups folder; the file
/// picked (to confirm), or `None` when the dialog was cancelled.
#[tauri::command(async)]
pub fn pick_backup(
    files: State<'_, Files>,
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
) -> Reply<Option<String>> {
    let folder = with_store(&state, |s, _| Ok(s.backup_dir()))?;
    let title = "Restore from a backup";
    let file = files.to_open(title, &[files::BACKUP], Some(&folder))?;
    let shown = file.as_deref().map(|f| f.display().to_string());
    *lock(&picked) = file;
    Ok(shown)
}

fn lock(picked: &Picked) -> std::sync::MutexGuard<'_, Option<PathBuf>> {
    picked
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Restores the backup picked last (the current database is kept aside by
/// the core) and starts Sitrep again on the restored file.
#[tauri::command(async)]
pub fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    picked: State<'_, Picked>,
) -> Reply<String> {
    let backup = lock(&picked).take().ok_or_else(|| {
        IpcError::from(sitrep::Error::from(sitrep::InvalidInput::new(
            "backup",
            "pick the backup to restore first",
        )))
    })?;
    let db = with_store(&state, |s, c| {
        let db = s.path().to_owned();
        sitrep::store::restore(&db, &backup, c.now())?;
        Ok(db)
    })?;
    launch::relaunch(&app, launch::args_for(&db, false))?;
    Ok(db.display().to_string())
}

/// Takes one backup now and then one an hour while an incident is open.
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        take(&app);
        loop {
            tokio::time::sleep(EVERY).await;
            let state = crate::state(&app);
            let any_open = IncidentQuery {
                part: Part::Open,
                limit: Some(1),
                ..IncidentQuery::default()
            };
            let open = with_store(&state, |s, c| {
                Ok(!s.incident_page(&any_open, c.now())?.is_empty())
            });
            if open.unwrap_or(true) {
                take(&app);
            }
        }
    });
}

fn take<R: Runtime>(app: &AppHandle<R>) {
    let state = crate::state(app);
    match with_store(&state, |s, c| s.backup(c.now())) {
        Ok(file) => log::info!("backed up to {}", file.display()),
        Err(err) => log::error!("the backup failed: {}", err.message),
    }
}
