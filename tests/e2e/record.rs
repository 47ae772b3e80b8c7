//! The record as the IC meets it in the window: a stakeholder owed an
//! initial notice and never told is named "never told" once the incident
//! is resolved, the postmortem each is owed shows as due, and who is
//! affected is marked from the incident view.

use chrono::{TimeDelta, Utc};

use crate::harness::Harness;

const ROW: &str = "ul[aria-label='Comms checklist'] li[data-stakeholder='Never Told Ltd']";

#[tokio::test]
async fn a_stakeholder_never_told_is_named_after_resolving_and_postmortems_come_due() {
    let harness = Harness::start();
    let ago = |minutes| (Utc::now() - TimeDelta::minutes(minutes)).to_rfc3339();
    for args in [
        vec![
            "stakeholder",
            "add",
            "--name",
            "Never Told Ltd",
            "--group",
            "Institutional stakers",
            "--channel",
            "slack",
            "--handle",
            "#never-told",
            "--at",
            &ago(40),
        ],
        // A SEV1 declared 20 minutes ago: everyone's initial notice was due 5 minutes ago.
        vec![
            "declare",
            "--title",
            "Validators offline in eu-west-1",
            "--severity",
            "1",
            "--at",
            &ago(20),
        ],
    ] {
        let out = harness.cli(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let app = harness.launch().await;
    app.click("nav[aria-label='Incidents'] [data-incident='INC-1']")
        .await;
    app.wait_for_text(
        "[data-testid='affected']",
        "Impact not assigned to any stakeholder",
    )
    .await;
    app.wait_for(
        "the affected picker",
        "form[aria-label='Mark affected'] select",
    )
    .await
    .select_by_value("Never Told Ltd")
    .await
    .expect("pick Never Told Ltd");
    app.type_into("form[aria-label='Mark affected'] input", "64")
        .await;
    app.click("form[aria-label='Mark affected'] button[type='submit']")
        .await;
    app.wait_for_text(
        "ul[aria-label='Affected stakeholders']",
        "Never Told Ltd · 64 validators",
    )
    .await;

    app.wait_for_text(ROW, "initial notice").await;
    app.click("button.status[data-status='resolved']").await;
    app.wait_for_text(ROW, "never told — initial notice missed")
        .await;
    app.wait_for_text(
        &format!("{ROW} [data-testid='postmortem-due']"),
        // Three days after resolving, rounded up to the minute.
        "postmortem due in 3 d 00 h",
    )
    .await;
    app.wait_for_text("ul[aria-label='Owed and not sent']", "Never Told Ltd")
        .await;
    app.quit().await;

    let shown = harness.cli(&["show", "INC-1", "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).expect("show --json");
    let initial = shown["comms"]["obligations"]
        .as_array()
        .expect("obligations")
        .iter()
        .find(|o| o["stakeholder"] == "Never Told Ltd" && o["kind"] == "initial")
        .cloned()
        .expect("the initial notice");
    assert_eq!(initial["outcome"], "missed");
    assert_eq!(shown["affected"][0]["validators"], 64);
}

#[tokio::test]
async fn the_reports_view_shows_a_past_months_downtime_against_its_budget() {
    let harness = Harness::start();
    for args in [
        vec![
            "declare",
            "--title",
            "Beacon outage",
            "--severity",
            "1",
            "--at",
            "2026-10-05T10:00:00Z",
        ],
        vec![
            "status",
            "INC-1",
            "monitoring",
            "--at",
            "2026-10-05T11:30:00Z",
        ],
    ] {
        let out = harness.cli(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let app = harness.launch().await;
    app.click("button[data-view='reports']").await;
    app.wait_for("the month picker", "input[aria-label='Month']")
        .await;
    app.client
        .execute(
            "const m = document.querySelector(\"input[aria-label='Month']\"); \
             m.value = '2026-10'; m.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![],
        )
        .await
        .expect("pick October 2026");
    // 90 minutes of October's 446.4-minute budget (31 days at 99 %).
    app.wait_for_text(
        "[data-testid='report']",
        "1h 30m of a 7h 26m budget — 5h 56m left",
    )
    .await;
    app.wait_for_text(
        "[data-testid='report']",
        "1 (SEV1 1, SEV2 0, SEV3 0, SEV4 0)",
    )
    .await;
    // The charts are drawn (uPlot's canvas), their figures also as text.
    app.wait_for("a drawn chart", "[data-testid='chart'] canvas")
        .await;
    app.click("[data-testid='chart'] summary").await;
    app.wait_for_text("[data-testid='chart'] details table", "2026-10")
        .await;
    app.quit().await;
}

#[tokio::test]
async fn an_affected_stakeholders_budget_shrinks_in_the_incident_view_while_the_impact_lasts() {
    let harness = Harness::start();
    let ago = |minutes| (Utc::now() - TimeDelta::minutes(minutes)).to_rfc3339();
    // A 99.9 % target leaves about 43 minutes a month; 20 of them are gone.
    for args in [
        vec![
            "stakeholder",
            "add",
            "--name",
            "Tight Staker",
            "--group",
            "Institutional stakers",
            "--channel",
            "slack",
            "--sla",
            "99.9",
            "--at",
            &ago(60),
        ],
        vec![
            "declare",
            "--title",
            "Signer down",
            "--severity",
            "1",
            "--affected",
            "Tight Staker",
            "--at",
            &ago(20),
        ],
    ] {
        let out = harness.cli(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let app = harness.launch().await;
    app.click("nav[aria-label='Incidents'] [data-incident='INC-1']")
        .await;
    let budget = "ul[aria-label='SLA budget this month'] li[data-stakeholder='Tight Staker']";
    app.wait_for_text(budget, "used of").await;
    // "… — 23m left" or "… — 1h 02m left": the minutes left, as shown.
    let left = |text: &str| -> i64 {
        let shown = text.rsplit("— ").next().unwrap_or_default();
        let numbers: Vec<i64> = shown
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        match (shown.contains('h'), numbers.as_slice()) {
            (true, [h, m, ..]) => h * 60 + m,
            (false, [m, ..]) => *m,
            _ => panic!("no minutes left in {text:?}"),
        }
    };
    let first = left(&app.texts(budget).await[0]);
    // The budget ticks with the window's clock: a minute later, a minute less.
    tokio::time::sleep(std::time::Duration::from_secs(61)).await;
    let later = left(&app.texts(budget).await[0]);
    assert!(later < first, "{first} min left, then {later}");
    app.quit().await;
}
