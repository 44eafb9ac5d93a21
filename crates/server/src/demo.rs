//! Demo content from the two seed documents (../shared/seeds): the Tehran Province General
//! Directorate of Culture and Islamic Guidance, and the National Museum of Science and
//! Technology. Written into an empty database on first start, so the desk has something real
//! to show.

use miz_core::api::{Agency, Channels, CommentPeriod, Contact, DraftKind, Link, Localized, Unit};
use crate::sql::Connection;

fn unit(id: &str, fa: &str, en: &str) -> Unit {
    Unit { id: id.into(), name: Localized::both(fa, en), description: None }
}

fn periods(f: impl Fn(DraftKind) -> u32) -> Vec<CommentPeriod> {
    DraftKind::ALL.into_iter().map(|kind| CommentPeriod { kind, days: f(kind) }).collect()
}

pub fn tehran_culture() -> Agency {
    Agency {
        id: "tehran-culture".into(),
        name: Localized::both(
            "اداره کل فرهنگ و ارشاد اسلامی استان تهران",
            "Tehran Province General Directorate of Culture and Islamic Guidance",
        ),
        tagline: Some(Localized::both(
            "پیش‌نویس‌ها را بخوانید و نظر بدهید؛ درخواست و شکایت بفرستید و پیگیری کنید",
            "Read drafts and comment on them; send requests and complaints and follow them",
        )),
        logo_url: Some("media/tehran-culture.svg".into()),
        units: vec![
            unit("culture", "معاونت امور فرهنگی", "Deputy for Cultural Affairs"),
            unit("arts", "معاونت امور هنری", "Deputy for Arts"),
            unit("press", "معاونت مطبوعاتی و اطلاع‌رسانی", "Deputy for Press and Information"),
            unit("cinema", "اداره امور سینمایی و سمعی و بصری", "Cinema and Audiovisual Office"),
            unit("books", "اداره کتاب و کتابخوانی", "Books and Reading Office"),
            unit("public-relations", "روابط عمومی", "Public Relations"),
            unit(
                "accountability",
                "دفتر ارزیابی عملکرد و پاسخگویی به شکایات",
                "Performance Evaluation and Complaints Office",
            ),
        ],
        channels: Channels {
            phones: vec![Contact {
                number: "42991".into(),
                dial: None,
                label: Localized::both("نظر، انتقاد و پیشنهاد تلفنی", "Comments, criticism and suggestions by phone"),
            }],
            // The seed writes the SMS system's number as «۰۵۹۷۴۷۶+۰۵۰۰»: the 0500 prefix followed
            // by 0597476.
            sms: vec![Contact {
                number: "05000597476".into(),
                dial: None,
                label: Localized::both("سامانه پیامکی نظرات", "Comments by SMS"),
            }],
            single_window: Some(Link {
                url: "https://tehran.farhang.gov.ir/".into(),
                label: Localized::both("پنجره واحد ارائه خدمات «وفا»", "The “Vafa” single window for services"),
            }),
            website: Some(Link {
                url: "https://tehran.farhang.gov.ir/".into(),
                label: Localized::both("پورتال اداره کل", "The directorate's portal"),
            }),
            transparency: None,
            social: vec![],
            address: Some(Localized::both("تهران، اداره کل فرهنگ و ارشاد اسلامی استان تهران", "Tehran, Iran")),
            hours: Some(Localized::both(
                "شنبه تا چهارشنبه، ساعت ۸ تا ۱۴",
                "Saturday to Wednesday, 8:00 to 14:00",
            )),
        },
        // Regulations, circulars and instructions: 2 weeks; bills and cabinet bylaws: 1 month.
        comment_periods: periods(|k| match k {
            DraftKind::Bill | DraftKind::Bylaw => 30,
            _ => 14,
        }),
        // Every code the reference server issues ends in a Damm check digit.
        tracking_code_check: Some("damm".into()),
    }
}

pub fn museum() -> Agency {
    Agency {
        id: "museum".into(),
        name: Localized::both("موزه ملی علوم و فناوری", "National Museum of Science and Technology"),
        tagline: Some(Localized::both(
            "مشارکت مخاطبان در تصمیمات و فرآیندهای موزه",
            "Visitors taking part in the museum's decisions",
        )),
        logo_url: Some("media/museum.svg".into()),
        units: vec![
            unit(
                "it",
                "اداره توسعه فناوری اطلاعات، امنیت و هوشمندسازی",
                "IT Development, Security and Smart Systems Office",
            ),
            unit(
                "planning",
                "مدیریت برنامه‌ریزی، نظارت، تحول اداری و بهره‌وری",
                "Planning, Oversight, Administrative Reform and Productivity",
            ),
            unit("public-relations", "دفتر روابط عمومی و امور بین‌الملل", "Public Relations and International Affairs"),
        ],
        channels: Channels {
            phones: vec![
                Contact {
                    number: "88203530".into(),
                    dial: Some("+982188203530".into()),
                    label: Localized::both("اطلاعات و پاسخگویی درباره خدمات", "Information about services"),
                },
                Contact {
                    number: "09198962007".into(),
                    dial: Some("+989198962007".into()),
                    label: Localized::both("تلفن همراه پاسخگویی", "Mobile line for questions"),
                },
            ],
            sms: vec![Contact {
                number: "09198962007".into(),
                dial: Some("+989198962007".into()),
                label: Localized::both("پیامک به تلفن همراه پاسخگویی", "SMS to the mobile line"),
            }],
            single_window: Some(Link {
                url: "http://my.inmost.ir".into(),
                label: Localized::both("میز خدمت و پنجره واحد موزه", "The museum's service desk and single window"),
            }),
            website: None,
            transparency: Some(Link {
                url: "https://shafaf.inmost.ir".into(),
                label: Localized::both("سامانه شفافیت موزه", "The museum's transparency system"),
            }),
            social: vec![],
            address: None,
            hours: None,
        },
        // The museum's rules give every draft three weeks.
        comment_periods: periods(|_| 21),
        // Every code the reference server issues ends in a Damm check digit.
        tracking_code_check: Some("damm".into()),
    }
}

/// The demo FAQ: the 48 entries of `../shared/faq-eval/corpus.json`, in both agencies' voice.
pub fn faq() -> Vec<miz_core::search::FaqEntry> {
    serde_json::from_str(include_str!("../demo/faq.json")).expect("demo FAQ parses")
}

/// Fills each empty part of the database with demo content; leaves used parts alone, so an
/// older database gains the content of newer features.
pub fn seed_if_empty(conn: &mut Connection) -> crate::sql::Result<()> {
    let tx = conn.transaction()?;
    let count = |sql: &str| tx.query_row(sql, [], |r| r.get::<_, i64>(0));
    if count("SELECT count(*) FROM agencies")? == 0 {
        for agency in [tehran_culture(), museum()] {
            let doc = serde_json::to_string(&agency).expect("agency serialises");
            tx.execute("INSERT INTO agencies (id, doc) VALUES (?1, ?2)", (&agency.id, &doc))?;
        }
    }
    if count("SELECT count(*) FROM faq_entries")? == 0 {
        // Each agency answers for itself: the museum's tickets and hours are not the
        // directorate's, and licences are not the museum's.
        for (agency, not_ours) in [("tehran-culture", "موزه"), ("museum", "مجوزها")] {
            for (i, e) in faq().iter().filter(|e| e.category != not_ours).enumerate() {
                tx.execute(
                    "INSERT INTO faq_entries (agency_id, id, category, question, answer, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    (agency, &e.id, &e.category, &e.question, &e.answer, i as i64),
                )?;
            }
        }
    }
    if count("SELECT count(*) FROM drafts")? == 0 {
        crate::demo_drafts::seed(&tx, "tehran-culture")?;
    }
    if count("SELECT count(*) FROM case_archive")? == 0 {
        let today = crate::clock::tehran_today();
        crate::demo_history::seed(&tx, today)?;
    }
    if count("SELECT count(*) FROM services")? == 0 {
        crate::demo_services::seed(&tx)?;
    }
    if count("SELECT count(*) FROM case_topics")? == 0 {
        for (agency, topics) in [("tehran-culture", TEHRAN_TOPICS), ("museum", MUSEUM_TOPICS)] {
            for (i, (kind, id, fa, en, unit)) in topics.iter().enumerate() {
                tx.execute(
                    "INSERT INTO case_topics (id, agency_id, kind, name_fa, name_en, unit_id, position)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    (id, agency, kind, fa, en, unit, i as i64),
                )?;
            }
        }
    }
    if count("SELECT count(*) FROM staff")? == 0 {
        seed_staff(&tx)?;
    }
    tx.commit()
}

/// The demo's staff accounts, one per kind of work, so the workbench can be tried at once.
/// Their passwords are made here, at random, and printed once: a desk started without
/// `--no-demo` by mistake has no account anyone could guess.
fn seed_staff(tx: &crate::sql::Transaction<'_>) -> crate::sql::Result<()> {
    use crate::staff::{accounts, password, roles::{Grant, Role}};
    let accounts_: [(&str, &str, Role, &str); 5] = [
        ("admin", "مدیر سامانه (نمونه)", Role::Admin, ""),
        ("supervisor", "سرپرست پاسخگویی (نمونه)", Role::Supervisor, ""),
        ("books", "کارشناس اداره کتاب (نمونه)", Role::Officer, "books"),
        ("complaints", "کارشناس دفتر شکایات (نمونه)", Role::Officer, "accountability"),
        ("arts", "کارشناس امور هنری (نمونه)", Role::Officer, "arts"),
    ];
    let mut lines = Vec::new();
    for (username, name, role, unit) in accounts_ {
        let pw = crate::random::readable_token(4);
        let grant = [Grant { role, unit: unit.to_owned() }];
        let new = accounts::NewAccount { username, display_name: name, password_hash: Some(password::hash(&pw)), oidc_subject: None, roles: &grant };
        accounts::create(tx, "tehran-culture", &new)?;
        lines.push(format!("  {username:<11} {pw}   ({})", if unit.is_empty() { role.as_str().to_owned() } else { format!("{}:{unit}", role.as_str()) }));
    }
    eprintln!(
        "miz-server: demo staff accounts for the workbench (/staff/), passwords shown only now:\n{}\n  (a new password: `miz-server admin add-staff`, or an administrator in the workbench)",
        lines.join("\n")
    );
    Ok(())
}

type TopicRow = (&'static str, &'static str, &'static str, &'static str, &'static str);

/// (kind, id, Persian, English, unit): what citizens of the directorate write about, each
/// routed to the unit that handles it.
const TEHRAN_TOPICS: &[TopicRow] = &[
    ("complaint", "c-licence-delay", "تأخیر در صدور مجوز", "Delay in issuing a licence", "accountability"),
    ("complaint", "c-staff", "رفتار کارکنان", "Staff conduct", "accountability"),
    ("complaint", "c-books", "مجوز نشر و کتاب", "Publishing and book permits", "books"),
    ("complaint", "c-cinema", "اکران و فعالیت‌های سینمایی", "Screenings and cinema", "cinema"),
    ("complaint", "c-press", "نشریات و پایگاه‌های خبری", "Press and news sites", "press"),
    ("criticism", "k-services", "کیفیت خدمات الکترونیک", "Quality of e-services", "public-relations"),
    ("criticism", "k-rules", "مقررات و بخشنامه‌ها", "Regulations and circulars", "culture"),
    ("criticism", "k-events", "برنامه‌ها و رویدادهای فرهنگی", "Cultural programmes and events", "culture"),
    ("suggestion", "s-services", "بهبود خدمات", "Improving services", "public-relations"),
    ("suggestion", "s-arts", "هنر و آموزشگاه‌های هنری", "Arts and art schools", "arts"),
    ("suggestion", "s-reading", "کتاب و کتابخوانی", "Books and reading", "books"),
    ("request", "r-concert", "مجوز کنسرت و اجرای موسیقی", "Concert and music performance permit", "arts"),
    ("request", "r-publish", "مجوز نشر", "Publishing permit", "books"),
    ("request", "r-gallery", "مجوز نمایشگاه و گالری", "Exhibition and gallery permit", "arts"),
    ("request", "r-info", "درخواست اطلاعات", "Request for information", "public-relations"),
];

const MUSEUM_TOPICS: &[TopicRow] = &[
    ("complaint", "c-visit", "بازدید و بلیت", "Visits and tickets", "public-relations"),
    ("complaint", "c-site", "درگاه‌ها و سامانه‌ها", "Websites and systems", "it"),
    ("criticism", "k-exhibits", "نمایشگاه‌ها و آموزش", "Exhibits and education", "planning"),
    ("suggestion", "s-general", "پیشنهاد برای موزه", "A suggestion for the museum", "planning"),
    ("request", "r-group", "بازدید گروهی", "Group visit", "public-relations"),
    ("request", "r-info", "درخواست اطلاعات", "Request for information", "it"),
];

/// Images the demo content refers to, served under `/api/v1/media/`.
pub fn media(name: &str) -> Option<(&'static str, &'static [u8])> {
    match name {
        "tehran-culture.svg" => Some(("image/svg+xml", include_bytes!("../demo/tehran-culture.svg"))),
        "museum.svg" => Some(("image/svg+xml", include_bytes!("../demo/museum.svg"))),
        _ => None,
    }
}
