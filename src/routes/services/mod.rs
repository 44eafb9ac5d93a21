//! The e-service catalogue: the list with its filter (`/services`) and each service
//! (`/services/{id}`) with its rating form.

pub mod entry;
pub mod list;

use crate::{format, i18n::{Lang, Msgs}};
use miz_core::services::{ChannelKind, Satisfaction, Service};

pub fn channel_name(t: &Msgs, k: ChannelKind) -> &'static str {
    match k {
        ChannelKind::Online => t.channel_online,
        ChannelKind::SingleWindow => t.channel_single_window,
        ChannelKind::InPerson => t.channel_in_person,
    }
}

pub fn cost(t: &Msgs, s: &Service, lang: Lang) -> String {
    match (s.cost_rials, &s.cost_note) {
        (Some(0), _) => t.service_free.to_owned(),
        (Some(n), note) => {
            let base = crate::i18n::fill(t.service_rials, &[("n", &format::number(n as f64, lang))]);
            match note {
                Some(n) => format!("{base} ({})", n.get(lang.code())),
                None => base,
            }
        }
        (None, Some(n)) => n.get(lang.code()).to_owned(),
        (None, None) => "—".to_owned(),
    }
}

pub fn duration(t: &Msgs, s: &Service, lang: Lang) -> String {
    match s.duration_days {
        Some(0) => t.service_same_day.to_owned(),
        Some(n) => crate::i18n::fill(t.service_days, &[("n", &format::number(n as f64, lang))]),
        None => "—".to_owned(),
    }
}

/// "۴٫۲ از ۵ (۲۳ امتیاز)", or that there are none yet.
pub fn score(t: &Msgs, s: &Satisfaction, lang: Lang) -> String {
    match s.average {
        Some(avg) => crate::i18n::fill(
            t.service_score,
            &[("score", &format::decimal(avg, 1, lang)), ("n", &format::number(s.count as f64, lang))],
        ),
        None => t.service_no_ratings.to_owned(),
    }
}

/// "۴ – خوب": a rating with its word, the same in the form, the score table and the receipt.
pub fn rating_label(t: &Msgs, rating: u8, lang: Lang) -> String {
    let word = [t.rate_1, t.rate_2, t.rate_3, t.rate_4, t.rate_5][usize::from(rating.clamp(1, 5) - 1)];
    format!("{} – {word}", format::number(f64::from(rating), lang))
}

pub fn href(id: &str) -> String {
    crate::paths::to(&format!("/services/{}", crate::api::encode_segment(id)))
}
