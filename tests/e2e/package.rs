//! The .deb as a user gets it: unpacked with `dpkg-deb -x`, its
//! `sitrep-desktop` declares an incident in its real webview and its
//! `sitrep` lists it. `make e2e` builds the package (from the debug build
//! the other tests use) and names it in `SITREP_DEB`.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Command;

use crate::RAIL_ITEM;
use crate::harness::Harness;

fn dpkg_deb(args: &[&OsStr]) -> String {
    let out = Command::new("dpkg-deb")
        .args(args)
        .output()
        .expect("dpkg-deb");
    assert!(out.status.success(), "dpkg-deb {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn the_packaged_app_declares_an_incident_and_the_packaged_cli_lists_it() {
    let deb = PathBuf::from(
        std::env::var_os("SITREP_DEB")
            .expect("SITREP_DEB names the .deb under test; `make e2e` builds it and sets it"),
    );
    let depends = dpkg_deb(&["--field".as_ref(), deb.as_ref(), "Depends".as_ref()]);
    for library in [
        "libwebkit2gtk-4.1-0",
        "libgtk-3-0",
        "libayatana-appindicator3-1",
    ] {
        assert!(
            depends.contains(library),
            "the package does not depend on {library}: {depends}"
        );
    }
    let root = tempfile::tempdir().expect("a folder to unpack into");
    dpkg_deb(&["-x".as_ref(), deb.as_ref(), root.path().as_ref()]);
    let entry = std::fs::read_to_string(root.path().join("usr/share/applications/Sitrep.desktop"))
        .expect("the package's desktop entry");
    assert!(entry.lines().any(|l| l == "Exec=sitrep-desktop"), "{entry}");
    assert!(entry.lines().any(|l| l == "Icon=sitrep-desktop"), "{entry}");
    assert!(
        root.path()
            .join("usr/share/icons/hicolor/128x128/apps/sitrep-desktop.png")
            .exists(),
        "the package has no 128 px icon"
    );

    let harness = Harness::start();
    let packaged = root.path().join("usr/bin/sitrep-desktop");
    let app = harness
        .launch_binary(&packaged, &[], "nav[aria-label='Incidents']")
        .await;
    app.declare("Packaged: validators offline", 1).await;
    app.wait_for_text(RAIL_ITEM, "Packaged: validators offline")
        .await;
    app.quit().await;

    let out = Command::new(root.path().join("usr/bin/sitrep"))
        .arg("--db")
        .arg(harness.db())
        .args(["list", "--json"])
        .output()
        .expect("the packaged sitrep");
    assert!(out.status.success(), "{out:?}");
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("list --json");
    assert_eq!(listed[0]["id"], "INC-1");
    assert_eq!(listed[0]["title"], "Packaged: validators offline");
}
