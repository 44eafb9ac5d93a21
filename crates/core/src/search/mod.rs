//! FAQ search that forgives how people type Persian on phones. Built in the browser from
//! `GET /faq` (no server search to depend on) and natively for tests and benchmarks.
//!
//! A query word matches an index word, best first, when it is the same word; the same stem
//! (`شکایتم`/`شکایت`); a spoken form of it (`میکشه`/`میکشد`); a synonym (`بلیط`/`بلیت`); the
//! same sound (`شکایط`/`شکایت`); within a typo budget scaled to its length; or, for the word
//! being typed, a prefix of it. Each kind of match carries a quality; a document's score sums,
//! over the query's words, quality × field weight (question over category over answer) ×
//! rarity (idf), and rewards documents that match more of the query.

mod fuzzy;
mod morph;
mod synonyms;

pub use morph::{sound_key, stems, written_forms};
pub use synonyms::DEFAULT_GROUPS;

use crate::normalize::{tokenize, Token};
use crate::json::FromJson;
use serde::{Deserialize, Serialize};
use std::{collections::HashMap as StdHashMap, hash::BuildHasherDefault};

/// The index's maps are keyed by words from the agency's own FAQ, so a fast non-keyed hash
/// is safe; SipHash was a fifth of the build time.
type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<FxHasher>>;

/// FxHash (rustc's): a multiply-rotate per word of input.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One FAQ entry as the API serves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct FaqEntry {
    pub id: String,
    pub category: String,
    pub question: String,
    pub answer: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Question,
    Answer,
    Category,
}

impl Field {
    fn weight(self) -> f32 {
        match self {
            Field::Question => 3.0,
            Field::Category => 1.2,
            Field::Answer => 1.0,
        }
    }
}

/// A matched word in an entry: byte offsets into that field's original text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Highlight {
    pub field: Field,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, FromJson)]
pub struct Hit {
    /// Index into the entries the index was built from.
    pub entry: usize,
    pub score: f32,
    pub highlights: Vec<Highlight>,
}

#[derive(Clone, Copy, Debug)]
struct Posting {
    doc: u32,
    field: Field,
    start: u32,
    end: u32,
}

struct Term {
    text: String,
    chars: Vec<char>,
    /// `chars` with homophone letters made one (see `sound_key`).
    sound: Vec<char>,
    /// Which letters occur (a 64-bit set): `k` edits change at most `2k` bits, so most of the
    /// vocabulary is ruled out of a typo match without computing a distance.
    letters: u64,
    postings: Vec<Posting>,
    /// In how many entries the word occurs.
    df: u32,
    /// Written as one word somewhere (not only our joining of two neighbours). Only such words
    /// are completed or typo-corrected: `شکایت` must not complete to the pair `شکایت خود`.
    written: bool,
}

/// Words so common in questions that they say little about which entry is meant.
const STOPWORDS: &[&str] = &[
    "و", "در", "به", "از", "که", "را", "با", "این", "ان", "برای", "یا", "تا", "است", "هست", "می", "چه", "ایا",
    "یک", "من", "ما", "شما", "خود", "هم", "هر", "اگر", "باید", "کنم", "کنیم", "کند", "شود", "میشود", "بر",
    "چگونه", "چیست", "کجا", "چرا", "کدام", "چطور", "ای", "بدون", "دارد", "دارم", "کرد", "کرده", "شده", "بود",
];

/// Hits scoring below this share of the best hit are dropped.
const MIN_RELATIVE_SCORE: f32 = 0.2;

pub struct Index {
    entries: Vec<FaqEntry>,
    terms: Vec<Term>,
    by_text: HashMap<String, u32>,
    by_stem: HashMap<String, Vec<u32>>,
    by_sound: HashMap<String, Vec<u32>>,
    /// A word → the compounds written as one word that contain it (`نظر` → `اظهارنظر`).
    parts: HashMap<String, Vec<u32>>,
    /// The words written as one word (not joined neighbours): the ones scanned for typos
    /// and completions.
    written: Vec<u32>,
    /// Normalised word → the other words of its synonym groups.
    synonyms: HashMap<String, Vec<String>>,
    /// Question length in words, per entry (a short question that matches is a closer match).
    question_len: Vec<u16>,
}

/// How one query word met one index word.
#[derive(Clone, Copy, Debug)]
struct Match {
    term: u32,
    quality: f32,
}

impl Index {
    /// Builds the index with the default synonyms plus `extra_synonyms` (groups of words that
    /// mean the same, as the agency lists them in its FAQ data).
    pub fn build(entries: Vec<FaqEntry>, extra_synonyms: &[Vec<String>]) -> Index {
        let mut idx = Index {
            entries: Vec::new(),
            terms: Vec::new(),
            by_text: HashMap::default(),
            by_stem: HashMap::default(),
            by_sound: HashMap::default(),
            parts: HashMap::default(),
            written: Vec::new(),
            synonyms: HashMap::default(),
            question_len: Vec::new(),
        };
        for (doc, e) in entries.iter().enumerate() {
            let doc = doc as u32;
            for (field, text) in [(Field::Question, &e.question), (Field::Answer, &e.answer), (Field::Category, &e.category)] {
                let tokens = tokenize(text);
                if field == Field::Question {
                    idx.question_len.push(tokens.len().min(u16::MAX as usize) as u16);
                }
                for t in &tokens {
                    idx.add(&t.norm, doc, field, t.start, t.end, true);
                }
                // Compounds written apart (`پیش نویس`) are also indexed joined, so they meet
                // the joined and half-spaced spellings.
                for pair in tokens.windows(2) {
                    // Compounds are short parts (`پیش نویس`, `ثبت نام`, `دستور العمل`); joining
                    // every pair of long words would double the index for nothing.
                    let len = pair[0].norm.chars().count() + pair[1].norm.chars().count();
                    if len <= 10 && is_letters(&pair[0].norm) && is_letters(&pair[1].norm) {
                        let joined = format!("{}{}", pair[0].norm, pair[1].norm);
                        idx.add(&joined, doc, field, pair[0].start, pair[1].end, false);
                    }
                }
            }
        }
        idx.entries = entries;
        for (i, t) in idx.terms.iter_mut().enumerate() {
            let mut docs: Vec<u32> = t.postings.iter().map(|p| p.doc).collect();
            docs.dedup();
            t.df = docs.len() as u32;
            // Joined neighbours are only ever met whole; stemming them would cost most of
            // the build for nothing.
            if !t.written {
                continue;
            }
            idx.written.push(i as u32);
            for s in stems(&t.text) {
                idx.by_stem.entry(s).or_default().push(i as u32);
            }
            idx.by_sound.entry(sound_key(&t.text)).or_default().push(i as u32);
        }
        idx.split_compounds();
        let groups = DEFAULT_GROUPS
            .iter()
            .map(|g| g.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>())
            .chain(extra_synonyms.iter().cloned());
        for group in groups {
            let words: Vec<String> = group.iter().map(|w| squash(w)).filter(|w| !w.is_empty()).collect();
            for w in &words {
                let others = idx.synonyms.entry(w.clone()).or_default();
                for o in &words {
                    if o != w && !others.contains(o) {
                        others.push(o.clone());
                    }
                }
            }
        }
        idx
    }

    fn add(&mut self, norm: &str, doc: u32, field: Field, start: usize, end: usize, written: bool) {
        let id = match self.by_text.get(norm) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.terms.push(Term {
                    text: norm.to_owned(),
                    chars: norm.chars().collect(),
                    sound: sound_key(norm).chars().collect(),
                    letters: letter_set(norm.chars()),
                    postings: Vec::new(),
                    df: 0,
                    written: false,
                });
                self.by_text.insert(norm.to_owned(), id);
                id
            }
        };
        let term = &mut self.terms[id as usize];
        term.written |= written;
        term.postings.push(Posting { doc, field, start: start as u32, end: end as u32 });
    }

    /// Persian writes many compounds as one word (`اظهارنظر`, `ثبتنام`); a word written as
    /// two known words joined is also found by each part.
    fn split_compounds(&mut self) {
        let known = |idx: &Index, w: &[char]| {
            let w: String = w.iter().collect();
            idx.by_text.get(&w).is_some_and(|&t| idx.terms[t as usize].written)
        };
        let mut found: Vec<(String, u32)> = Vec::new();
        for &i in &self.written {
            let t = &self.terms[i as usize];
            let n = t.chars.len();
            if n < 6 || !t.text.chars().all(char::is_alphabetic) {
                continue;
            }
            for cut in 3..=n - 3 {
                let (left, right) = t.chars.split_at(cut);
                if known(self, left) && known(self, right) {
                    found.push((left.iter().collect(), i as u32));
                    found.push((right.iter().collect(), i as u32));
                }
            }
        }
        for (part, term) in found {
            let v = self.parts.entry(part).or_default();
            if !v.contains(&term) {
                v.push(term);
            }
        }
    }

    pub fn entries(&self) -> &[FaqEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How telling a query word is: rare across entries is telling. Counted over every entry
    /// the word meets in any of its forms, so a rare variant (`شکایتم`) does not outweigh the
    /// word the citizen typed (`شکایت`).
    fn unit_idf(&self, found: &[Match]) -> f32 {
        let mut docs: Vec<u32> = found
            .iter()
            .filter(|m| m.quality >= 0.7)
            .flat_map(|m| self.terms[m.term as usize].postings.iter().map(|p| p.doc))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        let n = self.entries.len() as f32;
        let df = docs.len() as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// Index words that `word` matches, with the quality of the best way it matches each.
    fn matches(&self, word: &str, is_last: bool) -> Vec<Match> {
        let mut best: HashMap<u32, f32> = HashMap::default();
        let mut note = |term: u32, q: f32| {
            let e = best.entry(term).or_insert(0.0);
            if q > *e {
                *e = q;
            }
        };
        let mut forms: Vec<(String, f32)> = vec![(word.to_owned(), 1.0)];
        forms.extend(written_forms(word));
        let direct: Vec<(String, f32)> = forms.clone();
        for (form, q) in &direct {
            if let Some(syns) = self.synonyms.get(form.as_str()) {
                forms.extend(syns.iter().map(|s| (s.clone(), q * 0.85)));
            }
            for st in stems(form) {
                if let Some(syns) = self.synonyms.get(st.as_str()) {
                    forms.extend(syns.iter().map(|s| (s.clone(), q * 0.8)));
                }
            }
        }
        for (form, q) in &forms {
            if let Some(&t) = self.by_text.get(form.as_str()) {
                note(t, *q);
            }
            for st in stems(form) {
                if let Some(ts) = self.by_stem.get(&st) {
                    for &t in ts {
                        note(t, q * 0.85);
                    }
                }
            }
            if let Some(ts) = self.by_sound.get(&sound_key(form)) {
                for &t in ts {
                    note(t, q * 0.8);
                }
            }
            if let Some(ts) = self.parts.get(form.as_str()) {
                for &t in ts {
                    note(t, q * 0.75);
                }
            }
        }
        // Typos and prefixes: a scan of the vocabulary, cheap with the length filter.
        let chars: Vec<char> = word.chars().collect();
        let budget = fuzzy::allowed_typos(chars.len());
        let key: Vec<char> = sound_key(word).chars().collect();
        let scan = budget > 0 || (is_last && chars.len() >= 2);
        let letters = letter_set(chars.iter().copied());
        for &i in self.written.iter().filter(|_| scan) {
            let t = &self.terms[i as usize];
            if budget > 0 && (letters ^ t.letters).count_ones() as usize <= 2 * budget {
                if let Some(d) = fuzzy::distance_within(&chars, &t.chars, budget).filter(|&d| d > 0) {
                    note(i, 0.75 - 0.15 * (d as f32 - 1.0));
                }
            }
            if is_last && chars.len() >= 2 && t.chars.len() > chars.len() && t.chars.starts_with(&chars) {
                // The closer the word being typed is to complete, the better the match.
                let ratio = chars.len() as f32 / t.chars.len() as f32;
                note(i, 0.7 + 0.3 * ratio);
            } else if is_last && chars.len() >= 4 && t.chars.len() > chars.len() {
                // A typo in the part typed so far.
                if fuzzy::distance_within(&key, &t.sound[..chars.len()], 1).is_some() {
                    note(i, 0.5);
                }
            }
        }
        best.into_iter().map(|(term, quality)| Match { term, quality }).collect()
    }

    /// Entries for `query`, best first, at most `limit`. The last word of a query that does not
    /// end in a space is treated as unfinished.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        // A pasted essay must not freeze the page: a question is a few dozen words.
        let query = truncate_chars(query, 400);
        let typing = query.chars().last().is_some_and(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && c != '؟' && c != '،');
        let tokens = tokenize(query);
        if tokens.is_empty() || self.entries.is_empty() {
            return Vec::new();
        }
        let units = self.query_units(&tokens);
        let n_units = units.len();
        let mut scores: HashMap<u32, DocScore> = HashMap::default();
        for (ui, unit) in units.iter().enumerate() {
            let is_last = typing && ui == n_units - 1;
            let stop = STOPWORDS.contains(&unit.as_str());
            let unit_weight = if stop { 0.15 } else { 1.0 };
            let found = self.matches(unit, is_last);
            let idf = self.unit_idf(&found);
            for m in found {
                for p in &self.terms[m.term as usize].postings {
                    let s = scores.entry(p.doc).or_insert_with(|| DocScore::new(n_units));
                    let v = m.quality * p.field.weight() * idf * unit_weight;
                    if v > s.per_unit[ui] {
                        s.per_unit[ui] = v;
                    }
                    if !stop {
                        s.highlights.push(Highlight { field: p.field, start: p.start as usize, end: p.end as usize });
                    }
                }
            }
        }
        let content_units = units.iter().filter(|u| !STOPWORDS.contains(&u.as_str())).count().max(1);
        let mut hits: Vec<Hit> = scores
            .into_iter()
            .map(|(doc, s)| {
                let matched = s.per_unit.iter().zip(&units).filter(|(v, u)| **v > 0.0 && !STOPWORDS.contains(&u.as_str())).count();
                let coverage = matched as f32 / content_units as f32;
                let sum: f32 = s.per_unit.iter().sum();
                // Shorter questions that match are closer matches.
                let qlen = self.question_len[doc as usize] as f32;
                let score = sum * (0.35 + 0.65 * coverage * coverage) / (1.0 + 0.015 * qlen);
                Hit { entry: doc as usize, score, highlights: merge_highlights(s.highlights) }
            })
            .filter(|h| h.score > 0.0)
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        // Entries far below the best are noise to a citizen reading on a phone.
        if let Some(best) = hits.first().map(|h| h.score) {
            hits.retain(|h| h.score >= best * MIN_RELATIVE_SCORE);
        }
        hits.truncate(limit);
        hits
    }

    /// Query words, with two adjacent words joined when the joined form is an index word
    /// (`ثبت نام` → `ثبتنام`), so compounds typed apart meet their joined spelling.
    fn query_units(&self, tokens: &[Token]) -> Vec<String> {
        let mut units = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if i + 1 < tokens.len() {
                let joined = format!("{}{}", tokens[i].norm, tokens[i + 1].norm);
                // Only real compounds: the joined form is written as one word somewhere.
                let known = self.by_text.get(&joined).is_some_and(|&t| self.terms[t as usize].written);
                if known {
                    units.push(joined);
                    i += 2;
                    continue;
                }
            }
            units.push(tokens[i].norm.clone());
            i += 1;
        }
        // Long queries: keep the first 32 words; the rest add time, not meaning.
        units.truncate(32);
        units
    }
}

struct DocScore {
    per_unit: Vec<f32>,
    highlights: Vec<Highlight>,
}

impl DocScore {
    fn new(n: usize) -> Self {
        DocScore { per_unit: vec![0.0; n], highlights: Vec::new() }
    }
}

fn merge_highlights(mut hs: Vec<Highlight>) -> Vec<Highlight> {
    hs.sort_by_key(|h| (h.field as u8, h.start, h.end));
    let mut out: Vec<Highlight> = Vec::new();
    for h in hs {
        if let Some(last) = out.last_mut() {
            if last.field == h.field && h.start <= last.end {
                last.end = last.end.max(h.end);
                continue;
            }
        }
        out.push(h);
    }
    out
}

fn letter_set(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0u64, |set, c| set | 1u64 << ((c as u32).wrapping_mul(0x9E37_79B9) >> 26))
}

fn is_letters(s: &str) -> bool {
    s.chars().all(|c| ('\u{0621}'..='\u{06D3}').contains(&c) || c.is_ascii_alphabetic() || (!c.is_ascii() && c.is_alphabetic()))
}

/// A synonym as the index sees it: normalised, with spaces and half-spaces removed.
fn squash(w: &str) -> String {
    tokenize(w).into_iter().map(|t| t.norm).collect::<String>()
}

fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests;
