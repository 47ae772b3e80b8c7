//! What typed and imported text may hold, so that it cannot attack whoever
//! reads it: one-line fields (titles, names, handles) refuse control
//! characters; notes keep them but are printed escaped; a spreadsheet cell
//! never starts a formula.

use std::borrow::Cow;

use crate::error::InvalidInput;

/// The largest file an import reads: far beyond any directory, plan
/// library, survey or template, and small enough that `/dev/zero` or a
/// wrong file is refused instead of read forever.
pub const MAX_IMPORT_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a file to import, refusing one over [`MAX_IMPORT_BYTES`] (without
/// reading it whole) or one that is not UTF-8 text.
pub fn read_import(path: &std::path::Path) -> Result<String, InvalidInput> {
    use std::io::Read;
    let cannot = |err: std::io::Error| {
        InvalidInput::new("file", format!("cannot read {}: {err}", path.display()))
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(cannot)?
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(InvalidInput::new(
            "file",
            format!(
                "{} is larger than {} MiB; that is not a file Sitrep imports",
                path.display(),
                MAX_IMPORT_BYTES / 1024 / 1024
            ),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| InvalidInput::new("file", format!("{} is not UTF-8 text", path.display())))
}

/// Whether `c` could move the cursor, recolour a terminal or hide text:
/// every control character but newline and tab.
fn hostile(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Refuses a one-line field that holds a control character (an ANSI
/// escape, a carriage return that rewrites the line, a NUL byte) or a line break.
pub fn one_line(field: &'static str, text: &str) -> Result<(), InvalidInput> {
    match text.chars().find(|c| c.is_control()) {
        None => Ok(()),
        Some(c) => Err(InvalidInput::new(
            field,
            format!(
                "the {} holds a control character ({}); type it as plain text on one line",
                field.replace('_', " "),
                c.escape_unicode()
            ),
        )),
    }
}

/// `text` as a terminal may show it: control characters other than newline
/// and tab are written as `\u{1b}` escapes, so stored text cannot rewrite
/// what the IC sees.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hostile) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if hostile(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Whether a spreadsheet would run a cell starting like `text` as a formula
/// (the OWASP list: `=`, `+`, `-`, `@`, tab, carriage return).
fn starts_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// A CSV cell a spreadsheet shows as text, never runs: a formula's first
/// character is prefixed with `'`.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if starts_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Undoes [`csv_cell`] on a cell read back from CSV.
pub fn csv_uncell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if starts_formula(rest) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_in_one_line_fields() {
        for bad in [
            "a\rINC-9 resolved",
            "\u{1b}[31mred",
            "nul\0byte",
            "two\nlines",
        ] {
            assert!(one_line("title", bad).is_err(), "{bad:?}");
        }
        one_line("title", "Signer down — région eu-2 ✓").unwrap();
    }

    #[test]
    fn printed_text_shows_control_characters_as_escapes() {
        assert_eq!(printable("ok\tline\nnext"), "ok\tline\nnext");
        assert_eq!(
            printable("a\rINC-9 resolved\u{1b}[2J"),
            "a\\u{d}INC-9 resolved\\u{1b}[2J"
        );
    }

    #[test]
    fn formula_cells_are_neutralised_and_round_trip() {
        for payload in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=cmd|' /C calc'!A0",
        ] {
            let cell = csv_cell(payload);
            assert!(cell.starts_with('\''), "{payload:?}");
            assert_eq!(csv_uncell(&cell), payload);
        }
        assert_eq!(csv_cell("Lido"), "Lido");
        assert_eq!(
            csv_uncell("'quoted"),
            "'quoted",
            "a leading quote of the user's own stays"
        );
    }
}
