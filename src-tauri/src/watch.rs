//! Notices writes made by other processes (the CLI, a script) and tells the
//! window to refresh, so an incident declared from a terminal appears
//! without a manual reload.

use std::time::Duration;

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Runtime};

/// The event the window listens to; it carries no payload.
pub const STORE_CHANGED: &str = "store-changed";

/// How often the database's change counter is read: a single in-memory
/// pragma, so a person sees outside changes within a second at no real cost.
const INTERVAL: Duration = Duration::from_secs(1);

/// The watcher as a plugin, so it starts with any app, the mock one included.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("store-watch")
        .setup(|app, _api| {
            spawn(app.clone());
            Ok(())
        })
        .build()
}

/// Starts the watcher on Tauri's async runtime.
fn spawn<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut seen = None;
        loop {
            let version = crate::state(&app)
                .store
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .data_version();
            match version {
                Ok(version) if seen.is_some_and(|seen| seen != version) => {
                    seen = Some(version);
                    crate::state(&app).wake.now();
                    if let Err(err) = app.emit(STORE_CHANGED, ()) {
                        eprintln!("sitrep-desktop: cannot tell the window about a change: {err}");
                    }
                }
                Ok(version) => seen = Some(version),
                Err(err) => {
                    eprintln!("sitrep-desktop: cannot read the database change counter: {err}")
                }
            }
            tokio::time::sleep(INTERVAL).await;
        }
    });
}
