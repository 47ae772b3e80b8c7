//! Reminders as the IC meets them: a real notification daemon (dunst on a
//! private D-Bus session) shows exactly one notification for an update that
//! became due, and none more after a restart; with no notification service
//! at all, the app keeps going and shows the reminder in its window.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::{TimeDelta, Utc};
use serde_json::Value;

use crate::harness::Harness;

/// Declares a SEV1 sixteen minutes ago, so its initial notices became due a minute ago.
fn declare_due_a_minute_ago(harness: &Harness) {
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

/// The Sitrep notifications in `dunstctl history` output, by summary.
fn sitrep_notifications(history: &str) -> Vec<String> {
    let history: Value = serde_json::from_str(history)
        .unwrap_or_else(|e| panic!("dunstctl history: {e}: {history}"));
    history["data"][0]
        .as_array()
        .expect("a list of notifications")
        .iter()
        .filter(|n| n["appname"]["data"] == "Sitrep")
        .map(|n| n["summary"]["data"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_due_update_is_notified_once_by_the_desktop_and_not_again_after_a_restart() {
    let harness = Harness::start();
    declare_due_a_minute_ago(&harness);
    let history = harness.in_private_session(
        r#"
        dunst >/dev/null 2>&1 &
        for i in $(seq 100); do dunstctl is-paused >/dev/null 2>&1 && break; sleep 0.1; done
        run_app() {
            "$APP" >/dev/null 2>&1 & app=$!
            for i in $(seq 200); do [ "$(dunstctl count displayed)" -gt 0 ] && break; sleep 0.1; done
            sleep 4
            kill $app; wait $app 2>/dev/null
            dunstctl close-all
        }
        run_app
        run_app
        echo '--- history ---'
        dunstctl history
        "#,
        Duration::from_secs(120),
    );
    // Other programs on the session (the accessibility bus) may print too.
    let history = history
        .split("--- history ---")
        .nth(1)
        .expect("the history");
    let shown = sitrep_notifications(history);
    assert_eq!(
        shown.len(),
        1,
        "expected exactly one notification: {shown:?}"
    );
    assert!(
        shown[0].starts_with("Update due: Exchange A (example) (Slack)")
            && shown[0].ends_with("— INC-1 SEV1"),
        "{}",
        shown[0]
    );
}

/// A private bus that cannot start any service, so no notification daemon.
struct BusWithoutServices {
    daemon: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl BusWithoutServices {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>"#,
                dir.path().display()
            ),
        )
        .expect("write the bus config");
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("its address"))
            .read_line(&mut address)
            .expect("read the bus address");
        Self {
            daemon,
            address: address.trim().to_owned(),
            _dir: dir,
        }
    }
}

impl Drop for BusWithoutServices {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[tokio::test]
async fn without_a_notification_service_the_reminder_shows_in_the_window() {
    let bus = BusWithoutServices::start();
    let harness = Harness::with_env(&[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    declare_due_a_minute_ago(&harness);
    let app = harness.launch().await;
    app.wait_for_text(
        "[data-testid='reminder']",
        "Update due: Exchange A (example) (Slack)",
    )
    .await;
    // Still alive and working: the checklist opens from the reminder.
    app.click("[data-testid='reminder'] button").await;
    app.wait_for_text("ul[aria-label='Comms checklist']", "Exchange A (example)")
        .await;
    app.quit().await;
}
