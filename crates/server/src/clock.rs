//! Times as the database stores them: RFC 3339 text in UTC, `2026-11-28T05:49:00Z` (or with
//! milliseconds, `…:00.123Z`, where order within a second matters: a case's events). Made
//! here, in Rust, and bound as parameters, so the SQL is the same on SQLite and PostgreSQL
//! and no engine's date functions are needed. Text in this form sorts as time does.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since 1970-01-01 UTC.
pub fn now_millis() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Now, to the second.
pub fn now() -> String {
    text(now_millis().div_euclid(1000))
}

/// Now, to the millisecond.
pub fn now_ms() -> String {
    text_ms(now_millis())
}

/// `seconds` ago, to the second.
pub fn ago(seconds: i64) -> String {
    text(now_millis().div_euclid(1000) - seconds)
}

/// Seconds since 1970 as `2026-11-28T05:49:00Z`.
pub fn text(seconds: i64) -> String {
    let (y, m, d) = miz_core::jalali::civil_from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// Milliseconds since 1970 as `2026-11-28T05:49:00.123Z`.
pub fn text_ms(millis: i64) -> String {
    let t = text(millis.div_euclid(1000));
    format!("{}.{:03}Z", &t[..t.len() - 1], millis.rem_euclid(1000))
}

/// Today in Tehran, as days since 1970-01-01: the reports' Jalali months are the agency's.
pub fn tehran_today() -> i64 {
    (now_millis().div_euclid(1000) + miz_core::jalali::TEHRAN_OFFSET_MINUTES * 60).div_euclid(86_400)
}

/// Seconds since 1970 of an ISO 8601 / RFC 3339 time: `2026-11-28`, `2026-11-28T05:49`,
/// `2026-11-28 05:49:00.5`, with `Z` or an offset such as `+03:30` (none means UTC).
/// `None` for anything else, or a day that does not exist.
pub fn parse(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    let day = miz_core::jalali::days_from_civil(y, mo, d);
    let mut rest = &s[10..];
    let mut secs = 0;
    if let Some(time) = rest.strip_prefix(['T', 't', ' ']) {
        let tb = time.as_bytes();
        if tb.len() < 5 || tb[2] != b':' {
            return None;
        }
        let (h, mi) = (num(11, 2)?, num(14, 2)?);
        let mut used = 5;
        let mut sec = 0;
        if tb.get(5) == Some(&b':') {
            sec = num(17, 2)?;
            used = 8;
            if tb.get(8) == Some(&b'.') {
                let frac = time[9..].bytes().take_while(u8::is_ascii_digit).count();
                if frac == 0 {
                    return None;
                }
                used = 9 + frac;
            }
        }
        if h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        secs = h * 3600 + mi * 60 + sec;
        rest = &time[used..];
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        o if o.len() == 6 && o.is_ascii() && (o.starts_with('+') || o.starts_with('-')) && &o[3..4] == ":" => {
            let h: i64 = o[1..3].parse().ok()?;
            let m: i64 = o[4..6].parse().ok()?;
            if h > 23 || m > 59 {
                return None;
            }
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (h * 3600 + m * 60)
        }
        _ => return None,
    };
    Some(day * 86_400 + secs - offset)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sort_as_time_does() {
        assert_eq!(text(0), "1970-01-01T00:00:00Z");
        assert_eq!(text_ms(1_795_844_586_512), "2026-11-28T05:43:06.512Z");
        assert_eq!(text_ms(5), "1970-01-01T00:00:00.005Z");
        assert!(text(100) < text(101));
        assert_eq!(now().len(), 20);
        assert_eq!(now_ms().len(), 24);
    }

    #[test]
    fn parses_what_agencies_send() {
        let t = parse("2026-11-28T05:49:00Z").unwrap();
        assert_eq!(text(t), "2026-11-28T05:49:00Z");
        assert_eq!(parse("2026-11-28T09:19:00+03:30"), Some(t));
        assert_eq!(parse("2026-11-28 05:49:00.250"), Some(t));
        assert_eq!(parse("2026-11-28T05:49"), Some(t));
        assert_eq!(parse("2026-11-28"), Some(t - (5 * 3600 + 49 * 60)));
        for bad in ["", "+٠٣:30", "2026-11-28T05:49+٠٣:3", "2026-02-30", "2026-13-01", "2026-11-28T25:00:00Z", "2026-11-28T05:49:00+3:30", "2026-11-28Tx", "now", "2026-11-28T05:49:00.Z", "٢٠٢٦-11-28"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(parse("2024-02-29"), Some(miz_core::jalali::days_from_civil(2024, 2, 29) * 86_400));
    }
}
