//! Dates from a metadata column, grouped into report periods (ISO week, month, quarter).
//!
//! Written out rather than pulled from a date crate: only calendar dates are needed, and the
//! accepted forms are deliberately few so that an ambiguous `03/04/2026` is read the way the
//! pipeline says (`trends.date_order`), never guessed.

use crate::figures::config::{DateOrder, Period};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Reads `2026-03-31` (optionally followed by `T` or a space and a time), or with
    /// `Dmy`/`Mdy` also `31/03/2026`, `31.03.2026` and `31-03-2026` (day first) or
    /// `03/31/2026` (month first). The error says what was expected, never the value.
    pub fn parse(cell: &str, order: DateOrder) -> Result<Date, String> {
        let date_part = cell.split(['T', ' ']).next().unwrap_or("");
        let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
        let number = |s: &str| s.parse::<u32>().ok();
        let fields = match (parts.as_slice(), order) {
            ([y, m, d], _) if y.len() == 4 && date_part.contains('-') => {
                (number(y), number(m), number(d))
            }
            ([d, m, y], DateOrder::Dmy) if y.len() == 4 => (number(y), number(m), number(d)),
            ([m, d, y], DateOrder::Mdy) if y.len() == 4 => (number(y), number(m), number(d)),
            _ => (None, None, None),
        };
        let expected = match order {
            DateOrder::Iso => "a date like 2026-03-31",
            DateOrder::Dmy => "a date like 2026-03-31 or 31/03/2026 (day first)",
            DateOrder::Mdy => "a date like 2026-03-31 or 03/31/2026 (month first)",
        };
        match fields {
            (Some(year), Some(month), Some(day))
                if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) =>
            {
                Ok(Date {
                    year: year as i32,
                    month,
                    day,
                })
            }
            _ => Err(format!("expected {expected}")),
        }
    }

    /// The period label: `2026-W02`, `2026-03` or `2026-Q1`. Labels sort chronologically.
    pub fn period(self, period: Period) -> String {
        match period {
            Period::Month => format!("{:04}-{:02}", self.year, self.month),
            Period::Quarter => format!("{:04}-Q{}", self.year, (self.month - 1) / 3 + 1),
            Period::Week => {
                let (year, week) = self.iso_week();
                format!("{year:04}-W{week:02}")
            }
        }
    }

    /// ISO 8601 week-numbering year and week: weeks start on Monday and week 1 holds the
    /// year's first Thursday, so 2027-01-01 (a Friday) is in week 53 of 2026.
    fn iso_week(self) -> (i32, i64) {
        let days = days_from_civil(self.year, self.month, self.day);
        let monday_based = (days + 3).rem_euclid(7);
        let thursday = days - monday_based + 3;
        let year = civil_year(thursday);
        (year, (thursday - days_from_civil(year, 1, 1)) / 7 + 1)
    }
}

/// Reads a post time, `2026-03-02T14:05` (or with a space for `T`), optionally with seconds
/// and fractions and a `Z` or `±hh:mm` offset, as minutes since 1970-01-01 UTC. The error says
/// what was expected, never the value.
pub fn minutes_since_epoch(cell: &str) -> Result<i64, String> {
    const EXPECTED: &str = "expected a time like 2026-03-02T14:05 or 2026-03-02 14:05:00+01:00";
    let cell = cell.trim();
    let date = Date::parse(cell, DateOrder::Iso).map_err(|_| EXPECTED.to_owned())?;
    let time = cell
        .get(11..)
        .filter(|_| matches!(cell.as_bytes().get(10), Some(b'T' | b' ')));
    let Some(time) = time else {
        return Err(EXPECTED.to_owned());
    };
    // Split off the offset: `Z`, or `+hh:mm` / `-hh:mm` after the clock time.
    let (clock, offset) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else if let Some(at) = time.rfind(['+', '-']) {
        let (h, m) = time[at + 1..]
            .split_once(':')
            .unwrap_or((&time[at + 1..], "0"));
        let (h, m) = (h.parse::<i64>(), m.parse::<i64>());
        let (Ok(h), Ok(m)) = (h, m) else {
            return Err(EXPECTED.to_owned());
        };
        let sign = if time.as_bytes()[at] == b'-' { -1 } else { 1 };
        (&time[..at], sign * (h * 60 + m))
    } else {
        (time, 0)
    };
    let mut parts = clock.split(':');
    let mut field = |max: i64| -> Option<i64> {
        let value: i64 = parts.next()?.parse().ok()?;
        (0..max).contains(&value).then_some(value)
    };
    let (Some(hour), Some(minute)) = (field(24), field(60)) else {
        return Err(EXPECTED.to_owned());
    };
    if let Some(seconds) = parts.next() {
        let whole = seconds.split(['.', ',']).next().unwrap_or("");
        if !whole.parse::<u32>().is_ok_and(|s| s < 61) {
            return Err(EXPECTED.to_owned());
        }
    }
    let days = days_from_civil(date.year, date.month, date.day);
    Ok(days * 1440 + hour * 60 + minute - offset)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's civil-from-days algorithm, inverted).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar year of a day count from 1970-01-01.
fn civil_year(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month_is_jan_or_feb = mp >= 10;
    (yoe + era * 400 + i64::from(month_is_jan_or_feb)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_times_in_minutes() {
        let t = |s: &str| minutes_since_epoch(s);
        assert_eq!(t("1970-01-01T00:00"), Ok(0));
        assert_eq!(t("1970-01-02 01:30:59"), Ok(1440 + 90));
        assert_eq!(t("2026-03-02T14:05:00Z"), t("2026-03-02T15:05:00+01:00"));
        assert_eq!(
            t("2026-03-02T14:05:00.250-00:30"),
            Ok(t("2026-03-02T14:35").unwrap())
        );
        for bad in [
            "2026-03-02",
            "02/03/2026 14:05",
            "2026-03-02T25:00",
            "2026-03-02T14:61",
            "2026-03-02Tnoon",
        ] {
            assert!(t(bad).is_err(), "{bad}");
        }
    }

    fn d(s: &str) -> Date {
        Date::parse(s, DateOrder::Iso).unwrap()
    }

    #[test]
    fn parses_the_documented_forms_only() {
        assert_eq!(
            d("2026-03-31T09:15:00Z"),
            Date {
                year: 2026,
                month: 3,
                day: 31
            }
        );
        assert_eq!(d("2026-03-31 09:15"), d("2026-03-31"));
        assert_eq!(
            Date::parse("31/03/2026", DateOrder::Dmy),
            Ok(d("2026-03-31"))
        );
        assert_eq!(
            Date::parse("03/31/2026", DateOrder::Mdy),
            Ok(d("2026-03-31"))
        );
        assert_eq!(
            Date::parse("31.03.2026", DateOrder::Dmy),
            Ok(d("2026-03-31"))
        );
        // Ambiguous slash dates need an explicit order; impossible dates are refused.
        assert!(Date::parse("03/04/2026", DateOrder::Iso).is_err());
        assert!(Date::parse("2026-02-29", DateOrder::Iso).is_err());
        assert!(Date::parse("2024-02-29", DateOrder::Iso).is_ok());
        assert!(Date::parse("31/03/2026", DateOrder::Mdy).is_err());
        assert!(Date::parse("yesterday", DateOrder::Dmy).is_err());
    }

    #[test]
    fn periods_match_the_calendar() {
        assert_eq!(d("2026-02-14").period(Period::Month), "2026-02");
        assert_eq!(d("2026-04-01").period(Period::Quarter), "2026-Q2");
        assert_eq!(d("2026-12-31").period(Period::Quarter), "2026-Q4");
        // 2026-01-05 is a Monday (week 2); 2026-01-01 is a Thursday, so it opens week 1.
        assert_eq!(d("2026-01-05").period(Period::Week), "2026-W02");
        assert_eq!(d("2026-01-04").period(Period::Week), "2026-W01");
        assert_eq!(d("2026-01-01").period(Period::Week), "2026-W01");
        // 2027-01-01 is a Friday: ISO week 53 of 2026. 2024-12-30 is a Monday: 2025-W01.
        assert_eq!(d("2027-01-01").period(Period::Week), "2026-W53");
        assert_eq!(d("2024-12-30").period(Period::Week), "2025-W01");
        assert_eq!(d("2021-01-03").period(Period::Week), "2020-W53");
    }
}
