//! Benchmarks of the running app (`cargo bench -p sitrep --bench desktop`;
//! `make bench` builds what it needs first): the latency from an update's
//! due instant to the desktop notification (target: median under 1 s), and
//! the idle CPU of the app with its webview processes, 10 open incidents,
//! over a minute (target: under 0.5 %), in the tray and with the window
//! open. Real parts: `sitrep-desktop` (debug, or `SITREP_DESKTOP_BIN`) under
//! Xvfb, dunst on a private D-Bus session bus.

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;
#[path = "common/procfs.rs"]
#[allow(dead_code)]
mod procfs;

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Timelike, Utc};
use harness::Harness;

const RUNS: usize = 5;
const CPU_WINDOW: Duration = Duration::from_secs(60);

fn main() {
    // `cargo test --benches` runs every bench target without `--bench`; this one takes minutes.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let mut latency = notification_latencies_ms();
    latency.sort_by(f64::total_cmp);
    println!(
        "reminder latency (due instant → notification shown), {RUNS} runs: median {:.0} ms, max {:.0} ms",
        latency[RUNS / 2],
        latency[RUNS - 1]
    );
    let (open, tray) = idle_cpu_percent();
    println!(
        "idle CPU of sitrep-desktop and its webview processes, 10 open incidents, {} s: {tray:.2} % in the tray (window closed), {open:.2} % with the window open and its countdowns ticking",
        CPU_WINDOW.as_secs()
    );
}

/// For each run: a SEV1 whose initial notices fall due a few seconds after
/// the app starts; the time from that instant until dunst displays it.
fn notification_latencies_ms() -> Vec<f64> {
    let harness = Harness::start();
    let _dunst = harness.start_dunst();
    (1..=RUNS)
        .map(|run| {
            // Whole seconds, as `--at` takes them; initial notices are due 15 min after declaring.
            let due = Utc::now().with_nanosecond(0).expect("a valid time") + TimeDelta::seconds(8);
            let declared = (due - TimeDelta::minutes(15)).to_rfc3339();
            let title = format!("Latency run {run}");
            let out = harness.cli(&[
                "declare",
                "--title",
                &title,
                "--severity",
                "1",
                "--at",
                &declared,
            ]);
            assert!(out.status.success(), "{out:?}");
            let app = harness.spawn_app();
            let deadline = Instant::now() + Duration::from_secs(60);
            while harness.dunstctl(&["count", "displayed"]).trim() == "0" {
                assert!(Instant::now() < deadline, "run {run} was never notified");
                std::thread::sleep(Duration::from_millis(10));
            }
            let latency =
                (Utc::now() - due).num_microseconds().expect("a short time") as f64 / 1000.0;
            harness.dunstctl(&["close-all"]);
            drop(app);
            println!("  run {run}: {latency:.0} ms");
            latency
        })
        .collect()
}

/// CPU used by the app and its webview processes over [`CPU_WINDOW`],
/// with the window open, then closed to the tray as the user closes it.
fn idle_cpu_percent() -> (f64, f64) {
    let harness = Harness::start();
    for n in 1..=10 {
        let title = format!("Idle incident {n}");
        let out = harness.cli(&["declare", "--title", &title, "--severity", "2"]);
        assert!(out.status.success(), "{out:?}");
    }
    let app = harness.spawn_app();
    std::thread::sleep(Duration::from_secs(8));
    let open = cpu_percent(app.id());
    harness.close_window_with_ctrl_w();
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        procfs::process_tree(app.id()).contains(&app.id()),
        "sitrep-desktop quit on Ctrl+W"
    );
    let tray = cpu_percent(app.id());
    (open, tray)
}

/// Percent of one core used by process `pid` and its descendants over [`CPU_WINDOW`].
fn cpu_percent(pid: u32) -> f64 {
    procfs::cpu_percent(pid, CPU_WINDOW)
}
