//! The desktop app's own command line: `sitrep-desktop [--db PATH]`.

use std::ffi::OsString;
use std::path::PathBuf;

use sitrep::{Error, InvalidInput};

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
}
