//! Statutory deadlines: each case type's answer time in working days, counted on the Jalali
//! calendar without Fridays and the agency's holidays (`miz_core::workdays`). A case's due
//! date is fixed when it is filed and moved when it waits for the citizen.

use crate::sql::{Connection, OptionalExtension, Result};
use miz_core::{
    cases::CaseKind,
    jalali::civil_from_days,
    workdays::{self, Calendar},
};

/// When an agency has set nothing: the 15 working days of the agencies' published rule.
pub const DEFAULT_WORKING_DAYS: u32 = miz_core::reports::DEADLINE_WORKING_DAYS;

pub fn calendar(c: &Connection, agency: &str) -> Result<Calendar> {
    let rows = c.query_all("SELECT day, name FROM holidays WHERE agency_id = ?1", [agency], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    Ok(Calendar::new(rows))
}

pub fn working_days(c: &Connection, agency: &str, kind: &str) -> Result<u32> {
    let n: Option<i64> = c
        .query_row("SELECT working_days FROM case_deadlines WHERE agency_id = ?1 AND kind = ?2", (agency, kind), |r| r.get(0))
        .optional()?;
    Ok(n.and_then(|n| u32::try_from(n).ok()).unwrap_or(DEFAULT_WORKING_DAYS))
}

/// Every case type's deadline, defaults included.
pub fn all(c: &Connection, agency: &str) -> Result<Vec<(CaseKind, u32)>> {
    CaseKind::ALL.into_iter().map(|k| working_days(c, agency, k.as_str()).map(|n| (k, n))).collect()
}

/// `YYYY-MM-DD` of days since 1970-01-01.
pub fn iso_date(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 of `YYYY-MM-DD`.
pub fn day_of(iso: &str) -> Option<i64> {
    miz_core::jalali::parse_day(iso)
}

/// The due date of a case of `kind` filed on Tehran day `filed`.
pub fn due_on(c: &Connection, agency: &str, kind: &str, filed: i64) -> Result<String> {
    let cal = calendar(c, agency)?;
    Ok(iso_date(cal.add_working_days(filed, working_days(c, agency, kind)?)))
}

/// Puts the shipped holiday tables into each agency's own table, once per year per agency
/// (so a day the administrator removed does not come back at the next start), and gives
/// cases filed before due dates existed their due date.
pub fn seed(c: &mut Connection) -> Result<()> {
    let agencies: Vec<String> = c.query_all("SELECT id FROM agencies", [], |r| r.get(0))?;
    for agency in &agencies {
        for (year, text) in workdays::SHIPPED {
            let marker = format!("holidays_seeded_{year}");
            if crate::staff::accounts::setting(c, agency, &marker, "")? == "yes" {
                continue;
            }
            let tx = c.transaction()?;
            for (day, name) in workdays::parse_holidays(text).expect("the shipped tables are well formed") {
                tx.execute(
                    "INSERT INTO holidays (agency_id, day, name) VALUES (?1, ?2, ?3) ON CONFLICT (agency_id, day) DO NOTHING",
                    (agency, day, &name),
                )?;
            }
            crate::staff::accounts::set_setting(&tx, agency, &marker, "yes")?;
            tx.commit()?;
        }
        let undated: Vec<(String, String, String)> = c.query_all(
            "SELECT code, kind, created_at FROM cases WHERE agency_id = ?1 AND due_on IS NULL",
            [agency],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if !undated.is_empty() {
            let cal = calendar(c, agency)?;
            let tx = c.transaction()?;
            for (code, kind, created) in undated {
                let Some(filed) = miz_core::jalali::tehran_day(&created) else { continue };
                let due = iso_date(cal.add_working_days(filed, working_days(&tx, agency, &kind)?));
                tx.execute("UPDATE cases SET due_on = ?2 WHERE code = ?1", (&code, &due))?;
            }
            tx.commit()?;
        }
        let unindexed: Vec<(String, String, Option<String>)> = c.query_all(
            "SELECT code, description, name FROM cases WHERE agency_id = ?1 AND search_text IS NULL",
            [agency],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if !unindexed.is_empty() {
            let tx = c.transaction()?;
            for (code, description, name) in unindexed {
                tx.execute("UPDATE cases SET search_text = ?2 WHERE code = ?1", (&code, search_text(&description, name.as_deref())))?;
            }
            tx.commit()?;
        }
    }
    Ok(())
}

/// What the inbox's word search looks in: the citizen's text and name, Persian-normalised as
/// the FAQ's search does it (letters folded, half-spaces and prefixes joined), with a space at
/// each end so that a word can be matched whole.
pub fn search_text(description: &str, name: Option<&str>) -> String {
    format!(" {} ", miz_core::normalize::normalize(&format!("{description} {}", name.unwrap_or(""))))
}

/// The statutory clock of a case moving from `from` to `to`: it stops when the agency waits
/// for the citizen and, when the case moves on, the due date moves by the working days waited
/// (a wait the agency's rules do not count against it). Returns the due date before and
/// after, when it moved. In the caller's transaction, with the status change itself.
pub fn on_status_change(
    tx: &crate::sql::Transaction<'_>,
    agency: &str,
    code: &str,
    from: miz_core::cases::CaseStatus,
    to: miz_core::cases::CaseStatus,
) -> Result<Option<(String, String)>> {
    use miz_core::cases::CaseStatus::AwaitingCitizen;
    let today = crate::clock::tehran_today();
    if to == AwaitingCitizen && from != AwaitingCitizen {
        tx.execute("UPDATE cases SET waiting_since = ?2 WHERE code = ?1", (code, iso_date(today)))?;
        return Ok(None);
    }
    if from != AwaitingCitizen || to == AwaitingCitizen {
        return Ok(None);
    }
    let row: Option<(Option<String>, Option<String>)> =
        tx.query_row("SELECT waiting_since, due_on FROM cases WHERE code = ?1", [code], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    tx.execute("UPDATE cases SET waiting_since = NULL WHERE code = ?1", [code])?;
    let Some((Some(since), Some(due))) = row else { return Ok(None) };
    let (Some(since_day), Some(due_day)) = (day_of(&since), day_of(&due)) else { return Ok(None) };
    let moved = calendar(tx, agency)?.resume(due_day, since_day, today);
    if moved == due_day {
        return Ok(None);
    }
    let after = iso_date(moved);
    tx.execute("UPDATE cases SET due_on = ?2 WHERE code = ?1", (code, &after))?;
    Ok(Some((due, after)))
}
