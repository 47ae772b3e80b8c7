//! Faults a test puts a database in, undone when the guard drops: a file or
//! folder nobody may write (root included), and a really full disk.
#![allow(dead_code)] // each test binary uses its own subset

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn must(command: &mut Command) {
    let status = command.status().expect("run a system command");
    assert!(status.success(), "{command:?} failed");
}

/// A file or folder made read-only for the test's user; root ignores
/// permission bits, so for root it is marked immutable.
pub struct ReadOnly(PathBuf);

impl ReadOnly {
    /// Makes `path` read-only until the guard drops.
    pub fn new(path: &Path) -> Self {
        if is_root() {
            must(Command::new("chattr").arg("+i").arg(path));
        } else {
            must(Command::new("chmod").arg("a-w").arg(path));
        }
        Self(path.to_path_buf())
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let undo = if is_root() {
            Command::new("chattr").arg("-i").arg(&self.0).status()
        } else {
            Command::new("chmod").arg("u+w").arg(&self.0).status()
        };
        if !undo.is_ok_and(|s| s.success()) {
            eprintln!("{} stays read-only: remove it by hand", self.0.display());
        }
    }
}

/// A small tmpfs mounted on a folder: a real disk that fills up.
pub struct FullDisk(PathBuf);

impl FullDisk {
    /// Mounts a tmpfs of `size` (as `mount` spells it) on `dir`.
    pub fn mount(dir: &Path, size: &str) -> Self {
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "the full-disk test mounts a small tmpfs: run it as root (as CI does)"
        );
        Self(dir.to_path_buf())
    }

    /// Fills what is left of the disk, until a write fails for want of room.
    pub fn fill(&self) {
        let mut filler = std::fs::File::create(self.0.join("filler")).expect("a filler file");
        let block = [0u8; 4096];
        loop {
            match filler.write_all(&block).and_then(|()| filler.sync_all()) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::StorageFull => break,
                Err(err) => panic!("filling the disk: {err}"),
            }
        }
    }
}

impl Drop for FullDisk {
    fn drop(&mut self) {
        let undo = Command::new("umount").arg("--lazy").arg(&self.0).status();
        if !undo.is_ok_and(|s| s.success()) {
            eprintln!(
                "the tmpfs on {} stays mounted: unmount it by hand",
                self.0.display()
            );
        }
    }
}
