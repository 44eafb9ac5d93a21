//! The e-service catalogue and its ratings in the database: one rating per browser per
//! service, and the score as the ratings make it.

use crate::sql::{Connection, OptionalExtension};
use miz_core::services::{RatingReceipt, Satisfaction, Service};

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

pub fn load_one(conn: &Connection, agency: &str, id: &str) -> crate::sql::Result<Option<Service>> {
    let doc: Option<String> =
        conn.query_row("SELECT doc FROM services WHERE agency_id = ?1 AND id = ?2", (agency, id), |r| r.get(0)).optional()?;
    let Some(mut s) = doc.and_then(|d| serde_json::from_str::<Service>(&d).ok()) else { return Ok(None) };
    s.satisfaction = satisfaction(conn, agency, id)?;
    Ok(Some(s))
}

pub enum Rated {
    New(RatingReceipt),
    /// The same rating again from the same browser (a retry): the first answer.
    Repeat(RatingReceipt),
    /// This browser already rated the service differently.
    Already(u8),
    NoService,
}

/// Records a rating from browser `client_id`, unless it rated already (the same rating again is
/// a retry and answers like the first), in one transaction.
pub fn rate(conn: &Connection, agency: &str, id: &str, client_id: &str, rating: u8, text: Option<&str>) -> crate::sql::Result<Rated> {
    let tx = conn.transaction()?;
    if load_one(&tx, agency, id)?.is_none() {
        return Ok(Rated::NoService);
    }
    let prior: Option<(i64, Option<String>)> = tx
        .query_row(
            "SELECT rating, text FROM service_ratings WHERE agency_id = ?1 AND service_id = ?2 AND client_id = ?3",
            (agency, id, client_id),
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let result = match prior {
        Some((p, t)) if p == i64::from(rating) && t.as_deref() == text => {
            Rated::Repeat(RatingReceipt { service_id: id.to_owned(), rating, satisfaction: satisfaction(&tx, agency, id)? })
        }
        Some((p, _)) => Rated::Already(p as u8),
        None => {
            tx.execute(
                "INSERT INTO service_ratings (agency_id, service_id, client_id, rating, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                (agency, id, client_id, i64::from(rating), text),
            )?;
            Rated::New(RatingReceipt { service_id: id.to_owned(), rating, satisfaction: satisfaction(&tx, agency, id)? })
        }
    };
    tx.commit()?;
    Ok(result)
}
