//! The desktop binary's own command line, run as a user would, with no
//! display: what it can answer without opening a window.

use std::process::Command;

#[test]
fn version_prints_the_version_without_a_display() {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep-desktop"))
        .arg("--version")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run sitrep-desktop");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("sitrep-desktop {}\n", env!("CARGO_PKG_VERSION"))
    );
}
