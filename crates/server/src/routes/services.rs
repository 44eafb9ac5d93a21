//! The e-service catalogue and citizens' ratings: once per browser per service, and the score
//! updated at once.

use crate::{
    problem::{ApiError, JsonBody},
    ratelimit::Action,
    routes::cases::too_many,
    services_store::{self, Rated},
    state::AppState,
};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    Json,
};
use miz_core::{
    problem::{types, FieldError, Problem},
    services::{self, NewRating, RatingReceipt, Service, ServiceList},
};
use std::collections::HashMap;

fn not_found() -> ApiError {
    ApiError::not_found("چنین خدمتی در فهرست خدمات این دستگاه نیست")
}

/// `GET /services?q=`: every service, or those whose name, description or audience hold the
/// (Persian-normalised) words of `q`.
pub async fn list(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Result<Json<ServiceList>, ApiError> {
    let agency = state.agency_id.to_string();
    let all = state.db.call(move |c| services_store::load_all(c, &agency)).await?;
    let query = q.get("q").cloned().unwrap_or_default();
    if query.chars().count() > 200 {
        return Err(ApiError::bad_param("q", "عبارت جستجو حداکثر ۲۰۰ نویسه است"));
    }
    Ok(Json(ServiceList { items: all.into_iter().filter(|s| services::matches(s, &query)).collect() }))
}

/// `GET /services/{id}`.
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Service>, ApiError> {
    let agency = state.agency_id.to_string();
    state.db.call(move |c| services_store::load_one(c, &agency, &id)).await?.map(Json).ok_or_else(not_found)
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
    let outcome = state.db.call(move |c| services_store::rate(c, &agency, &id, &r.client_id, rating, text.as_deref())).await?;
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
