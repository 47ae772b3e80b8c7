//! Bringing the main window forward, from the tray or the global shortcut.

use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The event that asks the window to open the declare form with its title focused.
pub const DECLARE_REQUESTED: &str = "declare-requested";

/// Shows, unminimises and focuses the main window.
pub fn bring_forward<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    for result in [window.show(), window.unminimize(), window.set_focus()] {
        if let Err(err) = result {
            log::error!("cannot bring the window forward: {err}");
        }
    }
}

/// Brings the window forward on the declare form.
pub fn request_declare<R: Runtime>(app: &AppHandle<R>) {
    bring_forward(app);
    if let Err(err) = app.emit_to("main", DECLARE_REQUESTED, ()) {
        log::error!("cannot open the declare form: {err}");
    }
}

/// The event that asks the window to open an incident's comms checklist.
pub const OPEN_INCIDENT: &str = "open-incident";

/// Brings the window forward on incident `id`'s comms checklist.
pub fn open_incident<R: Runtime>(app: &AppHandle<R>, id: &str) {
    bring_forward(app);
    if let Err(err) = app.emit_to("main", OPEN_INCIDENT, id) {
        log::error!("cannot open {id}: {err}");
    }
}
