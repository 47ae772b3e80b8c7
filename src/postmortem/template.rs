//! Postmortem templates: Markdown with `{{placeholders}}` that the draft
//! fills from the record. Three are seeded; all are editable and stored in
//! the database. A template is checked before it is kept: it must have a
//! heading, and every placeholder must be one Sitrep knows.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::InvalidInput;

/// What a `{{name}}` in a template stands for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Placeholder {
    Title,
    /// The key, `INC-<n>`.
    Incident,
    /// The day the impact started (UTC).
    Date,
    /// The peak severity.
    Severity,
    Status,
    /// Who held the roles.
    Authors,
    /// Key facts: dates, severity, status, roles.
    Overview,
    /// Impact windows, durations, who was affected.
    Impact,
    /// Every timeline entry, with dates.
    Timeline,
    /// When the impact started, was detected, acknowledged and declared.
    Detection,
    /// Who was told what and when, and each obligation's outcome.
    Communications,
    /// The figures the writer types (validators, epochs, ETH); kept live.
    Figures,
    /// The action items; kept live.
    ActionItems,
}

impl Placeholder {
    /// Whether it stays in the text and is filled each time the postmortem is
    /// shown or exported, rather than once when it is drafted: the figures and
    /// action items are edited as records, not as text.
    pub fn is_live(self) -> bool {
        matches!(self, Placeholder::Figures | Placeholder::ActionItems)
    }

    /// Its name, as written between the braces.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// One `{{...}}` found in a text: where it is and what it names.
pub(crate) struct Found<'t> {
    pub start: usize,
    pub end: usize,
    pub name: &'t str,
}

/// Every `{{...}}` in `text`, in order; an opening `{{` without its `}}`
/// is an error naming its line.
pub(crate) fn placeholders(text: &str) -> Result<Vec<Found<'_>>, InvalidInput> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| i + from) {
        let Some(close) = text[open..].find("}}").map(|i| i + open) else {
            let line = text[..open].matches('\n').count() + 1;
            return Err(InvalidInput::new(
                "template",
                format!("line {line}: `{{{{` is never closed with `}}}}`"),
            ));
        };
        found.push(Found {
            start: open,
            end: close + 2,
            name: text[open + 2..close].trim(),
        });
        from = close + 2;
    }
    Ok(found)
}

/// `text` with each placeholder that `fill` answers for replaced by its
/// answer; unknown ones, ones `fill` leaves alone, and a text whose braces
/// do not close stay as written.
pub(crate) fn substitute(
    text: &str,
    mut fill: impl FnMut(Placeholder) -> Option<String>,
) -> String {
    let Ok(found) = placeholders(text) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + 1024);
    let mut from = 0;
    for f in found {
        out.push_str(&text[from..f.start]);
        match f.name.parse::<Placeholder>().ok().and_then(&mut fill) {
            Some(filled) => out.push_str(&filled),
            None => out.push_str(&text[f.start..f.end]),
        }
        from = f.end;
    }
    out.push_str(&text[from..]);
    out
}

/// A template as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Template {
    pub name: String,
    pub body: String,
    /// Seeded with Sitrep: it can be edited but not removed.
    pub builtin: bool,
}

/// A template as typed in Settings or imported from a file.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct TemplateInput {
    pub name: String,
    pub body: String,
}

/// The templates Sitrep seeds, in the order offered.
pub const BUILTIN: [(&str, &str); 3] = [
    ("SRE review", include_str!("templates/sre-review.md")),
    (
        "Governance forum report",
        include_str!("templates/governance-forum.md"),
    ),
    (
        "Customer notice",
        include_str!("templates/customer-notice.md"),
    ),
];

/// The template used when none is named.
pub const DEFAULT: &str = BUILTIN[0].0;

/// A checked template name: trimmed, 1 to 80 characters.
pub(crate) fn name(text: &str) -> Result<String, InvalidInput> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(InvalidInput::new(
            "name",
            "a template needs a name of 1 to 80 characters",
        ));
    }
    crate::text::one_line("name", name)?;
    Ok(name.to_owned())
}

/// Checks a template's Markdown: not empty, at least one heading, and only
/// placeholders Sitrep knows, each spelled `{{name}}`.
pub fn check(body: &str) -> Result<(), InvalidInput> {
    if body.trim().is_empty() {
        return Err(InvalidInput::new("template", "the template is empty"));
    }
    if body.len() > crate::timeline::MAX_NOTE_BYTES {
        return Err(InvalidInput::new(
            "template",
            "the template is longer than 64 KiB",
        ));
    }
    let has_heading = pulldown_cmark::Parser::new(body).any(|event| {
        matches!(
            event,
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. })
        )
    });
    if !has_heading {
        return Err(InvalidInput::new(
            "template",
            "the template has no heading; start sections with `#` or `##`",
        ));
    }
    for found in placeholders(body)? {
        if found.name.parse::<Placeholder>().is_err() {
            let known: Vec<&str> = <Placeholder as strum::VariantArray>::VARIANTS
                .iter()
                .map(|p| p.name())
                .collect();
            return Err(InvalidInput::new(
                "template",
                format!(
                    "`{{{{{}}}}}` is not a placeholder Sitrep knows; use one of {}",
                    found.name,
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_templates_pass_their_own_check() {
        for (name, body) in BUILTIN {
            check(body).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn an_unknown_or_unclosed_placeholder_or_no_heading_is_refused() {
        let unknown = check("# T\n{{title}} {{weather}}").unwrap_err();
        assert!(unknown.message.contains("`{{weather}}`"), "{unknown}");
        let unclosed = check("# T\n\n{{title").unwrap_err();
        assert!(unclosed.message.contains("line 3"), "{unclosed}");
        assert!(check("just text {{title}}").is_err());
        assert!(check("   ").is_err());
        check("# T\n{{ title }}").unwrap();
    }

    #[test]
    fn an_empty_placeholder_is_refused_by_name() {
        let empty = check("# T\n{{}} and {{title}}").unwrap_err();
        assert!(
            empty.message.contains("`{{}}` is not a placeholder"),
            "{empty}"
        );
    }

    #[test]
    fn a_name_of_1_to_80_characters_and_a_template_of_up_to_64_kib_are_kept() {
        assert_eq!(name(&"n".repeat(80)).unwrap().len(), 80);
        for bad in ["", "   ", &"n".repeat(81)] {
            assert_eq!(name(bad).unwrap_err().field, "name", "{bad:?}");
        }
        let body = |len: usize| format!("# T\n{}", "x".repeat(len - 4));
        check(&body(crate::timeline::MAX_NOTE_BYTES)).unwrap();
        let long = check(&body(crate::timeline::MAX_NOTE_BYTES + 1)).unwrap_err();
        assert!(long.message.contains("64 KiB"), "{long}");
    }
}
