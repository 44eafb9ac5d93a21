//! `miz-server admin …`: the agency's side from a shell, on the same database file.

use crate::{
    cases_store::{self, Change},
    config::AdminAction,
    db::Db,
};
use miz_core::{cases::CaseStatus, tracking::TrackingCode};
use std::path::Path;

pub async fn run(db_path: &Path, action: AdminAction) -> Result<(), String> {
    let db = Db::open_async(db_path).await.map_err(|e| format!("database {}: {e}", crate::db::display(db_path)))?;
    let code_of = |c: &str| TrackingCode::parse(c).map(|c| c.as_str().to_owned()).map_err(|e| e.message_en());
    let drafts = |change: crate::drafts_store::AdminChange| -> Result<(), String> {
        use crate::drafts_store::AdminChange as C;
        match change {
            C::Done => {
                println!("done");
                Ok(())
            }
            C::NotFound => Err("not found".into()),
            C::Conflict(m) => Err(m),
            C::Invalid(field, m) => Err(format!("{field}: {m}")),
        }
    };
    let change = match action {
        AdminAction::PublishDraft { file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let d: crate::drafts_store::NewDraft = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let agency_id = std::env::var("MIZ_AGENCY").unwrap_or_else(|_| "tehran-culture".into());
            let change = db
                .call(move |c| {
                    let agency = cases_store::agency(c, &agency_id)?;
                    let tx = c.transaction()?;
                    let change = crate::drafts_store::publish(&tx, &agency, &d)?;
                    tx.commit()?;
                    Ok(change)
                })
                .await
                .map_err(|e| e.to_string())?;
            return drafts(change);
        }
        AdminAction::NewVersion { id, file, note, final_text } => {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let body: miz_core::drafts::DraftBody = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let change = db
                .call(move |c| {
                    let tx = c.transaction()?;
                    let change = crate::drafts_store::new_version(&tx, None, &id, &body, note.as_deref(), final_text)?;
                    tx.commit()?;
                    Ok(change)
                })
                .await
                .map_err(|e| e.to_string())?;
            return drafts(change);
        }
        AdminAction::Respond { comment, outcome, text } => {
            let outcome = miz_core::drafts::Outcome::parse(&outcome)
                .ok_or_else(|| format!("unknown outcome '{outcome}' (accepted, partly_accepted, not_accepted, noted)"))?;
            let change = db.call(move |c| crate::drafts_store::respond(c, None, &comment, outcome, &text)).await.map_err(|e| e.to_string())?;
            return drafts(change);
        }
        AdminAction::Moderate { comment, decision } => {
            let publish = match decision.as_str() {
                "published" | "publish" => true,
                "rejected" | "reject" => false,
                other => return Err(format!("unknown decision '{other}' (published or rejected)")),
            };
            let change = db.call(move |c| crate::drafts_store::moderate(c, None, &comment, publish)).await.map_err(|e| e.to_string())?;
            return drafts(change);
        }
        AdminAction::FillCases { count, agency } => {
            let started = std::time::Instant::now();
            let n = db.call(move |c| fill_cases(c, &agency, count)).await.map_err(|e| e.to_string())?;
            println!("{n} cases added in {:.1} s", started.elapsed().as_secs_f64());
            return Ok(());
        }
        AdminAction::AddStaff { username, name, roles, agency, password_stdin, oidc_subject } => {
            return add_staff(&db, &username, &name, &roles, &agency, password_stdin, oidc_subject).await;
        }
        AdminAction::ShowCase { code } => {
            let code = code_of(&code)?;
            return show(&db, code).await;
        }
        AdminAction::ListCases { limit } => {
            let rows = db
                .call(move |c| {
                    c.query_all("SELECT code, kind, status, created_at FROM cases ORDER BY created_at DESC LIMIT ?1", [limit], |r| {
                        Ok(format!("{}  {:<10} {:<10} {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
                    })
                })
                .await
                .map_err(|e| e.to_string())?;
            for r in rows {
                println!("{r}");
            }
            return Ok(());
        }
        AdminAction::CaseStatus { code, status, note } => {
            let code = code_of(&code)?;
            let status = CaseStatus::parse(&status)
                .ok_or_else(|| format!("unknown status '{status}' (received, routed, in_review, answered, closed, reopened, awaiting_citizen)"))?;
            let c = code.clone();
            let ch = db
                .call(move |conn| {
                    // The CLI works on the database file: the case's own agency.
                    let agency = cases_store::load(conn, &c)?.map(|s| s.agency_id).unwrap_or_default();
                    let tx = conn.transaction()?;
                    let change = cases_store::set_status(&tx, &agency, &c, status, note.as_deref())?;
                    tx.commit()?;
                    Ok(change)
                })
                .await
                .map_err(|e| e.to_string())?;
            (ch, code)
        }
        AdminAction::Answer { code, text } => {
            let code = code_of(&code)?;
            if text.trim().is_empty() {
                return Err("the answer is empty".into());
            }
            let c = code.clone();
            let ch = db
                .call(move |conn| {
                    let agency = cases_store::load(conn, &c)?.map(|s| s.agency_id).unwrap_or_default();
                    let tx = conn.transaction()?;
                    let change = cases_store::answer(&tx, &agency, &c, text.trim())?;
                    tx.commit()?;
                    Ok(change)
                })
                .await
                .map_err(|e| e.to_string())?;
            (ch, code)
        }
    };
    match change {
        (Change::Done, code) => show(&db, code).await,
        (Change::NoSuchCase, code) => Err(format!("no case {code}")),
        (Change::Conflict(m), _) => Err(m.to_owned()),
    }
}

async fn show(db: &Db, code: String) -> Result<(), String> {
    let c = code.clone();
    let stored = db.call(move |conn| cases_store::load(conn, &c)).await.map_err(|e| e.to_string())?;
    let stored = stored.ok_or_else(|| format!("no case {code}"))?;
    println!("{}", serde_json::to_string_pretty(&stored.view).unwrap_or_default());
    Ok(())
}

/// `admin add-staff`: an account, its roles, and its audit entry (by "cli", from the shell).
async fn add_staff(
    db: &Db,
    username: &str,
    name: &str,
    roles: &[String],
    agency: &str,
    password_stdin: bool,
    oidc_subject: Option<String>,
) -> Result<(), String> {
    use crate::staff::{accounts, password, roles::{Grant, Role}};
    let username = accounts::normal_username(username);
    if let Some(m) = accounts::username_problem(&username) {
        return Err(format!("username: {m}"));
    }
    let mut grants = Vec::new();
    for r in roles {
        let (role, unit) = r.split_once(':').unwrap_or((r.as_str(), ""));
        let role = Role::parse(role).ok_or_else(|| format!("unknown role '{r}' (admin, supervisor, moderator, editor, officer:UNIT_ID)"))?;
        if role.is_per_unit() == unit.is_empty() {
            return Err(format!("'{r}': an officer needs a unit (officer:UNIT_ID); other roles take none"));
        }
        grants.push(Grant { role, unit: unit.to_owned() });
    }
    let oidc_subject = oidc_subject.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some(m) = oidc_subject.as_deref().and_then(accounts::subject_problem) {
        return Err(format!("oidc subject: {m}"));
    }
    // An account of the identity provider has no password unless one is given.
    let (pw, made) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;
        (Some(line.trim_end_matches(['\r', '\n']).to_owned()), false)
    } else if oidc_subject.is_some() {
        (None, false)
    } else {
        (Some(crate::random::readable_token(5)), true)
    };
    if let Some(m) = pw.as_deref().and_then(|p| password::weakness(p, &username)) {
        return Err(format!("password: {m}"));
    }
    let hash = pw.as_deref().map(password::hash);
    let (agency, name_owned, u) = (agency.to_owned(), name.trim().to_owned(), username.clone());
    let created = db
        .call(move |c| {
            let doc = crate::cases_store::agency_doc(c, &agency)?;
            let Some(doc) = doc else { return Ok(Err(format!("no agency '{agency}' in the database"))) };
            let units: Vec<String> = serde_json::from_str::<miz_core::api::Agency>(&doc).map(|a| a.units.into_iter().map(|u| u.id).collect()).unwrap_or_default();
            if let Some(g) = grants.iter().find(|g| g.role.is_per_unit() && !units.contains(&g.unit)) {
                return Ok(Err(format!("agency '{agency}' has no unit '{}' (it has: {})", g.unit, units.join(", "))));
            }
            if let Some(sub) = &oidc_subject {
                if accounts::subject_taken(c, &agency, sub, 0)? {
                    return Ok(Err(format!("another account of '{agency}' is the provider's user '{sub}'")));
                }
            }
            let tx = c.transaction()?;
            let new = accounts::NewAccount { username: &u, display_name: &name_owned, password_hash: hash.clone(), oidc_subject: oidc_subject.clone(), roles: &grants };
            let Some(id) = accounts::create(&tx, &agency, &new)? else { return Ok(Err(format!("the username '{u}' is taken"))) };
            let actor = crate::staff::audit::Actor { agency_id: agency.clone(), staff_id: None, name: "cli".into(), address: String::new() };
            crate::staff::audit::record(
                &tx,
                &actor,
                crate::staff::audit::Entry::new("account.create", "staff", &id.to_string())
                    .after(serde_json::json!({ "username": u, "display_name": name_owned, "roles": grants, "oidc_subject": oidc_subject })),
            )?;
            tx.commit()?;
            Ok(Ok(id))
        })
        .await
        .map_err(|e| e.to_string())??;
    println!("account {created} '{username}' added");
    if let (true, Some(pw)) = (made, pw) {
        println!("password (shown once): {pw}");
    }
    Ok(())
}

/// `count` synthetic cases for the agency's topics, filed over the last three years, in every
/// status, with the due dates and search text real cases get; in batches of 50,000 a
/// transaction.
pub fn fill_cases(c: &mut crate::sql::Connection, agency: &str, count: u64) -> crate::sql::Result<u64> {
    const WORDS: &[&str] = &[
        "مجوز", "نشر", "کتاب", "تأخیر", "پاسخ", "درخواست", "سینما", "فیلم", "نمایشگاه", "هنری", "موسیقی", "کنسرت", "کارمند", "رفتار",
        "سامانه", "ثبت", "پیگیری", "پروانه", "مطبوعات", "روزنامه", "تمدید", "هزینه", "بازگشت", "پول", "تلفن", "اداره", "نامه", "مدارک",
    ];
    let topics: Vec<(String, String, String)> =
        c.query_all("SELECT id, kind, unit_id FROM case_topics WHERE agency_id = ?1 ORDER BY id", [agency], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if topics.is_empty() {
        return Ok(0);
    }
    let cal = crate::deadlines::calendar(c, agency)?;
    let statuses = ["routed", "in_review", "answered", "closed", "reopened", "received"];
    let today = crate::clock::tehran_today();
    let mut rng = crate::random::u64() | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    // SQLite: the word index is filled once at the end (one bulk insert is several times
    // faster than a trigger per row); its trigger is put back exactly as it was.
    let word_trigger: Option<(String, i64)> = if c.as_sqlite().is_some() {
        let sql: String = c.query_row("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'case_words_insert'", [], |r| r.get(0))?;
        let last: i64 = c.query_row("SELECT coalesce(max(rowid), 0) FROM cases", [], |r| r.get(0))?;
        c.execute_batch("DROP TRIGGER case_words_insert")?;
        Some((sql, last))
    } else {
        None
    };
    let mut done = 0;
    let filled = (|| -> crate::sql::Result<()> {
        while done < count {
            let tx = c.transaction()?;
            for _ in 0..(count - done).min(50_000) {
                let (topic, kind, unit) = &topics[(next() % topics.len() as u64) as usize];
                let code = miz_core::tracking::TrackingCode::from_random(crate::random::digits::<11>());
                let day = today - (next() % (3 * 365)) as i64;
                let created = crate::clock::text(day * 86_400 + (next() % 86_400) as i64 - miz_core::jalali::TEHRAN_OFFSET_MINUTES * 60);
                let due = crate::deadlines::iso_date(cal.add_working_days(day, crate::deadlines::DEFAULT_WORKING_DAYS));
                let mut words: Vec<&str> = (0..12).map(|_| WORDS[(next() % WORDS.len() as u64) as usize]).collect();
                // A place named in one case in a thousand: what a search for a name is like, beside
                // the common words, each of which is in a third of all cases.
                if next() % 1000 == 0 {
                    words.push("ماهشهر");
                }
                // And two in between, on either side of the inbox's counting limit at a million.
                if next() % 150 == 0 {
                    words.push("اردبیل");
                }
                if next() % 300 == 0 {
                    words.push("بوشهر");
                }
                let description = words.join(" ");
                let mobile = format!("0912{:07}", next() % 10_000_000);
                let status = statuses[(next() % statuses.len() as u64) as usize];
                let n = tx.execute(
                    "INSERT INTO cases (code, agency_id, kind, topic_id, unit_id, description, mobile, status, created_at, due_on, search_text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (code) DO NOTHING",
                    (code.as_str(), agency, kind, topic, unit, &description, &mobile, status, &created, &due, crate::deadlines::search_text(&description, None)),
                )?;
                done += n as u64;
            }
            tx.commit()?;
        }
        Ok(())
    })();
    // Whatever happened, the trigger comes back and what was filled is indexed.
    if let Some((sql, last)) = word_trigger {
        let tx = c.transaction()?;
        tx.execute("INSERT INTO case_words (code, search_text) SELECT code, search_text FROM cases WHERE rowid > ?1 AND search_text IS NOT NULL", [last])?;
        tx.execute_batch(&sql)?;
        tx.commit()?;
    }
    filled?;
    // Statistics for the planner over what was just added, as a desk that grew to this size
    // would have them.
    if c.as_sqlite().is_some() {
        // And the write-ahead log folded into the file, as a desk's own checkpoints keep it.
        c.execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")?;
    } else {
        // VACUUM too: a freshly loaded table has no visibility map, and every read of it would
        // visit the heap until autovacuum came by.
        c.execute_batch("VACUUM ANALYZE cases")?;
    }
    Ok(done)
}
