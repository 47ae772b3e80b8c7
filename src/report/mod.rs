//! The monthly SLA and communication report, for the operator as a whole or
//! for one stakeholder: downtime as the union of the impact windows of the
//! non-drill incidents that hit them, clipped to the month, against the
//! budget their SLA target allows; the means of time to detect, acknowledge,
//! mitigate and resolve; and how every obligation ended. The figures are a
//! pure function of the incidents' records ([`month_report`]).

mod export;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::clock::Clock;
use crate::comms::Outcome;
use crate::error::{InvalidInput, Result};
use crate::impact::{self, ImpactWindow};
use crate::incident::{IncidentDetail, IncidentKey, Severity};
use crate::month::Month;
use crate::stakeholder::DEFAULT_SLA_TARGET;
use crate::store::{Setting, Store};
use chrono_tz::Tz;

pub use export::{ReportFormat, render};

/// The time zone report months are in: the stored IANA name, or UTC if it
/// no longer parses.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// Sets the time zone report months are calendar months in (an IANA name
/// such as `Europe/Berlin`, or `UTC`).
pub fn set_time_zone(store: &mut Store, name: &str) -> Result<String> {
    let name = name.trim();
    let zone: Tz = name.parse().map_err(|_| {
        InvalidInput::new(
            "time_zone",
            format!("unknown time zone {name:?}; use a name such as Europe/Berlin, America/New_York or UTC"),
        )
    })?;
    store.set_setting(Setting::ReportTimeZone, zone.name())?;
    Ok(zone.name().to_owned())
}

/// Whose report it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// The stakeholder (id, name), or `None` for the operator as a whole.
    pub stakeholder: Option<(i64, String)>,
    /// The monthly uptime promised, in percent.
    pub sla_target_percent: f64,
}

/// A mean and the worst case of one duration, over the incidents whose
/// milestones for it were given, not estimated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct Measure {
    pub mean_minutes: Option<f64>,
    pub worst_minutes: Option<f64>,
    /// Incidents left out because a milestone it needs was estimated or missing.
    pub left_out: u32,
}

/// One month's report.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MonthReport {
    /// `YYYY-MM`.
    pub month: String,
    /// The stakeholder it is for; `null` for the operator as a whole.
    pub stakeholder: Option<String>,
    /// Non-drill incidents whose impact started in the month (for a
    /// stakeholder: that affected them).
    pub incidents: u32,
    /// Of those, how many by peak severity, SEV1 first.
    pub incidents_by_severity: [u32; 4],
    /// Each of them, oldest first, with how long it took to mitigate.
    pub incident_list: Vec<ReportIncident>,
    /// Drills run in the month (never counted in any other figure).
    pub drills: u32,
    pub downtime_minutes: f64,
    /// What the SLA target allows in this month: (1 − target) × its minutes.
    pub budget_minutes: f64,
    pub budget_left_minutes: f64,
    pub uptime_percent: f64,
    pub sla_target_percent: f64,
    pub mttd_minutes: Option<f64>,
    pub mtta_minutes: Option<f64>,
    pub mttm_minutes: Option<f64>,
    pub mttr_minutes: Option<f64>,
    /// Detection (impact → detected), acknowledgement (detected → first
    /// commander), mitigation and resolution (impact → each), in detail.
    pub detect: Measure,
    pub acknowledge: Measure,
    pub mitigate: Measure,
    pub resolve: Measure,
    /// Updates recorded (to the stakeholder, for theirs) in the month's
    /// incidents, whether or not the impact hit them; likewise below,
    /// duplicates prevented included.
    pub updates_sent: u32,
    pub on_time: u32,
    pub late: u32,
    pub missed: u32,
    pub skipped: u32,
    /// On time out of every notice that came due: on time, late or missed.
    pub updates_on_time_percent: Option<f64>,
    pub duplicates_prevented: u32,
    /// The mean rating (1–5) stakeholders gave how they were told.
    pub satisfaction_average: Option<f64>,
    /// Every piece of feedback behind it, with its comment.
    pub feedback: Vec<ReportFeedback>,
}

/// One of the month's incidents, as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReportIncident {
    pub id: IncidentKey,
    pub title: String,
    pub peak_severity: Severity,
    /// Impact started → mitigated; `None` while not mitigated.
    pub time_to_mitigate_minutes: Option<f64>,
    /// Its impact start was estimated, so its times are too.
    pub estimated: bool,
}

/// One piece of feedback, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReportFeedback {
    pub incident: IncidentKey,
    pub stakeholder: String,
    pub rating: u8,
    pub comment: String,
}

/// The minutes the budget allows in `month` for a target of `percent`.
pub fn budget_minutes(month: Month, percent: f64) -> f64 {
    minutes(month.end() - month.start()) * (100.0 - percent) / 100.0
}

fn minutes(d: TimeDelta) -> f64 {
    d.num_seconds() as f64 / 60.0
}

/// `windows` clipped to `[start, end)`, open ones counted up to `now`.
fn clipped(
    windows: &[ImpactWindow],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<ImpactWindow> {
    windows
        .iter()
        .filter_map(|w| {
            let from = w.started_at.max(start);
            let to = w.ended_at.unwrap_or(now).min(end);
            (to > from).then_some(ImpactWindow {
                started_at: from,
                ended_at: Some(to),
            })
        })
        .collect()
}

fn measure(values: impl IntoIterator<Item = Option<f64>>) -> Measure {
    let mut known = Vec::new();
    let mut left_out = 0;
    for v in values {
        match v {
            Some(v) => known.push(v),
            None => left_out += 1,
        }
    }
    let mean = (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64);
    Measure {
        mean_minutes: mean,
        worst_minutes: known.iter().copied().reduce(f64::max),
        left_out,
    }
}

/// The report of `month` for `scope` from the records of the incidents
/// that may fall in it (`details`), as of `now` (an impact still going on
/// counts up to then).
pub fn month_report(
    month: Month,
    scope: &Scope,
    details: &[IncidentDetail],
    now: DateTime<Utc>,
) -> MonthReport {
    let (start, end) = (month.start(), month.end());
    let concerns = |d: &IncidentDetail| match &scope.stakeholder {
        None => true,
        Some((id, _)) => d.affected.iter().any(|a| a.stakeholder_id == *id),
    };
    let started_in = |d: &IncidentDetail| {
        d.incident.impact_started_at >= start && d.incident.impact_started_at < end
    };
    let real: Vec<&IncidentDetail> = details
        .iter()
        .filter(|d| !d.incident.drill && concerns(d))
        .collect();
    let windows: Vec<ImpactWindow> = real
        .iter()
        .flat_map(|d| clipped(&d.impact_windows, start, end, now))
        .collect();
    let downtime = impact::union_minutes(&windows, now);
    let budget = budget_minutes(month, scope.sla_target_percent);
    let total = minutes(end - start);
    let counted: Vec<&IncidentDetail> = real.iter().copied().filter(|d| started_in(d)).collect();
    let (incident_list, by_severity) = listed(&counted);
    let [detect, acknowledge, mitigate, resolve] = measures(&counted);
    let theirs = |stakeholder_id: i64| {
        scope
            .stakeholder
            .as_ref()
            .is_none_or(|(id, _)| *id == stakeholder_id)
    };
    // What they were told is theirs whether or not the impact hit them.
    let told: Vec<&IncidentDetail> = details
        .iter()
        .filter(|d| !d.incident.drill && started_in(d))
        .collect();
    let outcomes: Vec<Outcome> = told
        .iter()
        .flat_map(|d| &d.comms.obligations)
        .filter(|o| theirs(o.stakeholder_id))
        .map(|o| o.outcome)
        .collect();
    let count = |wanted: Outcome| outcomes.iter().filter(|o| **o == wanted).count() as u32;
    let (on_time, late, missed) = (
        count(Outcome::OnTime),
        count(Outcome::Late),
        count(Outcome::Missed),
    );
    let stakeholder_name = scope.stakeholder.as_ref().map(|(_, n)| n.clone());
    let (feedback, satisfaction_average) = feedback_of(&told, stakeholder_name.as_deref());
    MonthReport {
        month: month.to_string(),
        stakeholder: stakeholder_name.clone(),
        incidents: counted.len() as u32,
        incidents_by_severity: by_severity,
        incident_list,
        drills: details
            .iter()
            .filter(|d| d.incident.drill && started_in(d))
            .count() as u32,
        downtime_minutes: downtime,
        budget_minutes: budget,
        budget_left_minutes: budget - downtime,
        uptime_percent: 100.0 * (total - downtime) / total,
        sla_target_percent: scope.sla_target_percent,
        mttd_minutes: detect.mean_minutes,
        mtta_minutes: acknowledge.mean_minutes,
        mttm_minutes: mitigate.mean_minutes,
        mttr_minutes: resolve.mean_minutes,
        detect,
        acknowledge,
        mitigate,
        resolve,
        updates_sent: told
            .iter()
            .flat_map(|d| &d.comms.log)
            .filter(|u| {
                stakeholder_name
                    .as_ref()
                    .is_none_or(|n| *n == u.stakeholder)
            })
            .count() as u32,
        on_time,
        late,
        missed,
        skipped: count(Outcome::Skipped),
        updates_on_time_percent: Outcome::on_time_percent(&outcomes),
        duplicates_prevented: told
            .iter()
            .flat_map(|d| &d.comms.duplicate_warnings)
            .filter(|w| {
                w.prevented
                    && stakeholder_name
                        .as_ref()
                        .is_none_or(|n| w.stakeholder.as_ref() == Some(n))
            })
            .count() as u32,
        satisfaction_average,
        feedback,
    }
}

/// The month's incidents, oldest first, and how many had each peak severity.
fn listed(counted: &[&IncidentDetail]) -> (Vec<ReportIncident>, [u32; 4]) {
    let mut list: Vec<ReportIncident> = counted
        .iter()
        .map(|d| ReportIncident {
            id: d.incident.id,
            title: d.incident.title.clone(),
            peak_severity: d.peak_severity,
            time_to_mitigate_minutes: d.durations.time_to_mitigate_minutes,
            estimated: d.incident.impact_started_estimated,
        })
        .collect();
    list.sort_by_key(|i| i.id);
    let mut by_severity = [0; 4];
    for d in counted {
        by_severity[usize::from(d.peak_severity.level() - 1)] += 1;
    }
    (list, by_severity)
}

/// Time to detect, acknowledge, mitigate and resolve over `counted`, each
/// leaving out the incidents whose starting milestone was estimated.
fn measures(counted: &[&IncidentDetail]) -> [Measure; 4] {
    let impact_given = |d: &&IncidentDetail| !d.incident.impact_started_estimated;
    let detection_given = |d: &&IncidentDetail| !d.incident.detected_estimated;
    [
        measure(counted.iter().map(|d| {
            (impact_given(d) && detection_given(d)).then_some(d.durations.time_to_detect_minutes)
        })),
        measure(counted.iter().map(|d| {
            detection_given(d)
                .then_some(d.durations.time_to_acknowledge_minutes)
                .flatten()
        })),
        measure(counted.iter().map(|d| {
            impact_given(d)
                .then_some(d.durations.time_to_mitigate_minutes)
                .flatten()
        })),
        measure(counted.iter().map(|d| {
            impact_given(d)
                .then_some(d.durations.time_to_resolve_minutes)
                .flatten()
        })),
    ]
}

/// The feedback on `told` (from `stakeholder` only, if named) and its mean rating.
fn feedback_of(
    told: &[&IncidentDetail],
    stakeholder: Option<&str>,
) -> (Vec<ReportFeedback>, Option<f64>) {
    let feedback: Vec<ReportFeedback> = told
        .iter()
        .flat_map(|d| d.feedback.iter().map(|f| (d.incident.id, f)))
        .filter(|(_, f)| stakeholder.is_none_or(|n| n == f.stakeholder))
        .map(|(incident, f)| ReportFeedback {
            incident,
            stakeholder: f.stakeholder.clone(),
            rating: f.rating,
            comment: f.comment.clone(),
        })
        .collect();
    let average = (!feedback.is_empty())
        .then(|| feedback.iter().map(|f| f64::from(f.rating)).sum::<f64>() / feedback.len() as f64);
    (feedback, average)
}

/// The report of `month` (`YYYY-MM`, not in the future) for the operator,
/// or for the stakeholder named.
pub fn report(
    store: &Store,
    clock: &dyn Clock,
    month: &str,
    stakeholder: Option<&str>,
) -> Result<MonthReport> {
    let month = month
        .parse::<Month>()?
        .in_zone(zone(&store.setting(Setting::ReportTimeZone)?));
    let now = clock.now();
    if month.start() > now {
        return Err(InvalidInput::new(
            "month",
            format!("{month} has not begun yet; ask about this month or an earlier one"),
        )
        .into());
    }
    let scope = match stakeholder {
        None => Scope {
            stakeholder: None,
            sla_target_percent: DEFAULT_SLA_TARGET,
        },
        Some(name) => {
            let s = store
                .stakeholders()?
                .into_iter()
                .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| {
                    InvalidInput::new(
                        "stakeholder",
                        format!(
                            "no stakeholder named {:?}; `sitrep stakeholders` lists them",
                            name.trim()
                        ),
                    )
                })?;
            // The target they had that month: a change applies from its month on.
            Scope {
                sla_target_percent: store
                    .sla_target(s.id, month)?
                    .unwrap_or(s.sla_target_percent),
                stakeholder: Some((s.id, s.name)),
            }
        }
    };
    let details = records_in(store, month)?;
    Ok(month_report(month, &scope, &details, now))
}

/// The records of the incidents that may fall in `month`, read on one snapshot.
fn records_in(store: &Store, month: Month) -> Result<Vec<IncidentDetail>> {
    store.snapshot(|s| {
        s.incidents_in(month)?
            .into_iter()
            .map(|i| s.incident_record(i.id))
            .collect()
    })
}

/// The reports of the twelve months up to and including `month`, oldest
/// first (months before the first incident simply show none), for the
/// window's charts.
pub fn trend(
    store: &Store,
    clock: &dyn Clock,
    month: &str,
    stakeholder: Option<&str>,
) -> Result<Vec<MonthReport>> {
    let last: Month = month.parse()?;
    // Each month is checked and placed in the report zone by `report`.
    last.preceding(11)
        .into_iter()
        .map(|m| report(store, clock, &m.to_string(), stakeholder))
        .collect()
}

/// One affected stakeholder's SLA budget for the current month, as the
/// incident view shows it while the impact lasts.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Budget {
    pub stakeholder: String,
    pub sla_target_percent: f64,
    /// `YYYY-MM`, the current UTC month.
    pub month: String,
    pub budget_minutes: f64,
    /// Downtime charged to them this month, up to `as_of`.
    pub used_minutes: f64,
    #[ts(type = "string")]
    pub as_of: DateTime<Utc>,
    /// This incident's impact is still going on (and is no drill): the
    /// budget keeps shrinking by a minute a minute.
    pub burning: bool,
}

/// The current month's SLA budget of each stakeholder incident `key` affects.
pub fn budgets(
    store: &Store,
    clock: &dyn Clock,
    key: crate::incident::IncidentKey,
) -> Result<Vec<Budget>> {
    let now = clock.now();
    let month = Month::of(now, zone(&store.setting(Setting::ReportTimeZone)?));
    let incident = store.incident(key)?;
    if incident.affected.is_empty() {
        return Ok(Vec::new());
    }
    let burning =
        !incident.incident.drill && incident.impact_windows.iter().any(|w| w.ended_at.is_none());
    let details = records_in(store, month)?;
    let directory = store.stakeholders()?;
    incident
        .affected
        .iter()
        .map(|a| {
            let current = directory
                .iter()
                .find(|s| s.id == a.stakeholder_id)
                .map_or(DEFAULT_SLA_TARGET, |s| s.sla_target_percent);
            let sla_target_percent = store
                .sla_target(a.stakeholder_id, month)?
                .unwrap_or(current);
            let scope = Scope {
                stakeholder: Some((a.stakeholder_id, a.stakeholder.clone())),
                sla_target_percent,
            };
            let r = month_report(month, &scope, &details, now);
            Ok(Budget {
                stakeholder: a.stakeholder.clone(),
                sla_target_percent,
                month: r.month,
                budget_minutes: r.budget_minutes,
                used_minutes: r.downtime_minutes,
                as_of: now,
                burning,
            })
        })
        .collect()
}
