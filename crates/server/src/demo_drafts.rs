//! Demo drafts, in the voice of the seed agencies: one open for comment, one closed with
//! answered comments, one final whose second version changed the articles the comments
//! asked about. Dates are relative to the first start, so the open one stays open a while.

use miz_core::{
    anchor::{quote_of, Anchor},
    drafts::{Article, DraftBody, Paragraph, Part},
};
use crate::sql::Transaction;

fn body(draft: &str, articles: &[(&str, &[&str])]) -> DraftBody {
    DraftBody {
        parts: vec![Part {
            id: format!("{draft}-part1"),
            title: None,
            articles: articles
                .iter()
                .enumerate()
                .map(|(i, (title, paras))| Article {
                    id: format!("{draft}-a{}", i + 1),
                    number: i as u32 + 1,
                    title: (!title.is_empty()).then(|| (*title).to_owned()),
                    paragraphs: paras
                        .iter()
                        .enumerate()
                        .map(|(j, t)| Paragraph { id: format!("{draft}-a{}-p{}", i + 1, j + 1), number: j as u32 + 1, text: (*t).to_owned() })
                        .collect(),
                })
                .collect(),
        }],
    }
}

/// An anchor on `phrase` in paragraph `pid` of `b` (or the whole paragraph when empty).
fn on(b: &DraftBody, pid: &str, phrase: &str) -> Anchor {
    let text = &b.paragraph(pid).expect("demo paragraph").text;
    if phrase.is_empty() {
        return Anchor { paragraph_id: Some(pid.to_owned()), quote: None, start: None, end: None };
    }
    let byte = text.find(phrase).expect("demo phrase");
    let start = text[..byte].chars().count();
    let end = start + phrase.chars().count();
    Anchor { paragraph_id: Some(pid.to_owned()), quote: quote_of(text, start, end), start: Some(start as u32), end: Some(end as u32) }
}

fn whole_draft() -> Anchor {
    Anchor { paragraph_id: None, quote: None, start: None, end: None }
}

const CONCERT: &[(&str, &[&str])] = &[
    ("تعاریف", &[
        "در این دستورالعمل، «متقاضی» شخص حقیقی یا حقوقی است که برای برگزاری کنسرت یا اجرای عمومی موسیقی درخواست می‌دهد.",
        "«سامانه» درگاه الکترونیک اداره کل و پنجره واحد ارائه خدمات «وفا» است.",
    ]),
    ("ثبت درخواست", &[
        "درخواست صدور مجوز دست‌کم سی روز پیش از تاریخ اجرا از طریق سامانه ثبت می‌شود.",
        "مدارک لازم شامل قرارداد سالن، فهرست اجراکنندگان و متن آثار آوازی است.",
    ]),
    ("مهلت بررسی", &["اداره کل ظرف پانزده روز کاری از تاریخ ثبت کامل درخواست، نتیجه بررسی را از طریق پیامک و سامانه به متقاضی اعلام می‌کند."]),
    ("اعتراض", &["در صورت رد درخواست، دلایل آن به صورت مکتوب اعلام می‌شود و متقاضی می‌تواند ظرف ده روز به آن اعتراض کند."]),
    ("هزینه", &["هزینه صدور مجوز بر اساس تعرفه مصوب و فقط به صورت الکترونیکی دریافت می‌شود."]),
];

const BOOKSHOPS: &[(&str, &[&str])] = &[
    ("", &["کتاب‌فروشی‌های استان تهران در ایام برگزاری نمایشگاه بین‌المللی کتاب می‌توانند تا ساعت ۲۲ باز باشند."]),
    ("", &["کتاب‌فروشی‌هایی که در طرح تخفیف نمایشگاه شرکت می‌کنند، فهرست کتاب‌های مشمول را در سامانه ثبت می‌کنند."]),
    ("", &["نظارت بر اجرای این بخشنامه بر عهده اداره کتاب و کتابخوانی است."]),
];

const SCHOOLS_V1: &[(&str, &[&str])] = &[
    ("هدف", &["هدف این آیین‌نامه حمایت از آموزشگاه‌های آزاد هنری و بهبود کیفیت آموزش هنر در استان تهران است."]),
    ("شهریه", &["آموزشگاه‌ها شهریه هر دوره را آزادانه تعیین و در تابلوی اعلانات نصب می‌کنند."]),
    ("صدور پروانه", &["پروانه تأسیس آموزشگاه ظرف سه ماه از تکمیل مدارک صادر می‌شود."]),
    ("بازرسی", &["بازرسی از آموزشگاه‌ها سالی یک بار و بدون اطلاع قبلی انجام می‌شود."]),
];

const SCHOOLS_V2: &[(&str, &[&str])] = &[
    ("هدف", &["هدف این آیین‌نامه حمایت از آموزشگاه‌های آزاد هنری و بهبود کیفیت آموزش هنر در استان تهران است."]),
    ("شهریه", &["آموزشگاه‌ها شهریه هر دوره را در سقف تعرفه مصوب اداره کل تعیین و در سامانه و تابلوی اعلانات منتشر می‌کنند."]),
    ("صدور پروانه", &["پروانه تأسیس آموزشگاه ظرف یک ماه از تکمیل مدارک صادر می‌شود."]),
    ("بازرسی", &["بازرسی از آموزشگاه‌ها سالی یک بار انجام می‌شود و نتیجه آن به آموزشگاه اعلام می‌شود."]),
];

/// (draft, version, anchor, body, name, response (text, outcome))
type DemoComment = (&'static str, u32, Anchor, &'static str, Option<&'static str>, Option<(&'static str, &'static str)>);

pub fn seed(tx: &Transaction<'_>, agency_id: &str) -> crate::sql::Result<()> {
    let concert = body("concert", CONCERT);
    let shops = body("bookshops", BOOKSHOPS);
    let v1 = body("schools", SCHOOLS_V1);
    let v2 = body("schools", SCHOOLS_V2);
    let drafts: [(&str, &str, &str, &str, &str, &str, &str, Option<&str>); 3] = [
        ("concert", "licensing_instruction", "دستورالعمل صدور مجوز برگزاری کنسرت و اجرای عمومی موسیقی", "arts",
         "مراحل، مدارک و مهلت‌های صدور مجوز کنسرت و اجرای عمومی موسیقی از طریق سامانه.", "-4 days", "+10 days", None),
        ("bookshops", "circular", "بخشنامه ساعات کار کتاب‌فروشی‌ها در ایام نمایشگاه کتاب", "books",
         "ساعات کار و طرح تخفیف کتاب‌فروشی‌های استان در ایام نمایشگاه بین‌المللی کتاب.", "-30 days", "-16 days", None),
        ("schools", "regulation", "آیین‌نامه حمایت از آموزشگاه‌های آزاد هنری", "arts",
         "شهریه، صدور پروانه و بازرسی آموزشگاه‌های آزاد هنری؛ متن نهایی پس از بررسی نظرها.", "-60 days", "-46 days", Some("-20 days")),
    ];
    // "-4 days", "-96 hours": that long from now, as the database stores times.
    let now = crate::clock::now_millis().div_euclid(1000);
    let ts = |offset: &str| {
        let (n, unit) = offset.split_once(' ').unwrap_or((offset, "days"));
        let n: i64 = n.parse().unwrap_or(0);
        crate::clock::text(now + n * if unit.starts_with("hour") { 3600 } else { 86_400 })
    };
    for (id, kind, title, unit, summary, opens, closes, final_at) in drafts {
        tx.execute(
            "INSERT INTO drafts (id, agency_id, kind, title, unit_id, summary, opens_at, closes_at, final_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            (id, agency_id, kind, title, unit, summary, ts(opens), ts(closes), final_at.map(ts)),
        )?;
    }
    let versions: [(&str, u32, &DraftBody, &str, Option<&str>); 4] = [
        ("concert", 1, &concert, "-4 days", None),
        ("bookshops", 1, &shops, "-30 days", None),
        ("schools", 1, &v1, "-60 days", None),
        ("schools", 2, &v2, "-20 days", Some("متن نهایی: سقف شهریه، مهلت یک‌ماهه صدور پروانه و اعلام نتیجه بازرسی بر پایه نظرهای شهروندان افزوده شد.")),
    ];
    for (id, n, b, at, note) in versions {
        tx.execute(
            "INSERT INTO draft_versions (draft_id, number, body, published_at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            (id, n, serde_json::to_string(b).unwrap_or_default(), ts(at), note),
        )?;
    }
    let comments: Vec<DemoComment> = vec![
        ("concert", 1, on(&concert, "concert-a2-p1", "دست‌کم سی روز"), "سی روز برای اجراهای کوچک زیاد است؛ برای سالن‌های زیر ۲۰۰ نفر پانزده روز کافی است.", Some("نوید"), None),
        ("concert", 1, on(&concert, "concert-a2-p1", "دست‌کم سی روز"), "موافقم؛ بسیاری از گروه‌ها سالن را کمتر از یک ماه پیش قطعی می‌کنند.", None, None),
        ("concert", 1, on(&concert, "concert-a2-p2", "متن آثار آوازی"), "برای آثار بی‌کلام نباید متنی خواسته شود؛ لطفاً صریح بنویسید.", Some("سارا"), None),
        ("concert", 1, on(&concert, "concert-a3-p1", ""), "پانزده روز کاری بیش از سه هفته تقویمی است؛ مهلت را کوتاه‌تر کنید.", None, None),
        ("concert", 1, on(&concert, "concert-a3-p1", "از طریق پیامک و سامانه"), "خوب است که نتیجه پیامک می‌شود؛ کد رهگیری هم در پیامک بیاید.", Some("مهدی"), None),
        ("concert", 1, on(&concert, "concert-a4-p1", "ظرف ده روز"), "ده روز برای اعتراض کم است اگر دلایل رد دیر برسد.", None, None),
        ("concert", 1, on(&concert, "concert-a5-p1", ""), "تعرفه مصوب کجا منتشر می‌شود؟ لطفاً پیوند آن را در همین ماده بگذارید.", Some("الهام"), None),
        ("concert", 1, whole_draft(), "روی هم رفته دستورالعمل روشنی است؛ ممنون که پیش از ابلاغ نظر خواستید.", None, None),
        ("concert", 1, on(&concert, "concert-a1-p2", "پنجره واحد ارائه خدمات «وفا»"), "آیا درخواست حضوری هم پذیرفته می‌شود؟ همه به سامانه دسترسی ندارند.", Some("رضا"), None),
        ("bookshops", 1, on(&shops, "bookshops-a1-p1", "تا ساعت ۲۲"), "کتاب‌فروشی‌های نزدیک نمایشگاه تا ۲۳ باز باشند بهتر است.", Some("کتاب‌فروش"),
         Some(("ساعت پایانی برای کتاب‌فروشی‌های محدوده نمایشگاه به ۲۳ تغییر کرد.", "accepted"))),
        ("bookshops", 1, on(&shops, "bookshops-a2-p1", "در سامانه ثبت می‌کنند"), "ثبت فهرست کتاب‌ها برای فروشگاه‌های کوچک سخت است؛ بارگذاری فایل اکسل را ممکن کنید.", None,
         Some(("امکان بارگذاری فهرست با پرونده اکسل به سامانه افزوده می‌شود؛ ثبت دستی هم می‌ماند.", "partly_accepted"))),
        ("bookshops", 1, on(&shops, "bookshops-a2-p1", ""), "طرح تخفیف باید شامل کتاب‌های کودک هم بشود.", Some("مریم"),
         Some(("کتاب‌های کودک و نوجوان از پیش مشمول طرح بوده‌اند.", "noted"))),
        ("bookshops", 1, on(&shops, "bookshops-a3-p1", ""), "نظارت را به اتحادیه بسپارید، نه اداره کل.", None,
         Some(("نظارت بر اجرای بخشنامه از وظایف قانونی اداره کل است و واگذار نمی‌شود.", "not_accepted"))),
        ("bookshops", 1, whole_draft(), "کاش زودتر اعلام می‌شد تا فروشگاه‌ها برای نیرو برنامه بریزند.", None,
         Some(("بخشنامه‌های نمایشگاه از این پس دست‌کم یک ماه زودتر منتشر می‌شوند.", "accepted"))),
        ("schools", 1, on(&v1, "schools-a2-p1", "آزادانه تعیین"), "بدون سقف، شهریه‌ها برای خانواده‌ها سنگین می‌شود؛ سقف تعیین کنید.", Some("پدر یک هنرجو"),
         Some(("سقف شهریه بر پایه تعرفه مصوب در متن نهایی آمد.", "accepted"))),
        ("schools", 1, on(&v1, "schools-a2-p1", "در تابلوی اعلانات نصب می‌کنند"), "شهریه را در سامانه هم منتشر کنید تا پیش از ثبت‌نام دیده شود.", None,
         Some(("انتشار شهریه در سامانه به ماده ۲ افزوده شد.", "accepted"))),
        ("schools", 1, on(&v1, "schools-a3-p1", "ظرف سه ماه"), "سه ماه برای صدور پروانه خیلی طولانی است.", Some("مدیر آموزشگاه"),
         Some(("مهلت صدور پروانه به یک ماه کاهش یافت.", "accepted"))),
        ("schools", 1, on(&v1, "schools-a4-p1", "بدون اطلاع قبلی"), "بازرسی بدون اطلاع قبلی کلاس‌ها را به هم می‌ریزد.", None,
         Some(("بازرسی سرزده برای سنجش کیفیت لازم است؛ اعلام نتیجه به آموزشگاه افزوده شد.", "partly_accepted"))),
        ("schools", 1, on(&v1, "schools-a4-p1", ""), "نتیجه بازرسی را به آموزشگاه اعلام کنید تا بتواند اصلاح کند.", None,
         Some(("در متن نهایی، نتیجه بازرسی به آموزشگاه اعلام می‌شود.", "accepted"))),
        ("schools", 1, on(&v1, "schools-a1-p1", "بهبود کیفیت آموزش هنر"), "هدف حمایت از هنرجویان کم‌برخوردار هم باشد.", Some("ندا"),
         Some(("پیشنهاد شما در برنامه حمایتی سال آینده بررسی می‌شود.", "noted"))),
        ("schools", 1, whole_draft(), "از اینکه متن نهایی با نظرها تغییر کرد سپاسگزارم.", None, None),
        ("concert", 1, on(&concert, "concert-a2-p2", "قرارداد سالن"), "برای اجرا در فضای باز قرارداد سالن معنا ندارد؛ مجوز محل را بپذیرید.", None, None),
    ];
    for (i, (draft, version, anchor, text, name, response)) in comments.into_iter().enumerate() {
        let id = format!("c{:03}", i + 1);
        // Spread over the window, oldest first.
        let at = ts(&format!("-{} hours", 96 - i * 3));
        tx.execute(
            "INSERT INTO comments (id, draft_id, version, anchor, body, display_name, client_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            (&id, draft, version, serde_json::to_string(&anchor).unwrap_or_default(), text, name, format!("demo-citizen-{}", i % 7), at),
        )?;
        if let Some((r, outcome)) = response {
            tx.execute(
                "UPDATE comments SET response_text = ?2, response_outcome = ?3, response_at = ?4 WHERE id = ?1",
                (&id, r, outcome, ts("-18 days")),
            )?;
        }
        // Some support, so the counts are not all zero.
        for s in 0..(i % 4) {
            tx.execute("INSERT INTO comment_supports (comment_id, client_id) VALUES (?1, ?2)", (&id, format!("demo-supporter-{s}")))?;
        }
    }
    Ok(())
}
