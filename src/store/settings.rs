//! The desktop app's settings, kept in the database beside the incidents so
//! they travel with it.

use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::error::Result;

/// A setting and its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The system-wide shortcut that brings the window forward on the
    /// declare form (X11 only).
    GlobalShortcut,
}

impl Setting {
    fn key(self) -> &'static str {
        match self {
            Setting::GlobalShortcut => "global_shortcut",
        }
    }

    /// The value used until the user sets one.
    pub fn default_value(self) -> &'static str {
        match self {
            Setting::GlobalShortcut => "Ctrl+Alt+I",
        }
    }
}

impl Store {
    /// The setting's value, or its default.
    pub fn setting(&self, setting: Setting) -> Result<String> {
        let value: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([setting.key()], |row| row.get(0))
            .optional()?;
        Ok(value.unwrap_or_else(|| setting.default_value().to_owned()))
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
