//! Starting Sitrep at login, in the tray, so reminders come after a restart
//! without a window appearing. Tauri's autostart plugin writes the system's
//! own entry (an XDG autostart file on Linux, a launch agent on macOS, the
//! Run key on Windows) that starts `sitrep-desktop --in-tray`. It is off until
//! the user turns it on, in Settings or when it is offered: once, the first
//! time the window is closed to the tray.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use sitrep::store::Setting;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Manager, Runtime, State, WebviewWindow};
use tauri_plugin_autostart::AutoLaunchManager;
use ts_rs::TS;

use crate::{AppState, IpcError};

/// The flag the login entry starts Sitrep with: tray only, no window.
pub const IN_TRAY: &str = "--in-tray";

/// The stored value of [`Setting::LoginStartOffered`] once it was offered.
const OFFERED: &str = "yes";

/// The event that asks the window to offer starting at login (`true`) or
/// to take the offer away (`false`).
const OFFER: &str = "offer-login-start";

/// Whether Sitrep starts at login, as Settings shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LoginStart {
    /// Whether the login entry is there.
    pub enabled: bool,
    /// Why it cannot be read or changed, in words.
    pub problem: Option<String>,
}

/// The autostart plugin, set to start Sitrep in the tray (on macOS by a
/// launch agent, the plugin's default, which passes the flag on).
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_autostart::Builder::new().arg(IN_TRAY).build()
}

/// Whether the offer is on screen now (a second close then just closes).
#[derive(Default)]
pub struct OfferShown(AtomicBool);

/// Whether Sitrep starts at login now.
#[tauri::command(async)]
pub fn login_start<R: Runtime>(app: AppHandle<R>) -> LoginStart {
    match entry(&app).and_then(|entry| entry.is_enabled().map_err(|e| e.to_string())) {
        Ok(enabled) => LoginStart {
            enabled,
            problem: None,
        },
        Err(err) => LoginStart {
            enabled: false,
            problem: Some(format!("cannot tell whether Sitrep starts at login: {err}")),
        },
    }
}

/// Turns starting at login on or off (it then counts as offered).
#[tauri::command(async)]
pub fn set_login_start<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    on: bool,
) -> Result<LoginStart, IpcError> {
    let changed = entry(&app).and_then(|entry| {
        if on {
            entry_folder(&app)?;
            entry.enable()
        } else {
            entry.disable()
        }
        .map_err(|e| e.to_string())
    });
    changed.map_err(|err| {
        IpcError::internal(format!(
            "cannot {} starting at login: {err}",
            if on { "turn on" } else { "turn off" }
        ))
    })?;
    log::info!("start at login {}", if on { "on" } else { "off" });
    mark_offered(&state)?;
    Ok(login_start(app))
}

/// The answer to the offer: start at login or not now; either way the
/// window then closes to the tray and the offer is not made again. If the
/// answer cannot be carried out the window stays, saying why.
#[tauri::command(async)]
pub fn answer_login_offer<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    start: bool,
) -> Result<LoginStart, IpcError> {
    let answered = if start {
        set_login_start(app.clone(), state, true)?
    } else {
        mark_offered(&state)?;
        login_start(app.clone())
    };
    close_offer(&app, &window);
    Ok(answered)
}

/// Handles the window's close to the tray: the first time, asks the window
/// to offer starting at login and keeps it open for the answer (true);
/// otherwise, or when asked again while the offer is showing, leaves it to
/// the caller to hide the window (false).
pub fn offer_on_close<R: Runtime>(window: &tauri::Window<R>) -> bool {
    let app = window.app_handle();
    let Some(shown) = app.try_state::<OfferShown>() else {
        return false;
    };
    if shown.0.swap(false, Ordering::SeqCst) {
        // Closed again without an answer: the offer goes with the window.
        let _ = app.emit_to(window.label(), OFFER, false);
        return false;
    }
    if !due(app) {
        return false;
    }
    let offered = app.emit_to(window.label(), OFFER, true).is_ok();
    shown.0.store(offered, Ordering::SeqCst);
    offered
}

/// Whether the offer is still to be made: never offered, not already on,
/// and the database can record that it was.
fn due<R: Runtime>(app: &AppHandle<R>) -> bool {
    let state = crate::state(app);
    if state.read_only.is_some() || login_start(app.clone()).enabled {
        return false;
    }
    let store = state.store.lock().unwrap_or_else(|e| e.into_inner());
    store
        .setting(Setting::LoginStartOffered)
        .is_ok_and(|offered| offered != OFFERED)
}

/// The login entry, where the autostart plugin is loaded.
fn entry<R: Runtime>(app: &AppHandle<R>) -> Result<State<'_, AutoLaunchManager>, String> {
    app.try_state::<AutoLaunchManager>()
        .ok_or_else(|| "this system offers no way to start at login".to_owned())
}

/// Makes the folder the entry goes in: the plugin writes
/// `~/.config/autostart` on Linux but creates only its last part.
fn entry_folder<R: Runtime>(app: &AppHandle<R>) -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        let config = app
            .path()
            .home_dir()
            .map_err(|e| e.to_string())?
            .join(".config");
        std::fs::create_dir_all(&config)
            .map_err(|e| format!("cannot create {}: {e}", config.display()))?;
    }
    let _ = app;
    Ok(())
}

/// Records that the offer was made or answered (a database open to read
/// only cannot say, and is never offered it).
fn mark_offered(state: &AppState) -> Result<(), IpcError> {
    if state.read_only.is_some() {
        return Ok(());
    }
    let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
    store.set_setting(Setting::LoginStartOffered, OFFERED)?;
    Ok(())
}

fn close_offer<R: Runtime>(app: &AppHandle<R>, window: &WebviewWindow<R>) {
    if let Some(shown) = app.try_state::<OfferShown>() {
        shown.0.store(false, Ordering::SeqCst);
    }
    if let Err(err) = window.hide() {
        log::error!("cannot close the window to the tray: {err}");
    }
}
