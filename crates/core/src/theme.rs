//! An agency's theme from `config.json`: colours checked for form and for WCAG AA contrast
//! before they reach the page, so a typo or an unreadable palette is reported to the agency's
//! engineer instead of shipped to citizens.

use crate::json::FromJson;
use serde::Deserialize;

/// Colours an agency may set; each becomes a CSS custom property on the app's root.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, FromJson)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub brand: Option<String>,
    pub brand_contrast: Option<String>,
    /// The navigation bar, darker than `brand`.
    pub brand_dark: Option<String>,
    pub accent: Option<String>,
    pub text: Option<String>,
    pub muted: Option<String>,
    pub background: Option<String>,
    pub surface: Option<String>,
    pub border: Option<String>,
    pub link: Option<String>,
    pub focus: Option<String>,
    pub error: Option<String>,
}

/// The defaults in style/main.css, used to check a theme that sets only some colours.
const DEFAULTS: [(&str, &str); 12] = [
    ("brand", "#0b5d4b"),
    ("brand_contrast", "#ffffff"),
    ("brand_dark", "#084536"),
    ("accent", "#f2c14e"),
    ("text", "#1b1f1e"),
    ("muted", "#4a5551"),
    ("background", "#f5f6f4"),
    ("surface", "#ffffff"),
    ("border", "#b9c2be"),
    ("link", "#0b4f8a"),
    ("focus", "#ffbf47"),
    ("error", "#b3261e"),
];

/// Pairs that carry text, and the contrast WCAG 2.2 AA asks of them.
const TEXT_PAIRS: [(&str, &str); 8] = [
    ("text", "background"),
    ("text", "surface"),
    ("muted", "background"),
    ("muted", "surface"),
    ("link", "surface"),
    ("brand_contrast", "brand"),
    ("brand_contrast", "brand_dark"),
    ("error", "surface"),
];

impl Theme {
    fn get(&self, name: &str) -> Option<&String> {
        match name {
            "brand" => self.brand.as_ref(),
            "brand_contrast" => self.brand_contrast.as_ref(),
            "brand_dark" => self.brand_dark.as_ref(),
            "accent" => self.accent.as_ref(),
            "text" => self.text.as_ref(),
            "muted" => self.muted.as_ref(),
            "background" => self.background.as_ref(),
            "surface" => self.surface.as_ref(),
            "border" => self.border.as_ref(),
            "link" => self.link.as_ref(),
            "focus" => self.focus.as_ref(),
            "error" => self.error.as_ref(),
            _ => None,
        }
    }

    /// `(css custom property, value)` for every colour set.
    pub fn properties(&self) -> Vec<(String, String)> {
        DEFAULTS
            .iter()
            .filter_map(|(name, _)| self.get(name).map(|v| (format!("--miz-{}", name.replace('_', "-")), v.to_ascii_lowercase())))
            .collect()
    }

    /// Every problem with the theme, in English for the agency's engineer (empty when fine).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, _) in DEFAULTS {
            if let Some(v) = self.get(name) {
                if parse_hex(v).is_none() {
                    out.push(format!("theme.{name}: '{v}' is not a colour like #0b5d4b"));
                }
            }
        }
        if !out.is_empty() {
            return out;
        }
        let colour = |name: &str| {
            let v = self.get(name).map(String::as_str).unwrap_or_else(|| DEFAULTS.iter().find(|(n, _)| *n == name).map(|d| d.1).unwrap_or("#000"));
            parse_hex(v).unwrap_or((0, 0, 0))
        };
        for (fg, bg) in TEXT_PAIRS {
            if self.get(fg).is_none() && self.get(bg).is_none() {
                continue;
            }
            let ratio = contrast(colour(fg), colour(bg));
            if ratio < 4.5 {
                // Two decimals by integer arithmetic: `{:.2}` would link Rust's exact float
                // formatting (5 KB of wasm) into the first visit for this one message.
                let hundredths = (ratio * 100.0).round() as i64;
                out.push(format!("theme.{fg} on theme.{bg}: contrast {}.{:02}:1, WCAG AA needs 4.5:1", hundredths / 100, hundredths % 100));
            }
        }
        out
    }
}

/// `#rgb` or `#rrggbb`.
pub fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = |i: usize, n: usize| u8::from_str_radix(&h[i..i + n], 16).ok();
    match h.len() {
        3 => Some((v(0, 1)? * 17, v(1, 1)? * 17, v(2, 1)? * 17)),
        6 => Some((v(0, 2)?, v(2, 2)?, v(4, 2)?)),
        _ => None,
    }
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let c = |x: u8| {
        let s = f64::from(x) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b)
}

/// WCAG contrast ratio, 1 to 21.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast((0x77, 0x77, 0x77), (255, 255, 255)) - 4.48).abs() < 0.01);
        assert_eq!(parse_hex("#fff"), Some((255, 255, 255)));
        assert_eq!(parse_hex("#0B5D4B"), Some((11, 93, 75)));
        for bad in ["fff", "#ffff", "#ggg", "red", "#12345", "", "#ff\u{6f0}"] {
            assert_eq!(parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_default_palette_passes_and_bad_themes_are_explained() {
        let defaults = Theme {
            brand: Some("#0b5d4b".into()),
            brand_contrast: Some("#ffffff".into()),
            text: Some("#1b1f1e".into()),
            muted: Some("#4a5551".into()),
            link: Some("#0b4f8a".into()),
            error: Some("#b3261e".into()),
            ..Theme::default()
        };
        assert_eq!(defaults.problems(), Vec::<String>::new());
        let pale = Theme { brand: Some("#9fd3c7".into()), ..Theme::default() };
        let p = pale.problems();
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("brand_contrast on theme.brand"), "{p:?}");
        let typo = Theme { link: Some("blue; background: url(x)".into()), ..Theme::default() };
        assert!(typo.problems()[0].starts_with("theme.link"));
        let unknown: Result<Theme, _> = serde_json::from_str(r##"{"brnad": "#000"}"##);
        assert!(unknown.is_err());
        assert_eq!(pale.properties(), vec![("--miz-brand".to_owned(), "#9fd3c7".to_owned())]);
    }
}
