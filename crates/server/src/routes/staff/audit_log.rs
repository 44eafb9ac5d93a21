//! The audit log, for administrators: filtered, paged by id, and as CSV.

use crate::{
    problem::ApiError,
    staff::{
        audit::{self, Filter, Row},
        roles::Operation,
        session::Staff,
    },
    state::AppState,
};
use axum::{
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    staff_id: Option<String>,
    action: Option<String>,
    object_type: Option<String>,
    object_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before_id: Option<String>,
    limit: Option<String>,
}

#[derive(Serialize)]
pub struct AuditPage {
    pub items: Vec<Row>,
    /// `before_id` for the next (older) page, when there is one.
    pub next_before_id: Option<i64>,
}

fn filter_of(q: AuditQuery, default: i64, max: i64) -> Result<Filter, ApiError> {
    let blank = |v: Option<String>| v.map(|s| miz_core::digits::to_ascii_digits(s.trim())).filter(|s| !s.is_empty());
    let int = |field: &str, v: Option<String>| -> Result<Option<i64>, ApiError> {
        blank(v).map(|s| s.parse::<i64>().map_err(|_| ApiError::bad_param(field, "باید عدد باشد"))).transpose()
    };
    let limit = int("limit", q.limit)?.unwrap_or(default);
    if !(1..=max).contains(&limit) {
        return Err(ApiError::bad_param("limit", "تعداد بیرون از اندازه مجاز است"));
    }
    for (field, v) in [("from", &q.from), ("to", &q.to)] {
        if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
            if crate::clock::parse(&miz_core::digits::to_ascii_digits(v)).is_none() {
                return Err(ApiError::bad_param(field, "تاریخ باید به شکل YYYY-MM-DD (میلادی) باشد"));
            }
        }
    }
    Ok(Filter {
        staff_id: int("staff_id", q.staff_id)?,
        action: blank(q.action),
        object_type: blank(q.object_type),
        object_id: blank(q.object_id),
        from: blank(q.from),
        to: blank(q.to),
        before_id: int("before_id", q.before_id)?,
        limit,
    })
}

/// `GET /staff/audit`.
pub async fn list(State(state): State<AppState>, staff: Staff, Query(q): Query<AuditQuery>) -> Result<Json<AuditPage>, ApiError> {
    staff.require(Operation::ReadAudit)?;
    let f = filter_of(q, 100, 500)?;
    let limit = f.limit;
    let agency = staff.agency_id.clone();
    let items = state.db.call(move |c| audit::list(c, &agency, &f)).await?;
    let next_before_id = (items.len() as i64 == limit).then(|| items.last().map(|r| r.id)).flatten();
    Ok(Json(AuditPage { items, next_before_id }))
}

/// `GET /staff/audit.csv`: the same filters, up to 100,000 rows.
pub async fn csv(State(state): State<AppState>, staff: Staff, Query(q): Query<AuditQuery>) -> Result<Response, ApiError> {
    staff.require(Operation::ReadAudit)?;
    let f = filter_of(q, 100_000, 100_000)?;
    let agency = staff.agency_id.clone();
    let rows = state.db.call(move |c| audit::list(c, &agency, &f)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"audit-log.csv\""),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        audit::csv(&rows),
    )
        .into_response())
}
