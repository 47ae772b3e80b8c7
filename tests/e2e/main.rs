//! End-to-end tests of the real `sitrep-desktop` in its real WebKitGTK
//! webview, driven over WebDriver. Run by `make test`; needs Xvfb,
//! WebKitWebDriver and tauri-driver, which `make test` installs.

mod harness;

use fantoccini::Locator;
use harness::Harness;

const RAIL_ITEM: &str = "nav[aria-label='Incidents'] [data-incident='INC-1']";

#[tokio::test]
async fn an_incident_declared_in_the_window_is_listed_and_survives_a_restart() {
    let harness = Harness::start();
    let app = harness.launch().await;
    let page = &app.client;

    page.find(Locator::Css("button.declare"))
        .await
        .expect("Declare button")
        .click()
        .await
        .expect("click Declare");
    let title = app.wait_for("the declare form", "#declare-title").await;
    title
        .send_keys("Validators offline in eu-west-1")
        .await
        .expect("type the title");
    page.find(Locator::Css("label.severity.sev1"))
        .await
        .expect("SEV1 choice")
        .click()
        .await
        .expect("pick SEV1");
    page.find(Locator::Css("form.declare button[type='submit']"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("declare");

    app.wait_for_text(RAIL_ITEM, "Validators offline in eu-west-1")
        .await;
    app.wait_for_text("#incident-title", "Validators offline in eu-west-1")
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
