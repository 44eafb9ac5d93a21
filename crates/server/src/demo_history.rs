//! Two and a half Jalali years of archived cases for the demo agencies (from 1403-01-01 to
//! yesterday), so the performance report has real rows to count: a deterministic generator,
//! with busier months, slower units and a share answered late, like a real desk.

use miz_core::jalali::{civil_from_days, days_from_civil};
use crate::sql::Transaction;

struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) % n.max(1)
    }
}

const KINDS: [(&str, u64); 4] = [("complaint", 45), ("request", 30), ("suggestion", 15), ("criticism", 10)];

fn iso(day: i64, seconds: u64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
}

pub fn seed(tx: &Transaction, today: i64) -> crate::sql::Result<()> {
    let start = days_from_civil(2024, 3, 20); // 1403-01-01
    for (agency, units, per_day, seed) in [
        ("tehran-culture", &["arts", "books", "press", "cinema", "culture"][..], 3u64, 0x9e37_79b9_7f4a_7c15u64),
        ("museum", &["public-relations", "planning", "it"][..], 2, 0xd1b5_4a32_d192_ed03),
    ] {
        let mut rng = Rng(seed);
        for day in start..today {
            // Quieter on Fridays, busier in the first months of the year (licence renewals).
            let friday = (day - 1).rem_euclid(7) == 0;
            let month_boost = u64::from(miz_core::jalali::month_of_day(day).1 <= 3);
            let n = if friday { rng.next(2) } else { rng.next(per_day + month_boost + 1) };
            for _ in 0..n {
                let mut pick = rng.next(100);
                let kind = KINDS.iter().find(|(_, w)| if pick < *w { true } else { pick -= w; false }).map_or("request", |k| k.0);
                let unit = units[rng.next(units.len() as u64) as usize];
                // Most answered within two weeks, some late, a few never.
                let wait = match rng.next(100) {
                    0..=59 => 1 + rng.next(10),
                    60..=87 => 8 + rng.next(14),
                    88..=96 => 20 + rng.next(40),
                    _ => u64::MAX,
                };
                let answered = (wait != u64::MAX && day + wait as i64 <= today).then(|| iso(day + wait as i64, 9 * 3600 + rng.next(8 * 3600)));
                tx.execute(
                    "INSERT INTO case_archive (agency_id, kind, unit_id, created_at, answered_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    (agency, kind, unit, iso(day, 8 * 3600 + rng.next(10 * 3600)), answered),
                )?;
            }
        }
    }
    Ok(())
}
