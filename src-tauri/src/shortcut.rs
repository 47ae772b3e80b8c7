//! The system-wide shortcut that opens the declare form from anywhere
//! (X11 only: Wayland does not let applications grab keys). It is a setting
//! kept in the database; if it cannot be registered the window says why and
//! Ctrl+N and the tray remain.

use std::sync::Mutex;

use serde::Serialize;
use sitrep::store::Setting;
use sitrep::{Error, InvalidInput};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_global_shortcut::{GlobalShortcut, Shortcut, ShortcutState};
use ts_rs::TS;

use crate::{AppState, IpcError, window};

/// The global shortcut as the settings view shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ShortcutStatus {
    /// The shortcut as the user typed it, e.g. `Ctrl+Alt+I`.
    pub shortcut: String,
    /// Whether it is registered and working now.
    pub active: bool,
    /// Why it is not working, in words.
    pub problem: Option<String>,
}

/// The managed state: the shortcut now and whether it works.
#[derive(Default)]
pub struct ShortcutSetting(Mutex<ShortcutStatus>);

/// Loads the global-shortcut plugin and registers the stored shortcut;
/// never fails the app — a problem is kept for the settings view.
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    app.manage(ShortcutSetting::default());
    let stored = crate::state(app)
        .store
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .setting(Setting::GlobalShortcut)
        .unwrap_or_else(|_| Setting::GlobalShortcut.default_value().to_owned());
    let plugin = tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|app, _shortcut, event| {
            if event.state() == ShortcutState::Pressed {
                window::request_declare(app);
            }
        })
        .build();
    let status = match app.plugin(plugin) {
        Ok(()) => register(app, &stored, None),
        Err(err) => Err(format!(
            "global shortcuts are not available here ({err}); use Ctrl+N in the window or the tray menu"
        )),
    };
    record(app, &stored, status.err());
}

/// Parses a shortcut typed by the user.
fn parse(text: &str) -> Result<Shortcut, InvalidInput> {
    text.trim().parse::<Shortcut>().map_err(|err| {
        InvalidInput::new(
            "shortcut",
            format!("{text:?} is not a shortcut ({err}); write it like Ctrl+Alt+I"),
        )
    })
}

/// Registers `text`, replacing `previous` if given.
fn register<R: Runtime>(
    app: &AppHandle<R>,
    text: &str,
    previous: Option<&str>,
) -> Result<(), String> {
    let Some(manager) = app.try_state::<GlobalShortcut<R>>() else {
        return Err(
            "global shortcuts are not available here; use Ctrl+N in the window or the tray menu"
                .into(),
        );
    };
    let shortcut = parse(text).map_err(|e| e.message)?;
    if let Some(old) = previous.and_then(|p| parse(p).ok()) {
        let _ = manager.unregister(old);
    }
    manager.register(shortcut).map_err(|err| {
        format!("{text} could not be registered ({err}); another application may be using it")
    })
}

fn record<R: Runtime>(app: &AppHandle<R>, text: &str, problem: Option<String>) {
    if let Some(problem) = &problem {
        log::warn!("{problem}");
    }
    if let Some(state) = app.try_state::<ShortcutSetting>() {
        *state.0.lock().unwrap_or_else(|e| e.into_inner()) = ShortcutStatus {
            shortcut: text.to_owned(),
            active: problem.is_none(),
            problem,
        };
    }
}

/// The global shortcut and whether it works.
#[tauri::command(async)]
pub fn shortcut_status<R: Runtime>(app: AppHandle<R>) -> ShortcutStatus {
    app.try_state::<ShortcutSetting>()
        .map(|s| s.0.lock().unwrap_or_else(|e| e.into_inner()).clone())
        .unwrap_or_default()
}

/// Changes the global shortcut: checked, registered, then stored. If the new
/// one cannot be registered the old one stays.
#[tauri::command(async)]
pub fn set_shortcut<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    shortcut: String,
) -> Result<ShortcutStatus, IpcError> {
    parse(&shortcut).map_err(Error::from)?;
    let text = shortcut.trim();
    let current = shortcut_status(app.clone());
    if let Err(problem) = register(&app, text, Some(&current.shortcut)) {
        let _ = register(&app, &current.shortcut, None);
        return Err(Error::from(InvalidInput::new("shortcut", problem)).into());
    }
    state
        .store
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .set_setting(Setting::GlobalShortcut, text)?;
    record(&app, text, None);
    Ok(shortcut_status(app))
}
