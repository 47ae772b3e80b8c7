//! The file dialogs, opened from Rust: every file a command reads or writes
//! is one the user picked in a native dialog, so the webview never names a
//! path and its capability holds no file access at all.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};
use ts_rs::TS;

use crate::IpcError;

/// The kinds of file a dialog offers: a name and its extensions.
pub type Filter = (&'static str, &'static [&'static str]);

/// Plan libraries.
pub const TOML: Filter = ("Response plans (TOML)", &["toml"]);
/// The stakeholder directory, as a spreadsheet or as data.
pub const DIRECTORY: [Filter; 2] = [("Spreadsheet (CSV)", &["csv"]), ("JSON", &["json"])];
/// Markdown documents.
pub const MARKDOWN: Filter = ("Markdown", &["md"]);
/// Standalone web pages.
pub const HTML: Filter = ("Web page (HTML)", &["html"]);
/// Spreadsheets.
pub const CSV: Filter = ("Spreadsheet (CSV)", &["csv"]);
/// Sitrep's backups.
pub const BACKUP: Filter = ("Sitrep backup", &["db"]);

/// What a command asks the user: a file to read, or where to save one.
#[derive(Debug, Clone, Copy)]
pub enum Ask<'a> {
    /// A file to read, starting in `folder` if given.
    Open {
        title: &'a str,
        filters: &'a [Filter],
        folder: Option<&'a Path>,
    },
    /// Where to save, suggesting the file name `name`.
    Save {
        title: &'a str,
        name: &'a str,
        filters: &'a [Filter],
    },
}

type Answer = dyn Fn(Ask<'_>) -> Result<Option<PathBuf>, IpcError> + Send + Sync;

/// Where the commands get their files: the native dialog in the app, a
/// chosen answer in tests of the shell. Managed state.
pub struct Files(Box<Answer>);

impl Files {
    /// Asks through the native file dialog (Tauri's dialog plugin).
    pub fn dialog<R: Runtime>(app: AppHandle<R>) -> Self {
        Self(Box::new(move |ask| {
            let file = match ask {
                Ask::Open {
                    title,
                    filters,
                    folder,
                } => {
                    let dialog = with_filters(ask_over_window(&app, title), filters);
                    match folder {
                        Some(folder) => dialog.set_directory(folder),
                        None => dialog,
                    }
                    .blocking_pick_file()
                }
                Ask::Save {
                    title,
                    name,
                    filters,
                } => with_filters(ask_over_window(&app, title), filters)
                    .set_file_name(name)
                    .blocking_save_file(),
            };
            file.map(local).transpose()
        }))
    }

    /// Answers every question with `answer` (the shell's tests).
    pub fn answering(answer: impl Fn(Ask<'_>) -> Option<PathBuf> + Send + Sync + 'static) -> Self {
        Self(Box::new(move |ask| Ok(answer(ask))))
    }

    /// Asks which file to read; `None` when the dialog was cancelled.
    /// Blocks until the user answers: call it from an async command.
    pub fn to_open(
        &self,
        title: &str,
        filters: &[Filter],
        folder: Option<&Path>,
    ) -> Result<Option<PathBuf>, IpcError> {
        (self.0)(Ask::Open {
            title,
            filters,
            folder,
        })
    }

    /// Asks where to save, suggesting `name`; `None` when cancelled. A name
    /// typed without an extension gets the suggested one. Blocks until the
    /// user answers: call it from an async command.
    pub fn to_save(
        &self,
        title: &str,
        name: &str,
        filters: &[Filter],
    ) -> Result<Option<PathBuf>, IpcError> {
        let picked = (self.0)(Ask::Save {
            title,
            name,
            filters,
        })?;
        Ok(picked.map(|path| with_extension_of(path, name)))
    }
}

/// A file dialog titled `title`, over Sitrep's window when it is open.
fn ask_over_window<R: Runtime>(app: &AppHandle<R>, title: &str) -> FileDialogBuilder<R> {
    let dialog = app.dialog().file().set_title(title);
    match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    }
}

fn with_filters<R: Runtime>(
    dialog: FileDialogBuilder<R>,
    filters: &[Filter],
) -> FileDialogBuilder<R> {
    filters.iter().fold(dialog, |dialog, (name, extensions)| {
        dialog.add_filter(*name, extensions)
    })
}

fn local(file: tauri_plugin_dialog::FilePath) -> Result<PathBuf, IpcError> {
    file.into_path().map_err(|err| {
        IpcError::from(sitrep::Error::from(sitrep::InvalidInput::new(
            "file",
            format!("the dialog returned no local file: {err}"),
        )))
    })
}

fn with_extension_of(path: PathBuf, name: &str) -> PathBuf {
    match Path::new(name).extension() {
        Some(ext) if path.extension().is_none() => path.with_extension(ext),
        _ => path,
    }
}

/// A file written where the user picked: where, and how many records it holds.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Saved {
    /// The file, as the window shows it.
    pub path: String,
    /// How many records (plans, stakeholders) it holds.
    pub count: usize,
}

impl Saved {
    /// `count` records written to `path`.
    pub fn new(path: &Path, count: usize) -> Self {
        Self {
            path: path.display().to_string(),
            count,
        }
    }
}

/// `text` as a file-name part: letters and digits, the rest one `-`.
pub fn slug(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A file the user picked could not be read or written.
pub fn error(path: &Path, err: std::io::Error) -> IpcError {
    sitrep::Error::from(sitrep::InvalidInput::new(
        "file",
        format!("cannot use {}: {err}", path.display()),
    ))
    .into()
}

/// Writes `text` to `path`, as picked.
pub fn write(path: &Path, text: impl AsRef<[u8]>) -> Result<(), IpcError> {
    std::fs::write(path, text).map_err(|err| error(path, err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stakeholder_name_becomes_a_file_name_part() {
        assert_eq!(slug("Exchange C / APAC"), "Exchange-C-APAC");
    }

    #[test]
    fn a_name_typed_without_an_extension_gets_the_suggested_one() {
        let named = |picked: &str| with_extension_of(PathBuf::from(picked), "plans.toml");
        assert_eq!(
            named("/home/ic/library"),
            PathBuf::from("/home/ic/library.toml")
        );
        assert_eq!(
            named("/home/ic/library.txt"),
            PathBuf::from("/home/ic/library.txt")
        );
    }
}
