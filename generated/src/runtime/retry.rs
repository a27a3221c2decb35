//! When and how long to wait before trying a request again.
// Hand-written runtime: edit runtime/src/ (crate mainwp-runtime), never a generated copy.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Method;

/// How the client retries failed requests.
///
/// Retried: timeouts, connection failures and the statuses 429, 502, 503 and 504, for
/// idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) only, unless
/// [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent) is set. Waits grow
/// exponentially from `base_delay` up to `max_delay`, with jitter. A `Retry-After` header
/// (seconds or an HTTP date) is obeyed instead when it asks for at most
/// `max_retry_after`; when it asks for longer the error is returned at once rather than
/// blocking the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// How many times a request is sent at most, the first time included (`1` disables
    /// retries; `0` counts as `1`). Default 3.
    pub max_attempts: u32,
    /// The wait before the first retry, doubled for each further one. Default 200 ms.
    pub base_delay: Duration,
    /// The longest computed wait. Default 10 s.
    pub max_delay: Duration,
    /// Whether POST, PATCH and other non-idempotent requests are retried too. Default
    /// `false`: the server may have acted on a request whose answer was lost.
    pub retry_non_idempotent: bool,
    /// The longest `Retry-After` the client waits for. Default 60 s.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            retry_non_idempotent: false,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see the field docs).
    pub fn new() -> RetryPolicy {
        RetryPolicy::default()
    }

    /// A policy that sends every request once.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets [`max_attempts`](RetryPolicy::max_attempts).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> RetryPolicy {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets [`base_delay`](RetryPolicy::base_delay).
    pub fn with_base_delay(mut self, base_delay: Duration) -> RetryPolicy {
        self.base_delay = base_delay;
        self
    }

    /// Sets [`max_delay`](RetryPolicy::max_delay).
    pub fn with_max_delay(mut self, max_delay: Duration) -> RetryPolicy {
        self.max_delay = max_delay;
        self
    }

    /// Sets [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent).
    pub fn with_retry_non_idempotent(mut self, retry: bool) -> RetryPolicy {
        self.retry_non_idempotent = retry;
        self
    }

    /// Sets [`max_retry_after`](RetryPolicy::max_retry_after).
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> RetryPolicy {
        self.max_retry_after = max_retry_after;
        self
    }

    /// How many attempts a request gets, at least one.
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts.max(1)
    }

    /// Whether requests with this method may be sent more than once.
    pub(crate) fn allows(&self, method: &Method, idempotent_override: Option<bool>) -> bool {
        let idempotent = idempotent_override.unwrap_or(matches!(
            *method,
            Method::GET
                | Method::HEAD
                | Method::PUT
                | Method::DELETE
                | Method::OPTIONS
                | Method::TRACE
        ));
        idempotent || self.retry_non_idempotent
    }

    /// The wait before retrying after failed attempt number `attempt` (1-based): half of
    /// the exponential delay plus a random share of the other half.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(31);
        let full = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let half = full / 2;
        let spread = u64::try_from((full - half).as_nanos()).unwrap_or(u64::MAX);
        let jitter = if spread == 0 {
            0
        } else {
            jitter_seed(attempt) % (spread + 1)
        };
        half + Duration::from_nanos(jitter)
    }

    /// What to do about a `Retry-After` of `wait`: `Some(wait)` to wait that long, `None`
    /// to give up because the server asked for more than `max_retry_after`.
    pub(crate) fn retry_after(&self, wait: Duration) -> Option<Duration> {
        (wait <= self.max_retry_after).then_some(wait)
    }
}

/// A cheap pseudo-random number from the clock, the attempt and a per-call hasher key.
fn jitter_seed(attempt: u32) -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(nanos);
    hasher.write_u32(attempt);
    hasher.finish()
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date (a date in the past
/// gives zero).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // An absurdly long number still means "a long time".
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses the three HTTP date formats of RFC 9110: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and
/// asctime (`Sun Nov  6 08:49:37 1994`).
pub(crate) fn parse_http_date(value: &str) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut month = None;
    let mut time = None;
    let mut numbers = Vec::new();
    for token in value.split([' ', ',', '-']).filter(|t| !t.is_empty()) {
        if token.contains(':') {
            time = Some(token);
        } else if token.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(token);
        } else if let Some(m) = MONTHS.iter().position(|m| token.eq_ignore_ascii_case(m)) {
            month = Some(m as u32 + 1);
        } else if !token.eq_ignore_ascii_case("GMT") && !token.eq_ignore_ascii_case("UTC") {
            // A day name; anything else (a numeric zone, say) is not an HTTP date.
            let is_day = [
                "mon",
                "tue",
                "wed",
                "thu",
                "fri",
                "sat",
                "sun",
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ]
            .iter()
            .any(|d| token.eq_ignore_ascii_case(d));
            if !is_day {
                return None;
            }
        }
    }
    let (month, time) = (month?, time?);
    let [day, year] = numbers.as_slice() else {
        return None;
    };
    let day: u32 = day.parse().ok()?;
    let mut year: i64 = year.parse().ok()?;
    if year < 100 {
        year += if year < 70 { 2000 } else { 1900 };
    }
    let mut hms = time.split(':').map(|p| p.parse::<u32>().ok());
    let (hour, minute, second) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    let secs = u64::try_from(secs).ok()?;
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: u64 = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT

    #[test]
    fn parses_the_three_date_formats() {
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            let at = parse_http_date(text).and_then(|t| t.duration_since(UNIX_EPOCH).ok());
            assert_eq!(at, Some(Duration::from_secs(EXAMPLE)), "{text}");
        }
        assert_eq!(parse_http_date("soon"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 25:00:00 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 +0200"), None);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = UNIX_EPOCH + Duration::from_secs(EXAMPLE - 5);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(5))
        );
        let later = UNIX_EPOCH + Duration::from_secs(EXAMPLE + 5);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", later),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default()
            .with_base_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(1000));
        for attempt in 1..40 {
            let full = Duration::from_millis(100)
                .saturating_mul(1 << (attempt - 1).min(31))
                .min(Duration::from_millis(1000));
            let wait = policy.backoff(attempt);
            assert!(wait >= full / 2 && wait <= full, "{attempt}: {wait:?}");
        }
        assert_eq!(
            RetryPolicy::none()
                .with_base_delay(Duration::ZERO)
                .backoff(1),
            Duration::ZERO
        );
    }

    #[test]
    fn only_idempotent_methods_unless_asked() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(&Method::GET, None));
        assert!(policy.allows(&Method::DELETE, None));
        assert!(!policy.allows(&Method::POST, None));
        assert!(!policy.allows(&Method::PATCH, None));
        assert!(policy.allows(&Method::POST, Some(true)));
        assert!(!policy.allows(&Method::GET, Some(false)));
        assert!(
            policy
                .with_retry_non_idempotent(true)
                .allows(&Method::POST, None)
        );
    }

    #[test]
    fn retry_after_is_capped() {
        let policy = RetryPolicy::default().with_max_retry_after(Duration::from_secs(5));
        assert_eq!(
            policy.retry_after(Duration::from_secs(5)),
            Some(Duration::from_secs(5))
        );
        assert_eq!(policy.retry_after(Duration::from_secs(6)), None);
    }
}
