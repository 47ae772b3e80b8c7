//! The update composer: the draft an IC is writing for an incident, kept in
//! the database as it is typed (a restart, a crash or a change elsewhere
//! loses none of it), the next update starting from the last one sent, and
//! the draft written out for each channel.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::compose::{self, Draft};
use crate::clock::Clock;
use crate::error::{InvalidInput, Result};
use crate::incident::{Incident, IncidentKey, Status};
use crate::policy::Cadence;
use crate::stakeholder::ChannelKind;
use crate::store::Store;
use crate::timeline::within_note_size;

/// An update written for one channel, to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Preview {
    pub channel: ChannelKind,
    pub text: String,
}

/// Where the draft in the composer comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DraftOrigin {
    /// The template for the incident's status: nothing typed or sent under it yet.
    Template,
    /// The update last sent from the composer, to edit into the next one.
    LastSent {
        #[ts(type = "string")]
        sent_at: DateTime<Utc>,
    },
    /// What the IC typed, saved at `saved_at` while the incident was
    /// `written_for` (no longer its status when the status moved since).
    Typed {
        #[ts(type = "string")]
        saved_at: DateTime<Utc>,
        written_for: Status,
    },
}

/// The composer's content: the draft, where it comes from, and the update
/// written per channel.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Composed {
    pub draft: Draft,
    pub origin: DraftOrigin,
    pub previews: Vec<Preview>,
}

/// Whether a saved draft is the IC's typing or the update last sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DraftSource {
    Typed,
    Sent,
}

/// A draft as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SavedDraft {
    pub source: DraftSource,
    /// The incident's status when it was written.
    pub status: Status,
    pub draft: Draft,
    pub saved_at: DateTime<Utc>,
}

/// The draft the composer opens with: what was typed, whatever the status
/// since; else the update last sent, while the status is the one it was sent
/// under; else the template. The promise of the next update is the IC's own
/// while it is still ahead, else the cadence's from now; none once resolved.
fn opening(
    saved: Option<SavedDraft>,
    incident: &Incident,
    cadence: &Cadence,
    now: DateTime<Utc>,
) -> (Draft, DraftOrigin) {
    let template = compose::draft(incident, cadence, now);
    let Some(saved) = saved else {
        return (template, DraftOrigin::Template);
    };
    let origin = match saved.source {
        DraftSource::Typed => DraftOrigin::Typed {
            saved_at: saved.saved_at,
            written_for: saved.status,
        },
        DraftSource::Sent if saved.status == incident.status => DraftOrigin::LastSent {
            sent_at: saved.saved_at,
        },
        DraftSource::Sent => return (template, DraftOrigin::Template),
    };
    let promised = match saved.source {
        DraftSource::Typed => saved.draft.next_update_at.filter(|at| *at > now),
        DraftSource::Sent => None,
    };
    let draft = Draft {
        next_update_at: template.next_update_at.map(|due| promised.unwrap_or(due)),
        ..saved.draft
    };
    (draft, origin)
}

/// Checks a draft's parts: each may be empty while it is being written, none
/// longer than a note.
fn check(draft: &Draft) -> Result<(), InvalidInput> {
    for (field, text) in [
        ("what", &draft.what),
        ("impact", &draft.impact),
        ("doing", &draft.doing),
    ] {
        within_note_size(field, "this part", text, "")?;
    }
    Ok(())
}

/// Fills the composer for incident `key`: `edited` as the IC has it on
/// screen, or the draft it opens with; previews for Slack, Telegram, email
/// and the status page, plus any other channel a stakeholder on the incident
/// uses.
pub fn compose(
    store: &Store,
    clock: &dyn Clock,
    key: IncidentKey,
    edited: Option<Draft>,
) -> Result<Composed> {
    store.snapshot(|store| {
        let incident = store.incident_row(key)?;
        let (draft, origin) = match edited {
            Some(draft) => {
                check(&draft)?;
                (draft, DraftOrigin::Template)
            }
            None => {
                let cadence = store.cadence(incident.severity)?;
                opening(store.saved_draft(key)?, &incident, &cadence, clock.now())
            }
        };
        let mut channels = vec![
            ChannelKind::Slack,
            ChannelKind::Telegram,
            ChannelKind::Email,
            ChannelKind::StatusPage,
        ];
        for row in store.comms(key)?.checklist {
            if !channels.contains(&row.channel) {
                channels.push(row.channel);
            }
        }
        let previews = channels
            .into_iter()
            .map(|channel| Preview {
                channel,
                text: compose::render(&draft, &incident, channel),
            })
            .collect();
        Ok(Composed {
            draft,
            origin,
            previews,
        })
    })
}

/// Keeps `draft` as what the IC is typing for incident `key`.
pub fn save_draft(
    store: &mut Store,
    clock: &dyn Clock,
    key: IncidentKey,
    draft: &Draft,
) -> Result<()> {
    check(draft)?;
    store.write(|tx| {
        let incident = tx.incident(key)?;
        tx.save_draft(
            key,
            &SavedDraft {
                source: DraftSource::Typed,
                status: incident.status,
                draft: draft.clone(),
                saved_at: clock.now(),
            },
        )
    })
}

/// Throws away what was typed for incident `key` (and the last update sent
/// as a start): the composer opens on the status template.
pub fn reset_draft(store: &mut Store, clock: &dyn Clock, key: IncidentKey) -> Result<Composed> {
    store.write(|tx| {
        tx.incident(key)?;
        tx.discard_draft(key)
    })?;
    compose(store, clock, key, None)
}

/// After `draft` was sent from the composer for incident `key` (then
/// `status`), the next update starts from it.
pub(crate) fn remember_sent(
    tx: &crate::store::Tx<'_>,
    key: IncidentKey,
    status: Status,
    draft: &Draft,
    at: DateTime<Utc>,
) -> Result<()> {
    tx.save_draft(
        key,
        &SavedDraft {
            source: DraftSource::Sent,
            status,
            draft: draft.clone(),
            saved_at: at,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::default_cadences;
    use crate::timeline::MAX_NOTE_BYTES;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn incident(status: Status) -> Incident {
        super::super::compose::tests::incident(status, false)
    }

    fn saved(source: DraftSource, status: Status, next: Option<&str>) -> SavedDraft {
        SavedDraft {
            source,
            status,
            draft: Draft {
                what: "Signer down".into(),
                impact: "Ten validators miss attestations.".into(),
                doing: "Failing over to the standby signer.".into(),
                next_update_at: next.map(at),
            },
            saved_at: at("2026-11-24T22:05:00Z"),
        }
    }

    #[test]
    fn typing_is_kept_whatever_the_status_has_done_since() {
        let now = at("2026-11-24T22:10:00Z");
        let sev1 = default_cadences()[0];
        let typed = saved(DraftSource::Typed, Status::Investigating, None);
        let (draft, origin) = opening(Some(typed), &incident(Status::Identified), &sev1, now);
        assert_eq!(draft.doing, "Failing over to the standby signer.");
        assert_eq!(
            origin,
            DraftOrigin::Typed {
                saved_at: at("2026-11-24T22:05:00Z"),
                written_for: Status::Investigating
            }
        );
        assert_eq!(draft.next_update_at, Some(at("2026-11-24T22:40:00Z")));
    }

    #[test]
    fn the_last_update_sent_starts_the_next_only_under_the_status_it_was_sent_in() {
        let now = at("2026-11-24T22:10:00Z");
        let sev1 = default_cadences()[0];
        let sent = saved(
            DraftSource::Sent,
            Status::Investigating,
            Some("2026-11-24T22:35:00Z"),
        );
        let (draft, origin) = opening(
            Some(sent.clone()),
            &incident(Status::Investigating),
            &sev1,
            now,
        );
        assert_eq!(draft.impact, "Ten validators miss attestations.");
        assert_eq!(
            origin,
            DraftOrigin::LastSent {
                sent_at: at("2026-11-24T22:05:00Z")
            }
        );
        // The promise is made afresh from now, not the one already sent.
        assert_eq!(draft.next_update_at, Some(at("2026-11-24T22:40:00Z")));

        let (draft, origin) = opening(Some(sent), &incident(Status::Monitoring), &sev1, now);
        assert_eq!(origin, DraftOrigin::Template);
        assert!(draft.doing.contains("monitoring"), "{}", draft.doing);
    }

    #[test]
    fn the_ics_own_promise_holds_while_it_is_ahead_and_none_once_resolved() {
        let sev1 = default_cadences()[0];
        let typed = saved(
            DraftSource::Typed,
            Status::Identified,
            Some("2026-11-24T22:20:00Z"),
        );
        let live = incident(Status::Identified);
        let ahead = opening(
            Some(typed.clone()),
            &live,
            &sev1,
            at("2026-11-24T22:10:00Z"),
        )
        .0;
        assert_eq!(ahead.next_update_at, Some(at("2026-11-24T22:20:00Z")));
        let passed = opening(
            Some(typed.clone()),
            &live,
            &sev1,
            at("2026-11-24T22:25:00Z"),
        )
        .0;
        assert_eq!(passed.next_update_at, Some(at("2026-11-24T22:55:00Z")));
        // Due this very minute is no longer ahead: a fresh promise.
        let due_now = opening(
            Some(typed.clone()),
            &live,
            &sev1,
            at("2026-11-24T22:20:00Z"),
        )
        .0;
        assert_eq!(due_now.next_update_at, Some(at("2026-11-24T22:50:00Z")));
        let resolved = opening(
            Some(typed),
            &incident(Status::Resolved),
            &sev1,
            at("2026-11-24T22:10:00Z"),
        )
        .0;
        assert_eq!(resolved.next_update_at, None);
    }

    #[test]
    fn a_part_longer_than_a_note_is_refused_and_an_empty_one_is_not() {
        let mut draft = saved(DraftSource::Typed, Status::Identified, None).draft;
        draft.impact.clear();
        assert!(check(&draft).is_ok());
        draft.doing = "x".repeat(MAX_NOTE_BYTES + 1);
        assert_eq!(check(&draft).unwrap_err().field, "doing");
    }
}
