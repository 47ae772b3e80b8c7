//! Starting at login, as a user meets it: offered once, the first time the
//! window is closed to the tray; switched off and on in Settings; and the
//! login entry starts Sitrep in the tray with no window, where it reminds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::{Harness, desktop_binary, wait_until};
use crate::notifications::{declare_due_a_minute_ago, sitrep_notifications};

const OFFER: &str = "[data-testid='login-offer']";
const SWITCH: &str = "[data-testid='login-start']";

/// The XDG autostart entry in the app's home folder.
fn entry(harness: &Harness) -> PathBuf {
    harness.home().join(".config/autostart/Sitrep.desktop")
}

#[tokio::test]
async fn started_at_login_sitrep_waits_in_the_tray_with_no_window_and_still_reminds() {
    let harness = Harness::start();
    let entry = entry(&harness);

    // The first close to the tray offers starting at login, and waits for the answer.
    let app = harness.launch().await;
    wait_until("the window to show", || harness.window_visible());
    harness.press_in_window("ctrl+w");
    app.wait_for("the offer", &format!("{OFFER}[open]")).await;
    assert!(harness.window_visible(), "the window hid before the answer");
    assert!(!entry.exists(), "the entry was written before the answer");
    app.click("[data-testid='login-offer-start']").await;
    wait_until("the window to close to the tray", || {
        !harness.window_visible()
    });
    let text = std::fs::read_to_string(&entry).expect("the login entry");
    let exec = text
        .lines()
        .find_map(|line| line.strip_prefix("Exec="))
        .unwrap_or_else(|| panic!("no Exec line: {text}"))
        .to_owned();
    let binary = desktop_binary().canonicalize().expect("the app's path");
    assert_eq!(exec, format!("{} --in-tray", binary.display()));
    assert!(text.lines().any(|l| l == "Type=Application"), "{text}");
    app.quit().await;

    // Offered once: now Settings has it, and closing the window just closes it.
    let app = harness.launch().await;
    app.click("button[data-view='settings']").await;
    app.wait_for("the switch, on", &format!("{SWITCH}:checked"))
        .await;
    app.click(SWITCH).await;
    wait_until("the entry to go", || !entry.exists());
    app.click(SWITCH).await;
    wait_until("the entry to come back", || entry.exists());
    assert_eq!(std::fs::read_to_string(&entry).expect("the entry"), text);
    harness.press_in_window("ctrl+w");
    wait_until("the window to close to the tray", || {
        !harness.window_visible()
    });
    let offered = app
        .script(&format!("return document.querySelector(\"{OFFER}\").open"))
        .await;
    assert_eq!(offered, false, "the offer was made twice");
    app.quit().await;

    // At login: the entry's command starts Sitrep with no window, and it reminds.
    let _dunst = harness.start_dunst();
    declare_due_a_minute_ago(&harness);
    let mut words = exec.split(' ');
    let program = words.next().expect("a program");
    let args: Vec<&str> = words.collect();
    let _app = harness.spawn_program(Path::new(program), &args);
    let mut window_shown = false;
    wait_until("a notification from the tray", || {
        window_shown |= harness.window_visible();
        harness.dunstctl(&["count", "displayed"]).trim() != "0"
    });
    // A window that comes late is as wrong as one that comes first.
    let settle = Instant::now() + Duration::from_secs(2);
    while Instant::now() < settle {
        window_shown |= harness.window_visible();
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!window_shown, "started at login, a window showed");
    harness.dunstctl(&["close-all"]);
    let shown = sitrep_notifications(&harness.dunstctl(&["history"]));
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("INC-1 SEV1 · update due")),
        "{shown:?}"
    );
}
