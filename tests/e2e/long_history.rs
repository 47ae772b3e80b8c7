//! The window on three years of history: 10,000 incidents, 400,000
//! obligations. The rail shows the open incident and a page of the newest
//! closed ones, not the whole history, and an old incident is found by
//! its title and by its key.

use crate::harness::Harness;
use crate::history;

const RAIL: &str = "nav[aria-label='Incidents']";
const SEARCH: &str = "[data-testid='incident-search']";

#[tokio::test]
async fn on_ten_thousand_incidents_the_rail_shows_a_page_and_search_finds_an_old_one() {
    let harness = Harness::start();
    sitrep::Store::open(harness.db()).expect("create the schema");
    history::fill(harness.db(), 2);

    let app = harness.launch().await;
    let open = format!("{RAIL} [data-incident='INC-{}']", history::OPEN_INCIDENT);
    app.wait_for_text(&open, &format!("region {}", history::OPEN_INCIDENT))
        .await;
    app.wait_for_text("[data-testid='show-older']", "Show older")
        .await;
    let listed = app.texts(&format!("{RAIL} [data-incident]")).await;
    assert_eq!(listed.len(), 21, "the open incident and 20 closed ones");

    // An incident from the first weeks, by its title's words.
    app.type_into(SEARCH, "offline region 1234").await;
    let found = format!("{RAIL} section[aria-label='Found'] [data-incident='INC-1234']");
    app.wait_for_text(&found, "Validators offline in region 1234")
        .await;
    assert_eq!(
        app.texts(&format!(
            "{RAIL} section[aria-label='Found'] [data-incident]"
        ))
        .await
        .len(),
        1
    );
    app.click(&found).await;
    app.wait_for_text("#incident-title", "Validators offline in region 1234")
        .await;

    // And the very first one, by its key.
    app.clear(SEARCH).await;
    app.type_into(SEARCH, "INC-1").await;
    let first = format!("{RAIL} section[aria-label='Found'] [data-incident='INC-1']");
    app.wait_for_text(&first, "region 1").await;
    app.quit().await;
}
