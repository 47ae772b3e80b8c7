//! Reminders as the IC meets them: a real notification daemon (dunst on the
//! harness's private D-Bus session bus) shows exactly one notification for an update that
//! became due, and none more after a restart; with no notification service
//! at all, the app keeps going and shows the reminder in its window.

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use serde_json::Value;

use crate::harness::{Harness, PATIENCE, wait_until};

/// Declares a SEV1 sixteen minutes ago, so its initial notices became due a minute ago.
pub fn declare_due_a_minute_ago(harness: &Harness) {
    let at = (Utc::now() - TimeDelta::minutes(16)).to_rfc3339();
    let out = harness.cli(&[
        "declare",
        "--title",
        "Validators offline",
        "--severity",
        "1",
        "--at",
        &at,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The Sitrep notifications in `dunstctl history` output: each summary and
/// body, on their lines.
pub fn sitrep_notifications(history: &str) -> Vec<String> {
    let history: Value = serde_json::from_str(history)
        .unwrap_or_else(|e| panic!("dunstctl history: {e}: {history}"));
    history["data"][0]
        .as_array()
        .expect("a list of notifications")
        .iter()
        .filter(|n| n["appname"]["data"] == "Sitrep")
        .map(|n| {
            let text = |field: &str| n[field]["data"].as_str().unwrap_or_default().to_owned();
            format!("{}\n{}", text("summary"), text("body"))
        })
        .collect()
}

#[test]
fn a_due_update_is_notified_once_by_the_desktop_and_not_again_after_a_restart() {
    let harness = Harness::start();
    declare_due_a_minute_ago(&harness);
    let _dunst = harness.start_dunst();
    for _run in 0..2 {
        let app = harness.spawn_app();
        // The first run shows the notification; the second must not, so
        // give it the same chance before looking.
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline && harness.dunstctl(&["count", "displayed"]).trim() == "0" {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_secs(4));
        drop(app);
        harness.dunstctl(&["close-all"]);
    }
    let shown = sitrep_notifications(&harness.dunstctl(&["history"]));
    assert_eq!(
        shown.len(),
        1,
        "expected exactly one notification: {shown:?}"
    );
    // The key first, then the title and who is owed.
    assert!(
        shown[0].starts_with(
            "INC-1 SEV1 · update due\nValidators offline\nExchange A (example) (Slack)"
        ),
        "{}",
        shown[0]
    );
}

/// A SEV1 resolved three days and a minute ago, its resolution notices sent:
/// only the postmortems are due, since a minute.
fn resolve_with_postmortems_due_a_minute_ago(harness: &Harness) {
    let ago = |minutes| (Utc::now() - TimeDelta::minutes(minutes)).to_rfc3339();
    let resolved = 3 * 24 * 60 + 1;
    for args in [
        vec![
            "declare",
            "--title",
            "Signer outage",
            "--severity",
            "1",
            "--at",
            &ago(resolved + 30),
        ],
        vec!["status", "INC-1", "resolved", "--at", &ago(resolved)],
        vec![
            "sent",
            "INC-1",
            "--to",
            "Exchange A (example),Liquid staking protocol (example),Public status page (example)",
            "--message",
            "Resolved.",
            "--at",
            &ago(resolved - 5),
        ],
    ] {
        let out = harness.cli(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_due_postmortem_is_notified_as_postmortem_due_never_as_an_update() {
    let harness = Harness::start();
    resolve_with_postmortems_due_a_minute_ago(&harness);
    let _dunst = harness.start_dunst();
    let app = harness.spawn_app();
    wait_until("a notification", || {
        harness.dunstctl(&["count", "displayed"]).trim() != "0"
    });
    drop(app);
    harness.dunstctl(&["close-all"]);
    let shown = sitrep_notifications(&harness.dunstctl(&["history"]));
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        // Four owed it, the auditor among them: three named, one counted.
        shown[0].starts_with("INC-1 SEV1 · postmortem due\nSigner outage\n")
            && shown[0].contains("(status page) +1 more\n"),
        "{}",
        shown[0]
    );
}

#[test]
fn ctrl_w_closes_the_window_to_the_tray_and_reminders_keep_coming() {
    let harness = Harness::start();
    let _dunst = harness.start_dunst();
    let app = harness.spawn_app();
    wait_until("the window to show", || harness.window_visible());
    harness.close_window_with_ctrl_w();
    // Still running in the tray: an update that falls due is notified.
    declare_due_a_minute_ago(&harness);
    wait_until("a notification from the tray", || {
        harness.dunstctl(&["count", "displayed"]).trim() != "0"
    });
    harness.dunstctl(&["close-all"]);
    let shown = sitrep_notifications(&harness.dunstctl(&["history"]));
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("INC-1 SEV1 · update due") && s.contains("Exchange A (example)")),
        "{shown:?}"
    );
    drop(app);
}

/// The harness's bus starts no services, so no notification daemon is there.
#[tokio::test]
async fn without_a_notification_service_the_reminder_shows_in_the_window() {
    let harness = Harness::start();
    declare_due_a_minute_ago(&harness);
    let app = harness.launch().await;
    app.wait_for_text("[data-testid='reminder']", "INC-1 SEV1 · update due")
        .await;
    app.wait_for_text("[data-testid='reminder']", "Exchange A (example) (Slack)")
        .await;
    // Still alive and working: the checklist opens from the reminder.
    app.click("[data-testid='reminder'] button").await;
    app.wait_for_text("ul[aria-label='Comms checklist']", "Exchange A (example)")
        .await;
    app.quit().await;
}
