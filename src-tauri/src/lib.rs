//! Sitrep's desktop shell: a thin Tauri front door onto the core. Each IPC
//! command parses its payload, calls one core function and maps the error;
//! no business rule lives here.

mod about;
mod backups;
mod commands;
mod comms_commands;
mod failure;
mod files;
mod ipc_error;
mod launch;
mod logging;
mod login;
mod notification;
mod postmortem_commands;
mod reminders;
mod shortcut;
mod tray;
mod watch;
mod window;

use std::ffi::OsString;
use std::sync::Mutex;

use sitrep::{Clock, Store, SystemClock};
use tauri::{Builder, Manager, Runtime};

pub use about::About;
pub use backups::Backups;
pub use failure::{FailureState, OpenFailure, Startup, app as failure_app};
pub use files::{Ask, Files, Saved};
pub use ipc_error::IpcError;
pub use login::LoginStart;
pub use reminders::ReminderEvent;
pub use shortcut::ShortcutStatus;
pub use tray::TrayLines;
pub use watch::StoreChange;

/// What every IPC command works on: the open database, the clock, the
/// reminder loop's wake-up call (any change may bring a reminder forward),
/// and, for a database open to read only, why writing is off.
pub struct AppState {
    store: Mutex<Store>,
    clock: Box<dyn Clock>,
    wake: reminders::Wake,
    read_only: Option<String>,
    /// Where this app's own last write left the timelines: what the store
    /// watcher reports as changed elsewhere starts after it.
    own_mark: Mutex<Option<sitrep::store::TimelineMark>>,
}

impl AppState {
    /// State over an open store and a clock.
    pub fn new(store: Store, clock: Box<dyn Clock>) -> Self {
        Self {
            store: Mutex::new(store),
            clock,
            wake: reminders::Wake::default(),
            read_only: None,
            own_mark: Mutex::new(None),
        }
    }

    /// State over a store opened to read only, `reason` saying why.
    pub fn read_only(store: Store, clock: Box<dyn Clock>, reason: String) -> Self {
        Self {
            read_only: Some(reason),
            ..Self::new(store, clock)
        }
    }
}

/// Adds Sitrep's state, commands and background tasks to a Tauri builder.
/// Generic over the runtime so tests can use Tauri's mock runtime; the
/// parts that need a real desktop (tray, global shortcut, file dialogs) are
/// added by [`run`], which owns the builder's one `setup` hook.
pub fn app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .manage(reminders::Undelivered::default())
        .manage(backups::Picked::default())
        .manage(login::OfferShown::default())
        .invoke_handler(tauri::generate_handler![
            failure::startup,
            backups::backups,
            backups::back_up_now,
            backups::pick_backup,
            backups::restore_backup,
            logging::open_log_folder,
            login::login_start,
            login::set_login_start,
            login::answer_login_offer,
            about::about,
            commands::declare_incident,
            commands::list_incidents,
            commands::show_incident,
            commands::change_status,
            commands::add_note,
            commands::set_pinned,
            commands::edit_note,
            commands::edit_incident,
            commands::assign_role,
            commands::mark_step,
            commands::month_report,
            commands::report_time_zone,
            commands::set_report_time_zone,
            commands::report_trend,
            commands::export_report,
            commands::sla_budgets,
            commands::list_plans,
            commands::save_plan,
            commands::remove_plan,
            commands::export_plans,
            commands::import_plans,
            comms_commands::list_stakeholders,
            comms_commands::add_stakeholder,
            comms_commands::set_channel,
            comms_commands::retire_stakeholder,
            comms_commands::set_stakeholder_policy,
            comms_commands::export_stakeholders,
            comms_commands::import_stakeholders,
            comms_commands::policies,
            comms_commands::save_cadence,
            comms_commands::save_cadence_override,
            comms_commands::save_group_policy,
            comms_commands::due,
            comms_commands::compose_update,
            comms_commands::save_draft,
            comms_commands::reset_draft,
            comms_commands::record_update,
            comms_commands::set_membership,
            comms_commands::set_affected,
            comms_commands::skip_obligation,
            comms_commands::record_feedback,
            postmortem_commands::postmortem,
            postmortem_commands::start_postmortem,
            postmortem_commands::save_postmortem,
            postmortem_commands::set_postmortem_status,
            postmortem_commands::postmortem_version,
            postmortem_commands::postmortem_diff,
            postmortem_commands::restore_postmortem,
            postmortem_commands::export_postmortem,
            postmortem_commands::share_postmortem,
            postmortem_commands::list_templates,
            postmortem_commands::save_template,
            postmortem_commands::remove_template,
            postmortem_commands::list_actions,
            postmortem_commands::add_action,
            postmortem_commands::update_action,
            comms_commands::snooze,
            comms_commands::mark_sent,
            reminders::undelivered_reminder,
            shortcut::shortcut_status,
            shortcut::set_shortcut,
        ])
        .plugin(watch::plugin())
        .plugin(tauri_plugin_opener::init())
}

/// Opens the database named on the command line (`--db`), by `SITREP_DB`,
/// or the default one, and runs the window until it is closed. A database
/// that cannot be opened gets a window that says why, not an exit. With
/// `--in-tray` (how the login entry starts it) no window shows until asked.
pub fn run() {
    let args = || std::env::args_os().skip(1);
    if launch::version_flag(args()) {
        println!("sitrep-desktop {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    let path = match launch::db_flag(args()).and_then(sitrep::store::resolve_path) {
        Ok(path) => path,
        Err(err) => {
            eprintln!("sitrep-desktop: {err}");
            std::process::exit(2);
        }
    };
    let clock = Box::new(SystemClock);
    let context = tauri::tauri_build_context!();
    let in_tray = launch::in_tray_flag(args());
    let built = match launch::open(&path, launch::read_only_flag(args())) {
        launch::Opened::Writable(store) => normal(AppState::new(store, clock), in_tray, context),
        launch::Opened::ReadOnly(store, err) => {
            let reason = failure::read_only_reason(&path, &err);
            normal(AppState::read_only(store, clock, reason), in_tray, context)
        }
        launch::Opened::Refused(err) => {
            let refused = format!("cannot open {}: {err}", path.display());
            failure::app(Builder::default(), FailureState::new(path, &err, clock))
                .plugin(logging::plugin())
                .plugin(tauri_plugin_dialog::init())
                .setup(move |app| {
                    app.manage(files::Files::dialog(app.handle().clone()));
                    // Why Sitrep cannot work shows even when started in the tray.
                    window::bring_forward(app.handle());
                    log::error!("{refused}");
                    Ok(())
                })
                .run(context)
        }
    };
    if let Err(err) = built {
        eprintln!("sitrep-desktop: the window could not start: {err}");
        std::process::exit(1);
    }
}

/// Runs the app on an open database, with tray, shortcut, reminders and
/// backups; the window shows unless started `in_tray` with a tray to wait in.
fn normal(state: AppState, in_tray: bool, context: tauri::Context) -> tauri::Result<()> {
    let read_only = state.read_only.clone();
    let builder = Builder::default()
        // Started again: the window comes forward, unless by the login entry.
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            if !launch::in_tray_flag(args.into_iter().map(OsString::from)) {
                window::bring_forward(app)
            }
        }))
        .plugin(logging::plugin())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(login::plugin())
        .setup(move |app| {
            app.manage(files::Files::dialog(app.handle().clone()));
            tray::install(app.handle());
            if in_tray && tray::installed(app.handle()) {
                log::info!("started in the tray");
            } else {
                window::bring_forward(app.handle());
            }
            shortcut::install(app.handle());
            // Reminders record what fired and backups need a sound, writable file.
            match &read_only {
                None => {
                    reminders::spawn(app.handle().clone());
                    backups::spawn(app.handle().clone());
                }
                Some(reason) => log::warn!("read-only: {reason}"),
            }
            Ok(())
        })
        // Closing the window keeps Sitrep in the tray: reminders must keep
        // coming. The first time, starting at login is offered before it hides.
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if tray::installed(window.app_handle()) {
                    api.prevent_close();
                    if !login::offer_on_close(window) {
                        let _ = window.hide();
                    }
                }
            }
        });
    app(builder, state).run(context)
}

/// The managed state of a running app.
fn state<R: Runtime>(app: &impl Manager<R>) -> tauri::State<'_, AppState> {
    app.state::<AppState>()
}
