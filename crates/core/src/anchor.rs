//! Comment anchors: what a comment is about, and finding it again in a new version.
//!
//! An anchor is a paragraph id plus, for a selected phrase, a W3C-style text quote (the exact
//! words, a little text before and after) and offsets inside the paragraph. On a new version
//! it is placed by paragraph id first, then by searching for the quote. A comment attached to
//! the wrong words is worse than an orphan, so a quote is placed only where it matches exactly
//! (with some of its context) or nearly (with its context on both sides); anything else is an
//! orphan, shown as "on an earlier version", never dropped.
//!
//! Offsets count characters (Unicode scalar values), not bytes.

use crate::json::FromJson;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct TextQuote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Anchor {
    /// The paragraph; `None` for a comment on the whole draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph_id: Option<String>,
    /// The selected phrase; `None` for a comment on the whole paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<TextQuote>,
    /// Character offsets of the phrase in the paragraph, when it was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum Placement {
    Draft,
    Paragraph { paragraph_id: String },
    Phrase { paragraph_id: String, start: u32, end: u32 },
    /// Could not be placed in this version.
    EarlierVersion,
}

/// How much context (characters) is kept on each side of a quote.
pub const CONTEXT: usize = 32;

/// A quote for the characters `start..end` of `text`, with its context.
pub fn quote_of(text: &str, start: usize, end: usize) -> Option<TextQuote> {
    let chars: Vec<char> = text.chars().collect();
    if start >= end || end > chars.len() {
        return None;
    }
    let exact: String = chars[start..end].iter().collect();
    if exact.trim().is_empty() {
        return None;
    }
    Some(TextQuote {
        exact,
        prefix: chars[start.saturating_sub(CONTEXT)..start].iter().collect(),
        suffix: chars[end..(end + CONTEXT).min(chars.len())].iter().collect(),
    })
}

/// Whether the quote really is at `start..end` of `text` (for checking a new comment's anchor).
pub fn quote_matches(text: &str, q: &TextQuote, start: usize, end: usize) -> bool {
    let chars: Vec<char> = text.chars().collect();
    end <= chars.len() && start < end && chars[start..end].iter().collect::<String>() == q.exact
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count()
}

fn find_all(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len()).filter(|&i| hay[i..i + needle.len()] == *needle).collect()
}

/// Levenshtein distance, or `None` beyond `max`.
fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut best = i;
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
            best = best.min(cur[j]);
        }
        if best > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[b.len()] <= max).then_some(prev[b.len()])
}

/// A candidate position for a quote in one paragraph, and how sure we are.
#[derive(Clone, Copy, Debug)]
struct Found {
    start: usize,
    end: usize,
    /// Context characters that matched (higher is better).
    score: usize,
    /// Distance from the original offset (lower is better among equals).
    drift: usize,
}

/// Context on one side "holds" when enough of it matches: all of a short context, or at least
/// eight characters of a long one. An empty stored context holds only at the paragraph's edge.
fn holds(stored: usize, matched: usize, at_edge: bool) -> bool {
    if stored == 0 {
        at_edge
    } else {
        matched >= stored.min(8)
    }
}

fn find_in(text: &[char], q: &TextQuote, original: Option<usize>) -> Option<Found> {
    let exact: Vec<char> = q.exact.chars().collect();
    let prefix: Vec<char> = q.prefix.chars().collect();
    let suffix: Vec<char> = q.suffix.chars().collect();
    let drift = |s: usize| original.map(|o| o.abs_diff(s)).unwrap_or(0);
    let mut best: Option<Found> = None;
    let consider = |best: &mut Option<Found>, f: Found| {
        let better = match best {
            None => true,
            Some(b) => f.score > b.score || (f.score == b.score && f.drift < b.drift),
        };
        if better {
            *best = Some(f);
        }
    };
    // 1. The exact words, with context on at least one side (or long enough to stand alone).
    for start in find_all(text, &exact) {
        let end = start + exact.len();
        let before = common_suffix(&prefix, &text[..start]);
        let after = common_prefix(&suffix, &text[end..]);
        let ok = holds(prefix.len(), before, start == 0) || holds(suffix.len(), after, end == text.len()) || exact.len() >= 30;
        if ok {
            consider(&mut best, Found { start, end, score: before + after + 1000, drift: drift(start) });
        }
    }
    if best.is_some() {
        return best;
    }
    // 2. Nearly the words (an edit inside the quote), held by its context on both sides.
    let max = (exact.len() / 8).max(1);
    if prefix.len() >= 4 && suffix.len() >= 4 {
        for p in find_all(text, &prefix) {
            let from = p + prefix.len();
            for s in find_all(&text[from..], &suffix) {
                let mid = &text[from..from + s];
                if let Some(d) = distance(mid, &exact, max) {
                    consider(&mut best, Found { start: from, end: from + s, score: 500 - d, drift: drift(from) });
                }
            }
        }
    }
    best
}

/// Where `anchor` belongs in a version with these `(paragraph id, text)` paragraphs.
pub fn place(anchor: &Anchor, paragraphs: &[(&str, &str)]) -> Placement {
    let Some(pid) = anchor.paragraph_id.as_deref() else { return Placement::Draft };
    let same = paragraphs.iter().find(|(id, _)| *id == pid);
    let Some(q) = &anchor.quote else {
        return match same {
            Some((id, _)) => Placement::Paragraph { paragraph_id: (*id).to_owned() },
            None => Placement::EarlierVersion,
        };
    };
    let phrase = |id: &str, f: Found| Placement::Phrase { paragraph_id: id.to_owned(), start: f.start as u32, end: f.end as u32 };
    // The same paragraph first.
    if let Some((id, text)) = same {
        let chars: Vec<char> = text.chars().collect();
        if let Some(f) = find_in(&chars, q, anchor.start.map(|s| s as usize)) {
            return phrase(id, f);
        }
        // The words are still in their own paragraph, only their surroundings changed: they
        // stay here, at the occurrence nearest where they were. A copy of them elsewhere
        // (with the old context around it, or not) never takes a comment from its paragraph.
        let exact: Vec<char> = q.exact.chars().collect();
        let original = anchor.start.map_or(0, |s| s as usize);
        if let Some(start) = find_all(&chars, &exact).into_iter().min_by_key(|&s| (original.abs_diff(s), s)) {
            return phrase(id, Found { start, end: start + exact.len(), score: 0, drift: 0 });
        }
    }
    // Then anywhere else (a paragraph moved, split or merged): a single best place, or none.
    let mut found: Vec<(&str, Found)> = paragraphs
        .iter()
        .filter(|(id, _)| Some(*id) != same.map(|s| s.0))
        .filter_map(|(id, text)| {
            let chars: Vec<char> = text.chars().collect();
            find_in(&chars, q, None).map(|f| (*id, f))
        })
        .collect();
    found.sort_by(|a, b| b.1.score.cmp(&a.1.score));
    match found.as_slice() {
        [] => Placement::EarlierVersion,
        [(id, f)] => phrase(id, *f),
        [(id, f), (_, g), ..] if f.score > g.score => phrase(id, *f),
        // Equally good in two places: guessing could attach it to the wrong words.
        _ => Placement::EarlierVersion,
    }
}

/// What a reader points at: a paragraph, or a phrase inside it. The app keeps it in the URL
/// fragment (`#<paragraph>` or `#<paragraph>@<start>-<end>`) so every view of a draft can be
/// linked to and survives a reload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub pid: String,
    /// Character offsets of a phrase in the paragraph.
    pub range: Option<(u32, u32)>,
}

impl Target {
    pub fn paragraph(pid: impl Into<String>) -> Target {
        Target { pid: pid.into(), range: None }
    }

    /// Reads a fragment written by [`Target::fragment`]; anything else (a comment's link
    /// `comment-…`, an empty or malformed fragment) is not a target.
    pub fn parse(fragment: &str) -> Option<Target> {
        if fragment.is_empty() || fragment.starts_with("comment-") {
            return None;
        }
        match fragment.split_once('@') {
            None => Some(Target::paragraph(fragment)),
            Some((pid, range)) => {
                let (a, b) = range.split_once('-')?;
                let (start, end): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
                (!pid.is_empty() && start < end).then(|| Target { pid: pid.to_owned(), range: Some((start, end)) })
            }
        }
    }

    pub fn fragment(&self) -> String {
        match self.range {
            None => self.pid.clone(),
            Some((s, e)) => format!("{}@{s}-{e}", self.pid),
        }
    }
}

/// A run of a paragraph's characters and, when commented phrases cover it, the extent of
/// those phrases (from the earliest start to the latest end), which is what a click on the
/// highlight opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: u32,
    pub end: u32,
    pub covered_by: Option<(u32, u32)>,
}

/// Cuts a paragraph of `len` characters at every phrase boundary, so overlapping phrases
/// highlight without nesting. Ranges outside the paragraph are clipped; empty ones ignored.
pub fn segments(len: u32, phrases: &[(u32, u32)]) -> Vec<Segment> {
    let phrases: Vec<(u32, u32)> = phrases.iter().map(|&(s, e)| (s.min(len), e.min(len))).filter(|(s, e)| s < e).collect();
    let mut cuts: Vec<u32> = phrases.iter().flat_map(|&(s, e)| [s, e]).chain([0, len]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let over: Vec<&(u32, u32)> = phrases.iter().filter(|(s, e)| *s < end && *e > start).collect();
            let covered_by = (!over.is_empty())
                .then(|| (over.iter().map(|p| p.0).min().unwrap_or(start), over.iter().map(|p| p.1).max().unwrap_or(end)));
            Segment { start, end, covered_by }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const P1: &str = "مهلت اظهارنظر درباره پیش‌نویس دستورالعمل‌ها دو هفته است و پس از آن نظرها بررسی می‌شود.";
    const P2: &str = "درخواست‌های صدور مجوز از طریق پنجره واحد «وفا» ثبت می‌شود.";

    fn anchor_on(text: &str, pid: &str, phrase: &str) -> Anchor {
        let start = text.find(phrase).map(|b| text[..b].chars().count()).unwrap();
        let end = start + phrase.chars().count();
        Anchor { paragraph_id: Some(pid.into()), quote: quote_of(text, start, end), start: Some(start as u32), end: Some(end as u32) }
    }

    fn placed_text(p: &Placement, paras: &[(&str, &str)]) -> Option<String> {
        match p {
            Placement::Phrase { paragraph_id, start, end } => {
                let text = paras.iter().find(|(id, _)| id == paragraph_id)?.1;
                Some(text.chars().skip(*start as usize).take((*end - *start) as usize).collect())
            }
            _ => None,
        }
    }

    #[test]
    fn unchanged_text_places_where_it_was() {
        let a = anchor_on(P1, "a1-p1", "دو هفته");
        let paras = [("a1-p1", P1), ("a2-p1", P2)];
        assert_eq!(placed_text(&place(&a, &paras), &paras).as_deref(), Some("دو هفته"));
        assert!(quote_matches(P1, a.quote.as_ref().unwrap(), a.start.unwrap() as usize, a.end.unwrap() as usize));
    }

    #[test]
    fn an_edit_before_the_quote_moves_it() {
        let a = anchor_on(P1, "a1-p1", "دو هفته");
        let v2 = "مهلت اظهارنظر شهروندان و اصناف درباره پیش‌نویس دستورالعمل‌ها دو هفته است و پس از آن نظرها بررسی می‌شود.";
        let paras = [("a1-p1", v2)];
        let p = place(&a, &paras);
        assert_eq!(placed_text(&p, &paras).as_deref(), Some("دو هفته"));
        if let Placement::Phrase { start, .. } = p {
            assert!(start > a.start.unwrap());
        }
    }

    #[test]
    fn an_edit_after_the_quote_keeps_it() {
        let a = anchor_on(P1, "a1-p1", "پیش‌نویس دستورالعمل‌ها");
        let v2 = "مهلت اظهارنظر درباره پیش‌نویس دستورالعمل‌ها سه هفته است.";
        let paras = [("a1-p1", v2)];
        assert_eq!(placed_text(&place(&a, &paras), &paras).as_deref(), Some("پیش‌نویس دستورالعمل‌ها"));
    }

    #[test]
    fn a_small_edit_inside_the_quote_is_followed_when_its_context_holds() {
        let a = anchor_on(P1, "a1-p1", "درباره پیش‌نویس دستورالعمل‌ها دو هفته است");
        let v2 = "مهلت اظهارنظر درباره پیش‌نویس دستورالعمل‌ها سه هفته است و پس از آن نظرها بررسی می‌شود.";
        let paras = [("a1-p1", v2)];
        assert_eq!(placed_text(&place(&a, &paras), &paras).as_deref(), Some("درباره پیش‌نویس دستورالعمل‌ها سه هفته است"));
    }

    #[test]
    fn a_rewritten_quote_becomes_an_orphan_not_a_wrong_attachment() {
        let a = anchor_on(P1, "a1-p1", "دو هفته");
        let v2 = "نظرها تا پایان ماه پذیرفته و سپس بررسی می‌شوند.";
        assert_eq!(place(&a, &[("a1-p1", v2), ("a2-p1", P2)]), Placement::EarlierVersion);
    }

    #[test]
    fn a_moved_paragraph_is_found_by_its_quote() {
        let a = anchor_on(P2, "a2-p1", "پنجره واحد «وفا»");
        // The paragraph now lives under another id (the article was renumbered).
        let paras = [("a1-p1", P1), ("a3-p1", P2)];
        let p = place(&a, &paras);
        assert_eq!(p, Placement::Phrase { paragraph_id: "a3-p1".into(), start: a.start.unwrap(), end: a.end.unwrap() });
    }

    #[test]
    fn a_split_paragraph_keeps_the_quote_in_its_half() {
        let a = anchor_on(P1, "a1-p1", "نظرها بررسی می‌شود");
        let first = "مهلت اظهارنظر درباره پیش‌نویس دستورالعمل‌ها دو هفته است.";
        let second = "پس از آن نظرها بررسی می‌شود.";
        let paras = [("a1-p1", first), ("a1-p2", second)];
        let p = place(&a, &paras);
        assert_eq!(placed_text(&p, &paras).as_deref(), Some("نظرها بررسی می‌شود"));
        assert!(matches!(p, Placement::Phrase { ref paragraph_id, .. } if paragraph_id == "a1-p2"));
    }

    #[test]
    fn a_deleted_paragraph_orphans_its_comments() {
        let whole = Anchor { paragraph_id: Some("a2-p1".into()), quote: None, start: None, end: None };
        assert_eq!(place(&whole, &[("a1-p1", P1)]), Placement::EarlierVersion);
        let phrase = anchor_on(P2, "a2-p1", "صدور مجوز");
        assert_eq!(place(&phrase, &[("a1-p1", P1)]), Placement::EarlierVersion);
        let draft = Anchor { paragraph_id: None, quote: None, start: None, end: None };
        assert_eq!(place(&draft, &[]), Placement::Draft);
    }

    #[test]
    fn a_quote_that_appears_twice_goes_where_its_context_fits() {
        let text = "بند الف: مدت دو هفته است. بند ب: مدت دو هفته است و تمدید نمی‌شود.";
        let a = anchor_on(text, "p", "بند ب: مدت دو هفته");
        let second = Anchor {
            quote: Some(TextQuote { exact: "دو هفته".into(), ..a.quote.clone().unwrap() }),
            ..a.clone()
        };
        let q = second.quote.as_ref().unwrap();
        // Context of the second occurrence.
        let start = text.rfind("دو هفته").map(|b| text[..b].chars().count()).unwrap();
        let fixed = quote_of(text, start, start + 7).unwrap();
        let b = Anchor { quote: Some(fixed), start: Some(start as u32), end: Some(start as u32 + 7), ..second.clone() };
        assert_ne!(q.prefix, b.quote.as_ref().unwrap().prefix);
        assert_eq!(place(&b, &[("p", text)]), Placement::Phrase { paragraph_id: "p".into(), start: start as u32, end: start as u32 + 7 });
    }

    #[test]
    fn the_same_quote_equally_good_in_two_other_paragraphs_is_not_guessed() {
        let a = Anchor {
            paragraph_id: Some("gone".into()),
            quote: Some(TextQuote { exact: "دو هفته".into(), prefix: "مدت ".into(), suffix: " است".into() }),
            start: Some(4),
            end: Some(11),
        };
        let paras = [("x", "مدت دو هفته است."), ("y", "مدت دو هفته است.")];
        assert_eq!(place(&a, &paras), Placement::EarlierVersion);
    }

    #[test]
    fn quotes_are_built_in_characters() {
        let q = quote_of("ab پیش‌نویس cd", 3, 11).unwrap();
        assert_eq!(q.exact, "پیش‌نویس");
        assert_eq!(q.prefix, "ab ");
        assert_eq!(q.suffix, " cd");
        assert!(quote_of("abc", 2, 2).is_none());
        assert!(quote_of("abc", 1, 9).is_none());
        assert!(quote_of("a   b", 1, 3).is_none());
    }

    #[test]
    fn targets_round_trip_through_fragments() {
        for t in [Target::paragraph("a1-p2"), Target { pid: "x".into(), range: Some((3, 9)) }] {
            assert_eq!(Target::parse(&t.fragment()), Some(t));
        }
        for bad in ["", "comment-c001", "p@9-3", "p@3-3", "p@x-3", "@1-3", "p@1", "p@-1-3"] {
            assert_eq!(Target::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn segments_cut_at_every_phrase_boundary() {
        assert_eq!(segments(10, &[]), vec![Segment { start: 0, end: 10, covered_by: None }]);
        assert_eq!(segments(0, &[(0, 3)]), vec![]);
        let got = segments(10, &[(2, 5), (4, 8), (20, 30), (6, 6)]);
        let want = vec![
            Segment { start: 0, end: 2, covered_by: None },
            Segment { start: 2, end: 4, covered_by: Some((2, 5)) },
            Segment { start: 4, end: 5, covered_by: Some((2, 8)) },
            Segment { start: 5, end: 8, covered_by: Some((4, 8)) },
            Segment { start: 8, end: 10, covered_by: None },
        ];
        assert_eq!(got, want);
        // A phrase running past the end is clipped, not dropped.
        assert_eq!(segments(4, &[(2, 9)]).last(), Some(&Segment { start: 2, end: 4, covered_by: Some((2, 4)) }));
    }

    #[test]
    fn a_copy_elsewhere_never_takes_a_comment_from_its_own_paragraph() {
        // The case: "abc def ghi" stays in a-p1 (with new words around it) and is
        // also added to a-p2 with the old context.
        let old = "one two abc def ghi three four five six seven";
        let a = anchor_on(old, "a-p1", "abc def ghi");
        let new_p1 = "changed words before abc def ghi and after it too";
        let new_p2 = "one two abc def ghi three four five six seven";
        let placed = place(&a, &[("a-p1", new_p1), ("a-p2", new_p2)]);
        assert_eq!(placed, Placement::Phrase { paragraph_id: "a-p1".into(), start: 21, end: 32 });
    }

    use proptest::prelude::*;

    /// Paragraphs of words from a small vocabulary, so phrases repeat within and across them.
    fn paragraph() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(0u8..6, 4..24)
    }

    fn text_of(words: &[u8]) -> String {
        const W: [&str; 6] = ["مهلت", "نظر", "پیش‌نویس", "بند", "abc", "def"];
        words.iter().map(|&w| W[w as usize]).collect::<Vec<_>>().join(" ")
    }

    /// Character offsets of word `i` to word `j` (exclusive) of `words`.
    fn span(words: &[u8], i: usize, j: usize) -> (usize, usize) {
        let before = text_of(&words[..i]);
        let start = if i == 0 { 0 } else { before.chars().count() + 1 };
        let phrase = text_of(&words[i..j]);
        (start, start + phrase.chars().count())
    }

    proptest! {
        /// Whatever else a new version does (edits around the phrase, the same words copied
        /// into other paragraphs, paragraphs moved), a comment whose own paragraph still
        /// holds its words is placed in that paragraph, on those words.
        #[test]
        fn its_own_paragraph_keeps_a_comment_while_it_holds_the_words(
            own in paragraph(),
            others in prop::collection::vec(paragraph(), 0..4),
            at in 0usize..20, len in 1usize..4,
            edit_before in prop::collection::vec(0u8..6, 0..4),
            edit_after in prop::collection::vec(0u8..6, 0..4),
            copies in prop::collection::vec(0usize..5, 0..3),
            reverse in any::<bool>(),
        ) {
            let i = at % own.len();
            let j = (i + len).min(own.len());
            let text = text_of(&own);
            let (start, end) = span(&own, i, j);
            let q = quote_of(&text, start, end).unwrap();
            let anchor = Anchor { paragraph_id: Some("own".into()), quote: Some(q.clone()), start: Some(start as u32), end: Some(end as u32) };
            // The new version: words added before and after the phrase in its paragraph...
            let mut new_own = edit_before.clone();
            new_own.extend_from_slice(&own[i..j]);
            new_own.extend_from_slice(&edit_after);
            let new_own_text = text_of(&new_own);
            // ...and the old paragraph, or the phrase with its old context, copied elsewhere.
            let mut paras: Vec<(String, String)> = others.iter().enumerate().map(|(k, p)| (format!("o{k}"), text_of(p))).collect();
            for (k, c) in copies.iter().enumerate() {
                let copy = if c % 2 == 0 { text.clone() } else { format!("{} {}", q.prefix, q.exact) };
                paras.insert((*c).min(paras.len()), (format!("copy{k}"), copy));
            }
            paras.push(("own".into(), new_own_text.clone()));
            if reverse {
                paras.reverse();
            }
            let refs: Vec<(&str, &str)> = paras.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            match place(&anchor, &refs) {
                Placement::Phrase { paragraph_id, start, end } => {
                    prop_assert_eq!(paragraph_id, "own");
                    let placed: String = new_own_text.chars().skip(start as usize).take((end - start) as usize).collect();
                    prop_assert_eq!(placed, q.exact.clone());
                }
                other => prop_assert!(false, "placed {:?}", other),
            }
        }

        /// When nothing changed in its paragraph, a comment is on exactly the words it was
        /// made on, even where the same words repeat in that paragraph and elsewhere.
        #[test]
        fn an_unchanged_paragraph_keeps_the_very_occurrence(
            own in paragraph(),
            others in prop::collection::vec(paragraph(), 0..4),
            at in 0usize..20, len in 1usize..4,
        ) {
            let i = at % own.len();
            let j = (i + len).min(own.len());
            let text = text_of(&own);
            let (start, end) = span(&own, i, j);
            let q = quote_of(&text, start, end).unwrap();
            let anchor = Anchor { paragraph_id: Some("own".into()), quote: Some(q), start: Some(start as u32), end: Some(end as u32) };
            let mut paras: Vec<(String, String)> = others.iter().enumerate().map(|(k, p)| (format!("o{k}"), text_of(p))).collect();
            paras.push(("own".into(), text.clone()));
            paras.push(("dup".into(), text.clone()));
            let refs: Vec<(&str, &str)> = paras.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            prop_assert_eq!(place(&anchor, &refs), Placement::Phrase { paragraph_id: "own".into(), start: start as u32, end: end as u32 });
        }
    }
}
