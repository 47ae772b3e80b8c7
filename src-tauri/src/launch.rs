//! The desktop app's own command line, `sitrep-desktop [--db PATH]
//! [--read-only] [--in-tray] [--version]`, how the database is opened at start, and starting Sitrep
//! again on another file (the dialog's choice, a restored backup).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use sitrep::store::disk;
use sitrep::{Error, InvalidInput, Store};
use tauri::{AppHandle, Runtime};

/// The flag the failure window's "Open read-only" relaunches Sitrep with.
pub const READ_ONLY: &str = "--read-only";

/// The value of `--db PATH` (or `--db=PATH`) among `args`, if given.
pub fn db_flag(args: impl IntoIterator<Item = OsString>) -> Result<Option<PathBuf>, Error> {
    let mut args = args.into_iter();
    let mut found = None;
    while let Some(arg) = args.next() {
        if arg == "--db" {
            let path = args
                .next()
                .ok_or_else(|| InvalidInput::new("db", "--db needs a file path after it"))?;
            found = Some(PathBuf::from(path));
        } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            found = Some(PathBuf::from(path));
        }
    }
    Ok(found)
}

/// Whether any of `names` is among `args`.
fn has_flag(args: impl IntoIterator<Item = OsString>, names: &[&str]) -> bool {
    args.into_iter()
        .any(|arg| names.iter().any(|name| arg == *name))
}

/// Whether `--version` (or `-V`) is among `args`: print the version, start nothing.
pub fn version_flag(args: impl IntoIterator<Item = OsString>) -> bool {
    has_flag(args, &["--version", "-V"])
}

/// Whether `--in-tray` is among `args`: start with no window, in the tray.
pub fn in_tray_flag(args: impl IntoIterator<Item = OsString>) -> bool {
    has_flag(args, &[crate::login::IN_TRAY])
}

/// Whether `--read-only` is among `args`.
pub fn read_only_flag(args: impl IntoIterator<Item = OsString>) -> bool {
    has_flag(args, &[READ_ONLY])
}

/// How the database at start turned out.
pub enum Opened {
    /// Open for writing, checked sound.
    Writable(Store),
    /// Open for reading only, as asked, because writing was refused.
    ReadOnly(Store, Error),
    /// Refused; nothing was written to it.
    Refused(Error),
}

/// Opens `path` for writing if it can be written, its disk has room and
/// SQLite's quick check finds it sound (before anything writes to it);
/// else, if `read_only` was asked for, for reading only.
pub fn open(path: &Path, read_only: bool) -> Opened {
    let refused = match writable(path)
        .and_then(|()| Store::open(path))
        .and_then(|store| store.quick_check().map(|()| store))
        .and_then(|store| has_room(path).map(|()| store))
    {
        Ok(store) => return Opened::Writable(store),
        Err(err) => err,
    };
    if read_only {
        if let Ok(store) = Store::open_to_read(path) {
            return Opened::ReadOnly(store, refused);
        }
    }
    Opened::Refused(refused)
}

/// Refuses a file this user may not write: SQLite would open it read-only
/// without a word, and every change would fail later, mid-incident.
fn writable(path: &Path) -> Result<(), Error> {
    if !path.exists() {
        return Ok(());
    }
    // Opening for writing writes nothing; the file is left as it was.
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map(drop)
        .map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })
}

/// Refuses to write to a database on a full disk: it would open, and then
/// every note, update and backup would fail, mid-incident.
fn has_room(path: &Path) -> Result<(), Error> {
    if disk::is_full(path) {
        return Err(Error::Open {
            path: path.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::StorageFull),
        });
    }
    Ok(())
}

/// Starts Sitrep again with `args` and ends this one. Tauri's own restart
/// takes no arguments, and the new process must not find this one still
/// holding the single-instance name.
pub fn relaunch<R: Runtime>(app: &AppHandle<R>, args: Vec<OsString>) -> Result<(), Error> {
    let exe = std::env::current_exe().map_err(|source| Error::Open {
        path: PathBuf::from("sitrep-desktop"),
        source,
    })?;
    tauri_plugin_single_instance::destroy(app);
    std::process::Command::new(&exe)
        .args(args)
        .spawn()
        .map_err(|source| Error::Open { path: exe, source })?;
    app.exit(0);
    Ok(())
}

/// The arguments that open `db`, read-only if asked.
pub fn args_for(db: &Path, read_only: bool) -> Vec<OsString> {
    let mut args = vec![OsString::from("--db"), db.as_os_str().to_owned()];
    if read_only {
        args.push(READ_ONLY.into());
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_db_flag_is_read_in_both_spellings() {
        assert_eq!(
            db_flag(args(&["--db", "/tmp/a.db"])).unwrap(),
            Some(PathBuf::from("/tmp/a.db"))
        );
        assert_eq!(
            db_flag(args(&["--db=/tmp/b.db"])).unwrap(),
            Some(PathBuf::from("/tmp/b.db"))
        );
        assert_eq!(db_flag(args(&[])).unwrap(), None);
    }

    #[test]
    fn a_db_flag_without_a_path_is_refused() {
        let err = db_flag(args(&["--db"])).unwrap_err();
        assert!(err.to_string().contains("--db needs a file path"), "{err}");
    }

    #[test]
    fn the_read_only_flag_is_found_and_given_back_on_relaunch() {
        let relaunch = args_for(Path::new("/tmp/a.db"), true);
        assert!(read_only_flag(relaunch.clone()));
        assert_eq!(db_flag(relaunch).unwrap(), Some(PathBuf::from("/tmp/a.db")));
        assert!(!read_only_flag(args_for(Path::new("/tmp/a.db"), false)));
    }

    #[test]
    fn the_in_tray_flag_is_found_among_the_others() {
        assert!(in_tray_flag(args(&["--db", "/tmp/a.db", "--in-tray"])));
        assert!(!in_tray_flag(args(&["--db", "/tmp/--in-tray"])));
    }

    #[test]
    fn a_text_file_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "not a database").unwrap();
        assert!(matches!(open(&path, true), Opened::Refused(_)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a database");
    }
}
