//! A point in time that some answers give as a date and others as a Unix timestamp.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.
//!
//! The same member can arrive as `"2026-11-01 00:00:00"` in one route and as
//! `1793491200` or `"1793491200"` in another. Neither `String` nor `i64` takes both
//! without losing what the server meant, so the value is kept as sent, and
//! [`DateOrTimestamp::unix_seconds`] reads either as one number.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A point in time as the API sends it: seconds since the Unix epoch, or a date text.
///
/// Some APIs send `0` for "no date" (a cost without renewals): that is `Unix(0)`, which
/// the caller tells apart from 1970 by context.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DateOrTimestamp {
    /// Seconds since 1970-01-01 00:00:00 UTC (`1793491200`, or the same as text).
    Unix(i64),
    /// A date as written by the server (`"2026-11-01 00:00:00"`), kept unchanged.
    Text(String),
}

impl DateOrTimestamp {
    /// Seconds since the Unix epoch: a timestamp as it is, a date text of the form
    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or the same with `T`, read as UTC (the
    /// server writes no zone; WordPress stores such dates in UTC or in the site's zone
    /// depending on the field). `None` for text of any other form.
    pub fn unix_seconds(&self) -> Option<i64> {
        match self {
            DateOrTimestamp::Unix(seconds) => Some(*seconds),
            DateOrTimestamp::Text(text) => parse_date_time(text.trim()),
        }
    }
}

impl fmt::Display for DateOrTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateOrTimestamp::Unix(seconds) => write!(f, "{seconds}"),
            DateOrTimestamp::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for DateOrTimestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            DateOrTimestamp::Unix(seconds) => serializer.serialize_i64(*seconds),
            DateOrTimestamp::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for DateOrTimestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DateOrTimestamp, D::Error> {
        d.deserialize_any(MomentVisitor)
    }
}

struct MomentVisitor;

impl Visitor<'_> for MomentVisitor {
    type Value = DateOrTimestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Unix timestamp (a number or numeric text) or a date text")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateOrTimestamp, E> {
        Ok(DateOrTimestamp::Unix(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateOrTimestamp, E> {
        i64::try_from(v)
            .map(DateOrTimestamp::Unix)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateOrTimestamp, E> {
        // An integral float (`1793491200.0`) is a timestamp; a fraction is not one.
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(DateOrTimestamp::Unix(v as i64))
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateOrTimestamp, E> {
        let trimmed = v.trim();
        let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
        if !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && let Ok(seconds) = trimmed.parse::<i64>()
        {
            return Ok(DateOrTimestamp::Unix(seconds));
        }
        Ok(DateOrTimestamp::Text(v.to_string()))
    }
}

/// `YYYY-MM-DD[( |T)HH:MM[:SS]]` as seconds since the epoch, read as UTC.
fn parse_date_time(text: &str) -> Option<i64> {
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let year: i64 = number(parts.next()?, 4)?;
    let month: i64 = number(parts.next()?, 2)?;
    let day: i64 = number(parts.next()?, 2)?;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let (hour, minute, second) = match time {
        None => (0, 0, 0),
        Some(time) => {
            let mut parts = time.splitn(3, ':');
            let hour = number(parts.next()?, 2)?;
            let minute = number(parts.next()?, 2)?;
            let second = match parts.next() {
                Some(second) => number(second, 2)?,
                None => 0,
            };
            if hour > 23 || minute > 59 || second > 60 {
                return None;
            }
            (hour, minute, second)
        }
    };
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// A field of exactly `width` ASCII digits.
fn number(text: &str, width: usize) -> Option<i64> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> DateOrTimestamp {
        serde_json::from_str(json).expect("decodes")
    }

    #[test]
    fn numbers_and_numeric_text_are_timestamps() {
        assert_eq!(decode("1793491200"), DateOrTimestamp::Unix(1_793_491_200));
        assert_eq!(
            decode("\"1793491200\""),
            DateOrTimestamp::Unix(1_793_491_200)
        );
    }

    #[test]
    fn other_text_is_kept_as_sent() {
        let value = decode("\"2026-11-01 00:00:00\"");
        assert_eq!(value, DateOrTimestamp::Text("2026-11-01 00:00:00".into()));
        assert_eq!(value.to_string(), "2026-11-01 00:00:00");
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            "\"2026-11-01 00:00:00\""
        );
    }

    #[test]
    fn a_date_and_its_timestamp_are_the_same_second() {
        // 2026-11-01 00:00:00 UTC, as the real Dashboard gives one cost's renewal both ways.
        let date = decode("\"2026-11-01 00:00:00\"");
        let unix = decode("\"1793491200\"");
        assert_eq!(date.unix_seconds(), Some(1_793_491_200));
        assert_eq!(unix.unix_seconds(), Some(1_793_491_200));
        assert_eq!(
            DateOrTimestamp::Text("1970-01-01".into()).unix_seconds(),
            Some(0)
        );
        assert_eq!(
            DateOrTimestamp::Text("2024-02-29T12:30".into()).unix_seconds(),
            Some(1_709_209_800)
        );
    }

    #[test]
    fn text_that_is_no_date_has_no_timestamp() {
        for text in [
            "",
            "soon",
            "2026-13-01",
            "2026-02-30",
            "2026-11-01 25:00:00",
            "26-1-1",
        ] {
            assert_eq!(
                DateOrTimestamp::Text(text.into()).unix_seconds(),
                None,
                "{text}"
            );
        }
    }
}
