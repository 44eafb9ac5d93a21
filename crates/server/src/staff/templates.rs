//! Response templates in the database, and their filling for one case.

use crate::sql::{Connection, OptionalExtension, Result, Value};
use miz_core::{
    cases::{CaseKind, CaseStatus},
    staff::templates::{self, CaseFacts, FilledTemplate, Template, TemplateInput},
};

fn row(r: &crate::sql::Row<'_>) -> Result<Template> {
    Ok(Template {
        id: r.get(0)?,
        kind: r.get::<_, Option<String>>(1)?.as_deref().and_then(CaseKind::parse),
        status: r.get::<_, Option<String>>(2)?.as_deref().and_then(CaseStatus::parse),
        title: r.get(3)?,
        body: r.get(4)?,
    })
}

/// The agency's templates; with `kind`/`status`, those for it (and those for any).
pub fn list(c: &Connection, agency: &str, kind: Option<CaseKind>, status: Option<CaseStatus>) -> Result<Vec<Template>> {
    let mut sql = "SELECT id, kind, status, title, body FROM response_templates WHERE agency_id = ?1".to_owned();
    let mut params = vec![Value::Text(agency.to_owned())];
    if let Some(k) = kind {
        params.push(Value::Text(k.as_str().to_owned()));
        sql.push_str(&format!(" AND (kind IS NULL OR kind = ?{})", params.len()));
    }
    if let Some(s) = status {
        params.push(Value::Text(s.as_str().to_owned()));
        sql.push_str(&format!(" AND (status IS NULL OR status = ?{})", params.len()));
    }
    sql.push_str(" ORDER BY title, id");
    c.query_all(&sql, params, row)
}

pub fn get(c: &Connection, agency: &str, id: i64) -> Result<Option<Template>> {
    c.query_row("SELECT id, kind, status, title, body FROM response_templates WHERE agency_id = ?1 AND id = ?2", (agency, id), row).optional()
}

pub fn create(c: &Connection, agency: &str, t: &TemplateInput) -> Result<i64> {
    c.query_row(
        "INSERT INTO response_templates (agency_id, kind, status, title, body) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        (agency, t.kind.map(|k| k.as_str()), t.status.map(|s| s.as_str()), t.title.trim(), t.body.trim()),
        |r| r.get(0),
    )
}

pub fn update(c: &Connection, agency: &str, id: i64, t: &TemplateInput) -> Result<bool> {
    let n = c.execute(
        "UPDATE response_templates SET kind = ?3, status = ?4, title = ?5, body = ?6 WHERE agency_id = ?1 AND id = ?2",
        (agency, id, t.kind.map(|k| k.as_str()), t.status.map(|s| s.as_str()), t.title.trim(), t.body.trim()),
    )?;
    Ok(n == 1)
}

pub fn delete(c: &Connection, agency: &str, id: i64) -> Result<bool> {
    Ok(c.execute("DELETE FROM response_templates WHERE agency_id = ?1 AND id = ?2", (agency, id))? == 1)
}

/// What a case gives a template: its code, dates, unit, topic and type, in Persian.
pub fn facts_of(c: &Connection, agency: &miz_core::api::Agency, code: &str) -> Result<Option<(CaseKind, CaseStatus, OwnedFacts)>> {
    let row: Option<(String, String, String, String, Option<String>, String, Option<String>)> = c
        .query_row(
            "SELECT c.kind, c.status, c.created_at, c.unit_id, c.due_on, c.topic_id, t.name_fa
             FROM cases c LEFT JOIN case_topics t ON t.agency_id = c.agency_id AND t.id = c.topic_id
             WHERE c.code = ?1 AND c.agency_id = ?2",
            (code, &agency.id),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )
        .optional()?;
    let Some((kind, status, created, unit, due, topic_id, topic)) = row else { return Ok(None) };
    let kind = CaseKind::parse(&kind).unwrap_or(CaseKind::Request);
    // The type's name as citizens read it in the case types (one place for the words).
    let kind_fa = crate::cases_store::kind_text(kind).0.fa;
    Ok(Some((
        kind,
        CaseStatus::parse(&status).unwrap_or(CaseStatus::Received),
        OwnedFacts {
            code: code.to_owned(),
            filed: miz_core::jalali::tehran_day(&created).unwrap_or_default(),
            due: due.as_deref().and_then(crate::deadlines::day_of),
            unit: crate::cases_store::unit_of(agency, &unit).name.fa,
            topic: topic.unwrap_or(topic_id),
            kind: kind_fa,
        },
    )))
}

pub struct OwnedFacts {
    code: String,
    filed: i64,
    due: Option<i64>,
    unit: String,
    topic: String,
    kind: String,
}

impl OwnedFacts {
    pub fn fill(&self, body: &str) -> String {
        templates::fill(
            body,
            &CaseFacts {
                tracking_code: &self.code,
                filed: self.filed,
                due: self.due,
                today: crate::clock::tehran_today(),
                unit: &self.unit,
                topic: &self.topic,
                kind: &self.kind,
            },
        )
    }
}

/// The templates for a case's type and status, filled for it.
pub fn for_case(c: &Connection, agency: &miz_core::api::Agency, code: &str) -> Result<Vec<FilledTemplate>> {
    let Some((kind, status, facts)) = facts_of(c, agency, code)? else { return Ok(Vec::new()) };
    Ok(list(c, &agency.id, Some(kind), Some(status))?
        .into_iter()
        .map(|t| FilledTemplate { id: t.id, title: t.title, text: facts.fill(&t.body) })
        .collect())
}

/// The demo's templates, for every agency that has none.
pub fn seed(c: &Connection) -> Result<()> {
    let agencies: Vec<String> = c.query_all("SELECT id FROM agencies", [], |r| r.get(0))?;
    for agency in agencies {
        let n: i64 = c.query_row("SELECT count(*) FROM response_templates WHERE agency_id = ?1", [&agency], |r| r.get(0))?;
        if n > 0 || crate::staff::accounts::setting(c, &agency, "templates_seeded", "")? == "yes" {
            continue;
        }
        let seeds: [(Option<&str>, Option<&str>, &str, &str); 4] = [
            (None, None, "در دست بررسی", "شهروند گرامی، پیام شما با کد رهگیری {tracking_code} در {filed_date} به {unit} رسید و در دست بررسی است. پاسخ تا {due_date} به شما داده می‌شود."),
            (None, None, "پاسخ نهایی", "شهروند گرامی، در پاسخ به پیام شما با کد رهگیری {tracking_code} درباره «{topic}»: "),
            (Some("complaint"), None, "شکایت: نیاز به مدارک", "شهروند گرامی، برای رسیدگی به شکایت شما ({tracking_code}) لطفاً مدارک مربوط را به {unit} برسانید. مهلت پاسخ: {due_date}."),
            (Some("request"), None, "درخواست: انجام شد", "شهروند گرامی، درخواست شما با کد رهگیری {tracking_code} انجام شد."),
        ];
        for (kind, status, title, body) in seeds {
            c.execute(
                "INSERT INTO response_templates (agency_id, kind, status, title, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                (&agency, kind, status, title, body),
            )?;
        }
        crate::staff::accounts::set_setting(c, &agency, "templates_seeded", "yes")?;
    }
    Ok(())
}
