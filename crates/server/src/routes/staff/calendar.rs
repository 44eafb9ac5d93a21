//! The working-day calendar the deadlines are counted on: holidays per Jalali year and each
//! case type's answer time, kept by the agency's administrators.

use crate::{
    deadlines,
    problem::{ApiError, JsonBody},
    staff::{
        audit::{self, Entry},
        roles::Operation,
        session::Staff,
    },
    state::AppState,
};
use axum::{
    extract::{Path, State},
    Json,
};
use miz_core::{
    cases::CaseKind,
    problem::FieldError,
    workdays::{from_days, parse_holidays, to_days},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Serialize)]
pub struct Holiday {
    /// Jalali `YYYY-MM-DD` (ASCII digits).
    pub jalali: String,
    /// The same day in the Gregorian calendar, `YYYY-MM-DD`.
    pub date: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct HolidayYear {
    pub year: i64,
    pub holidays: Vec<Holiday>,
    /// The table as text, one holiday a line: what `PUT` takes back.
    pub text: String,
}

#[derive(Deserialize)]
pub struct HolidayText {
    pub text: String,
}

fn year_range(year: i64) -> Result<(i64, i64), ApiError> {
    let first = to_days(year, 1, 1);
    let last = to_days(year + 1, 1, 1).map(|d| d - 1);
    match (first, last) {
        (Some(f), Some(l)) if (1300..=1500).contains(&year) => Ok((f, l)),
        _ => Err(ApiError::bad_param("year", "سال باید میان ۱۳۰۰ و ۱۵۰۰ هجری شمسی باشد")),
    }
}

fn year_of(state: &AppState, staff: &Staff, year: i64) -> impl std::future::Future<Output = Result<HolidayYear, ApiError>> + Send + 'static {
    let (db, agency) = (state.db.clone(), staff.agency_id.clone());
    async move {
        let (first, last) = year_range(year)?;
        let rows: Vec<(i64, String)> = db
            .call(move |c| {
                c.query_all("SELECT day, name FROM holidays WHERE agency_id = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day", (&agency, first, last), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
            })
            .await?;
        let holidays: Vec<Holiday> = rows
            .into_iter()
            .map(|(day, name)| {
                let (y, m, d) = from_days(day);
                Holiday { jalali: format!("{y:04}-{m:02}-{d:02}"), date: deadlines::iso_date(day), name }
            })
            .collect();
        let text = holidays.iter().map(|h| format!("{} {}\n", h.jalali, h.name)).collect();
        Ok(HolidayYear { year, holidays, text })
    }
}

/// `GET /staff/holidays/{year}`.
pub async fn get_year(State(state): State<AppState>, staff: Staff, Path(year): Path<i64>) -> Result<Json<HolidayYear>, ApiError> {
    staff.require(Operation::ManageHolidays)?;
    Ok(Json(year_of(&state, &staff, year).await?))
}

/// `PUT /staff/holidays/{year}`: replaces the year's holidays with the table given. Cases
/// already filed keep their due dates (they were told them); new ones count with the new table.
pub async fn put_year(State(state): State<AppState>, staff: Staff, Path(year): Path<i64>, JsonBody(input): JsonBody<HolidayText>) -> Result<Json<HolidayYear>, ApiError> {
    staff.require(Operation::ManageHolidays)?;
    let (first, last) = year_range(year)?;
    let bad = |message: String| ApiError::fields(vec![FieldError { field: "text".into(), message }]);
    if input.text.len() > 20_000 {
        return Err(bad("جدول تعطیلات بیش از اندازه بلند است".into()));
    }
    let parsed = parse_holidays(&input.text).map_err(|e| {
        bad(format!("سطر {}: {}", miz_core::digits::to_persian_digits(&e.line.to_string()), e.message_fa))
    })?;
    if let Some((day, _)) = parsed.iter().find(|(d, _)| *d < first || *d > last) {
        let (y, m, d) = from_days(*day);
        let date = miz_core::digits::to_persian_digits(&format!("{y}-{m:02}-{d:02}"));
        return Err(bad(format!("تاریخ {date} در سال {} نیست", miz_core::digits::to_persian_digits(&year.to_string()))));
    }
    let before = year_of(&state, &staff, year).await?.text;
    let (agency, actor) = (staff.agency_id.clone(), staff.actor());
    let after = input.text.clone();
    state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM holidays WHERE agency_id = ?1 AND day >= ?2 AND day <= ?3", (&agency, first, last))?;
            for (day, name) in &parsed {
                tx.execute("INSERT INTO holidays (agency_id, day, name) VALUES (?1, ?2, ?3)", (&agency, day, name))?;
            }
            audit::record(&tx, &actor, Entry::new("holidays.update", "holidays", &year.to_string()).before(json!({ "text": before })).after(json!({ "text": after })))?;
            tx.commit()
        })
        .await?;
    Ok(Json(year_of(&state, &staff, year).await?))
}

#[derive(Serialize, Deserialize)]
pub struct Deadline {
    pub kind: CaseKind,
    pub working_days: u32,
}

/// `GET /staff/deadlines`: each case type's answer time in working days.
pub async fn get_deadlines(State(state): State<AppState>, staff: Staff) -> Result<Json<Vec<Deadline>>, ApiError> {
    let agency = staff.agency_id.clone();
    let all = state.db.call(move |c| deadlines::all(c, &agency)).await?;
    Ok(Json(all.into_iter().map(|(kind, working_days)| Deadline { kind, working_days }).collect()))
}

/// `PUT /staff/deadlines`: for cases filed from now on.
pub async fn put_deadlines(State(state): State<AppState>, staff: Staff, JsonBody(input): JsonBody<Vec<Deadline>>) -> Result<Json<Vec<Deadline>>, ApiError> {
    staff.require(Operation::ManageSettings)?;
    let errors: Vec<FieldError> = input
        .iter()
        .enumerate()
        .filter(|(_, d)| !(1..=365).contains(&d.working_days))
        .map(|(i, _)| FieldError { field: format!("[{i}].working_days"), message: "مهلت باید از ۱ تا ۳۶۵ روز کاری باشد".into() })
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::fields(errors));
    }
    let (agency, actor) = (staff.agency_id.clone(), staff.actor());
    let all = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            let before = deadlines::all(&tx, &agency)?;
            for d in &input {
                tx.execute(
                    "INSERT INTO case_deadlines (agency_id, kind, working_days) VALUES (?1, ?2, ?3)
                     ON CONFLICT (agency_id, kind) DO UPDATE SET working_days = excluded.working_days",
                    (&agency, d.kind.as_str(), i64::from(d.working_days)),
                )?;
            }
            let after = deadlines::all(&tx, &agency)?;
            let map = |v: &[(CaseKind, u32)]| v.iter().map(|(k, n)| (k.as_str().to_owned(), json!(n))).collect::<serde_json::Map<_, _>>();
            audit::record(&tx, &actor, Entry::new("deadlines.update", "deadlines", "").before(json!(map(&before))).after(json!(map(&after))))?;
            tx.commit()?;
            Ok(after)
        })
        .await?;
    Ok(Json(all.into_iter().map(|(kind, working_days)| Deadline { kind, working_days }).collect()))
}
