//! The log: what failed, and what Sitrep decided about reminders and
//! backups, at info and above, to stderr and to `sitrep.log` in the OS log
//! folder, rotated at 1 MB with the newest five kept. Settings opens the folder.

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
use tauri_plugin_opener::OpenerExt;

use crate::IpcError;
use crate::commands::Reply;

/// How large the log file grows before it is rotated.
const MAX_BYTES: u128 = 1_000_000;

/// The logger as a plugin: Sitrep's own lines at info, other crates' at warn.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .targets([
            Target::new(TargetKind::Stderr),
            Target::new(TargetKind::LogDir {
                file_name: Some("sitrep".into()),
            }),
        ])
        .level(log::LevelFilter::Warn)
        .level_for("sitrep_desktop", log::LevelFilter::Info)
        .max_file_size(MAX_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(5))
        .build()
}

/// Opens the log folder in the file manager; returns the folder.
#[tauri::command(async)]
pub fn open_log_folder<R: Runtime>(app: AppHandle<R>) -> Reply<String> {
    let dir = app
        .path()
        .app_log_dir()
        .map_err(|err| IpcError::internal(format!("there is no log folder: {err}")))?;
    let shown = dir.display().to_string();
    std::fs::create_dir_all(&dir)
        .map_err(|err| IpcError::internal(format!("cannot create {shown}: {err}")))?;
    app.opener()
        .open_path(shown.clone(), None::<&str>)
        .map_err(|err| IpcError::internal(format!("cannot open {shown}: {err}")))?;
    Ok(shown)
}
