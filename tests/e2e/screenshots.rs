//! The incident view as an IC sees it at 3 a.m., at a laptop's 1024 × 768
//! and at full HD, in the light and the dark theme: each laid out without
//! sideways scrolling, the next-update bar on screen, and saved to `docs/`
//! for the README.

use crate::harness::{App, Harness, Theme};

const SIZES: [(u32, u32); 2] = [(1024, 768), (1920, 1080)];

/// A SEV1 twenty-five minutes in: a commander, notes, one stakeholder told.
fn a_night_in_progress(harness: &Harness) {
    let at = |minutes_ago: i64| {
        (chrono::Utc::now() - chrono::TimeDelta::minutes(minutes_ago)).to_rfc3339()
    };
    let declared = at(25);
    harness.cli(&[
        "declare",
        "--title",
        "Lighthouse beacon nodes down in eu-west-1, attestations missed",
        "--severity",
        "1",
        "--kind",
        "validator-client-down",
        "--impact-started",
        &at(31),
        "--at",
        &declared,
    ]);
    harness.cli(&["role", "INC-1", "commander", "Ana Ruiz", "--at", &at(24)]);
    harness.cli(&[
        "affected",
        "INC-1",
        "add",
        "Exchange A (example)",
        "--validators",
        "1200",
        "--at",
        &at(22),
    ]);
    for (minutes_ago, note) in [
        (
            21,
            "Alert: 1,200 validators missing attestations since 02:14",
        ),
        (
            17,
            "Beacon nodes on eu-west-1 lost their peers after the kernel update",
        ),
        (
            12,
            "Failing over the validator clients to the eu-central beacon nodes",
        ),
    ] {
        harness.cli(&["note", "INC-1", note, "--at", &at(minutes_ago)]);
    }
    harness.cli(&["status", "INC-1", "identified", "--at", &at(15)]);
    harness.cli(&[
        "sent",
        "INC-1",
        "--to",
        "Exchange A (example)",
        "--at",
        &at(9),
    ]);
}

/// Whether the page fits its width and the bar is inside the window.
async fn laid_out(app: &App) -> serde_json::Value {
    app.script(
        "const bar = document.querySelector('#next-due').getBoundingClientRect(); \
         return { wide: document.scrollingElement.scrollWidth <= innerWidth, \
                  bar: bar.top >= 0 && bar.bottom <= innerHeight, \
                  width: innerWidth };",
    )
    .await
}

/// The width of a PNG, from its header.
fn png_width(png: &[u8]) -> u32 {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    u32::from_be_bytes(png[16..20].try_into().expect("four bytes"))
}

#[tokio::test]
async fn the_incident_view_fits_a_laptop_and_full_hd_in_light_and_dark() {
    for (theme, name) in [(Theme::Light, "light"), (Theme::Dark, "dark")] {
        let harness = Harness::start_themed(theme);
        a_night_in_progress(&harness);
        let app = harness.launch().await;
        app.click("nav[aria-label='Incidents'] [data-incident='INC-1']")
            .await;
        app.wait_for_text("#incident-title", "Lighthouse beacon nodes down")
            .await;
        let dark = app
            .script("return matchMedia('(prefers-color-scheme: dark)').matches")
            .await;
        assert_eq!(
            dark,
            serde_json::json!(theme == Theme::Dark),
            "{name} theme"
        );
        for (width, height) in SIZES {
            app.resize(width, height).await;
            let layout = laid_out(&app).await;
            assert_eq!(
                layout["wide"], true,
                "{width} px {name}: the page scrolls sideways"
            );
            assert_eq!(
                layout["bar"], true,
                "{width} px {name}: the bar is off screen"
            );
            let png = app.screenshot().await;
            assert_eq!(png_width(&png), width, "{name} at {width} px");
            let file = format!(
                "{}/docs/incident-view-{width}-{name}.png",
                env!("CARGO_MANIFEST_DIR")
            );
            std::fs::write(&file, png).expect("write the screenshot");
        }
        app.quit().await;
    }
}
