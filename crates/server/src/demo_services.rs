//! Demo e-services: the licences of the Tehran directorate and the museum's services named in
//! the FAQ corpus and the seed documents, with a few ratings so the scores are not empty.

use miz_core::{
    api::Localized,
    services::{ChannelKind, Satisfaction, Service, ServiceChannel},
};
use crate::sql::Transaction;

fn l(fa: &str, en: &str) -> Localized {
    Localized { fa: fa.into(), en: Some(en.into()) }
}

fn ch(kind: ChannelKind, url: Option<&str>, note: Option<(&str, &str)>) -> ServiceChannel {
    ServiceChannel { kind, url: url.map(Into::into), note: note.map(|(fa, en)| l(fa, en)) }
}

#[allow(clippy::too_many_arguments)]
fn service(
    id: &str,
    name: (&str, &str),
    description: (&str, &str),
    audience: (&str, &str),
    channels: Vec<ServiceChannel>,
    documents: &[(&str, &str)],
    cost_rials: Option<u64>,
    cost_note: Option<(&str, &str)>,
    duration_days: Option<u32>,
    unit_id: &str,
) -> Service {
    Service {
        id: id.into(),
        name: l(name.0, name.1),
        description: l(description.0, description.1),
        audience: l(audience.0, audience.1),
        channels,
        documents: documents.iter().map(|(fa, en)| l(fa, en)).collect(),
        cost_rials,
        cost_note: cost_note.map(|(fa, en)| l(fa, en)),
        duration_days,
        unit_id: Some(unit_id.into()),
        satisfaction: Satisfaction::default(),
    }
}

pub fn tehran() -> Vec<Service> {
    use ChannelKind::*;
    let vafa = || ch(SingleWindow, Some("https://vafa.ir"), Some(("پنجره واحد ارائه خدمات «وفا»", "the VAFA single window")));
    vec![
        service("concert-licence", ("صدور مجوز برگزاری کنسرت و اجرای عمومی موسیقی", "Licence for concerts and public music performances"),
            ("مجوز هر اجرای عمومی موسیقی در سالن‌ها و فضاهای باز استان.", "A licence for each public music performance in the province's halls and open-air venues."),
            ("گروه‌های موسیقی، برگزارکنندگان و سالن‌ها", "Music groups, organisers and venues"),
            vec![vafa()],
            &[("کارت ملی متقاضی", "Applicant's national card"), ("قرارداد سالن", "Venue contract"), ("فهرست اجراکنندگان", "List of performers"), ("متن آثار آوازی", "Lyrics of vocal works")],
            None, Some(("بر پایه تعرفه مصوب؛ پرداخت فقط در سامانه", "Approved tariff; paid online only")), Some(10), "arts"),
        service("book-publishing", ("صدور پروانه نشر کتاب", "Book publishing licence"),
            ("پروانه نشر برای ناشران تازه‌کار، از طریق سامانه خانه کتاب.", "A publishing licence for new publishers, through the Book House system."),
            ("ناشران و متقاضیان تأسیس نشر", "Publishers and those founding a publishing house"),
            vec![ch(Online, Some("https://ketab.ir"), Some(("سامانه خانه کتاب", "Book House system"))), vafa()],
            &[("کارت ملی", "National card"), ("مدرک تحصیلی", "Degree certificate"), ("گواهی دوره آموزشی نشر", "Certificate of the publishing course")],
            Some(2_500_000), None, Some(30), "books"),
        service("art-school", ("صدور پروانه تأسیس آموزشگاه آزاد هنری", "Licence to found a private art school"),
            ("پروانه تأسیس و فعالیت آموزشگاه‌های آزاد هنری (موسیقی، هنرهای تجسمی، نمایش).", "Founding and operating licence for private art schools (music, visual arts, theatre)."),
            ("هنرمندان و مربیان دارای مدرک مرتبط", "Artists and teachers with a relevant degree"),
            vec![vafa(), ch(InPerson, None, Some(("معاونت امور هنری، خیابان بهشت", "Arts deputy office, Behesht Street")))],
            &[("تصویر کارت ملی", "Copy of national card"), ("مدرک تحصیلی مرتبط", "Relevant degree"), ("گواهی عدم سوءپیشینه", "Clean criminal record"), ("نقشه یا اجاره‌نامه محل", "Plan or lease of the premises")],
            Some(5_000_000), None, Some(30), "arts"),
        service("gallery-exhibition", ("مجوز برگزاری نمایشگاه آثار هنری در گالری", "Permit for an art exhibition in a gallery"),
            ("گالری‌های دارای پروانه برنامه هر نمایشگاه را ثبت می‌کنند؛ کارشناس هنرهای تجسمی بررسی می‌کند.", "Licensed galleries register each exhibition; a visual arts expert reviews it."),
            ("گالری‌های دارای پروانه", "Licensed galleries"),
            vec![vafa()],
            &[("پروانه گالری", "Gallery licence"), ("فهرست و تصویر آثار", "List and images of the works")],
            Some(0), None, Some(7), "arts"),
        service("advertising-renewal", ("تمدید پروانه کانون تبلیغاتی", "Renewal of an advertising agency licence"),
            ("تمدید پروانه کانون‌های تبلیغاتی، یک ماه پیش از پایان اعتبار.", "Renewal of advertising agencies' licences, a month before they expire."),
            ("کانون‌های تبلیغاتی دارای پروانه", "Licensed advertising agencies"),
            vec![ch(Online, Some("https://e.farhang.gov.ir"), Some(("میز خدمت الکترونیک", "The e-service desk")))],
            &[("پروانه پیشین", "Previous licence"), ("گزارش فعالیت سال گذشته", "Last year's activity report")],
            Some(1_500_000), None, Some(15), "press"),
        service("press-licence", ("صدور پروانه نشریه و پایگاه خبری", "Licence for a periodical or news website"),
            ("درخواست در سامانه جامع رسانه‌ها ثبت و پس از تأیید هیئت نظارت بر مطبوعات صادر می‌شود.", "Applied for in the media system; issued after the Press Supervisory Board approves."),
            ("روزنامه‌نگاران و مؤسسات رسانه‌ای", "Journalists and media organisations"),
            vec![ch(Online, Some("https://rasaneh.ir"), Some(("سامانه جامع رسانه‌ها", "The media system")))],
            &[("کارت ملی مدیرمسئول", "Managing editor's national card"), ("مدرک تحصیلی", "Degree certificate"), ("اساسنامه (برای اشخاص حقوقی)", "Articles of association (organisations)")],
            Some(0), None, Some(60), "press"),
        service("film-screening", ("مجوز اکران فیلم در فرهنگسرا", "Permit to screen a film in a cultural centre"),
            ("نمایش فیلم دارای پروانه نمایش در فرهنگسراها و سالن‌های غیرسینمایی.", "Screening a film that has a screening licence in cultural centres and non-cinema halls."),
            ("فرهنگسراها، دانشگاه‌ها و انجمن‌ها", "Cultural centres, universities and societies"),
            vec![ch(Online, Some("https://e.farhang.gov.ir"), Some(("میز خدمت الکترونیک", "The e-service desk"))), ch(InPerson, None, None)],
            &[("پروانه نمایش فیلم", "The film's screening licence"), ("برنامه زمانی اکران", "Screening schedule")],
            Some(0), None, Some(5), "cinema"),
    ]
}

pub fn museum() -> Vec<Service> {
    use ChannelKind::*;
    let site = || ch(Online, Some("https://irstm.ir"), Some(("میز خدمت وبگاه موزه", "The museum website's service desk")));
    vec![
        service("visit-ticket", ("خرید بلیت بازدید", "Visitor tickets"),
            ("بلیت بازدید عمومی و دانش‌آموزی؛ شنبه تا پنجشنبه ۹ تا ۱۷.", "General and student tickets; Saturday to Thursday, 9 to 17."),
            ("همه بازدیدکنندگان؛ کودکان زیر ۶ سال رایگان", "All visitors; children under 6 free"),
            vec![site(), ch(InPerson, None, Some(("گیشه ورودی موزه", "The museum's ticket office")))],
            &[("کارت دانشجویی یا دانش‌آموزی برای تخفیف", "Student card for the discount")],
            Some(300_000), Some(("بلیت دانش‌آموزی و سالمندان با تخفیف", "Discounted for students and seniors")), Some(0), "public-relations"),
        service("school-group-booking", ("رزرو بازدید گروهی مدارس", "Booking a school group visit"),
            ("گروه‌های بیش از ۱۵ نفر دست‌کم سه روز پیش از بازدید وقت رزرو می‌کنند.", "Groups of more than 15 book at least three days before the visit."),
            ("مدارس و گروه‌های بیش از ۱۵ نفر", "Schools and groups of more than 15"),
            vec![site()],
            &[("نامه مدرسه", "School letter"), ("فهرست دانش‌آموزان و همراهان", "List of pupils and escorts")],
            Some(0), None, Some(3), "public-relations"),
        service("science-workshops", ("ثبت‌نام کارگاه‌های علمی کودکان و نوجوانان", "Science workshops for children and teenagers"),
            ("کارگاه‌های ماهانه علمی؛ برنامه هر ماه در وبگاه اعلام می‌شود.", "Monthly science workshops; each month's programme is on the website."),
            ("کودکان و نوجوانان ۷ تا ۱۵ سال", "Children and teenagers aged 7 to 15"),
            vec![site()],
            &[],
            None, Some(("بسته به کارگاه", "Depends on the workshop")), Some(0), "public-relations"),
        service("commercial-photography", ("مجوز عکاسی و فیلم‌برداری تجاری", "Permit for commercial photography and filming"),
            ("عکاسی شخصی بدون فلاش آزاد است؛ عکاسی تجاری با هماهنگی روابط عمومی.", "Personal photos without flash are free; commercial shoots need public relations' agreement."),
            ("عکاسان، فیلم‌سازان و رسانه‌ها", "Photographers, film-makers and the media"),
            vec![ch(InPerson, None, Some(("روابط عمومی موزه", "The museum's public relations")))],
            &[("درخواست کتبی با شرح پروژه", "Written request describing the project")],
            None, Some(("بر پایه مدت و نوع فیلم‌برداری", "By duration and kind of shoot")), Some(5), "public-relations"),
        service("wheelchair-loan", ("امانت ویلچر", "Wheelchair loan"),
            ("ویلچر به صورت امانی در ورودی موزه؛ همه تالارها با آسانسور و سطح شیب‌دار.", "Wheelchairs lent at the entrance; every hall has a lift and ramps."),
            ("بازدیدکنندگان دارای معلولیت و سالمندان", "Visitors with disabilities and older visitors"),
            vec![ch(InPerson, None, Some(("ورودی موزه", "Museum entrance")))],
            &[("کارت شناسایی (امانت)", "An identity card (held during the loan)")],
            Some(0), None, Some(0), "public-relations"),
    ]
}

/// Ratings spread over the demo services (made-up browsers), so scores and counts show.
const RATINGS: &[(&str, &str, [u32; 5])] = &[
    ("tehran-culture", "concert-licence", [2, 3, 5, 9, 4]),
    ("tehran-culture", "book-publishing", [4, 6, 6, 3, 1]),
    ("tehran-culture", "art-school", [1, 1, 4, 6, 3]),
    ("tehran-culture", "gallery-exhibition", [0, 1, 2, 7, 8]),
    ("tehran-culture", "press-licence", [6, 4, 2, 1, 0]),
    ("museum", "visit-ticket", [0, 1, 3, 12, 20]),
    ("museum", "school-group-booking", [1, 2, 4, 8, 5]),
];

pub fn seed(tx: &Transaction) -> crate::sql::Result<()> {
    for (agency, list) in [("tehran-culture", tehran()), ("museum", museum())] {
        for (i, s) in list.iter().enumerate() {
            let doc = serde_json::to_string(s).expect("service serialises");
            tx.execute("INSERT INTO services (id, agency_id, position, doc) VALUES (?1, ?2, ?3, ?4)", (&s.id, agency, i as i64, &doc))?;
        }
    }
    for (agency, service, counts) in RATINGS {
        for (star, n) in counts.iter().enumerate() {
            for k in 0..*n {
                tx.execute(
                    "INSERT INTO service_ratings (agency_id, service_id, client_id, rating) VALUES (?1, ?2, ?3, ?4)",
                    (agency, service, format!("demo-{service}-{star}-{k}"), star as i64 + 1),
                )?;
            }
        }
    }
    Ok(())
}
