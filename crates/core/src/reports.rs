//! The annual performance report: cases received and answered by type, time to answer, the
//! share answered within the deadline, drafts and comments, by Jalali year and month,
//! computed from the desk's own records.

use crate::jalali::{month_of_day, working_days};
use crate::json::FromJson;
use serde::{Deserialize, Serialize};

/// Units must answer within 15 working days (the agencies' published rule).
pub const DEADLINE_WORKING_DAYS: u32 = 15;

#[derive(Clone, Debug)]
pub struct CaseRecord {
    pub kind: String,
    /// Days since 1970-01-01.
    pub created: i64,
    pub answered: Option<i64>,
    /// The case's statutory due date (days since 1970), where the desk kept one: counted in
    /// working days on the agency's own holiday table when the case was filed.
    pub due: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct CommentRecord {
    pub created: i64,
    /// `accepted`, `partly_accepted`, … when the agency has answered.
    pub outcome: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct KindCounts {
    pub complaint: u32,
    pub criticism: u32,
    pub suggestion: u32,
    pub request: u32,
}

impl KindCounts {
    fn add(&mut self, kind: &str) {
        match kind {
            "complaint" => self.complaint += 1,
            "criticism" => self.criticism += 1,
            "suggestion" => self.suggestion += 1,
            _ => self.request += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.complaint + self.criticism + self.suggestion + self.request
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Stats {
    pub received: KindCounts,
    pub answered: KindCounts,
    /// Calendar days from receipt to answer, of the cases answered in the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p90_days: Option<f64>,
    /// Share (0–1) of the cases answered in the period that were answered within the deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_deadline: Option<f64>,
    pub drafts_published: u32,
    pub comments_received: u32,
    pub comments_accepted: u32,
    pub comments_partly_accepted: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct MonthReport {
    pub month: u32,
    #[serde(flatten)]
    pub stats: Stats,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct YearReport {
    pub year: i64,
    pub totals: Stats,
    pub months: Vec<MonthReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Report {
    pub deadline_working_days: u32,
    /// Newest year first.
    pub years: Vec<YearReport>,
}

/// Accumulates one period; the durations are kept to take their median and 90th percentile.
#[derive(Default)]
struct Acc {
    stats: Stats,
    durations: Vec<i64>,
    on_time: u32,
}

impl Acc {
    fn finish(mut self) -> Stats {
        self.durations.sort_unstable();
        let n = self.durations.len();
        if n > 0 {
            let d = &self.durations;
            self.stats.median_days = Some(if n % 2 == 1 { d[n / 2] as f64 } else { (d[n / 2 - 1] + d[n / 2]) as f64 / 2.0 });
            // Nearest rank: the smallest value with at least 90% of the cases at or below it.
            self.stats.p90_days = Some(d[(n * 9).div_ceil(10) - 1] as f64);
            self.stats.within_deadline = Some((f64::from(self.on_time) / n as f64 * 1000.0).round() / 1000.0);
        }
        self.stats
    }
}

/// The report up to `today` (days since 1970): every month from the first with data to the
/// current one, zeros included, grouped by Jalali year.
pub fn build(cases: &[CaseRecord], drafts_published: &[i64], comments: &[CommentRecord], today: i64) -> Report {
    use std::collections::BTreeMap;
    let mut months: BTreeMap<(i64, u32), Acc> = BTreeMap::new();
    let mut years: BTreeMap<i64, Acc> = BTreeMap::new();
    let mut each = |day: i64, f: &mut dyn FnMut(&mut Acc)| {
        if day > today {
            return;
        }
        let (y, m) = month_of_day(day);
        f(months.entry((y, m)).or_default());
        f(years.entry(y).or_default());
    };
    for c in cases {
        each(c.created, &mut |a| a.stats.received.add(&c.kind));
        if let Some(ans) = c.answered.filter(|a| *a >= c.created) {
            let days = ans - c.created;
            // The case's own due date when it has one; else the published rule, Fridays only.
            let on_time = match c.due {
                Some(due) => ans <= due,
                None => working_days(c.created, ans) <= i64::from(DEADLINE_WORKING_DAYS),
            };
            each(ans, &mut |a| {
                a.stats.answered.add(&c.kind);
                a.durations.push(days);
                a.on_time += u32::from(on_time);
            });
        }
    }
    for &d in drafts_published {
        each(d, &mut |a| a.stats.drafts_published += 1);
    }
    for c in comments {
        each(c.created, &mut |a| {
            a.stats.comments_received += 1;
            match c.outcome.as_deref() {
                Some("accepted") => a.stats.comments_accepted += 1,
                Some("partly_accepted") => a.stats.comments_partly_accepted += 1,
                _ => {}
            }
        });
    }
    // Every month from the first with data to this one, so a quiet month shows as zero.
    if let Some(&(fy, fm)) = months.keys().next() {
        let (ty, tm) = month_of_day(today);
        let (mut y, mut m) = (fy, fm);
        while (y, m) <= (ty, tm) {
            months.entry((y, m)).or_default();
            years.entry(y).or_default();
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    }
    let mut by_year: BTreeMap<i64, Vec<MonthReport>> = BTreeMap::new();
    for ((y, m), acc) in months {
        by_year.entry(y).or_default().push(MonthReport { month: m, stats: acc.finish() });
    }
    let years = years
        .into_iter()
        .rev()
        .map(|(y, acc)| YearReport { year: y, totals: acc.finish(), months: by_year.remove(&y).unwrap_or_default() })
        .collect();
    Report { deadline_working_days: DEADLINE_WORKING_DAYS, years }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jalali::days_from_civil;

    fn day(y: i64, m: i64, d: i64) -> i64 {
        days_from_civil(y, m, d)
    }

    #[test]
    fn a_case_with_a_due_date_is_judged_by_it() {
        let filed = crate::jalali::days_from_civil(2025, 3, 10);
        // Answered 20 days later: late by the 15-working-day rule, on time by a due date that
        // counted the agency's holidays, and late by a due date before the answer.
        let on_time = |due: Option<i64>| {
            let r = build(&[CaseRecord { kind: "complaint".into(), created: filed, answered: Some(filed + 20), due }], &[], &[], filed + 30);
            r.years[0].totals.within_deadline
        };
        assert_eq!(on_time(None), Some(0.0));
        assert_eq!(on_time(Some(filed + 21)), Some(1.0));
        assert_eq!(on_time(Some(filed + 19)), Some(0.0));
    }

    #[test]
    fn months_medians_and_the_deadline() {
        let today = day(2025, 4, 30); // 1404-02-10
        let cases = vec![
            // Received in Esfand 1403, answered in Farvardin 1404 after 15 calendar days.
            CaseRecord { kind: "complaint".into(), created: day(2025, 3, 10), answered: Some(day(2025, 3, 25)), due: None },
            CaseRecord { kind: "request".into(), created: day(2025, 3, 22), answered: Some(day(2025, 3, 24)), due: None },
            // 40 days: past the deadline.
            CaseRecord { kind: "suggestion".into(), created: day(2025, 3, 1), answered: Some(day(2025, 4, 10)), due: None },
            CaseRecord { kind: "complaint".into(), created: day(2025, 4, 25), answered: None, due: None },
            // In the future: ignored.
            CaseRecord { kind: "complaint".into(), created: day(2025, 6, 1), answered: None, due: None },
        ];
        let comments = vec![
            CommentRecord { created: day(2025, 4, 1), outcome: Some("accepted".into()) },
            CommentRecord { created: day(2025, 4, 2), outcome: Some("partly_accepted".into()) },
            CommentRecord { created: day(2025, 4, 3), outcome: None },
        ];
        let r = build(&cases, &[day(2025, 3, 30)], &comments, today);
        assert_eq!(r.years.iter().map(|y| y.year).collect::<Vec<_>>(), [1404, 1403]);
        let y1403 = &r.years[1];
        // Esfand only (the first month with data) and the year's totals.
        assert_eq!(y1403.months.iter().map(|m| m.month).collect::<Vec<_>>(), [12]);
        assert_eq!(y1403.totals.received.total(), 2);
        let y1404 = &r.years[0];
        assert_eq!(y1404.months.iter().map(|m| m.month).collect::<Vec<_>>(), [1, 2]);
        let far = &y1404.months[0].stats;
        assert_eq!(far.received, KindCounts { request: 1, ..Default::default() });
        assert_eq!(far.answered.total(), 3);
        assert_eq!(far.median_days, Some(15.0));
        assert_eq!(far.p90_days, Some(40.0));
        assert_eq!(far.within_deadline, Some(0.667));
        assert_eq!(far.drafts_published, 1);
        assert_eq!((far.comments_received, far.comments_accepted, far.comments_partly_accepted), (3, 1, 1));
        let ord = &y1404.months[1].stats;
        assert_eq!(ord.received.complaint, 1);
        assert_eq!(ord.median_days, None);
        assert_eq!(y1404.totals.answered.total(), 3);
    }

    #[test]
    fn nothing_gives_no_years() {
        assert!(build(&[], &[], &[], day(2025, 1, 1)).years.is_empty());
    }
}
