//! The tray icon and its menu: declare an incident, open Sitrep, see the
//! next update due, snooze every reminder for 5, 10 or 30 minutes, about, quit. Its tooltip
//! and title carry the number of overdue updates. The tray library is loaded
//! at run time; where it is missing Sitrep runs without a tray and says so.

use std::panic::{AssertUnwindSafe, catch_unwind};

use sitrep::comms::{self, DueSummary};
use sitrep::scheduler::{self, SnoozeFor};
use tauri::menu::{IsMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::window;

/// Menu ids of the snooze items: this, then the minutes.
const SNOOZE_ALL: &str = "snooze-all-";

/// What the tray shows that changes: kept to update it.
struct TrayHandles<R: Runtime> {
    icon: TrayIcon<R>,
    next: MenuItem<R>,
}

/// Builds the tray icon; logs and carries on if the desktop has no tray.
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    match catch_unwind(AssertUnwindSafe(|| build(app))) {
        Ok(Ok(handles)) => {
            app.manage(handles);
        }
        Ok(Err(err)) => {
            log::warn!("no tray icon ({err}); the window has every action")
        }
        Err(_) => {
            log::warn!("no tray icon (the tray library is missing); the window has every action")
        }
    }
}

fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<TrayHandles<R>> {
    let declare = MenuItem::with_id(app, "declare", "Declare incident…", true, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", "Open Sitrep", true, None::<&str>)?;
    let next = MenuItem::with_id(app, "next", "No updates due", true, None::<&str>)?;
    let snooze = SnoozeFor::ALL
        .iter()
        .map(|length| {
            let minutes = length.as_minutes();
            let label = format!("Snooze all {minutes} min");
            MenuItem::with_id(
                app,
                format!("{SNOOZE_ALL}{minutes}"),
                label,
                true,
                None::<&str>,
            )
        })
        .collect::<tauri::Result<Vec<_>>>()?;
    let about = MenuItem::with_id(app, "about", "About Sitrep…", true, None::<&str>)?;
    let quit_item = MenuItem::with_id(app, "quit", "Quit Sitrep…", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let mut items: Vec<&dyn IsMenuItem<R>> = vec![&declare, &open, &next];
    items.extend(snooze.iter().map(|item| item as &dyn IsMenuItem<R>));
    items.extend([&separator as &dyn IsMenuItem<R>, &about, &quit_item]);
    let menu = Menu::with_items(app, &items)?;
    let mut tray = TrayIconBuilder::with_id("sitrep")
        .tooltip("Sitrep")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "declare" => window::request_declare(app),
            "open" | "next" => window::bring_forward(app),
            "about" => crate::about::show(app),
            "quit" => quit(app),
            id => {
                let length = id.strip_prefix(SNOOZE_ALL).and_then(|m| m.parse().ok());
                if let Some(length) = length.and_then(|m| SnoozeFor::minutes(m).ok()) {
                    snooze_all(app, length);
                }
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    Ok(TrayHandles {
        icon: tray.build(app)?,
        next,
    })
}

/// Whether the tray icon is there (closing the window then keeps Sitrep running).
pub fn installed<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<TrayHandles<R>>().is_some()
}

/// What the tray says: its tooltip, its title (the overdue count, where the
/// desktop shows one) and its "next due" menu item.
#[derive(Debug, PartialEq, Eq)]
pub struct TrayLines {
    pub tooltip: String,
    pub title: Option<String>,
    pub next: String,
}

impl TrayLines {
    /// The lines for `summary`, the one the window's next-update bar shows.
    pub fn of(summary: &DueSummary) -> Self {
        let tooltip = match summary.overdue {
            0 => "Sitrep".to_owned(),
            1 => "Sitrep — 1 update overdue".to_owned(),
            n => format!("Sitrep — {n} updates overdue"),
        };
        let next = summary.lead.as_ref().map_or_else(
            || match summary.snoozed {
                0 => "No updates due".to_owned(),
                n => format!("No updates due; {n} snoozed"),
            },
            |o| {
                format!(
                    "{}: {} ({}{}) {} {}",
                    if summary.overdue > 0 {
                        "Overdue"
                    } else {
                        "Next"
                    },
                    o.stakeholder,
                    o.incident,
                    if o.drill { " DRILL" } else { "" },
                    if o.overdue { "overdue since" } else { "due" },
                    o.due_at.format("%H:%M UTC")
                )
            },
        );
        TrayLines {
            tooltip,
            title: (summary.overdue > 0).then(|| summary.overdue.to_string()),
            next,
        }
    }

    /// The lines for what is due now in `app`'s database.
    pub fn now<R: Runtime>(app: &AppHandle<R>) -> sitrep::error::Result<Self> {
        let state = crate::state(app);
        let store = state.store.lock().unwrap_or_else(|e| e.into_inner());
        let due = comms::due_with_summary(&store, state.clock.now())?;
        Ok(Self::of(&due.summary))
    }
}

/// Updates the tooltip, title and "next due" item from the open obligations.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let Some(handles) = app.try_state::<TrayHandles<R>>() else {
        return;
    };
    let Ok(lines) = TrayLines::now(app) else {
        return;
    };
    let _ = handles.icon.set_tooltip(Some(&lines.tooltip));
    let _ = handles.icon.set_title(lines.title.as_deref());
    let _ = handles.next.set_text(lines.next);
}

fn snooze_all<R: Runtime>(app: &AppHandle<R>, length: SnoozeFor) {
    let state = crate::state(app);
    let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
    if let Err(err) = scheduler::snooze(&mut store, state.clock.as_ref(), &[], length) {
        log::error!("snooze: {err}");
    }
    state.wake.now();
}

/// Quits, after asking if updates are still owed: reminders stop with Sitrep.
pub fn quit<R: Runtime>(app: &AppHandle<R>) {
    let state = crate::state(app);
    let open = {
        let store = state.store.lock().unwrap_or_else(|e| e.into_inner());
        store
            .open_obligations(state.clock.now())
            .map(|o| o.len())
            .unwrap_or(0)
    };
    if open == 0 {
        exit(app);
        return;
    }
    let app = app.clone();
    app.dialog()
        .message(format!(
            "{open} stakeholder updates are still owed. If Sitrep quits, nobody reminds you of them."
        ))
        .title("Quit Sitrep?")
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom("Quit".into(), "Keep running".into()))
        .show(move |quit| {
            if quit {
                exit(&app);
            }
        });
}

/// How long the window gets to save what is being typed before Sitrep exits.
const SAVE_GRACE: std::time::Duration = std::time::Duration::from_millis(400);

/// Exits after telling the window (`sitrep://quitting`), so an editor saves
/// its last keystrokes first.
fn exit<R: Runtime>(app: &AppHandle<R>) {
    use tauri::Emitter;
    if app.emit("sitrep://quitting", ()).is_err() {
        app.exit(0);
        return;
    }
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(SAVE_GRACE);
        app.exit(0);
    });
}
