//! Benchmarks of the running app (`cargo bench -p sitrep --bench desktop`;
//! `make bench` builds what it needs first): the latency from an update's
//! due instant to the desktop notification (target: median under 1 s), and
//! the idle CPU of the app process with 10 open incidents over a minute
//! (target: under 0.5 %), in the tray and with the window open. Real parts: the debug `sitrep-desktop` under Xvfb,
//! dunst on a private D-Bus session.

#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::time::Duration;

use harness::Harness;

const RUNS: usize = 5;

fn main() {
    // `cargo test --benches` runs every bench target without `--bench`; this one takes minutes.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let harness = Harness::start();
    let cli = env!("CARGO_BIN_EXE_sitrep");
    let script = format!(
        r#"
        dunst >/dev/null 2>&1 &
        for i in $(seq 100); do dunstctl is-paused >/dev/null 2>&1 && break; sleep 0.1; done
        now() {{ date +%s.%N; }}
        for run in $(seq {RUNS}); do
            rm -f "$SITREP_DB" "$SITREP_DB"-wal "$SITREP_DB"-shm
            due=$(( $(date +%s) + 8 ))
            '{cli}' declare --title "Latency run $run" --severity 1 --at "$(date -u -d @$(( due - 900 )) +%Y-%m-%dT%H:%M:%SZ)" >/dev/null
            "$APP" >/dev/null 2>&1 & app=$!
            while [ "$(dunstctl count displayed)" -eq 0 ]; do sleep 0.01; done
            echo "latency_ms=$(echo "($(now) - $due) * 1000" | bc)"
            dunstctl close-all
            kill $app; wait $app 2>/dev/null
        done
        rm -f "$SITREP_DB" "$SITREP_DB"-wal "$SITREP_DB"-shm
        for n in $(seq 10); do '{cli}' declare --title "Idle incident $n" --severity 2 >/dev/null; done
        "$APP" >/dev/null 2>&1 & app=$!
        sleep 8
        ticks() {{ awk '{{print $14 + $15}}' /proc/$app/stat; }}
        cpu() {{ before=$(ticks); sleep 60; after=$(ticks); echo "scale=3; ($after - $before) * 100 / ($(getconf CLK_TCK) * 60)" | bc; }}
        echo "open_cpu_percent=$(cpu)"
        # Closed to the tray: the window is hidden, reminders keep coming.
        xdotool search --sync --onlyvisible --name '^Sitrep$' windowunmap >/dev/null
        sleep 3
        echo "idle_cpu_percent=$(cpu)"
        kill $app; wait $app 2>/dev/null || true
        "#
    );
    let out = harness.in_private_session(&script, Duration::from_secs(600));
    let values = |key: &str| -> Vec<f64> {
        out.lines()
            .filter_map(|l| l.strip_prefix(key))
            .filter_map(|v| v.trim().parse().ok())
            .collect()
    };
    let mut latency = values("latency_ms=");
    latency.sort_by(f64::total_cmp);
    let idle = values("idle_cpu_percent=");
    let open = values("open_cpu_percent=");
    assert_eq!(latency.len(), RUNS, "not every run was notified:\n{out}");
    println!(
        "reminder latency (due instant → notification shown), {RUNS} runs: median {:.0} ms, max {:.0} ms",
        latency[RUNS / 2],
        latency[RUNS - 1]
    );
    println!(
        "idle CPU of sitrep-desktop, 10 open incidents, 60 s: {:.2} % in the tray (window closed), {:.2} % with the window open and its countdowns ticking",
        idle.first().copied().unwrap_or(f64::NAN),
        open.first().copied().unwrap_or(f64::NAN)
    );
}
