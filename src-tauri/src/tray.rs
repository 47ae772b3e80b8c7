//! The tray icon and its menu: declare an incident or open Sitrep without
//! finding the window. The tray library is loaded at run time; where it is
//! missing Sitrep runs without a tray and says so once.

use std::panic::{AssertUnwindSafe, catch_unwind};

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Runtime};

use crate::window;

/// Builds the tray icon; logs and carries on if the desktop has no tray.
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    match catch_unwind(AssertUnwindSafe(|| build(app))) {
        Ok(Ok(())) => {}
        Ok(Err(err)) => {
            eprintln!("sitrep-desktop: no tray icon ({err}); the window has every action")
        }
        Err(_) => eprintln!(
            "sitrep-desktop: no tray icon (the tray library is missing); the window has every action"
        ),
    }
}

fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let declare = MenuItem::with_id(app, "declare", "Declare incident…", true, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", "Open Sitrep", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Sitrep", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&declare, &open, &separator, &quit])?;
    let mut tray = TrayIconBuilder::with_id("sitrep")
        .tooltip("Sitrep")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "declare" => window::request_declare(app),
            "open" => window::bring_forward(app),
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}
