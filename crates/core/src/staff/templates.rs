//! Response templates: answers officers start from, per case type and status, with named
//! places (`{tracking_code}`, `{due_date}`, …) filled for the case in Persian digits and Jalali
//! dates, and edited before sending. A template with a place that is not one of these is
//! refused when it is saved, so no citizen ever reads a raw `{…}`.

use crate::{digits::to_persian_digits, message, workdays};
use serde::{Deserialize, Serialize};

/// The places a template may use, with what each becomes.
pub const PLACES: &[(&str, &str)] = &[
    ("tracking_code", "کد رهگیری، مانند ۱۲۳۴-۵۶۷۸-۹۰۱۲"),
    ("filed_date", "روز ثبت پیام، مانند ۷ آذر ۱۴۰۵"),
    ("due_date", "مهلت قانونی پاسخ، مانند ۲۸ آذر ۱۴۰۵"),
    ("today", "امروز"),
    ("unit", "نام واحد رسیدگی‌کننده"),
    ("topic", "موضوع پیام"),
    ("kind", "نوع پیام (شکایت، انتقاد، پیشنهاد، درخواست)"),
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: i64,
    /// `None`: for every type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<crate::cases::CaseKind>,
    /// `None`: for every status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<crate::cases::CaseStatus>,
    pub title: String,
    pub body: String,
}

/// `POST /staff/templates`, `PUT /staff/templates/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateInput {
    #[serde(default)]
    pub kind: Option<crate::cases::CaseKind>,
    #[serde(default)]
    pub status: Option<crate::cases::CaseStatus>,
    pub title: String,
    pub body: String,
}

/// A template filled for one case (`GET /staff/cases/{code}/templates`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilledTemplate {
    pub id: i64,
    pub title: String,
    pub text: String,
}

/// The places of `body` that are not known, each once.
pub fn unknown_places(body: &str) -> Vec<String> {
    message::places(body).into_iter().filter(|p| !PLACES.iter().any(|(k, _)| k == p)).map(str::to_owned).collect()
}

const MONTHS: [&str; 12] = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

/// Days since 1970-01-01 as a Jalali date in Persian words and digits: `۲۸ آذر ۱۴۰۵`.
pub fn jalali_fa(day: i64) -> String {
    let (y, m, d) = workdays::from_days(day);
    to_persian_digits(&format!("{d} {} {y}", MONTHS[(m as usize).saturating_sub(1).min(11)]))
}

/// What a case gives a template.
pub struct CaseFacts<'a> {
    pub tracking_code: &'a str,
    /// Days since 1970-01-01, Tehran.
    pub filed: i64,
    pub due: Option<i64>,
    pub today: i64,
    pub unit: &'a str,
    pub topic: &'a str,
    pub kind: &'a str,
}

pub fn fill(body: &str, f: &CaseFacts<'_>) -> String {
    let code = f.tracking_code;
    let grouped = if code.len() == 12 { format!("{}-{}-{}", &code[..4], &code[4..8], &code[8..]) } else { code.to_owned() };
    let values = [
        ("tracking_code", to_persian_digits(&grouped)),
        ("filed_date", jalali_fa(f.filed)),
        ("due_date", f.due.map(jalali_fa).unwrap_or_default()),
        ("today", jalali_fa(f.today)),
        ("unit", f.unit.to_owned()),
        ("topic", f.topic.to_owned()),
        ("kind", f.kind.to_owned()),
    ];
    let args: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    message::fill(body, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_every_place_in_persian_digits_and_jalali_dates() {
        let filed = workdays::to_days(1405, 9, 7).unwrap();
        let facts = CaseFacts {
            tracking_code: "123456789018",
            filed,
            due: workdays::to_days(1405, 9, 28),
            today: filed + 1,
            unit: "اداره کتاب",
            topic: "مجوز نشر",
            kind: "شکایت",
        };
        let text = fill("پیام {tracking_code} ({kind}، {topic}) در {filed_date} به {unit} رسید؛ پاسخ تا {due_date}. امروز: {today}", &facts);
        assert_eq!(text, "پیام ۱۲۳۴-۵۶۷۸-۹۰۱۸ (شکایت، مجوز نشر) در ۷ آذر ۱۴۰۵ به اداره کتاب رسید؛ پاسخ تا ۲۸ آذر ۱۴۰۵. امروز: ۸ آذر ۱۴۰۵");
    }

    #[test]
    fn unknown_places_are_named() {
        assert_eq!(unknown_places("سلام {name}، {tracking_code} {name} {dueDate}"), vec!["name", "dueDate"]);
        assert!(unknown_places("{due_date}").is_empty());
        assert_eq!(jalali_fa(workdays::to_days(1404, 12, 29).unwrap()), "۲۹ اسفند ۱۴۰۴");
    }
}
