//! Numbers and dates for display, through the browser's `Intl` (Persian digits, the Jalali
//! calendar), so the app ships no calendar tables of its own.

use super::lang::Lang;
use js_sys::{Date, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn locales(lang: Lang) -> js_sys::Array {
    js_sys::Array::of1(&JsValue::from_str(lang.intl_locale()))
}

/// Making an `Intl` formatter costs far more than formatting with it, and a long draft formats
/// a count or a date for each of its hundreds of paragraphs and comments: one of each kind per
/// language is kept.
fn formatter<F: JsCast + Clone + 'static>(kind: &'static str, lang: Lang, make: impl FnOnce() -> F) -> F {
    thread_local! {
        static MADE: std::cell::RefCell<Vec<(&'static str, Lang, JsValue)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    MADE.with(|made| {
        let mut made = made.borrow_mut();
        if let Some((_, _, f)) = made.iter().find(|(k, l, _)| *k == kind && *l == lang) {
            return f.clone().unchecked_into();
        }
        let f = make();
        made.push((kind, lang, f.clone().into()));
        f
    })
}

fn format_number(f: &Intl::NumberFormat, n: f64) -> String {
    let n = JsValue::from_f64(n);
    f.format().call1(&JsValue::UNDEFINED, &n).ok().and_then(|v| v.as_string()).unwrap_or_else(|| {
        // JavaScript's own digits, not `f64::to_string`: Rust's float formatting is 10 KB of
        // wasm (both of its algorithms come together) that the first visit would carry.
        js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default()
    })
}

/// Between the items of a line of facts: the Persian comma in Persian (a middle dot beside
/// Persian digits reads as the Persian zero: "نسخه ۲ · ۳" as ۲۰۳), a middle dot in English.
pub fn sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Fa => "، ",
        Lang::En => " · ",
    }
}

/// Between labelled parts of one line ("هزینه: …؛ مدت معمول: …"): the Persian semicolon.
pub fn part_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Fa => "؛ ",
        Lang::En => "; ",
    }
}

/// `1405` → `۱٬۴۰۵` in Persian.
pub fn number(n: f64, lang: Lang) -> String {
    format_number(&formatter("number", lang, || Intl::NumberFormat::new(&locales(lang), &Object::new())), n)
}

/// `4.25` → `۴٫۳` with `digits` fraction digits at most (0 to 3).
pub fn decimal(n: f64, digits: u8, lang: Lang) -> String {
    const KINDS: [&str; 4] = ["decimal0", "decimal1", "decimal2", "decimal3"];
    let digits = digits.min(3);
    let f = formatter(KINDS[usize::from(digits)], lang, || {
        let o = Object::new();
        let _ = Reflect::set(&o, &JsValue::from_str("maximumFractionDigits"), &JsValue::from_f64(f64::from(digits)));
        Intl::NumberFormat::new(&locales(lang), &o)
    });
    format_number(&f, n)
}

/// Digits in a string that is not a quantity (phone numbers, codes): no grouping, just the
/// script of the language.
pub fn digits(s: &str, lang: Lang) -> String {
    match lang {
        Lang::Fa => miz_core::digits::to_persian_digits(s),
        Lang::En => miz_core::digits::to_ascii_digits(s),
    }
}

/// The named parts (`day`, `month`, `year`, `weekday`) of `d` in the Jalali calendar.
///
/// Assembled by hand rather than with `format()`: Chromium's trimmed ICU data lacks the Persian
/// pattern for the Persian calendar and falls back to the root one (`۱۴۰۵ آذر ۴, چهارشنبه`,
/// with a Latin comma and the year first).
fn parts(d: &Date, lang: Lang, weekday: bool) -> Option<(String, String, String, String)> {
    let make = |extra: &[(&str, &str)]| {
        let opts = [[("year", "numeric"), ("month", "long"), ("day", "numeric")].as_slice(), extra].concat();
        Intl::DateTimeFormat::new(&locales(lang), &options(&opts))
    };
    let f = if weekday { formatter("weekday-date", lang, || make(&[("weekday", "long")])) } else { formatter("date", lang, || make(&[])) };
    let (mut day, mut month, mut year, mut wd) = (String::new(), String::new(), String::new(), String::new());
    for part in f.format_to_parts(d).iter() {
        let get = |k: &str| Reflect::get(&part, &JsValue::from_str(k)).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let value = get("value");
        match get("type").as_str() {
            "day" => day = value,
            "month" => month = value,
            "year" => year = value,
            "weekday" => wd = value,
            _ => {}
        }
    }
    (!day.is_empty() && !month.is_empty() && !year.is_empty()).then_some((wd, day, month, year))
}

fn date_of(d: &Date, lang: Lang, weekday: bool) -> String {
    match parts(d, lang, weekday) {
        Some((wd, day, month, year)) => {
            let date = format!("{} {month} {}", digits(&day, lang), digits(&year, lang));
            if wd.is_empty() { date } else { format!("{wd} {date}") }
        }
        None => d.to_date_string().as_string().unwrap_or_default(),
    }
}

/// An RFC 3339 timestamp from the API, as a Jalali date (`۴ آذر ۱۴۰۵`); `None` if it does not
/// parse.
pub fn date(rfc3339: &str, lang: Lang) -> Option<String> {
    let d = Date::new(&JsValue::from_str(rfc3339));
    if d.get_time().is_nan() {
        return None;
    }
    Some(date_of(&d, lang, false))
}

/// An RFC 3339 timestamp as a Jalali date and the time on the citizen's clock
/// (`۴ آذر ۱۴۰۵، ساعت ۱۰:۳۰`): what happened to a case on one day is told apart by the hour.
pub fn date_time(rfc3339: &str, lang: Lang) -> Option<String> {
    let d = Date::new(&JsValue::from_str(rfc3339));
    if d.get_time().is_nan() {
        return None;
    }
    let time = digits(&format!("{:02}:{:02}", d.get_hours(), d.get_minutes()), lang);
    Some(match lang {
        Lang::Fa => format!("{}، ساعت {time}", date_of(&d, lang, false)),
        Lang::En => format!("{}, {time}", date_of(&d, lang, false)),
    })
}

/// Today, with the weekday: `چهارشنبه ۴ آذر ۱۴۰۵`.
pub fn today(lang: Lang) -> String {
    date_of(&Date::new_0(), lang, true)
}

/// The name of a Jalali month (1–12): the report groups by them, so the names come from here
/// rather than from formatting a date that would have to fall inside the month.
pub fn jalali_month(m: u32, lang: Lang) -> &'static str {
    const FA: [&str; 12] = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
    const EN: [&str; 12] = ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar", "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"];
    let i = (m.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Fa => FA[i],
        Lang::En => EN[i],
    }
}

/// `x` with one decimal (`12.3`, `-0.5`) for CSS and SVG, by integer arithmetic: Rust's float
/// formatting (`{:.1}`, or `{}` of an f64) is about 7 KB of wasm in every part that uses it.
pub fn tenths(x: f64) -> String {
    let t = (x * 10.0).round() as i64;
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}
