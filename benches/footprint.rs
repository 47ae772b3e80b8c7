//! The footprint benchmark (`make bench-footprint`, not part of `make test`):
//! Sitrep beside a bare Tauri 2 window (`bench/floor`, built in the same run
//! and profile), each started over WebDriver under the same Xvfb, in turns,
//! on an empty database and on generated histories of 1,000 and 10,000
//! incidents (100 timeline entries each, their obligations and record, and
//! 10 open incidents declared through the CLI). For each: start to
//! interactive (the session requested → the rail's incidents are read;
//! the floor: its page is there), the proportional set size of the app and
//! its WebKit processes, and their idle CPU with the window open. Printed as
//! medians and as ratios to the floor and to Sitrep on the empty database.
//!
//! The binaries: `SITREP_DESKTOP_BIN` and `SITREP_FLOOR_BIN` (the Makefile
//! passes the release builds).

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;
#[path = "../tests/common/history.rs"]
mod history;
#[path = "common/procfs.rs"]
mod procfs;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use harness::Harness;

/// Turns of floor then Sitrep per database; the median is reported.
const ROUNDS: usize = 3;
/// How long a started window is left before it is measured.
const SETTLE: Duration = Duration::from_secs(5);
/// How long idle CPU is measured over.
const IDLE: Duration = Duration::from_secs(20);
/// Open incidents in each generated history.
const OPEN: usize = 10;

/// One run's measures.
#[derive(Clone, Copy)]
struct Footprint {
    start_ms: f64,
    pss_mb: f64,
    cpu_percent: f64,
}

fn main() {
    // `cargo test --benches` runs every bench target without `--bench`; this one takes minutes.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sitrep = binary("SITREP_DESKTOP_BIN", "target/release/sitrep-desktop");
    let floor = binary("SITREP_FLOOR_BIN", "target/release/sitrep-floor");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    println!(
        "{:<18} {:>10} {:>10} {:>9} | vs floor: {:>6} {:>6} {:>8} | vs empty: {:>6}",
        "database", "start ms", "PSS MB", "idle CPU", "start", "PSS", "CPU", "start"
    );
    let mut empty_start = None;
    for incidents in [0, 1_000, 10_000] {
        let harness = Harness::start();
        prepare(&harness, incidents);
        let mut floors = Vec::new();
        let mut sitreps = Vec::new();
        for _ in 0..ROUNDS {
            floors.push(runtime.block_on(measure(&harness, &floor, "#ready")));
            // The home view's heading shows once the rail's incidents are read.
            sitreps.push(runtime.block_on(measure(&harness, &sitrep, "main .home h1")));
        }
        let (f, s) = (median(&floors), median(&sitreps));
        let empty = *empty_start.get_or_insert(s.start_ms);
        let name = if incidents == 0 {
            "empty".to_owned()
        } else {
            format!("{incidents} incidents")
        };
        println!(
            "{name:<18} {:>10.0} {:>10.0} {:>8.2}% | {:>15.2}× {:>5.2}× {:>7.1}× | {:>8.2}×",
            s.start_ms,
            s.pss_mb,
            s.cpu_percent,
            s.start_ms / f.start_ms,
            s.pss_mb / f.pss_mb,
            s.cpu_percent / f.cpu_percent.max(0.01),
            s.start_ms / empty,
        );
        println!(
            "{:<18} {:>10.0} {:>10.0} {:>8.2}%",
            "  (floor)", f.start_ms, f.pss_mb, f.cpu_percent
        );
    }
}

/// The binary named by `var`, else `default` under the workspace.
fn binary(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(default));
    assert!(
        path.exists(),
        "{} is missing: `make bench-footprint` builds it",
        path.display()
    );
    path
}

/// The test database: empty, or `incidents` of history and [`OPEN`] open ones.
fn prepare(harness: &Harness, incidents: i64) {
    if incidents == 0 {
        return;
    }
    sitrep::Store::open(harness.db()).expect("create the schema");
    history::fill_some(harness.db(), incidents, history::ENTRIES_PER_INCIDENT);
    for n in 1..=OPEN {
        let title = format!("Open incident {n}");
        let out = harness.cli(&["declare", "--title", &title, "--severity", "2"]);
        assert!(out.status.success(), "{out:?}");
    }
}

/// Starts `binary`, waits for `ready`, lets it settle, and measures it.
async fn measure(harness: &Harness, binary: &Path, ready: &str) -> Footprint {
    let asked = Instant::now();
    let app = harness.launch_binary(binary, &[], ready).await;
    let start_ms = asked.elapsed().as_secs_f64() * 1000.0;
    tokio::time::sleep(SETTLE).await;
    let pid = *procfs::running(binary)
        .first()
        .unwrap_or_else(|| panic!("{} is not running", binary.display()));
    let pss_mb = procfs::pss_mb(pid);
    let cpu_percent = procfs::cpu_percent(pid, IDLE);
    app.quit().await;
    Footprint {
        start_ms,
        pss_mb,
        cpu_percent,
    }
}

/// The median of each measure.
fn median(runs: &[Footprint]) -> Footprint {
    let mid = |f: fn(&Footprint) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Footprint {
        start_ms: mid(|r| r.start_ms),
        pss_mb: mid(|r| r.pss_mb),
        cpu_percent: mid(|r| r.cpu_percent),
    }
}
