//! The desktop app's settings, kept in the database beside the incidents so
//! they travel with it.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, Tx};
use crate::error::Result;

/// A setting and its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The system-wide shortcut that brings the window forward on the
    /// declare form (X11 only).
    GlobalShortcut,
    /// The time zone (IANA name) report months are calendar months in.
    ReportTimeZone,
    /// Whether starting at login was offered (`yes`) when the window was
    /// first closed to the tray; it is offered once.
    LoginStartOffered,
}

impl Setting {
    fn key(self) -> &'static str {
        match self {
            Setting::GlobalShortcut => "global_shortcut",
            Setting::ReportTimeZone => "report_time_zone",
            Setting::LoginStartOffered => "login_start_offered",
        }
    }

    /// The value used until the user sets one.
    pub fn default_value(self) -> &'static str {
        match self {
            Setting::GlobalShortcut => "Ctrl+Alt+I",
            Setting::ReportTimeZone => "UTC",
            Setting::LoginStartOffered => "no",
        }
    }
}

fn setting(conn: &Connection, setting: Setting) -> Result<String> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([setting.key()], |row| row.get(0))
        .optional()?;
    Ok(value.unwrap_or_else(|| setting.default_value().to_owned()))
}

impl Tx<'_> {
    /// The setting's value, or its default, read inside the transaction.
    pub(crate) fn setting(&self, s: Setting) -> Result<String> {
        setting(self.conn(), s)
    }
}

impl Store {
    /// The setting's value, or its default.
    pub fn setting(&self, s: Setting) -> Result<String> {
        setting(&self.conn, s)
    }

    /// Stores a setting's value (checked by the caller).
    pub fn set_setting(&mut self, setting: Setting, value: &str) -> Result<()> {
        self.write(|tx| {
            tx.conn()
                .prepare_cached(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute(params![setting.key(), value])?;
            Ok(())
        })
    }
}
