//! What the folder holding a database allows: whether Sitrep may create
//! files in it and whether its disk has room. SQLite reports both as "unable
//! to open" or "disk I/O error"; these say which it was, so the window can
//! say what to do. Reading a database whose folder allows neither goes
//! through SQLite's `immutable` mode, which needs no `-shm` file.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Below this much free space a database cannot take its next write (a WAL
/// frame, the shared-memory index): the disk counts as full.
const ROOM_FOR_A_WRITE: u64 = 128 * 1024;

/// The folder that holds `db` (its WAL and shared-memory files go there).
pub fn folder(db: &Path) -> PathBuf {
    match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether the disk holding `db` has too little room left for a write.
/// Unknown (another platform, a folder that cannot be asked) is not full.
pub fn is_full(db: &Path) -> bool {
    free_bytes(&folder(db)).is_some_and(|free| free < ROOM_FOR_A_WRITE)
}

/// Whether this user may create files in the folder holding `db` (the
/// folder's mode, a read-only mount, an immutable flag).
pub fn folder_is_writable(db: &Path) -> bool {
    may_write(&folder(db))
}

/// Whether `err`, from opening a database to read, is SQLite unable to make
/// the shared-memory file beside it (a read-only folder, a full disk).
pub(super) fn cannot_share(err: &Error) -> bool {
    matches!(
        err,
        Error::Database(db) if matches!(
            db.sqlite_error_code(),
            Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::SystemIoFailure)
        )
    )
}

/// Whether every committed write is in the database file itself: no WAL
/// beside it, or an empty one. Only then may it be read as immutable.
pub(super) fn wal_is_empty(db: &Path) -> bool {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).map_or(true, |meta| meta.len() == 0)
}

/// The SQLite URI that opens `db` as immutable: read without locks or a
/// shared-memory file, for a database nobody can write.
pub(super) fn immutable_uri(db: &Path) -> String {
    let path = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    let mut uri = String::from("file:");
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(char::from(*byte));
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(unix)]
fn free_bytes(dir: &Path) -> Option<u64> {
    let dir = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()).ok()?;
    // SAFETY: `dir` is a NUL-terminated path and `stats` is written by statvfs.
    let mut stats: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(dir.as_ptr(), &mut stats) } != 0 {
        return None;
    }
    // The fields are narrower on some platforms (32-bit, macOS).
    #[allow(clippy::useless_conversion)]
    let (blocks, size) = (u64::from(stats.f_bavail), u64::from(stats.f_frsize));
    Some(blocks.saturating_mul(size))
}

#[cfg(not(unix))]
fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

#[cfg(unix)]
fn may_write(dir: &Path) -> bool {
    let Ok(dir) = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: `dir` is a NUL-terminated path.
    unsafe { libc::access(dir.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(dir: &Path) -> bool {
    std::fs::metadata(dir).is_ok_and(|meta| !meta.permissions().readonly())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_uri_characters_is_escaped_in_the_immutable_uri() {
        assert_eq!(
            immutable_uri(Path::new("/data/inc #4?/sitrep%.db")),
            "file:/data/inc%20%234%3F/sitrep%25.db?immutable=1"
        );
    }

    #[test]
    fn a_bare_file_name_lives_in_the_current_folder() {
        assert_eq!(folder(Path::new("sitrep.db")), PathBuf::from("."));
        assert_eq!(folder(Path::new("/a/sitrep.db")), PathBuf::from("/a"));
    }

    #[test]
    fn a_folder_with_room_is_not_full_and_a_missing_wal_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sitrep.db");
        assert!(!is_full(&db));
        assert!(wal_is_empty(&db));
        std::fs::write(dir.path().join("sitrep.db-wal"), b"frames").unwrap();
        assert!(!wal_is_empty(&db));
    }
}
