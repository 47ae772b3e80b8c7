//! A month's report as a file to hand on: Markdown (for a wiki or a chat),
//! a standalone HTML page (for a staker or an auditor), or CSV (for a
//! spreadsheet). Every name in it is escaped for the format; no CSV cell
//! can start a spreadsheet formula.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Measure, MonthReport};
use crate::error::InvalidInput;
use crate::markup::{html_text, md_text};
use crate::text::csv_cell;

/// The file formats a report exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Markdown,
    Html,
    Csv,
}

impl ReportFormat {
    /// The format a file name asks for by its extension (`.md`, `.html`, `.csv`).
    pub fn of_path(path: &Path) -> Result<Self, InvalidInput> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown") => Ok(Self::Markdown),
            Some("html" | "htm") => Ok(Self::Html),
            Some("csv") => Ok(Self::Csv),
            _ => Err(InvalidInput::new(
                "file",
                format!(
                    "{} is not .md, .html or .csv; name the file for the format you want",
                    path.display()
                ),
            )),
        }
    }

    /// The format named on the command line (`md`, `html`, `csv`).
    pub fn named(name: &str) -> Result<Self, InvalidInput> {
        Self::of_path(Path::new(&format!("report.{}", name.trim())))
    }
}

/// The rows every format shows, as (label, value) text.
fn rows(r: &MonthReport) -> Vec<(String, String)> {
    let min = |v: f64| format!("{v:.0} min");
    let opt = |v: Option<f64>| v.map_or("—".to_owned(), min);
    let measure = |m: &Measure| {
        format!(
            "mean {}, worst {}{}",
            opt(m.mean_minutes),
            opt(m.worst_minutes),
            if m.left_out > 0 {
                format!(" ({} left out: estimated or not reached)", m.left_out)
            } else {
                String::new()
            }
        )
    };
    let [s1, s2, s3, s4] = r.incidents_by_severity;
    vec![
        (
            "Uptime".into(),
            format!(
                "{:.3} % (target {} %)",
                r.uptime_percent, r.sla_target_percent
            ),
        ),
        (
            "Downtime".into(),
            format!(
                "{} of a {} budget ({} left)",
                min(r.downtime_minutes),
                min(r.budget_minutes),
                min(r.budget_left_minutes)
            ),
        ),
        (
            "Incidents".into(),
            format!(
                "{} (SEV1 {s1}, SEV2 {s2}, SEV3 {s3}, SEV4 {s4})",
                r.incidents
            ),
        ),
        ("Drills run".into(), r.drills.to_string()),
        ("Time to detect".into(), measure(&r.detect)),
        ("Time to acknowledge".into(), measure(&r.acknowledge)),
        ("Time to mitigate".into(), measure(&r.mitigate)),
        ("Time to resolve".into(), measure(&r.resolve)),
        ("Updates sent".into(), r.updates_sent.to_string()),
        (
            "Notices".into(),
            format!(
                "{} on time, {} late, {} missed, {} skipped",
                r.on_time, r.late, r.missed, r.skipped
            ),
        ),
        (
            "On time".into(),
            r.updates_on_time_percent
                .map_or("—".to_owned(), |p| format!("{p:.0} %")),
        ),
        (
            "Duplicates prevented".into(),
            r.duplicates_prevented.to_string(),
        ),
        (
            "Satisfaction".into(),
            r.satisfaction_average
                .map_or("no feedback".to_owned(), |a| {
                    format!("{a:.1} / 5 from {} ratings", r.feedback.len())
                }),
        ),
    ]
    .into_iter()
    .chain(r.feedback.iter().map(|f| {
        let said = if f.comment.is_empty() {
            String::new()
        } else {
            format!(": {}", f.comment)
        };
        (
            format!("Feedback, {}", f.incident),
            format!("{} {}/5{said}", f.stakeholder, f.rating),
        )
    }))
    .collect()
}

fn title(r: &MonthReport) -> String {
    let whose = r.stakeholder.as_deref().unwrap_or("the operator");
    format!("SLA and communication report, {} — {whose}", r.month)
}

/// `r` written out as `format`.
pub fn render(r: &MonthReport, format: ReportFormat) -> String {
    match format {
        ReportFormat::Markdown => markdown(r),
        ReportFormat::Html => html(r),
        ReportFormat::Csv => csv(r),
    }
}

fn markdown(r: &MonthReport) -> String {
    let mut out = format!(
        "# {}\n\nAll times in UTC; drills are counted only as drills run.\n\n| | |\n|---|---|\n",
        md_text(&title(r))
    );
    for (label, value) in rows(r) {
        out.push_str(&format!("| {label} | {} |\n", md_text(&value)));
    }
    out
}

fn html(r: &MonthReport) -> String {
    let title = html_text(&title(r));
    let rows: String = rows(r)
        .into_iter()
        .map(|(label, value)| {
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
                html_text(&label),
                html_text(&value)
            )
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#1b1f24}}\
         th{{text-align:left;color:#555;padding:.3rem 1.2rem .3rem 0;font-weight:400}}td{{padding:.3rem 0}}</style>\
         </head><body>\n<h1>{title}</h1>\n<p>All times in UTC; drills are counted only as drills run.</p>\n\
         <table>\n{rows}</table>\n</body></html>\n"
    )
}

fn csv(r: &MonthReport) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let whose = r.stakeholder.as_deref().unwrap_or("operator");
    let figures: [(&str, String); 21] = [
        ("month", r.month.clone()),
        ("stakeholder", whose.to_owned()),
        ("incidents", r.incidents.to_string()),
        ("drills", r.drills.to_string()),
        ("downtime_minutes", format!("{:.1}", r.downtime_minutes)),
        ("budget_minutes", format!("{:.1}", r.budget_minutes)),
        (
            "budget_left_minutes",
            format!("{:.1}", r.budget_left_minutes),
        ),
        ("uptime_percent", format!("{:.4}", r.uptime_percent)),
        ("sla_target_percent", r.sla_target_percent.to_string()),
        ("mttd_minutes", opt_number(r.mttd_minutes)),
        ("mtta_minutes", opt_number(r.mtta_minutes)),
        ("mttm_minutes", opt_number(r.mttm_minutes)),
        ("mttr_minutes", opt_number(r.mttr_minutes)),
        ("updates_sent", r.updates_sent.to_string()),
        ("on_time", r.on_time.to_string()),
        ("late", r.late.to_string()),
        ("missed", r.missed.to_string()),
        ("skipped", r.skipped.to_string()),
        (
            "updates_on_time_percent",
            opt_number(r.updates_on_time_percent),
        ),
        ("duplicates_prevented", r.duplicates_prevented.to_string()),
        ("satisfaction_average", opt_number(r.satisfaction_average)),
    ];
    let write = |w: &mut csv::Writer<Vec<u8>>, cells: Vec<String>| {
        // Writing to memory cannot fail.
        let _ = w.write_record(cells);
    };
    write(
        &mut out,
        figures.iter().map(|(k, _)| (*k).to_owned()).collect(),
    );
    write(
        &mut out,
        figures
            .iter()
            .map(|(_, v)| csv_cell(v).into_owned())
            .collect(),
    );
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn opt_number(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{v:.1}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_become_markup_or_formulas() {
        assert_eq!(
            html_text("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("Lido"), "Lido");
        assert_eq!(md_text("[x](y)"), "\\[x\\]\\(y\\)");
    }

    #[test]
    fn the_format_follows_the_file_name() {
        assert_eq!(
            ReportFormat::of_path(Path::new("oct.MD")).unwrap(),
            ReportFormat::Markdown
        );
        assert_eq!(ReportFormat::named("csv").unwrap(), ReportFormat::Csv);
        assert!(ReportFormat::of_path(Path::new("oct.pdf")).is_err());
    }
}
