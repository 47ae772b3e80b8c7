//! Impact windows: the spans during which an incident's impact lasted, derived
//! from its status moves and milestones, and the length of their union — the
//! downtime an incident causes. Pure rules; the store only supplies the moves.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::error::InvalidInput;
use crate::incident::Status;

/// One span of impact; `ended_at` is `None` while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ImpactWindow {
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub ended_at: Option<DateTime<Utc>>,
}

/// A status move, as far as impact cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusMove {
    pub at: DateTime<Utc>,
    pub to: Status,
}

/// The milestones that place the windows' edges, as corrected.
#[derive(Debug, Clone, Copy)]
pub struct ImpactMilestones {
    pub impact_started_at: DateTime<Utc>,
    /// The first entry into monitoring: the end of the first window it closed.
    pub mitigated_at: Option<DateTime<Utc>>,
    /// The latest resolution: the end of the window it closed, if any.
    pub resolved_at: Option<DateTime<Utc>>,
}

impl ImpactMilestones {
    /// The milestones of `incident`.
    pub fn of(incident: &crate::incident::Incident) -> Self {
        Self {
            impact_started_at: incident.impact_started_at,
            mitigated_at: incident.mitigated_at,
            resolved_at: incident.resolved_at,
        }
    }
}

/// Whether impact goes on in `status`: it stops at mitigation and resolution.
fn impact_in(status: Status) -> bool {
    matches!(status, Status::Investigating | Status::Identified)
}

/// The impact windows of an incident with milestones `m` and status `moves`
/// (oldest first): impact starts at `impact_started_at`; entering monitoring,
/// resolved or closed ends the open window; moving back to investigating or
/// identified opens a new one. The corrected milestones place the edges they
/// own: `mitigated_at` ends the window the first entry into monitoring
/// closed (or, never monitored, the first window), and `resolved_at` ends
/// the last window if the resolution closed it; mitigation wins if both do.
pub fn windows(m: &ImpactMilestones, moves: &[StatusMove]) -> Vec<ImpactWindow> {
    let mut windows = Vec::new();
    let mut open = Some(m.impact_started_at);
    // The window the first entry into monitoring closed.
    let mut closed_by_mitigation = None;
    // The window the latest move into resolved or closed closed, while it is the last.
    let mut closed_by_resolution = None;
    for mv in moves {
        match (open, impact_in(mv.to)) {
            (Some(started_at), false) => {
                if mv.to == Status::Monitoring {
                    closed_by_mitigation.get_or_insert(windows.len());
                } else {
                    closed_by_resolution = Some(windows.len());
                }
                windows.push(ImpactWindow {
                    started_at,
                    ended_at: Some(mv.at),
                });
                open = None;
            }
            (None, true) => {
                open = Some(mv.at);
                closed_by_resolution = None;
            }
            _ => {}
        }
    }
    if let (Some(i), Some(resolved_at)) = (closed_by_resolution, m.resolved_at) {
        windows[i].ended_at = Some(resolved_at);
    }
    let mitigated = closed_by_mitigation.or((!windows.is_empty()).then_some(0));
    if let (Some(i), Some(mitigated_at)) = (mitigated, m.mitigated_at) {
        windows[i].ended_at = Some(mitigated_at);
    }
    if let Some(started_at) = open {
        windows.push(ImpactWindow {
            started_at,
            ended_at: None,
        });
    }
    windows
}

/// Checks that every window ends after it starts and before the next begins,
/// so a milestone correction cannot turn the record inside out.
pub fn check_windows(windows: &[ImpactWindow]) -> Result<(), InvalidInput> {
    let shown = |t: DateTime<Utc>| t.to_rfc3339();
    for (i, w) in windows.iter().enumerate() {
        if let Some(end) = w.ended_at.filter(|end| *end < w.started_at) {
            return Err(InvalidInput::new(
                "impact_windows",
                format!(
                    "out of order: impact window {} would end at {} before it starts at {}",
                    i + 1,
                    shown(end),
                    shown(w.started_at)
                ),
            ));
        }
        if let (Some(end), Some(next)) = (w.ended_at, windows.get(i + 1)) {
            if end > next.started_at {
                return Err(InvalidInput::new(
                    "impact_windows",
                    format!(
                        "out of order: impact window {} would end at {} after the impact resumed at {}",
                        i + 1,
                        shown(end),
                        shown(next.started_at)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The length in minutes of the union of `windows` (overlaps count once),
/// with open windows counted up to `now`.
pub fn union_minutes(windows: &[ImpactWindow], now: DateTime<Utc>) -> f64 {
    let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = windows
        .iter()
        .map(|w| (w.started_at, w.ended_at.unwrap_or(now).max(w.started_at)))
        .collect();
    spans.sort();
    let mut total = 0;
    let mut current: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
    for (start, end) in spans {
        current = match current {
            Some((s, e)) if start <= e => Some((s, e.max(end))),
            Some((s, e)) => {
                total += (e - s).num_seconds();
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    if let Some((s, e)) = current {
        total += (e - s).num_seconds();
    }
    total as f64 / 60.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(hm: &str) -> DateTime<Utc> {
        format!("2026-11-24T{hm}:00Z").parse().unwrap()
    }

    fn mv(hm: &str, to: Status) -> StatusMove {
        StatusMove { at: t(hm), to }
    }

    fn window(start: &str, end: Option<&str>) -> ImpactWindow {
        ImpactWindow {
            started_at: t(start),
            ended_at: end.map(t),
        }
    }

    fn milestones(mitigated: Option<&str>, resolved: Option<&str>) -> ImpactMilestones {
        ImpactMilestones {
            impact_started_at: t("03:00"),
            mitigated_at: mitigated.map(t),
            resolved_at: resolved.map(t),
        }
    }

    #[test]
    fn impact_that_resumes_gives_two_windows_and_their_sum() {
        let moves = [
            mv("03:20", Status::Monitoring),
            mv("03:30", Status::Investigating),
            mv("03:50", Status::Resolved),
        ];
        let w = windows(&milestones(Some("03:20"), Some("03:50")), &moves);
        assert_eq!(
            w,
            [
                window("03:00", Some("03:20")),
                window("03:30", Some("03:50"))
            ]
        );
        assert_eq!(union_minutes(&w, t("09:00")), 40.0);
    }

    #[test]
    fn an_ongoing_impact_is_one_open_window_counted_up_to_now() {
        let w = windows(&milestones(None, None), &[mv("03:10", Status::Identified)]);
        assert_eq!(w, [window("03:00", None)]);
        assert_eq!(union_minutes(&w, t("03:45")), 45.0);
    }

    #[test]
    fn corrected_mitigation_and_resolution_move_the_ends_they_closed() {
        let moves = [
            mv("03:20", Status::Monitoring),
            mv("03:30", Status::Investigating),
            mv("03:50", Status::Resolved),
            mv("05:00", Status::Closed),
        ];
        let w = windows(&milestones(Some("03:15"), Some("03:45")), &moves);
        assert_eq!(
            w,
            [
                window("03:00", Some("03:15")),
                window("03:30", Some("03:45"))
            ]
        );
    }

    #[test]
    fn resolving_from_monitoring_ends_nothing_more() {
        let moves = [
            mv("03:20", Status::Monitoring),
            mv("04:00", Status::Resolved),
        ];
        let w = windows(&milestones(Some("03:20"), Some("04:10")), &moves);
        assert_eq!(w, [window("03:00", Some("03:20"))]);
    }

    #[test]
    fn a_mitigation_corrected_in_without_monitoring_ends_the_first_window() {
        let moves = [mv("04:00", Status::Resolved)];
        let w = windows(&milestones(Some("03:40"), Some("04:00")), &moves);
        assert_eq!(w, [window("03:00", Some("03:40"))]);
        assert_eq!(
            windows(&milestones(None, Some("03:55")), &moves),
            [window("03:00", Some("03:55"))]
        );
    }

    #[test]
    fn a_window_ending_before_it_starts_or_after_the_next_begins_is_refused() {
        let err = check_windows(&[window("03:00", Some("02:50"))]).unwrap_err();
        assert!(err.message.contains("before it starts"), "{}", err.message);
        let err =
            check_windows(&[window("03:00", Some("03:40")), window("03:30", None)]).unwrap_err();
        assert!(
            err.message.contains("after the impact resumed"),
            "{}",
            err.message
        );
        assert!(check_windows(&[window("03:00", Some("03:20")), window("03:30", None)]).is_ok());
    }

    #[test]
    fn overlapping_windows_count_once() {
        let w = [
            window("03:00", Some("04:00")),
            window("03:30", Some("04:30")),
            window("05:00", Some("05:10")),
        ];
        assert_eq!(union_minutes(&w, t("09:00")), 100.0);
    }
}
