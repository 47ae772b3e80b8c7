//! A calendar month, as `--month YYYY-MM` names it, in UTC unless the
//! operator reports in another time zone: the span reports and lists of a
//! month's incidents are clipped to.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::InvalidInput;

/// One calendar month in a time zone (UTC unless [`Month::in_zone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    year: i32,
    month: u32,
    zone: Tz,
}

impl Month {
    /// The month `t` falls in, in `zone`.
    pub fn of(t: DateTime<Utc>, zone: Tz) -> Month {
        let local = t.with_timezone(&zone);
        Month {
            year: local.year(),
            month: local.month(),
            zone,
        }
    }

    /// The same calendar month in `zone`.
    pub fn in_zone(self, zone: Tz) -> Month {
        Month { zone, ..self }
    }

    /// The `n` months before this one and this one, oldest first.
    pub fn preceding(self, n: u32) -> Vec<Month> {
        let index = self.year * 12 + self.month as i32 - 1;
        (0..=n as i32)
            .rev()
            .map(|back| {
                let i = index - back;
                Month {
                    year: i.div_euclid(12),
                    month: (i.rem_euclid(12) + 1) as u32,
                    zone: self.zone,
                }
            })
            .collect()
    }

    /// Its first instant.
    pub fn start(self) -> DateTime<Utc> {
        first_instant(self.year, self.month, self.zone)
    }

    /// The first instant of the next month.
    pub fn end(self) -> DateTime<Utc> {
        match self.month {
            12 => first_instant(self.year + 1, 1, self.zone),
            m => first_instant(self.year, m + 1, self.zone),
        }
    }
}

/// Midnight starting the 1st of `month` in `zone` (or, where a clock change
/// skips midnight, the first hour after it that exists), in UTC.
fn first_instant(year: i32, month: u32, zone: Tz) -> DateTime<Utc> {
    let day = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    (0..3)
        .find_map(|hour| {
            zone.from_local_datetime(&(midnight + chrono::TimeDelta::hours(hour)))
                .earliest()
        })
        .map_or_else(
            || Utc.from_utc_datetime(&midnight),
            |t| t.with_timezone(&Utc),
        )
}

impl FromStr for Month {
    type Err = InvalidInput;

    fn from_str(text: &str) -> Result<Self, InvalidInput> {
        let bad = || {
            InvalidInput::new(
                "month",
                format!("a month looks like 2026-11 (YYYY-MM), got {text:?}"),
            )
        };
        let (year, month) = text.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(1970..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Month {
            year,
            month,
            zone: Tz::UTC,
        })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_spans_its_days_and_december_ends_in_the_next_year() {
        let feb: Month = "2028-02".parse().unwrap();
        assert_eq!((feb.end() - feb.start()).num_days(), 29);
        let dec: Month = "2026-12".parse().unwrap();
        assert_eq!(dec.end().to_rfc3339(), "2027-01-01T00:00:00+00:00");
        assert_eq!(dec.to_string(), "2026-12");
        assert_eq!(
            Month::of("2026-12-31T23:59:59Z".parse().unwrap(), Tz::UTC),
            dec
        );
        let year: Vec<String> = "2027-02"
            .parse::<Month>()
            .unwrap()
            .preceding(2)
            .iter()
            .map(Month::to_string)
            .collect();
        assert_eq!(year, ["2026-12", "2027-01", "2027-02"]);
        for bad in ["2026-13", "2026", "26-1x", "2026-00", ""] {
            assert!(bad.parse::<Month>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn in_another_zone_a_month_runs_from_local_midnight_to_local_midnight() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let october = "2026-10".parse::<Month>().unwrap().in_zone(berlin);
        assert_eq!(october.start().to_rfc3339(), "2026-09-30T22:00:00+00:00");
        // Summer time ends on 25 October: the month is an hour longer.
        assert_eq!(october.end().to_rfc3339(), "2026-10-31T23:00:00+00:00");
        assert_eq!(
            (october.end() - october.start()).num_minutes(),
            31 * 1440 + 60
        );
        let late = "2026-09-30T22:30:00Z".parse().unwrap();
        assert_eq!(Month::of(late, berlin).to_string(), "2026-10");
        assert_eq!(Month::of(late, Tz::UTC).to_string(), "2026-09");
    }

    #[test]
    fn where_summer_time_skips_midnight_on_the_1st_the_month_starts_at_the_first_hour_that_exists()
    {
        // Paraguay's clocks went from 00:00 straight to 01:00 (UTC-3) on 1 October 2023.
        let asuncion: Tz = "America/Asuncion".parse().unwrap();
        let october = "2023-10".parse::<Month>().unwrap().in_zone(asuncion);
        assert_eq!(october.start().to_rfc3339(), "2023-10-01T04:00:00+00:00");
        assert_eq!(
            "2023-09".parse::<Month>().unwrap().in_zone(asuncion).end(),
            october.start()
        );
    }
}
