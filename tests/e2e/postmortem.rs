//! The postmortem as its writer meets it in the window: drafted from a
//! resolved incident, typed into the real editor, kept through a crash a
//! second after the last keystroke, an earlier version restored, and shared
//! with a stakeholder, whose obligation the comms checklist shows fulfilled.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use chrono::{TimeDelta, Utc};

use crate::harness::{App, Harness, wait_until};

const RAIL_ITEM: &str = "nav[aria-label='Incidents'] [data-incident='INC-1']";
const EDITOR: &str = ".cm-content";
const AUDITOR: &str = "Security auditor (example)";

/// Kills `sitrep-desktop` with SIGKILL, as a crash or a power cut would:
/// no quit event, no close request, no chance to save anything more.
async fn crash(app: App) {
    let pid = app.pid();
    let killed = Command::new("kill")
        .args(["-s", "KILL", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success(), "cannot kill sitrep-desktop ({pid})");
    wait_until("sitrep-desktop to die", || {
        !Path::new(&format!("/proc/{pid}")).exists()
    });
    // The session's browser is gone; end the session so the driver takes a new one.
    let _ = tokio::time::timeout(Duration::from_secs(5), app.client.close()).await;
}

/// Opens INC-1's postmortem from its incident view.
async fn open_postmortem(app: &App) {
    app.click(RAIL_ITEM).await;
    app.click("button.open-postmortem").await;
    app.wait_for("the editor", EDITOR).await;
}

#[tokio::test]
async fn a_postmortem_survives_a_crash_a_second_after_typing_and_shares_fulfil_the_obligation() {
    let harness = Harness::start();
    let ago = |minutes| (Utc::now() - TimeDelta::minutes(minutes)).to_rfc3339();
    // A back-filled SEV1, resolved an hour ago: every example stakeholder is owed its postmortem.
    for args in [
        vec![
            "declare",
            "--title",
            "Validators offline after a bad config push",
            "--severity",
            "1",
            "--at",
            &ago(180),
        ],
        vec!["status", "INC-1", "resolved", "--at", &ago(60)],
    ] {
        let out = harness.cli(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let app = harness.launch().await;
    app.click(RAIL_ITEM).await;
    app.click("button.write-postmortem").await;
    app.wait_for(
        "the template picker",
        "form[aria-label='Start the postmortem'] option[value='SRE review']",
    )
    .await;
    app.click("form[aria-label='Start the postmortem'] button.write")
        .await;
    app.wait_for_text(
        EDITOR,
        "# Postmortem: Validators offline after a bad config push",
    )
    .await;
    app.wait_for_text("[data-testid='save-state']", "version 1")
        .await;

    // Typed at the very top, where the editor opens with its cursor, so it
    // stays in view (CodeMirror renders only the lines in view).
    let sentence = format!(
        "Canary {}: the signer fell back to a stale slashing database.",
        std::process::id()
    );
    app.client
        .execute("document.querySelector('.cm-content').focus()", vec![])
        .await
        .expect("focus the editor");
    app.type_into(EDITOR, &format!("{sentence}\u{E007}\u{E007}"))
        .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    crash(app).await;

    let app = harness.launch().await;
    open_postmortem(&app).await;
    app.wait_for_text(EDITOR, &sentence).await;
    app.wait_for_text("ol[aria-label='Versions']", "Version 2")
        .await;

    // Version 1 is the draft as written from the record, without the sentence.
    app.click("ol[aria-label='Versions'] li[data-version='1'] button")
        .await;
    app.wait_for_text("[data-testid='save-state']", "Saved")
        .await;
    wait_for_editor_without(&app, &sentence).await;
    app.wait_for_text(
        EDITOR,
        "# Postmortem: Validators offline after a bad config push",
    )
    .await;

    app.click("button.share").await;
    app.click(&format!("dialog input[value='{AUDITOR}']")).await;
    app.click("dialog button[type='submit']").await;
    app.wait_for_text(
        "ul[aria-label='Shared with']",
        &format!("shared with {AUDITOR}"),
    )
    .await;

    app.click("button.back").await;
    let row =
        |name: &str| format!("ul[aria-label='Comms checklist'] li[data-stakeholder='{name}']");
    app.wait_for_text(
        &format!("{} [data-testid='postmortem-ended']", row(AUDITOR)),
        "postmortem shared",
    )
    .await;
    // The others are still owed theirs.
    app.wait_for_text(
        &format!(
            "{} [data-testid='postmortem-due']",
            row("Exchange A (example)")
        ),
        "postmortem due in",
    )
    .await;
    app.quit().await;

    let shown = harness.cli(&["show", "INC-1", "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("show --json");
    let shared = shown["comms"]["obligations"]
        .as_array()
        .expect("obligations")
        .iter()
        .find(|o| o["stakeholder"] == AUDITOR && o["kind"] == "postmortem")
        .cloned()
        .expect("the auditor's postmortem obligation");
    assert_eq!(shared["outcome"], "on_time", "{shared}");
}

/// Waits until the editor no longer shows `text`.
async fn wait_for_editor_without(app: &App, text: &str) {
    let deadline = std::time::Instant::now() + crate::harness::PATIENCE;
    let mut last = Vec::new();
    while std::time::Instant::now() < deadline {
        last = app.texts(EDITOR).await;
        if last.iter().all(|t| !t.contains(text)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the editor still shows {text:?} after the restore: {last:?}");
}
