//! The e-service catalogue and citizens' ratings: once per browser per service, and the score
//! updated at once.

use crate::{
    problem::{ApiError, JsonBody},
    ratelimit::Action,
    routes::cases::too_many,
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    Json,
};
use miz_core::{
    problem::{types, FieldError, Problem},
    services::{self, NewRating, RatingReceipt, Satisfaction, Service, ServiceList},
};
use crate::sql::{Connection, OptionalExtension};
use std::collections::HashMap;

fn satisfaction(conn: &Connection, agency: &str, service: &str) -> crate::sql::Result<Satisfaction> {
    let rows = conn.query_all(
        "SELECT rating, count(*) FROM service_ratings WHERE agency_id = ?1 AND service_id = ?2 GROUP BY rating",
        (agency, service),
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    )?;
    let mut dist = [0u32; 5];
    for (rating, n) in rows {
        if (1..=5).contains(&rating) {
            dist[(rating - 1) as usize] = n as u32;
        }
    }
    Ok(Satisfaction::from_distribution(dist))
}

pub fn load_all(conn: &Connection, agency: &str) -> crate::sql::Result<Vec<Service>> {
    let docs: Vec<String> = conn.query_all("SELECT doc FROM services WHERE agency_id = ?1 ORDER BY position, id", [agency], |r| r.get(0))?;
    docs.iter()
        .filter_map(|d| serde_json::from_str::<Service>(d).ok())
        .map(|mut s| {
            s.satisfaction = satisfaction(conn, agency, &s.id)?;
            Ok(s)
        })
        .collect()
}

fn load_one(conn: &Connection, agency: &str, id: &str) -> crate::sql::Result<Option<Service>> {
    let doc: Option<String> =
        conn.query_row("SELECT doc FROM services WHERE agency_id = ?1 AND id = ?2", (agency, id), |r| r.get(0)).optional()?;
    let Some(mut s) = doc.and_then(|d| serde_json::from_str::<Service>(&d).ok()) else { return Ok(None) };
    s.satisfaction = satisfaction(conn, agency, id)?;
    Ok(Some(s))
}

fn not_found() -> ApiError {
    ApiError::not_found("چنین خدمتی در فهرست خدمات این دستگاه نیست")
}

/// `GET /services?q=`: every service, or those whose name, description or audience hold the
/// (Persian-normalised) words of `q`.
pub async fn list(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Result<Json<ServiceList>, ApiError> {
    let agency = state.agency_id.to_string();
    let all = state.db.call(move |c| load_all(c, &agency)).await?;
    let query = q.get("q").cloned().unwrap_or_default();
    if query.chars().count() > 200 {
        return Err(ApiError::bad_param("q", "عبارت جستجو حداکثر ۲۰۰ نویسه است"));
    }
    Ok(Json(ServiceList { items: all.into_iter().filter(|s| services::matches(s, &query)).collect() }))
}

/// `GET /services/{id}`.
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Service>, ApiError> {
    let agency = state.agency_id.to_string();
    state.db.call(move |c| load_one(c, &agency, &id)).await?.map(Json).ok_or_else(not_found)
}

enum Rated {
    New(RatingReceipt),
    /// The same rating again from the same browser (a retry): the first answer.
    Repeat(RatingReceipt),
    /// This browser already rated the service differently.
    Already(u8),
    NoService,
}

/// `POST /services/{id}/feedback`: 201 with the new score; a repeat of the same rating from the
/// same browser answers 200 with the score (a retry after a lost answer); a different rating
/// from a browser that already rated answers 409.
pub async fn rate(
    State(state): State<AppState>,
    crate::client::Client(client): crate::client::Client,
    Path(id): Path<String>,
    JsonBody(r): JsonBody<NewRating>,
) -> Result<(StatusCode, Json<RatingReceipt>), ApiError> {
    let problems = services::validate(&r);
    if !problems.is_empty() {
        return Err(ApiError::fields(problems.into_iter().map(|x| FieldError { field: x.field().into(), message: x.message_fa() }).collect()));
    }
    state.limiter.hit(client, Action::Write).map_err(too_many)?;
    let agency = state.agency_id.to_string();
    let text = r.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(miz_core::normalize::cap_marks);
    let rating = r.rating as u8;
    let outcome = state
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            if load_one(&tx, &agency, &id)?.is_none() {
                return Ok(Rated::NoService);
            }
            let prior: Option<(i64, Option<String>)> = tx
                .query_row(
                    "SELECT rating, text FROM service_ratings WHERE agency_id = ?1 AND service_id = ?2 AND client_id = ?3",
                    (&agency, &id, &r.client_id),
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let result = match prior {
                Some((p, t)) if p == i64::from(rating) && t == text => {
                    Rated::Repeat(RatingReceipt { service_id: id.clone(), rating, satisfaction: satisfaction(&tx, &agency, &id)? })
                }
                Some((p, _)) => Rated::Already(p as u8),
                None => {
                    tx.execute(
                        "INSERT INTO service_ratings (agency_id, service_id, client_id, rating, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                        (&agency, &id, &r.client_id, i64::from(rating), &text),
                    )?;
                    Rated::New(RatingReceipt { service_id: id.clone(), rating, satisfaction: satisfaction(&tx, &agency, &id)? })
                }
            };
            tx.commit()?;
            Ok(result)
        })
        .await?;
    match outcome {
        Rated::New(receipt) => Ok((StatusCode::CREATED, Json(receipt))),
        Rated::Repeat(receipt) => Ok((StatusCode::OK, Json(receipt))),
        Rated::Already(prior) => Err(ApiError::new(
            Problem::new(types::CONFLICT, 409, "شما پیش‌تر به این خدمت امتیاز داده‌اید")
                .with_detail(format!("previous rating: {prior}")),
        )),
        Rated::NoService => Err(not_found()),
    }
}
