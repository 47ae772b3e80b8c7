//! The postmortem, through the CLI and the core: a draft written from a
//! back-filled record, versions and publishing, sharing that fulfils the
//! postmortem obligation, action items, templates, and every bad input
//! refused with nothing written.

mod common;

use std::path::Path;

use chrono::{DateTime, Timelike, Utc};
use common::{db, refused, run, show_json, stdout};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::Value;
use sitrep::postmortem::{self, PostmortemStatus, SaveInput};
use sitrep::{ManualClock, Store};

const EXCHANGE: &str = "Exchange A (example)";
const PARTNER: &str = "Liquid staking protocol (example)";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 time")
}

/// A SEV1 back-filled across midnight and a month's end: impact from 23:30, detected 23:35,
/// declared 23:40; the exchange told on time, the partner late, the status
/// page never; mitigated 00:10, impact resumed 00:20, resolved 00:50.
fn back_filled(db: &Path) {
    for args in [
        [
            "declare",
            "--title",
            "Lighthouse nodes down",
            "--severity",
            "1",
            "--impact-started",
            "2026-10-31T23:30:00Z",
            "--detected",
            "2026-10-31T23:35:00Z",
            "--at",
            "2026-10-31T23:40:00Z",
        ]
        .as_slice(),
        &[
            "role",
            "INC-1",
            "commander",
            "Alice",
            "--at",
            "2026-10-31T23:42:00Z",
        ],
        &[
            "sent",
            "INC-1",
            "--to",
            EXCHANGE,
            "--at",
            "2026-10-31T23:50:00Z",
        ],
        &[
            "sent",
            "INC-1",
            "--to",
            PARTNER,
            "--at",
            "2026-11-01T00:05:00Z",
        ],
        &[
            "status",
            "INC-1",
            "monitoring",
            "--at",
            "2026-11-01T00:10:00Z",
        ],
        &[
            "status",
            "INC-1",
            "investigating",
            "--note",
            "impact resumed",
            "--at",
            "2026-11-01T00:20:00Z",
        ],
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-11-01T00:50:00Z",
        ],
    ] {
        run(db, args);
    }
}

/// The Markdown as a real CommonMark parser reads it: for each `##` section
/// (by its heading), the text of each list item and table row in it.
fn sections(markdown: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let (mut heading, mut in_h2, mut item, mut depth) = (String::new(), false, String::new(), 0);
    for event in Parser::new_ext(markdown, sitrep::markup::markdown_options()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_h2 = true;
                heading.clear();
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                in_h2 = false;
                out.push((heading.clone(), Vec::new()));
            }
            Event::Start(Tag::Item | Tag::TableRow) => {
                depth += 1;
                item.clear();
            }
            Event::Start(Tag::TableCell) if depth > 0 => item.push_str("| "),
            Event::End(TagEnd::TableCell) if depth > 0 => item.push(' '),
            Event::End(end @ (TagEnd::Item | TagEnd::TableRow)) => {
                depth -= 1;
                if end == TagEnd::TableRow {
                    item.push('|');
                }
                if let Some((_, items)) = out.last_mut() {
                    items.push(item.trim().to_owned());
                }
            }
            Event::Text(t) | Event::Code(t) if in_h2 => heading.push_str(&t),
            Event::Text(t) | Event::Code(t) if depth > 0 => item.push_str(&t),
            _ => {}
        }
    }
    out
}

fn section<'a>(all: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    &all.iter()
        .find(|(h, _)| h == name)
        .unwrap_or_else(|| {
            panic!(
                "no section {name}: {:?}",
                all.iter().map(|s| &s.0).collect::<Vec<_>>()
            )
        })
        .1
}

#[test]
fn the_draft_has_every_window_every_entry_with_its_date_and_who_was_never_told() {
    let db = db();
    back_filled(&db.path);
    let record = show_json(&db.path, "INC-1");
    let markdown = stdout(&db.path, &["postmortem", "INC-1", "--format", "md"]);
    let all = sections(&markdown);

    let impact = section(&all, "Impact");
    assert!(
        impact.contains(&"| 1 | 2026-10-31 23:30 UTC | 2026-11-01 00:10 UTC | 40 min |".to_owned()),
        "{impact:#?}"
    );
    assert!(
        impact.contains(&"| 2 | 2026-11-01 00:20 UTC | 2026-11-01 00:50 UTC | 30 min |".to_owned()),
        "{impact:#?}"
    );
    assert!(
        markdown.contains("**Total impact: 1 h 10 min** over 2 windows"),
        "{markdown}"
    );
    for phase in [
        "| detect (impact started → detected) | 5 min |",
        "| acknowledge (detected → a commander took it) | 7 min |",
        "| declare (detected → declared) | 5 min |",
        "| mitigate (impact started → mitigated) | 40 min |",
        "| resolve (impact started → resolved) | 1 h 20 min |",
    ] {
        assert!(impact.contains(&phase.to_owned()), "{phase} in {impact:#?}");
    }

    // Every entry, in order, each with its own date: both days are there.
    let entries = record["timeline"].as_array().expect("timeline");
    let listed = section(&all, "Timeline");
    assert_eq!(listed.len(), entries.len(), "{listed:#?}");
    for (line, entry) in listed.iter().zip(entries) {
        let when = at(entry["at"].as_str().expect("at"));
        assert!(
            line.starts_with(&when.format("%Y-%m-%d %H:%M UTC").to_string()),
            "{line}"
        );
        assert!(
            line.contains(entry["kind"].as_str().expect("kind")),
            "{line}"
        );
    }
    assert!(
        listed
            .first()
            .expect("entries")
            .starts_with("2026-10-31 23:40 UTC")
    );
    assert!(
        listed
            .iter()
            .any(|l| l.starts_with("2026-11-01 00:20 UTC") && l.contains("impact resumed"))
    );

    // The status page was never told; 1 of 5 notices that came due was on time.
    let comms = section(&all, "Communications");
    assert!(
        comms.contains(&"| Public status page (example) | initial notice | 2026-10-31 23:55 UTC | missed | 2026-11-01 00:50 UTC |".to_owned()),
        "{comms:#?}"
    );
    assert!(
        comms.iter().any(|l| l
            .starts_with("2026-11-01 00:05 UTC — Liquid staking protocol (example) via telegram")
            && l.contains("initial notice, late")),
        "{comms:#?}"
    );
    assert!(
        markdown.contains(
            "**On time: 20 %** of the notices that came due (1 on time, 1 late, 3 missed)"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "**Missed:** Public status page (example) — initial notice due 2026-10-31 23:55 UTC"
        ),
        "{markdown}"
    );

    // Drafting happens once: the same text comes back, and it is on the timeline.
    assert_eq!(stdout(&db.path, &["postmortem", "INC-1"]), markdown);
    let after = show_json(&db.path, "INC-1");
    let kinds: Vec<&str> = after["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "postmortem").count(), 1);
}

#[test]
fn the_html_export_shows_what_the_user_typed_as_text_and_loads_nothing() {
    let db = db();
    back_filled(&db.path);
    run(
        &db.path,
        &[
            "note",
            "INC-1",
            "<img src=x onerror=alert(1)> seen",
            "--at",
            "2026-11-01T00:30:00Z",
        ],
    );
    run(&db.path, &["postmortem", "INC-1"]);
    let mut store = Store::open(&db.path).expect("the database");
    let clock = ManualClock::new(at("2026-11-01T09:00:00Z"));
    let key = "INC-1".parse().expect("a key");
    let mut pm = postmortem::get(&store, &clock, key)
        .expect("read")
        .expect("drafted");
    pm.body.push_str("\n## Notes\n\nWe saw <script>alert(1)</script> and <img src=x onerror=alert(1)> in logs. **Bold** stays.\n\n![graph](https://grafana.example/x.png)\n");
    postmortem::save(
        &mut store,
        &clock,
        key,
        &SaveInput {
            body: pm.body,
            figures: pm.figures,
        },
    )
    .expect("saved");

    let html = stdout(&db.path, &["postmortem", "INC-1", "--format", "html"]);
    for markup in ["<script", "<img", "onerror=alert(1)>"] {
        assert!(!html.contains(markup), "{markup} in the export");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<strong>Bold</strong>"));
    assert!(
        html.contains("default-src 'none'"),
        "a policy that forbids loads"
    );
    assert!(
        !html.contains("src=\"http"),
        "no external reference is loaded"
    );
    // The window's preview is the export's body.
    let pm = postmortem::get(&store, &clock, key)
        .expect("read")
        .expect("saved");
    assert!(html.contains(&pm.html));
}

/// The back-filled SEV1's postmortem drafted by the CLI, opened through the
/// core: the store, a clock the morning after, the key and the first draft.
fn drafted(
    db: &Path,
) -> (
    Store,
    ManualClock,
    sitrep::IncidentKey,
    postmortem::Postmortem,
) {
    run(db, &["postmortem", "INC-1"]);
    let store = Store::open(db).expect("the database");
    let clock = ManualClock::new(at("2026-11-01T09:00:00Z"));
    let key = "INC-1".parse().expect("a key");
    let first = postmortem::get(&store, &clock, key)
        .expect("read")
        .expect("drafted");
    (store, clock, key, first)
}

#[test]
fn every_save_that_changes_the_text_is_a_version_and_publishing_freezes_one() {
    let db = db();
    back_filled(&db.path);
    let (mut store, clock, key, first) = drafted(&db.path);
    let save = |store: &mut Store, body: &str| {
        let input = SaveInput {
            body: body.to_owned(),
            figures: first.figures.clone(),
        };
        postmortem::save(store, &clock, key, &input).expect("saved")
    };
    assert_eq!(save(&mut store, "# One\n\nfirst words\n").version, 2);
    assert_eq!(
        save(&mut store, "# One\n\nfirst words\n").version,
        2,
        "an unchanged save keeps no version"
    );
    assert_eq!(save(&mut store, "# One\n\nsecond words\n").version, 3);

    let diff = postmortem::diff(&store, key, 2, 3).expect("a diff");
    let changed: Vec<(String, String)> = diff
        .iter()
        .filter(|l| l.change != postmortem::DiffChange::Equal)
        .map(|l| (format!("{:?}", l.change), l.text.clone()))
        .collect();
    assert_eq!(
        changed,
        [
            ("Delete".into(), "first words".into()),
            ("Insert".into(), "second words".into())
        ]
    );

    let restored = postmortem::restore(&mut store, &clock, key, 2).expect("restored");
    assert_eq!(
        (restored.version, restored.body.as_str()),
        (4, "# One\n\nfirst words\n")
    );

    run(&db.path, &["postmortem", "status", "INC-1", "published"]);
    let published = postmortem::get(&store, &clock, key)
        .expect("read")
        .expect("there");
    assert_eq!(published.status, PostmortemStatus::Published);
    refused(
        &db.path,
        &["postmortem", "status", "INC-1", "in_review"],
        "published and frozen",
    );
    let edited = save(&mut store, "# One\n\nthird words\n");
    assert_eq!(
        (edited.status, edited.version),
        (PostmortemStatus::Draft, 5)
    );
    let frozen = store.postmortem_version(key, 4).expect("version 4");
    assert_eq!(frozen.body, "# One\n\nfirst words\n");
    assert!(frozen.published_at.is_some());
    // The draft, restored version and every save in between stay restorable.
    assert_eq!(
        edited.versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [5, 4, 3, 2, 1]
    );
    assert_eq!(
        store.postmortem_version(key, 1).expect("version 1").body,
        first.body
    );
    let told: Vec<String> = show_json(&db.path, "INC-1")["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["kind"] == "postmortem")
        .filter_map(|e| e["text"].as_str().map(str::to_owned))
        .collect();
    assert!(
        told.iter().any(|t| t == "postmortem published (version 4)"),
        "{told:?}"
    );
}

#[test]
fn a_postmortem_of_8_mib_is_kept_and_one_byte_more_is_refused() {
    let db = db();
    back_filled(&db.path);
    let (mut store, clock, key, first) = drafted(&db.path);
    let figures = first.figures;
    let body = |bytes: usize| SaveInput {
        body: format!("# Long\n{}", "x".repeat(bytes - "# Long\n".len())),
        figures: figures.clone(),
    };
    let limit = 8 * 1024 * 1024;
    let kept = postmortem::save(&mut store, &clock, key, &body(limit)).expect("8 MiB is kept");
    assert_eq!(kept.body.len(), limit);
    let err = postmortem::save(&mut store, &clock, key, &body(limit + 1)).expect_err("too long");
    assert!(err.to_string().contains("longer than 8 MiB"), "{err}");
    assert_eq!(
        postmortem::get(&store, &clock, key)
            .expect("read")
            .expect("there")
            .version,
        kept.version,
        "the refused save wrote nothing"
    );
}

#[test]
fn the_draft_counts_the_validators_affected_in_its_figures() {
    let db = db();
    back_filled(&db.path);
    run(
        &db.path,
        &[
            "affected",
            "INC-1",
            "add",
            EXCHANGE,
            "--validators",
            "64",
            "--at",
            "2026-11-01T00:00:00Z",
        ],
    );
    let (.., first) = drafted(&db.path);
    assert_eq!(first.figures.validators_affected, Some(64));
}

fn postmortem_outcome(detail: &Value, stakeholder: &str) -> String {
    detail["comms"]["obligations"]
        .as_array()
        .expect("obligations")
        .iter()
        .find(|o| o["stakeholder"] == stakeholder && o["kind"] == "postmortem")
        .map(|o| o["outcome"].as_str().expect("outcome").to_owned())
        .expect("a postmortem obligation")
}

#[test]
fn sharing_fulfils_the_postmortem_obligation_and_records_the_version() {
    let db = db();
    back_filled(&db.path);
    refused(
        &db.path,
        &["postmortem", "share", "INC-1", "--to", EXCHANGE],
        "has no postmortem yet",
    );
    run(&db.path, &["postmortem", "INC-1"]);
    let owed = |db: &Path| {
        let store = Store::open(db).expect("the database");
        let clock = ManualClock::new(at("2026-11-02T09:00:00Z"));
        let pm = postmortem::get(&store, &clock, "INC-1".parse().expect("a key"));
        pm.expect("read").expect("drafted").owed
    };
    assert_eq!(
        owed(&db.path),
        [
            EXCHANGE,
            PARTNER,
            "Public status page (example)",
            "Security auditor (example)"
        ]
    );
    let shared = stdout(
        &db.path,
        &[
            "postmortem",
            "share",
            "INC-1",
            "--to",
            EXCHANGE,
            "--at",
            "2026-11-02T10:00:00Z",
        ],
    );
    assert!(
        shared.contains("shared version 1 with Exchange A (example) at 2026-11-02T10:00:00+00:00"),
        "{shared}"
    );
    let detail = show_json(&db.path, "INC-1");
    assert_eq!(postmortem_outcome(&detail, EXCHANGE), "on_time");
    assert_eq!(
        postmortem_outcome(&detail, "Security auditor (example)"),
        "pending"
    );
    assert!(!owed(&db.path).contains(&EXCHANGE.to_owned()));
    let log = detail["comms"]["log"].as_array().expect("log");
    assert!(
        log.iter()
            .any(|u| u["stakeholder"] == EXCHANGE && u["fulfilled"] == "postmortem")
    );

    // Late once its due time (3 days after resolution) has passed.
    run(
        &db.path,
        &[
            "postmortem",
            "share",
            "INC-1",
            "--to",
            "Security auditor (example)",
            "--at",
            "2026-11-05T10:00:00Z",
        ],
    );
    assert_eq!(
        postmortem_outcome(&show_json(&db.path, "INC-1"), "Security auditor (example)"),
        "late"
    );

    let before = show_json(&db.path, "INC-1");
    refused(
        &db.path,
        &["postmortem", "share", "INC-1", "--to", EXCHANGE],
        "owed no postmortem",
    );
    refused(
        &db.path,
        &[
            "postmortem",
            "share",
            "INC-1",
            "--to",
            "Validator client team (example)",
        ],
        "is not on INC-1",
    );
    refused(
        &db.path,
        &["postmortem", "share", "INC-1", "--to", "Nobody"],
        "Nobody",
    );
    assert_eq!(
        show_json(&db.path, "INC-1"),
        before,
        "a refused share writes nothing"
    );
}

#[test]
fn a_postmortem_needs_a_resolved_incident_a_known_template_and_is_drafted_once() {
    let db = db();
    refused(&db.path, &["postmortem", "INC-9"], "no incident INC-9");
    run(
        &db.path,
        &[
            "declare",
            "--title",
            "Signer slow",
            "--severity",
            "2",
            "--at",
            "2026-11-30T10:00:00Z",
        ],
    );
    let before = show_json(&db.path, "INC-1");
    refused(&db.path, &["postmortem", "INC-1"], "once it is resolved");
    run(
        &db.path,
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-11-30T11:00:00Z",
        ],
    );
    refused(
        &db.path,
        &["postmortem", "INC-1", "--template", "Haiku"],
        "SRE review, Governance forum report, Customer notice",
    );
    refused(
        &db.path,
        &["postmortem", "INC-1", "--format", "pdf"],
        "not .md or .html",
    );
    let timeline = |d: &Value| d["timeline"].as_array().expect("timeline").len();
    assert_eq!(
        timeline(&show_json(&db.path, "INC-1")),
        timeline(&before) + 1,
        "only the resolution was written"
    );

    let forum = stdout(
        &db.path,
        &[
            "postmortem",
            "INC-1",
            "--template",
            "governance forum report",
        ],
    );
    assert!(
        forum.starts_with("# Signer slow: 2026-11-30 validator incident (INC-1)"),
        "{forum}"
    );
    assert!(
        forum.contains("## Reimbursement") && forum.contains("| Penalties | — |"),
        "{forum}"
    );
    refused(
        &db.path,
        &["postmortem", "INC-1", "--template", "SRE review"],
        "already drafted from the Governance forum report template",
    );
}

#[test]
fn action_items_are_listed_across_incidents_with_overdue_ones_marked() {
    let db = db();
    back_filled(&db.path);
    let add = |text: &str, due: &str, kind: &str| {
        stdout(
            &db.path,
            &[
                "actions", "add", "INC-1", "--text", text, "--owner", "Bo", "--due", due, "--kind",
                kind,
            ],
        )
    };
    let first = add("Alert on missed attestations", "2020-01-31", "detect");
    add("Fail over the signer", "2999-12-31", "mitigate");
    refused(
        &db.path,
        &["actions", "add", "INC-1", "--text", " "],
        "needs a text",
    );
    refused(
        &db.path,
        &[
            "actions",
            "add",
            "INC-1",
            "--text",
            "x",
            "--due",
            "31/01/2027",
        ],
        "YYYY-MM-DD",
    );
    refused(
        &db.path,
        &["actions", "add", "INC-1", "--text", "x", "--kind", "pray"],
        "prevent, detect, mitigate, process, other",
    );
    refused(
        &db.path,
        &["actions", "add", "INC-7", "--text", "x"],
        "no incident INC-7",
    );

    let list = |open: bool| -> Vec<Value> {
        let args: &[&str] = if open {
            &["actions", "--open", "--json"]
        } else {
            &["actions", "--json"]
        };
        serde_json::from_str::<Value>(&stdout(&db.path, args))
            .expect("JSON")
            .as_array()
            .expect("a list")
            .clone()
    };
    let all = list(false);
    assert_eq!(all.len(), 2, "refused items wrote nothing");
    assert_eq!(
        (
            all[0]["text"].as_str(),
            all[0]["overdue"].as_bool(),
            all[0]["kind"].as_str()
        ),
        (
            Some("Alert on missed attestations"),
            Some(true),
            Some("detect")
        )
    );
    assert_eq!(
        (all[1]["due_on"].as_str(), all[1]["overdue"].as_bool()),
        (Some("2999-12-31"), Some(false))
    );
    assert!(stdout(&db.path, &["actions"]).contains("OVERDUE"));

    run(&db.path, &["actions", "set", first.trim(), "--owner", "Cy"]);
    run(
        &db.path,
        &["actions", "set", first.trim(), "--status", "done"],
    );
    // A change of status is on the timeline; a new owner alone is not.
    let timeline = common::show_json(&db.path, "INC-1")["timeline"].clone();
    let about: Vec<&str> = timeline
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["kind"] == "postmortem")
        .filter_map(|e| e["text"].as_str())
        .filter(|t| t.contains("Alert on missed attestations"))
        .collect();
    assert_eq!(
        about,
        [
            "action item added: Alert on missed attestations",
            "action item done: Alert on missed attestations"
        ]
    );
    let open = list(true);
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["text"], "Fail over the signer");

    // The postmortem lists them live.
    let markdown = stdout(&db.path, &["postmortem", "INC-1"]);
    assert!(
        markdown.contains("| Alert on missed attestations | detect | Cy | 2020-01-31 | done |"),
        "{markdown}"
    );
}

#[test]
fn a_template_is_imported_only_with_a_heading_and_known_placeholders() {
    let db = db();
    let dir = tempfile::tempdir().expect("a folder");
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("written");
        path.display().to_string()
    };
    let bad = file("bad.md", "# Review\n\n{{title}} on {{weather}}\n");
    refused(
        &db.path,
        &["postmortem", "templates", "import", "Weather", &bad],
        "`{{weather}}` is not a placeholder Sitrep knows; use one of title, incident, date, \
         severity, status, authors, overview, impact, timeline, detection, communications, \
         figures, action_items",
    );
    let flat = file("flat.md", "{{title}}\n");
    refused(
        &db.path,
        &["postmortem", "templates", "import", "Flat", &flat],
        "no heading",
    );
    assert!(!stdout(&db.path, &["postmortem", "templates"]).contains("Weather"));

    let good = file(
        "good.md",
        "# Brief: {{title}}\n\n{{impact}}\n\n## Fixes\n\n{{action_items}}\n",
    );
    run(
        &db.path,
        &["postmortem", "templates", "import", "Brief", &good],
    );
    assert!(stdout(&db.path, &["postmortem", "templates"]).contains("Brief"));
    back_filled(&db.path);
    let brief = stdout(&db.path, &["postmortem", "INC-1", "--template", "Brief"]);
    assert!(
        brief.starts_with("# Brief: Lighthouse nodes down\n"),
        "{brief}"
    );
    assert!(
        brief.contains("**Total impact: 1 h 10 min**") && brief.contains("No action items yet"),
        "{brief}"
    );

    // One's own template can be removed; the ones Sitrep ships with stay.
    let mut store = Store::open(&db.path).expect("the database");
    let left = postmortem::remove_template(&mut store, "Brief").expect("removed");
    let names: Vec<&str> = left.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(!names.contains(&"Brief"), "{names:?}");
    let err = postmortem::remove_template(&mut store, "SRE review").expect_err("built in");
    assert!(err.to_string().contains("comes with Sitrep"), "{err}");
    assert!(
        postmortem::remove_template(&mut store, "Brief").is_err(),
        "gone already"
    );
    assert_eq!(store.templates().expect("templates").len(), 3);
}

#[test]
fn sharing_from_the_checklist_records_the_version_too() {
    let db = db();
    back_filled(&db.path);
    run(&db.path, &["postmortem", "INC-1"]);
    run(
        &db.path,
        &[
            "sent",
            "INC-1",
            "--to",
            EXCHANGE,
            "--postmortem",
            "--at",
            "2026-11-02T10:00:00Z",
        ],
    );
    let store = Store::open(&db.path).expect("the database");
    let clock = ManualClock::new(at("2026-11-02T11:00:00Z"));
    let pm = postmortem::get(&store, &clock, "INC-1".parse().expect("a key"))
        .expect("read")
        .expect("drafted");
    let shares: Vec<(&str, u32)> = pm
        .shares
        .iter()
        .map(|s| (s.stakeholder.as_str(), s.version))
        .collect();
    assert_eq!(shares, [(EXCHANGE, 1)]);
    assert_eq!(
        postmortem_outcome(&show_json(&db.path, "INC-1"), EXCHANGE),
        "on_time"
    );
}

/// The timeline entries of incident 1 whose text starts with `text`: (at, recorded_at).
fn entries_about(db: &Path, text: &str) -> Vec<(String, String)> {
    show_json(db, "INC-1")["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["text"].as_str().is_some_and(|t| t.starts_with(text)))
        .map(|e| (e["at"].to_string(), e["recorded_at"].to_string()))
        .collect()
}

#[test]
fn action_items_and_postmortem_status_moves_are_back_filled_with_at_and_never_before_what_they_follow()
 {
    let db = db();
    back_filled(&db.path);
    run(&db.path, &["postmortem", "INC-1"]);
    let only_item = || -> Value {
        let all: Value =
            serde_json::from_str(&stdout(&db.path, &["actions", "--json"])).expect("JSON");
        assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
        all[0].clone()
    };

    let id = stdout(
        &db.path,
        &[
            "actions",
            "add",
            "INC-1",
            "--text",
            "Page on missed attestations",
            "--at",
            "2026-11-01T08:00:00Z",
        ],
    );
    let id = id.trim();
    let done_at = |at| ["actions", "set", id, "--status", "done", "--at", at];
    refused(
        &db.path,
        &[
            "actions",
            "add",
            "INC-1",
            "--text",
            "Earlier",
            "--at",
            "2026-10-31T23:00:00Z",
        ],
        "an action item cannot be added before that",
    );
    refused(
        &db.path,
        &done_at("2026-11-01T07:59:59Z"),
        "it cannot change before that",
    );
    refused(&db.path, &done_at("2999-01-01T00:00:00Z"), "in the future");
    let added = only_item();
    assert_eq!(
        (added["created_at"].as_str(), added["status"].as_str()),
        (Some("2026-11-01T08:00:00Z"), Some("open")),
        "the refused ones changed nothing: {added}"
    );
    run(&db.path, &done_at("2026-11-01T09:30:00+01:00"));
    let done = only_item();
    assert_eq!(
        (done["updated_at"].as_str(), done["status"].as_str()),
        (Some("2026-11-01T08:30:00Z"), Some("done"))
    );
    let timeline = |text| -> Vec<String> {
        entries_about(&db.path, text)
            .into_iter()
            .map(|(at, recorded)| {
                assert_ne!(at, recorded, "recorded when typed, not back-dated");
                at
            })
            .collect()
    };
    assert_eq!(
        timeline("action item added: Page"),
        ["\"2026-11-01T08:00:00Z\""]
    );
    assert_eq!(
        timeline("action item done: Page"),
        ["\"2026-11-01T08:30:00Z\""]
    );

    // The draft was saved as it ran, just now: its status cannot move before that.
    refused(
        &db.path,
        &[
            "postmortem",
            "status",
            "INC-1",
            "published",
            "--at",
            "2026-11-01T10:00:00Z",
        ],
        "its status cannot change before that",
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let published_at = Utc::now().with_nanosecond(0).expect("a whole second");
    run(
        &db.path,
        &[
            "postmortem",
            "status",
            "INC-1",
            "published",
            "--at",
            &published_at.to_rfc3339(),
        ],
    );
    let store = Store::open(&db.path).expect("the database");
    let version = store
        .postmortem_version("INC-1".parse().expect("a key"), 1)
        .expect("version 1");
    assert_eq!(version.published_at, Some(published_at));
    assert_eq!(
        entries_about(&db.path, "postmortem published (version 1)")
            .into_iter()
            .map(|(at, _)| at)
            .collect::<Vec<_>>(),
        [format!("\"{}\"", published_at.format("%Y-%m-%dT%H:%M:%SZ"))]
    );
}

/// A new action item to detect the next outage sooner.
fn detect_item() -> sitrep::action::ActionInput {
    sitrep::action::ActionInput {
        text: "Alert on missed attestations".into(),
        owner: String::new(),
        due_on: String::new(),
        kind: "detect".into(),
        status: None,
    }
}

#[test]
fn a_clock_set_back_still_moves_a_postmortem_and_changes_its_action_items_now() {
    let db = db();
    back_filled(&db.path);
    // Drafted by the CLI just now; this clock is a month behind it.
    let (mut store, behind, key, _) = drafted(&db.path);
    let moved = postmortem::set_status(&mut store, &behind, key, "in_review", None)
        .expect("now always may");
    assert_eq!(moved.status, PostmortemStatus::InReview);

    let ahead = ManualClock::new(Utc::now());
    let input = detect_item();
    let item = sitrep::action::add(&mut store, &ahead, key, &input, None).expect("added");
    let done = sitrep::action::ActionInput {
        status: Some("done".into()),
        ..input
    };
    let changed =
        sitrep::action::update(&mut store, &behind, item.id, &done, None).expect("now always may");
    assert_eq!(changed.status.to_string(), "done");
}

#[test]
fn the_overview_and_detection_name_each_role_holder_once_in_order_and_the_log_cuts_a_long_message_at_a_word()
 {
    let db = db();
    let p = &db.path;
    let long = format!(
        "Validators in eu-west-1 are offline. {}",
        "word ".repeat(40)
    );
    for args in [
        [
            "declare",
            "--title",
            "Signer down",
            "--severity",
            "1",
            "--impact-started",
            "2026-10-05T10:00:00Z",
            "--at",
            "2026-10-05T10:00:00Z",
        ]
        .as_slice(),
        &[
            "role",
            "INC-1",
            "commander",
            "Alice",
            "--at",
            "2026-10-05T10:01:00Z",
        ],
        &[
            "role",
            "INC-1",
            "comms",
            "Cy",
            "--at",
            "2026-10-05T10:02:00Z",
        ],
        &[
            "role",
            "INC-1",
            "commander",
            "Bob",
            "--at",
            "2026-10-05T10:03:00Z",
        ],
        &[
            "role",
            "INC-1",
            "commander",
            "Alice",
            "--at",
            "2026-10-05T10:04:00Z",
        ],
        &[
            "sent",
            "INC-1",
            "--to",
            EXCHANGE,
            "--message",
            &long,
            "--at",
            "2026-10-05T10:05:00Z",
        ],
        &[
            "sent",
            "INC-1",
            "--to",
            PARTNER,
            "--message",
            "Short and whole.",
            "--at",
            "2026-10-05T10:06:00Z",
        ],
        &[
            "status",
            "INC-1",
            "resolved",
            "--at",
            "2026-10-05T10:40:00Z",
        ],
    ] {
        run(p, args);
    }
    let markdown = stdout(p, &["postmortem", "INC-1"]);
    for row in [
        "- **Incident:** INC-1\n",
        "- **Severity:** SEV1\n",
        "- **Status:** resolved\n",
        "- **Impact started:** 2026-10-05 10:00 UTC\n",
        "- **Mitigated:** —\n",
        "- **Resolved:** 2026-10-05 10:40 UTC\n",
        "- **Authors:** commander: Alice, Bob; comms: Cy\n",
        // One window: no word of a resumed impact.
        "**Total impact: 40 min**.\n",
        // Detection: not given, so taken to be the declaration.
        "- Impact started: 2026-10-05 10:00 UTC\n\
         - Detected: 2026-10-05 10:00 UTC (estimated), 0 min after the impact started\n\
         - Acknowledged (a commander took it): 2026-10-05 10:01 UTC\n\
         - Declared: 2026-10-05 10:00 UTC\n",
    ] {
        assert!(markdown.contains(row), "{row:?} in {markdown}");
    }
    let cut: String = long.chars().take(160).collect();
    let cut = cut.rsplit_once(' ').expect("words").0;
    assert!(
        markdown.contains(&format!("“{cut}…”")) && !markdown.contains(long.trim_end()),
        "{markdown}"
    );
    assert!(markdown.contains("“Short and whole.”"), "{markdown}");
}

#[test]
fn a_time_given_as_the_version_was_saved_or_the_item_added_is_in_order() {
    let db = db();
    back_filled(&db.path);
    let (mut store, _, key, first) = drafted(&db.path);
    let now = ManualClock::new(Utc::now());
    let saved = first.saved_at.to_rfc3339();
    let moved = postmortem::set_status(&mut store, &now, key, "in_review", Some(&saved))
        .expect("as the version was saved");
    assert_eq!(moved.status, PostmortemStatus::InReview);

    let input = detect_item();
    let added = "2026-11-01T08:00:00Z";
    let item = sitrep::action::add(&mut store, &now, key, &input, Some(added)).expect("added");
    let owned = sitrep::action::ActionInput {
        owner: "Bo".into(),
        ..input
    };
    let changed = sitrep::action::update(&mut store, &now, item.id, &owned, Some(added))
        .expect("as it was added");
    assert_eq!(changed.owner, "Bo");
}
