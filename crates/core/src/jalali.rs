//! Gregorian ↔ Jalali (Solar Hijri) dates, for grouping the performance report by Jalali
//! month on the server. The app shows dates through the browser's `Intl` instead.
//!
//! The arithmetic is the widely used jalaali algorithm (Borkowski's leap rule with the
//! 33-year break table), valid for Jalali years -61 to 3177.

const BREAKS: [i64; 20] = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
];

fn div(a: i64, b: i64) -> i64 {
    a.div_euclid(b)
}

/// (leap offset, Gregorian year of Farvardin 1, day of March of Farvardin 1).
fn jal_cal(jy: i64) -> (i64, i64, i64) {
    let gy = jy + 621;
    let mut leap_j = -14;
    let mut jp = BREAKS[0];
    let mut jump = 0;
    for &jm in &BREAKS[1..] {
        jump = jm - jp;
        if jy < jm {
            break;
        }
        leap_j += div(jump, 33) * 8 + div(jump % 33, 4);
        jp = jm;
    }
    let mut n = jy - jp;
    leap_j += div(n, 33) * 8 + div(n % 33 + 3, 4);
    if jump % 33 == 4 && jump - n == 4 {
        leap_j += 1;
    }
    let leap_g = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    let march = 20 + leap_j - leap_g;
    if jump - n < 6 {
        n = n - jump + div(jump + 4, 33) * 33;
    }
    let mut leap = ((n + 1) % 33 - 1) % 4;
    if leap == -1 {
        leap = 4;
    }
    (leap, gy, march)
}

/// Days since 1970-01-01 of a Gregorian date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = div(y, 400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Jalali (year, month 1–12, day) of a Gregorian date.
pub fn from_gregorian(gy: i64, gm: i64, gd: i64) -> (i64, u32, u32) {
    let mut jy = gy - 621;
    let (leap, _, march) = jal_cal(jy);
    let farvardin1 = days_from_civil(gy, 3, march);
    let mut k = days_from_civil(gy, gm, gd) - farvardin1;
    if k >= 0 {
        if k <= 185 {
            return (jy, (1 + k / 31) as u32, (k % 31 + 1) as u32);
        }
        k -= 186;
    } else {
        jy -= 1;
        k += 179;
        if leap == 1 {
            k += 1;
        }
    }
    (jy, (7 + k / 30) as u32, (k % 30 + 1) as u32)
}

/// `2026-11-25T10:00:00Z` (or `2026-11-25`) → days since 1970-01-01; `None` if malformed.
pub fn parse_day(rfc3339: &str) -> Option<i64> {
    let date = rfc3339.get(..10)?;
    let mut it = date.split('-');
    let (y, m, d) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Iran's clocks: UTC+03:30 all year since daylight saving time ended in 1401 (2022).
pub const TEHRAN_OFFSET_MINUTES: i64 = 210;

/// The day in Tehran (days since 1970-01-01) of an RFC 3339 time: a case sent at 23:00 UTC on
/// the last day of a Jalali month is already in the next month for the agency and the citizen.
/// A time with its own offset (`+03:30`, `-05:00`) is taken as written; a date alone is that day.
pub fn tehran_day(rfc3339: &str) -> Option<i64> {
    let day = parse_day(rfc3339)?;
    let Some(time) = rfc3339.get(10..).filter(|t| t.starts_with('T') || t.starts_with('t') || t.starts_with(' ')) else {
        return Some(day);
    };
    let num = |s: Option<&str>| s.and_then(|v| v.parse::<i64>().ok());
    let (h, m) = (num(time.get(1..3))?, num(time.get(4..6))?);
    if h > 23 || m > 59 {
        return None;
    }
    // The offset: `Z`, or `±HH:MM` after the seconds and any fraction.
    let zone = time.find(['Z', 'z', '+', '-']).map(|i| &time[i..]);
    let offset = match zone {
        None | Some("Z") | Some("z") => 0,
        Some(z) => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            sign * (num(z.get(1..3))? * 60 + num(z.get(4..6))?)
        }
    };
    let minutes = day * 1440 + h * 60 + m - offset + TEHRAN_OFFSET_MINUTES;
    Some(div(minutes, 1440))
}

/// The Gregorian (year, month, day) of days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = div(z, 146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The Jalali (year, month) of days since 1970-01-01.
pub fn month_of_day(day: i64) -> (i64, u32) {
    let (y, m, d) = civil_from_days(day);
    let (jy, jm, _) = from_gregorian(y, m, d);
    (jy, jm)
}

/// Working days from `from` to `to` (days since 1970), Fridays (the Iranian weekend) not
/// counted; the day of submission itself is not counted.
pub fn working_days(from: i64, to: i64) -> i64 {
    // 1970-01-01 was a Thursday, so day n is a Friday when (n - 1) % 7 == 0.
    ((from + 1)..=to).filter(|d| (d - 1).rem_euclid(7) != 0).count() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(from_gregorian(2026, 11, 25), (1405, 9, 4));
        assert_eq!(from_gregorian(2024, 3, 20), (1403, 1, 1));
        assert_eq!(from_gregorian(2025, 3, 21), (1404, 1, 1));
        assert_eq!(from_gregorian(2025, 3, 20), (1403, 12, 30));
        assert_eq!(from_gregorian(1979, 2, 11), (1357, 11, 22));
        assert_eq!(from_gregorian(2000, 1, 1), (1378, 10, 11));
    }

    #[test]
    fn days_round_trip_and_parse() {
        for z in [-1000, 0, 1, 20_000, 20_417, 30_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(parse_day("1970-01-02T00:00:00Z"), Some(1));
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("x"), None);
    }

    #[test]
    fn report_days_are_tehran_days() {
        // 20:29 UTC on 20 March 2026 is 23:59 in Tehran, still Esfand 1404; a minute later it
        // is Farvardin 1405 there.
        let esfand = tehran_day("2026-03-20T20:29:00Z").unwrap();
        let farvardin = tehran_day("2026-03-20T20:30:00Z").unwrap();
        assert_eq!(month_of_day(esfand), (1404, 12));
        assert_eq!(month_of_day(farvardin), (1405, 1));
        assert_eq!(tehran_day("2026-03-21T00:00:00+03:30"), Some(farvardin));
        assert_eq!(tehran_day("2026-03-20T16:30:00.123-04:00"), Some(farvardin));
        assert_eq!(tehran_day("2026-03-21"), Some(farvardin));
        assert_eq!(tehran_day("2026-03-20T25:00:00Z"), None);
    }

    #[test]
    fn fridays_are_not_working_days() {
        // 1970-01-02 was a Friday.
        assert_eq!(working_days(0, 1), 0);
        assert_eq!(working_days(0, 7), 6);
        assert_eq!(working_days(5, 5), 0);
    }
}
