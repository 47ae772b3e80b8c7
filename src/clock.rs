//! Time, injected: the core never reads the system clock directly, so tests
//! can set "now", and every time it stores is UTC. Also how times typed by a
//! user (RFC 3339, any offset) become UTC.

use std::sync::Mutex;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};

use crate::error::InvalidInput;

/// A source of "now".
pub trait Clock: Send + Sync {
    /// The current instant, in UTC, to the whole second.
    fn now(&self) -> DateTime<Utc>;
}

/// The real wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        // Incident times are read and typed by people to the second; finer
        // precision would only make the JSON and the UI noisier.
        Utc::now().trunc_subsecs(0)
    }
}

/// A clock that stays where it is put: a test's "now", or a back-dated `--at`.
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    /// A clock stopped at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self(Mutex::new(now))
    }

    /// Moves the clock to `now` (forwards or backwards).
    pub fn set(&self, now: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }

    /// Moves the clock forwards by `by`.
    pub fn advance(&self, by: TimeDelta) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Reads a time a user typed for `field`: RFC 3339 with any offset, kept as UTC.
pub fn parse_time(field: &'static str, text: &str) -> Result<DateTime<Utc>, InvalidInput> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            InvalidInput::new(
                field,
                format!(
                    "{field} must be an RFC 3339 time such as 2026-11-24T21:05:00+01:00, got {text:?}"
                ),
            )
        })
}

/// When something the user records happened: the RFC 3339 time they gave for
/// `field`, else `now`. Never in the future: Sitrep records what happened.
pub fn happened_at(
    field: &'static str,
    text: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, InvalidInput> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(now),
        Some(text) => not_in_future(field, parse_time(field, text)?, now),
    }
}

/// Refuses a time for `field` that is later than `now`.
pub fn not_in_future(
    field: &'static str,
    t: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, InvalidInput> {
    if t > now {
        return Err(InvalidInput::new(
            field,
            format!(
                "{field} {} is in the future (now is {}); record what has happened",
                t.to_rfc3339(),
                now.to_rfc3339()
            ),
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_an_offset_are_kept_as_utc() {
        let t = parse_time("at", "2026-11-24T00:30:00+02:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-23T22:30:00+00:00");
    }

    #[test]
    fn a_malformed_time_names_the_field_and_the_expected_form() {
        let err = parse_time("impact_started", "yesterday 10pm").unwrap_err();
        assert_eq!(err.field, "impact_started");
        assert!(err.message.contains("RFC 3339"), "{}", err.message);
        assert!(err.message.contains("yesterday 10pm"), "{}", err.message);
    }

    #[test]
    fn happened_at_defaults_to_now_and_refuses_the_future() {
        let now = parse_time("at", "2026-11-24T10:00:00Z").unwrap();
        assert_eq!(happened_at("at", None, now).unwrap(), now);
        assert_eq!(happened_at("at", Some(" "), now).unwrap(), now);
        let earlier = happened_at("at", Some("2026-11-24T10:30:00+01:00"), now).unwrap();
        assert_eq!(earlier.to_rfc3339(), "2026-11-24T09:30:00+00:00");
        let err = happened_at("at", Some("2026-11-24T10:00:01Z"), now).unwrap_err();
        assert!(err.message.contains("in the future"), "{}", err.message);
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = parse_time("at", "2026-11-24T10:00:00Z").unwrap();
        let clock = ManualClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(TimeDelta::minutes(15));
        assert_eq!(
            clock.now(),
            parse_time("at", "2026-11-24T10:15:00Z").unwrap()
        );
    }
}
