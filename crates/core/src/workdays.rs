//! Working days on the Iranian calendar, for statutory deadlines: a case's answer is due a
//! number of working days after it was filed, and a working day is one that is neither a
//! Friday nor an official holiday of that Solar Hijri year. The holidays come from a table per
//! year (lunar holidays move about eleven days a year, so no rule can compute them); this
//! module reads such a table and counts with it. Days are numbered as in `jalali`: days since
//! 1970-01-01, in Tehran.

use crate::jalali::{days_from_civil, from_gregorian};
use std::collections::BTreeMap;

/// Whether Esfand of Jalali year `jy` has 30 days (the year is leap).
pub fn is_leap(jy: i64) -> bool {
    let next = days(jy + 1, 1, 1);
    let this = days(jy, 1, 1);
    next - this == 366
}

/// Days in month `jm` of year `jy`.
pub fn month_len(jy: i64, jm: u32) -> u32 {
    match jm {
        1..=6 => 31,
        7..=11 => 30,
        12 if is_leap(jy) => 30,
        12 => 29,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a Jalali date already known to be valid.
fn days(jy: i64, jm: u32, jd: u32) -> i64 {
    // Farvardin 1 falls on 20 or 21 March (22 in a few far years): find it from March.
    let gy = jy + 621;
    let farvardin1 = (19..=22).map(|d| days_from_civil(gy, 3, d)).find(|&z| {
        let (y, m, d) = crate::jalali::civil_from_days(z);
        from_gregorian(y, m, d) == (jy, 1, 1)
    });
    let start = farvardin1.unwrap_or_else(|| days_from_civil(gy, 3, 21));
    let before = if jm <= 7 { (jm as i64 - 1) * 31 } else { 186 + (jm as i64 - 7) * 30 };
    start + before + jd as i64 - 1
}

/// Days since 1970-01-01 of a Jalali date, or `None` if there is no such day.
pub fn to_days(jy: i64, jm: u32, jd: u32) -> Option<i64> {
    (1..=12).contains(&jm).then_some(())?;
    (1..=month_len(jy, jm)).contains(&jd).then_some(())?;
    Some(days(jy, jm, jd))
}

/// The Jalali (year, month, day) of days since 1970-01-01.
pub fn from_days(z: i64) -> (i64, u32, u32) {
    let (y, m, d) = crate::jalali::civil_from_days(z);
    from_gregorian(y, m, d)
}

/// Whether day `z` is a Friday (1970-01-01 was a Thursday).
pub fn is_friday(z: i64) -> bool {
    (z - 1).rem_euclid(7) == 0
}

/// The official holidays the deadlines are counted with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Calendar {
    holidays: BTreeMap<i64, String>,
}

impl Calendar {
    pub fn new(holidays: impl IntoIterator<Item = (i64, String)>) -> Calendar {
        Calendar { holidays: holidays.into_iter().collect() }
    }

    /// The holiday on day `z`, by name.
    pub fn holiday(&self, z: i64) -> Option<&str> {
        self.holidays.get(&z).map(String::as_str)
    }

    pub fn is_working_day(&self, z: i64) -> bool {
        !is_friday(z) && !self.holidays.contains_key(&z)
    }

    /// The `n`-th working day after day `from` (the day of filing itself never counts; with
    /// `n` = 0, `from`).
    pub fn add_working_days(&self, from: i64, n: u32) -> i64 {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day += 1;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: i64, to: i64) -> i64 {
        ((from + 1)..=to).filter(|&d| self.is_working_day(d)).count() as i64
    }

    /// A due date after the case waited for the citizen from `paused_on` to `resumed_on`: the
    /// working days spent waiting are not the agency's, so the due date moves by as many.
    pub fn resume(&self, due: i64, paused_on: i64, resumed_on: i64) -> i64 {
        let waited = self.working_days_between(paused_on, resumed_on).max(0) as u32;
        self.add_working_days(due, waited)
    }

    /// Whether the table has any holiday in Jalali year `jy`: a deadline counted in a year the
    /// agency has not entered would silently count its holidays as working days.
    pub fn knows_year(&self, jy: i64) -> bool {
        let (Some(first), Some(last)) = (to_days(jy, 1, 1), to_days(jy, 12, month_len(jy, 12))) else { return false };
        self.holidays.range(first..=last).next().is_some()
    }
}

/// The official holiday tables shipped with miz, by Jalali year (see each file's header for
/// its source). An agency's administrator edits its own copy in the workbench.
pub const SHIPPED: &[(i64, &str)] = &[(1404, include_str!("../holidays/1404.txt")), (1405, include_str!("../holidays/1405.txt"))];

/// Every shipped holiday, read.
pub fn shipped() -> Vec<(i64, String)> {
    SHIPPED.iter().flat_map(|(_, text)| parse_holidays(text).expect("the shipped tables are well formed")).collect()
}

/// A line of a holiday table that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct TableError {
    /// From 1.
    pub line: usize,
    pub message_fa: String,
}

/// Reads a holiday table: one holiday a line, `1405-01-01 آغاز نوروز` (the date in Persian or
/// ASCII digits, `-` or `/` between its parts, then the holiday's name); empty lines and lines
/// starting with `#` are skipped. A date given twice is an error, not a silent merge.
pub fn parse_holidays(text: &str) -> Result<Vec<(i64, String)>, TableError> {
    let mut seen: BTreeMap<i64, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message_fa: String| TableError { line: i + 1, message_fa };
        let fa = crate::digits::to_persian_digits;
        let (date, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let date = crate::digits::to_ascii_digits(date);
        let parts: Vec<&str> = date.split(['-', '/']).collect();
        let num = |s: &str| s.parse::<i64>().ok();
        let (Some(y), Some(m), Some(d)) = (
            parts.first().and_then(|s| num(s)),
            parts.get(1).and_then(|s| num(s)),
            parts.get(2).and_then(|s| num(s)),
        ) else {
            return Err(err(format!("تاریخ «{}» به شکل سال-ماه-روز نیست، مانند ۱۴۰۵-۰۱-۰۱", fa(&date))));
        };
        if parts.len() != 3 {
            return Err(err(format!("تاریخ «{}» به شکل سال-ماه-روز نیست، مانند ۱۴۰۵-۰۱-۰۱", fa(&date))));
        }
        let day = u32::try_from(m)
            .ok()
            .zip(u32::try_from(d).ok())
            .and_then(|(m, d)| to_days(y, m, d))
            .ok_or_else(|| err(format!("روز {} در تقویم هجری شمسی وجود ندارد", fa(&date))))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(err(format!("نام تعطیلی {} نوشته نشده است", fa(&date))));
        }
        if let Some(first) = seen.insert(day, i + 1) {
            return Err(err(format!("تاریخ {} پیش‌تر در سطر {} آمده است", fa(&date), fa(&first.to_string()))));
        }
        out.push((day, name.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i64, m: u32, day: u32) -> i64 {
        to_days(y, m, day).unwrap_or_else(|| panic!("{y}-{m}-{day}"))
    }

    #[test]
    fn jalali_days_round_trip_over_decades() {
        for jy in 1390..1420 {
            for jm in 1..=12 {
                for jd in 1..=month_len(jy, jm) {
                    assert_eq!(from_days(d(jy, jm, jd)), (jy, jm, jd));
                }
            }
            // Consecutive: the last day of a year is the day before the first of the next.
            assert_eq!(d(jy, 12, month_len(jy, 12)) + 1, d(jy + 1, 1, 1));
        }
    }

    #[test]
    fn waiting_for_the_citizen_moves_the_due_date_by_the_working_days_waited() {
        let cal = Calendar::new(shipped());
        // Filed 20 Esfand 1404 with 15 working days; waited from 25 Esfand to 16 Farvardin
        // 1405, across Nowruz: only the working days of that span are given back.
        let due = cal.add_working_days(d(1404, 12, 20), 15);
        let resumed = cal.resume(due, d(1404, 12, 25), d(1405, 1, 16));
        let waited = cal.working_days_between(d(1404, 12, 25), d(1405, 1, 16));
        assert!(waited < 22 - 6, "Fridays and the Nowruz holidays are not counted: {waited}");
        assert_eq!(cal.working_days_between(due, resumed), waited);
        // A wait that began and ended on the same day, or on a holiday only, moves nothing.
        assert_eq!(cal.resume(due, d(1405, 1, 2), d(1405, 1, 2)), due);
        assert_eq!(cal.resume(due, d(1405, 1, 1), d(1405, 1, 4)), due, "Nowruz holidays only");
        // Resumed before it paused (a clock set back): nothing moves.
        assert_eq!(cal.resume(due, d(1405, 1, 16), d(1405, 1, 10)), due);
    }

    #[test]
    fn leap_years_and_impossible_days() {
        assert!(is_leap(1403));
        assert!(!is_leap(1404));
        assert_eq!(to_days(1404, 12, 30), None);
        assert!(to_days(1403, 12, 30).is_some());
        assert_eq!(to_days(1405, 7, 31), None);
        assert_eq!(to_days(1405, 13, 1), None);
        assert_eq!(to_days(1405, 1, 0), None);
        // Nowruz 1405 is Saturday 21 March 2026; 29 Esfand 1404 a Friday.
        assert_eq!(d(1405, 1, 1), days_from_civil(2026, 3, 21));
        assert!(is_friday(d(1404, 12, 29)));
    }

    /// The holidays of the first months of 1405 as the official calendar publishes them
    /// (Nowruz with Eid al-Fitr, 12 and 13 Farvardin, Tasua and Ashura on 3 and 4 Tir).
    fn spring_1405() -> Calendar {
        let table = "# part of 1405\n۱۴۰۵-۰۱-۰۱ آغاز نوروز و عید فطر\n1405-01-02 عید نوروز و عید فطر\n1405/01/03 عید نوروز\n1405-01-04 عید نوروز\n1405-01-12 روز جمهوری اسلامی\n1405-01-13 روز طبیعت\n1405-03-06 عید قربان\n1405-03-14 عید غدیر و رحلت امام خمینی\n1405-03-15 قیام ۱۵ خرداد\n1405-04-03 تاسوعا\n1405-04-04 عاشورا\n";
        Calendar::new(parse_holidays(table).unwrap())
    }

    #[test]
    fn deadlines_across_nowruz() {
        let cal = spring_1405();
        // Filed Thursday 28 Esfand 1404: Friday, then four days of Nowruz; the first working
        // day is Wednesday 5 Farvardin, the fifth Monday 10 Farvardin.
        let filed = d(1404, 12, 28);
        assert_eq!(from_days(cal.add_working_days(filed, 1)), (1405, 1, 5));
        assert_eq!(from_days(cal.add_working_days(filed, 5)), (1405, 1, 10));
        // Fifteen working days, over the holidays of 12 and 13 Farvardin too.
        assert_eq!(from_days(cal.add_working_days(filed, 15)), (1405, 1, 24));
        assert_eq!(cal.working_days_between(filed, d(1405, 1, 24)), 15);
        assert_eq!(cal.add_working_days(filed, 0), filed);
    }

    #[test]
    fn deadlines_across_lunar_holidays_and_year_ends() {
        let cal = spring_1405();
        // Filed Tuesday 2 Tir: Tasua, Ashura, a Friday; then Saturday and Sunday.
        assert_eq!(from_days(cal.add_working_days(d(1405, 4, 2), 2)), (1405, 4, 7));
        // Across the end of a leap year (1403 has 30 Esfand) without its holiday table: only
        // Fridays are skipped, and the table says it does not know the year.
        let plain = Calendar::default();
        assert_eq!(from_days(plain.add_working_days(d(1403, 12, 29), 2)), (1404, 1, 2));
        assert!(!plain.knows_year(1404));
        assert!(cal.knows_year(1405));
        assert!(!cal.knows_year(1404));
    }

    #[test]
    fn shipped_tables_match_the_published_counts() {
        let all = shipped();
        let year = |jy: i64| all.iter().filter(move |(z, _)| from_days(*z).0 == jy).map(|(z, _)| *z).collect::<Vec<_>>();
        let weekday = |z: i64| (z + 4).rem_euclid(7); // 0 = Sunday (1970-01-01 was a Thursday)
        let (h1404, h1405) = (year(1404), year(1405));
        // 1404: 26 days, 4 on Fridays. 1405: 25 days, 6 on Thursdays and 3 on Fridays.
        assert_eq!(h1404.len(), 26);
        assert_eq!(h1404.iter().filter(|&&z| is_friday(z)).count(), 4);
        assert_eq!(h1405.len(), 25);
        assert_eq!(h1405.iter().filter(|&&z| weekday(z) == 4).count(), 6);
        assert_eq!(h1405.iter().filter(|&&z| is_friday(z)).count(), 3);
        let per_month = |m: u32| h1405.iter().filter(|&&z| from_days(z).1 == m).count();
        assert_eq!([per_month(1), per_month(2), per_month(5), per_month(7), per_month(9), per_month(12)], [6, 0, 4, 0, 0, 4]);
        assert_eq!(weekday(d(1405, 1, 1)), 6, "Nowruz 1405 is a Saturday");
        let cal = Calendar::new(all);
        assert!(cal.knows_year(1404) && cal.knows_year(1405) && !cal.knows_year(1406));
        // Across the end of 1404: filed Wednesday 27 Esfand 1404; 28 is a working Thursday,
        // 29 a Friday and oil nationalisation day, then Nowruz to 4 Farvardin.
        assert_eq!(from_days(cal.add_working_days(d(1404, 12, 27), 2)), (1405, 1, 5));
    }

    #[test]
    fn a_malformed_table_says_which_line() {
        let bad = |t: &str| parse_holidays(t).unwrap_err();
        assert_eq!(bad("1405-01-01 نوروز\n1404-12-30 روز ناموجود").line, 2);
        assert!(bad("1404-12-30 x").message_fa.contains("وجود ندارد"));
        assert!(bad("1405-1 x").message_fa.contains("سال-ماه-روز"));
        assert!(bad("نوروز 1405-01-01").message_fa.contains("سال-ماه-روز"));
        assert!(bad("1405-01-01").message_fa.contains("نام"));
        let twice = bad("1405-01-01 a\n1405/1/1 b");
        assert_eq!(twice.line, 2);
        assert!(twice.message_fa.contains("سطر ۱"), "{}", twice.message_fa);
    }
}
