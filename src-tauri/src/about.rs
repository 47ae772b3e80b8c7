//! What Sitrep is and where it keeps things: its version, the database it
//! has open, its log folder and its license, in Settings and behind the
//! tray's *About Sitrep* item.

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
use ts_rs::TS;

/// The facts the About section and dialog show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct About {
    /// Sitrep's version, e.g. `0.1.0`.
    pub version: String,
    /// The open database file.
    pub database: String,
    /// Where `sitrep.log` is written, if the system has a log folder.
    pub log_folder: Option<String>,
    /// The license, as an SPDX expression.
    pub license: String,
}

impl About {
    /// The facts of the running app.
    pub fn of<R: Runtime>(app: &AppHandle<R>) -> Self {
        let database = crate::state(app)
            .store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .path()
            .display()
            .to_string();
        Self {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database,
            log_folder: app
                .path()
                .app_log_dir()
                .ok()
                .map(|dir| dir.display().to_string()),
            license: env!("CARGO_PKG_LICENSE").to_owned(),
        }
    }

    /// The facts as lines of text, for the tray's dialog.
    pub fn text(&self) -> String {
        format!(
            "Sitrep {}\n\nDatabase: {}\nLog folder: {}\nLicense: {}",
            self.version,
            self.database,
            self.log_folder.as_deref().unwrap_or("none on this system"),
            self.license
        )
    }
}

/// The About facts of the running app.
#[tauri::command(async)]
pub fn about<R: Runtime>(app: AppHandle<R>) -> About {
    About::of(&app)
}

/// Shows the About facts in a dialog of their own (from the tray, with or
/// without the window).
pub fn show<R: Runtime>(app: &AppHandle<R>) {
    app.dialog()
        .message(About::of(app).text())
        .title("About Sitrep")
        .kind(MessageDialogKind::Info)
        .show(|_| {});
}
