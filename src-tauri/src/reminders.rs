//! The reminder loop: a tokio task that runs the core scheduler, shows what
//! fired as a native notification (notify-rust, with "Mark sent" and
//! "Snooze 10 min" where the desktop supports actions), and sleeps until the
//! next wake instant — at most 30 s, so sleep/resume and clock jumps are
//! noticed — or until the data changes. Without a notification service the
//! reminder goes to the window and the tray instead, with one warning.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::Serialize;
use sitrep::comms;
use sitrep::scheduler::{self, MAX_SLEEP, Notice, SnoozeFor};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::Notify;
use ts_rs::TS;

use crate::{notification, tray, window};

/// The event that carries a reminder to the window.
pub const REMINDER: &str = "reminder";

/// What the window hears when a reminder fires.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReminderEvent {
    pub notice: Notice,
    /// Whether the desktop showed it; if not, the window must.
    pub delivered: bool,
}

/// The last reminder the desktop could not show, for a window that opens
/// (or finishes loading) after it fired.
#[derive(Default)]
pub struct Undelivered(std::sync::Mutex<Option<Notice>>);

/// The last reminder the desktop could not show, if any; the window asks on start.
#[tauri::command(async)]
pub fn undelivered_reminder(state: tauri::State<'_, Undelivered>) -> Option<Notice> {
    state.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Wakes the loop early; shared by everything that changes the data.
#[derive(Default)]
pub struct Wake(Notify);

impl Wake {
    /// Asks the loop to look again now.
    pub fn now(&self) {
        self.0.notify_one();
    }

    /// Returns once the loop has been asked to look again.
    pub async fn asked(&self) {
        self.0.notified().await
    }
}

/// Whether the notification service was missing already (warn once).
static WARNED: AtomicBool = AtomicBool::new(false);

/// The app icon, written where the notification daemon can read it.
static ICON: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn write_icon<R: Runtime>(app: &AppHandle<R>) {
    let path = app
        .path()
        .app_cache_dir()
        .map(|dir| dir.join("sitrep-128.png"));
    let written = path.and_then(|path| {
        std::fs::create_dir_all(path.parent().unwrap_or(&path))?;
        std::fs::write(&path, include_bytes!("../../icons/128x128.png"))?;
        Ok(path)
    });
    if let Ok(path) = written {
        let _ = ICON.set(path.display().to_string());
    }
}

/// Starts the loop on Tauri's async runtime.
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    write_icon(&app);
    tauri::async_runtime::spawn(async move {
        loop {
            let state = crate::state(&app);
            let tick = {
                let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
                scheduler::tick(&mut store, state.clock.as_ref())
            };
            let sleep = match tick {
                Ok(tick) => {
                    if let Some(notice) = tick.notice {
                        deliver(&app, notice);
                    }
                    // Sleep by the precise wall clock (the core's clock is to the
                    // second), so a reminder fires within milliseconds of its instant.
                    let now = chrono::Utc::now();
                    let until = tick.wake_at.map_or(MAX_SLEEP, |w| (w - now).min(MAX_SLEEP));
                    until.to_std().unwrap_or(Duration::ZERO)
                }
                Err(err) => {
                    log::error!("the reminder check failed: {err}");
                    MAX_SLEEP.to_std().unwrap_or(Duration::from_secs(30))
                }
            };
            tray::refresh(&app);
            tokio::select! {
                _ = tokio::time::sleep(sleep) => {}
                _ = state.wake.asked() => {}
            }
        }
    });
}

/// Shows a notice on the desktop, falling back to the window.
fn deliver<R: Runtime>(app: &AppHandle<R>, notice: Notice) {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let icon = ICON.get().map_or("dialog-warning", String::as_str);
        let shown = notification::show(&notice, icon);
        let delivered = shown.is_ok();
        let place = if delivered {
            "on the desktop"
        } else {
            "in the window"
        };
        log::info!(
            "reminder for {} shown {place}: {}",
            notice.incident,
            notice.summary
        );
        if let Err(err) = &shown {
            if !WARNED.swap(true, Ordering::Relaxed) {
                log::warn!(
                    "no desktop notification service ({err}); reminders will show in the window and the tray"
                );
            }
        }
        if !delivered {
            if let Some(undelivered) = app.try_state::<Undelivered>() {
                *undelivered.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(notice.clone());
            }
        }
        let event = ReminderEvent {
            notice: notice.clone(),
            delivered,
        };
        if let Err(err) = app.emit(REMINDER, &event) {
            log::error!("cannot show the reminder in the window: {err}");
        }
        // Waiting keeps the D-Bus connection (and so the notification) alive,
        // and lets the actions act.
        if let Ok(shown) = shown {
            shown.wait(|action| act(&app, &notice, action));
        }
    });
}

/// What a click on the notification or one of its actions does.
fn act<R: Runtime>(app: &AppHandle<R>, notice: &Notice, action: &str) {
    log::info!("reminder for {}: {action} clicked", notice.incident);
    let state = crate::state(app);
    let result = {
        let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
        match action {
            "mark-sent" => {
                comms::mark_sent(&mut store, state.clock.as_ref(), &notice.obligations).map(drop)
            }
            "default" => {
                window::open_incident(app, &notice.incident.to_string());
                Ok(())
            }
            // "snooze-5", "snooze-10", "snooze-30"; anything else is the notification closing.
            other => match other
                .strip_prefix("snooze-")
                .and_then(|m| m.parse::<i64>().ok())
            {
                Some(minutes) => SnoozeFor::minutes(minutes)
                    .map_err(sitrep::Error::from)
                    .and_then(|length| {
                        scheduler::snooze(
                            &mut store,
                            state.clock.as_ref(),
                            &notice.obligations,
                            length,
                        )
                    })
                    .map(drop),
                None => Ok(()),
            },
        }
    };
    if let Err(err) = result {
        window::open_incident(app, &notice.incident.to_string());
        log::error!("{action}: {err}");
        let _ = app.emit("action-failed", err.to_string());
    }
    state.wake.now();
}
