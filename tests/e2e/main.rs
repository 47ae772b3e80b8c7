//! End-to-end tests of the real `sitrep-desktop` in its real WebKitGTK
//! webview, driven over WebDriver. Run by `make test`; needs Xvfb,
//! WebKitWebDriver and tauri-driver, which `make test` installs.

#[path = "../common/fault.rs"]
mod fault;
mod faults;
mod harness;
#[path = "../common/history.rs"]
mod history;
mod login;
mod long_history;
mod notifications;
mod package;
mod postmortem;
mod record;
mod screenshots;

use fantoccini::Locator;
use harness::Harness;

const RAIL_ITEM: &str = "nav[aria-label='Incidents'] [data-incident='INC-1']";

#[tokio::test]
async fn an_incident_declared_in_the_window_is_listed_and_survives_a_restart() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.declare("Validators offline in eu-west-1", 1).await;
    app.wait_for_text(RAIL_ITEM, "Validators offline in eu-west-1")
        .await;
    app.wait_for_text(RAIL_ITEM, "SEV1").await;
    app.quit().await;

    let app = harness.launch().await;
    app.wait_for_text(RAIL_ITEM, "Validators offline in eu-west-1")
        .await;
    app.quit().await;

    let listed = harness.cli(&["list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("list --json");
    assert_eq!(listed[0]["id"], "INC-1");
    assert_eq!(listed[0]["severity"], 1);
}

#[tokio::test]
async fn a_title_with_markup_shows_as_text_and_runs_nothing() {
    let harness = Harness::start();
    let hostile = "<img src=x onerror=alert(1)>";
    let declared = harness.cli(&["declare", "--title", hostile, "--severity", "2"]);
    assert!(
        declared.status.success(),
        "{}",
        String::from_utf8_lossy(&declared.stderr)
    );

    let app = harness.launch().await;
    app.wait_for_text(RAIL_ITEM, hostile).await;
    app.client
        .find(Locator::Css(RAIL_ITEM))
        .await
        .expect("rail item")
        .click()
        .await
        .expect("open it");
    app.wait_for_text("#incident-title", hostile).await;

    let images: i64 = app
        .client
        .execute("return document.querySelectorAll('img').length", vec![])
        .await
        .expect("count images")
        .as_i64()
        .expect("a number");
    assert_eq!(images, 0, "the title was parsed as HTML");
    assert!(
        app.client.get_alert_text().await.is_err(),
        "an alert opened: the title's script ran"
    );
    app.quit().await;
}

#[tokio::test]
async fn an_incident_declared_by_the_cli_appears_in_the_open_window() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.wait_for_text("main", "No incidents").await;

    let declared = harness.cli(&[
        "declare",
        "--title",
        "Missed attestations across cluster B",
        "--severity",
        "2",
    ]);
    assert!(
        declared.status.success(),
        "{}",
        String::from_utf8_lossy(&declared.stderr)
    );

    app.wait_for_text(RAIL_ITEM, "Missed attestations across cluster B")
        .await;
    app.quit().await;
}

#[tokio::test]
async fn an_empty_title_is_refused_beside_the_field_and_nothing_is_stored() {
    let harness = Harness::start();
    let app = harness.launch().await;
    let page = &app.client;

    page.find(Locator::Css("button.declare"))
        .await
        .expect("Declare button")
        .click()
        .await
        .expect("click Declare");
    app.wait_for("the declare form", "#declare-title").await;
    page.find(Locator::Css("form.declare button[type='submit']"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("declare");

    app.wait_for_text("#declare-title-error", "the title is empty")
        .await;
    app.quit().await;

    let listed = harness.cli(&["list", "--json"]);
    assert_eq!(String::from_utf8_lossy(&listed.stdout).trim(), "[]");
}

/// The walk: one SEV1 from declare through identified, monitoring
/// and resolved, with notes and a commander handover, all from the window.
#[tokio::test]
async fn a_sev1_is_walked_from_declare_to_resolved_and_the_timeline_shows_every_step() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.declare("Validator client down on cluster fra-3", 1)
        .await;
    app.wait_for_text("[data-testid='commander']", "nobody")
        .await;

    let assign = |person: &'static str| {
        let app = &app;
        async move {
            app.type_into("form.assign input[name='person']", person)
                .await;
            app.click("form.assign button[type='submit']").await;
            app.wait_for_text("[data-testid='commander']", person).await;
        }
    };
    let note = |text: &'static str| {
        let app = &app;
        async move {
            app.type_into("#quick-note", &format!("{text}\u{E007}"))
                .await;
            app.wait_for_text("ol[aria-label='Timeline']", text).await;
        }
    };
    let move_to = |status: &'static str| {
        let app = &app;
        async move {
            app.click(&format!("button.status[data-status='{status}']"))
                .await;
            let css = format!(".status-word[data-status='{status}']");
            app.wait_for(&format!("status {status}"), &css).await;
        }
    };

    assign("Ana").await;
    note("Lighthouse crashed after the 7.1 upgrade").await;
    move_to("identified").await;
    note("Rolling back to 7.0 host by host").await;
    assign("Bo").await;
    move_to("monitoring").await;
    move_to("resolved").await;

    let entries = app.texts("ol[aria-label='Timeline'] > li").await;
    let expected = [
        "SEV1 declared: Validator client down on cluster fra-3",
        "Ana is commander",
        "Lighthouse crashed after the 7.1 upgrade",
        "investigating → identified",
        "Rolling back to 7.0 host by host",
        "commander handed over from Ana to Bo",
        "identified → monitoring",
        "monitoring → resolved",
    ];
    assert_eq!(entries.len(), expected.len(), "{entries:#?}");
    // Newest first.
    for (entry, text) in entries.iter().zip(expected.iter().rev()) {
        assert!(entry.contains(text), "expected {text:?} in {entry:?}");
    }
    // Every entry shows its date, local time and UTC.
    for time in app.texts("ol[aria-label='Timeline'] > li time").await {
        let date = time.get(..10).unwrap_or_default();
        assert!(
            date.len() == 10
                && date.as_bytes()[4] == b'-'
                && date.as_bytes()[7] == b'-'
                && time.contains("UTC"),
            "a timeline time without its date or UTC: {time:?}"
        );
    }
    app.quit().await;

    let shown = harness.cli(&["show", "INC-1", "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("show --json");
    assert_eq!(shown["status"], "resolved");
    assert_eq!(shown["commander"], "Bo");
    assert!(
        shown["mitigated_at"].is_string() && shown["resolved_at"].is_string(),
        "{shown}"
    );
}

/// The system-wide shortcut opens the declare form with the title focused,
/// and a new shortcut set in Settings replaces it.
#[tokio::test]
async fn the_global_shortcut_opens_the_declare_form_and_can_be_changed() {
    let harness = Harness::start();
    let app = harness.launch().await;
    app.wait_for_text("main", "No incidents").await;
    let focused = || async {
        app.client
            .execute(
                "return document.activeElement && document.activeElement.id",
                vec![],
            )
            .await
            .expect("read the focus")
    };

    harness.press_keys("ctrl+alt+i");
    app.wait_for("the declare form", "#declare-title").await;
    assert_eq!(focused().await, "declare-title");

    app.click("form.declare button[type='button']").await;
    app.click("button[data-view='settings']").await;
    app.wait_for_text("#shortcut-state", "Ctrl+Alt+I is active")
        .await;
    let input = app.wait_for("the shortcut field", "#global-shortcut").await;
    input.clear().await.expect("clear the shortcut");
    input
        .send_keys("Ctrl+Alt+D\u{E007}")
        .await
        .expect("type a shortcut");
    app.wait_for_text("#shortcut-state", "Ctrl+Alt+D is active")
        .await;

    harness.press_keys("ctrl+alt+d");
    app.wait_for("the declare form", "#declare-title").await;
    assert_eq!(focused().await, "declare-title");
    app.quit().await;
}

/// The comms loop from the window: record one update to two stakeholders,
/// see both countdowns re-arm at the cadence, and get the duplicate warning
/// on an immediate second send.
#[tokio::test]
async fn an_update_to_two_stakeholders_re_arms_their_countdowns_and_a_repeat_is_flagged() {
    let harness = Harness::start();
    let declared = harness.cli(&[
        "declare",
        "--title",
        "Signer unreachable on eu-3",
        "--severity",
        "1",
    ]);
    assert!(
        declared.status.success(),
        "{}",
        String::from_utf8_lossy(&declared.stderr)
    );
    let app = harness.launch().await;
    app.click(RAIL_ITEM).await;

    let row =
        |name: &str| format!("ul[aria-label='Comms checklist'] li[data-stakeholder='{name}']");
    let exchange = row("Exchange A (example)");
    let partner = row("Liquid staking protocol (example)");
    let status_page = row("Public status page (example)");
    for r in [&exchange, &partner, &status_page] {
        app.wait_for_text(&format!("{r} .kind"), "initial notice")
            .await;
    }
    app.wait_for_text("#next-due", "3 stakeholders").await;

    // Everyone owed a notice is ticked; untick the status page.
    app.click(&format!("{status_page} input[type='checkbox']"))
        .await;
    app.wait_for_text("button.record", "Record as sent to 2 stakeholders")
        .await;
    app.wait_for_text(
        "[data-testid='record-for']",
        "→ Exchange A (example), Liquid staking protocol (example)",
    )
    .await;
    app.click("button.record").await;
    app.wait_for_text("[role='status']", "Recorded as sent to")
        .await;

    for r in [&exchange, &partner] {
        app.wait_for_text(&format!("{r} .kind"), "update").await;
        let countdown = app.texts(&format!("{r} [data-testid='countdown']")).await;
        assert!(
            countdown[0] == "due in 30 min" || countdown[0] == "due in 29 min",
            "{r} was not re-armed 30 minutes out: {countdown:?}"
        );
    }
    app.wait_for_text(&format!("{status_page} .kind"), "initial notice")
        .await;
    assert_eq!(app.texts("ol[aria-label='Comms log'] > li").await.len(), 2);

    // The two just told are not ticked again; the status page, still owed
    // its first notice, is.
    app.wait_for_text("button.record", "Record as sent to 1 stakeholder")
        .await;
    let ticked = |r: &str| format!("{r} input[type='checkbox']");
    let checked = app
        .script(&format!(
            "return [{:?}, {:?}, {:?}].map((s) => document.querySelector(s).checked)",
            ticked(&exchange),
            ticked(&partner),
            ticked(&status_page)
        ))
        .await;
    assert_eq!(checked, serde_json::json!([false, false, true]));

    // A stakeholder added mid-incident is owed a first notice: ticked and counted.
    let add = "form[aria-label='Add a stakeholder to this incident']";
    app.wait_for("the add form", &format!("{add} select"))
        .await
        .select_by_value("Validator client team (example)")
        .await
        .expect("pick the client team");
    app.type_into(&format!("{add} input"), "their client is involved")
        .await;
    app.click(&format!("{add} button[type='submit']")).await;
    let client_team = row("Validator client team (example)");
    app.wait_for_text("button.record", "Record as sent to 2 stakeholders")
        .await;
    let added = app
        .script(&format!(
            "return document.querySelector({:?}).checked",
            ticked(&client_team)
        ))
        .await;
    assert_eq!(
        added,
        serde_json::json!(true),
        "the stakeholder added is ticked"
    );
    app.click(&ticked(&client_team)).await;
    app.wait_for_text("button.record", "Record as sent to 1 stakeholder")
        .await;

    // At once again, to all three: the two just told are probable
    // duplicates, named both, and nothing is recorded.
    app.click(&ticked(&exchange)).await;
    app.click(&ticked(&partner)).await;
    app.wait_for_text("button.record", "Record as sent to 3 stakeholders")
        .await;
    app.click("button.record").await;
    app.wait_for_text(
        ".duplicate",
        "probable duplicate: Exchange A (example) was told just now on Slack; \
         Liquid staking protocol (example) just now on Telegram",
    )
    .await;
    assert_eq!(app.texts("ol[aria-label='Comms log'] > li").await.len(), 2);

    // Send only to the other: exactly the one not told yet.
    app.click("[data-testid='send-to-others']").await;
    app.wait_for_text(
        "[role='status']",
        "Recorded as sent to Public status page (example)",
    )
    .await;
    app.quit().await;

    let shown = harness.cli(&["show", "INC-1", "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("show --json");
    let told: Vec<&str> = shown["comms"]["log"]
        .as_array()
        .expect("a log")
        .iter()
        .filter_map(|u| u["stakeholder"].as_str())
        .collect();
    assert_eq!(told.len(), 3, "{told:?}");
    assert_eq!(
        told.iter()
            .filter(|s| **s == "Public status page (example)")
            .count(),
        1
    );
    assert_eq!(shown["comms"]["duplicates_prevented"], 2);
}

#[tokio::test]
async fn a_draft_outlives_a_note_from_the_cli_and_a_restart_and_the_next_starts_from_the_one_sent()
{
    let harness = Harness::start();
    harness.cli(&[
        "declare",
        "--title",
        "Signer unreachable on eu-3",
        "--severity",
        "1",
    ]);
    let doing = ".composer textarea[name='doing']";
    let typed = "Failing over to the standby signer in eu-west-2.";
    let value = format!("return document.querySelector({doing:?})?.value ?? null");

    let app = harness.launch().await;
    app.click(RAIL_ITEM).await;
    app.clear(doing).await;
    app.type_into(doing, typed).await;
    app.wait_for_text("[data-testid='save-state']", "Draft saved")
        .await;
    // A teammate's note from a terminal reaches the window; the draft stays.
    harness.cli(&["note", "INC-1", "eu-west-2 signer warmed up"]);
    app.wait_for_text("ol[aria-label='Timeline']", "eu-west-2 signer warmed up")
        .await;
    assert_eq!(app.script(&value).await, serde_json::json!(typed));
    app.quit().await;

    let app = harness.launch().await;
    app.click(RAIL_ITEM).await;
    app.wait_for("the composer", doing).await;
    assert_eq!(app.script(&value).await, serde_json::json!(typed));
    app.click("button.record").await;
    app.wait_for_text("[role='status']", "Recorded as sent to")
        .await;
    app.wait_for_text(
        "[data-testid='draft-origin']",
        "Starts from the update sent at",
    )
    .await;
    assert_eq!(app.script(&value).await, serde_json::json!(typed));
    app.quit().await;

    let shown = harness.cli(&["show", "INC-1", "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("show --json");
    let sent = shown["comms"]["log"][0]["message"].as_str().unwrap_or("");
    assert!(
        sent.contains(typed),
        "the update sent was not the draft: {sent}"
    );
}

#[tokio::test]
async fn the_next_update_bar_stays_in_sight_after_jumping_to_the_checklist_and_scrolling_down() {
    let harness = Harness::start();
    harness.cli(&[
        "declare",
        "--title",
        "Validators offline in eu-west-1",
        "--severity",
        "1",
    ]);
    // A long night: the timeline is far taller than the window.
    for n in 1..=40 {
        harness.cli(&[
            "note",
            "INC-1",
            &format!("Restarted beacon node {n}; peers recovering"),
        ]);
    }
    let app = harness.launch().await;
    app.click("#next-due").await;
    app.wait_for("the comms checklist", "#comms").await;
    // Scroll everything that scrolls to its end, as a user reaching the timeline would.
    app.script(
        "document.scrollingElement.scrollTop = 1e6; \
         document.querySelectorAll('main, nav').forEach((e) => (e.scrollTop = e.scrollHeight));",
    )
    .await;
    let shown = app
        .script(
            "const r = document.querySelector('#next-due').getBoundingClientRect(); \
             const rail = document.querySelector('nav .declare').getBoundingClientRect(); \
             return { top: r.top, bottom: r.bottom, height: innerHeight, page: document.scrollingElement.scrollTop, main: document.querySelector('main').scrollTop };",
        )
        .await;
    let number = |key: &str| shown[key].as_f64().unwrap_or(f64::NAN);
    assert!(
        number("top") >= 0.0 && number("bottom") <= number("height"),
        "the bar left the window: {shown}"
    );
    assert_eq!(number("page"), 0.0, "the whole page scrolled: {shown}");
    assert!(number("main") > 0.0, "the view did not scroll: {shown}");
    app.quit().await;
}

#[tokio::test]
async fn a_snoozed_row_says_until_when_and_leaves_the_bars_overdue_count() {
    let harness = Harness::start();
    let twenty_minutes_ago = (chrono::Utc::now() - chrono::TimeDelta::minutes(20)).to_rfc3339();
    harness.cli(&[
        "declare",
        "--title",
        "Signer down",
        "--severity",
        "1",
        "--at",
        &twenty_minutes_ago,
    ]);
    let app = harness.launch().await;
    app.wait_for_text("#next-due", "3 updates overdue").await;
    app.click(RAIL_ITEM).await;
    let exchange = "ul[aria-label='Comms checklist'] li[data-stakeholder='Exchange A (example)']";
    app.wait_for(
        "the exchange's snooze",
        &format!("{exchange} select[aria-label^='Snooze']"),
    )
    .await
    .select_by_value("10")
    .await
    .expect("snooze 10 min");
    app.wait_for_text(
        &format!("{exchange} [data-testid='snoozed']"),
        "snoozed until",
    )
    .await;
    app.wait_for_text("#next-due", "2 updates overdue").await;
    app.wait_for_text("#next-due", "1 snoozed").await;

    // The rest of the incident at once.
    app.wait_for("snooze all", "[data-testid='snooze-all']")
        .await
        .select_by_value("5")
        .await
        .expect("snooze all 5 min");
    app.wait_for_text("#next-due", "3 snoozed").await;
    let snoozed = app
        .texts("ul[aria-label='Comms checklist'] [data-testid='snoozed']")
        .await;
    assert_eq!(snoozed.len(), 3, "{snoozed:?}");
    app.quit().await;
}
