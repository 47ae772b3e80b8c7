//! What the benchmarks of running apps read from `/proc`: a process's
//! descendants, the CPU they use and the memory they hold.

use std::process::Command;
use std::time::Duration;

/// Percent of one core used by process `pid` and its descendants over `window`.
pub fn cpu_percent(pid: u32, window: Duration) -> f64 {
    let before = tree_cpu_ticks(pid);
    std::thread::sleep(window);
    let after = tree_cpu_ticks(pid);
    (after - before) as f64 * 100.0 / (clock_ticks_per_second() * window.as_secs_f64())
}

/// The proportional set size of `pid` and its descendants, in MB: each
/// page shared between processes counted once in all.
pub fn pss_mb(pid: u32) -> f64 {
    let kb: u64 = process_tree(pid)
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok())
        .filter_map(|rollup| {
            let line = rollup.lines().find(|l| l.starts_with("Pss:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .sum();
    kb as f64 / 1024.0
}

/// The live processes running `binary`.
pub fn running(binary: &std::path::Path) -> Vec<u32> {
    let wanted = binary.canonicalize().unwrap_or_else(|_| binary.to_owned());
    std::fs::read_dir("/proc")
        .expect("/proc")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .filter(|pid: &u32| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == wanted)
        })
        .collect()
}

/// The fields of `/proc/<pid>/stat` after the command name (which is in
/// parentheses and may hold spaces): the process state comes first.
fn stat_fields(pid: u32) -> Vec<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let (_, rest) = stat.rsplit_once(") ")?;
            Some(
                rest.split(' ')
                    .skip(1)
                    .map(|v| v.parse().unwrap_or(0))
                    .collect(),
            )
        })
        .unwrap_or_default()
}

/// `pid` and every live process descended from it.
pub fn process_tree(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .expect("/proc")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .filter_map(|child: u32| Some((child, *stat_fields(child).first()? as u32)))
        .collect();
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    tree.retain(|p| std::path::Path::new(&format!("/proc/{p}")).exists());
    tree
}

/// User plus system CPU ticks of `pid` and its descendants.
fn tree_cpu_ticks(pid: u32) -> u64 {
    process_tree(pid)
        .into_iter()
        .map(|p| {
            // utime and stime: fields 14 and 15 of stat, counted from the pid as 1.
            let fields = stat_fields(p);
            fields.get(10).copied().unwrap_or(0) + fields.get(11).copied().unwrap_or(0)
        })
        .sum()
}

fn clock_ticks_per_second() -> f64 {
    let out = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .expect("getconf");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("CLK_TCK is a number")
}
