//! Word-level differences between two versions of a text, for the "what changed" view: the
//! words kept, removed and added, in reading order. Whitespace stays with the word before it,
//! so joining the pieces gives back each version exactly.

use crate::json::FromJson;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Removed,
    Added,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJson)]
pub struct Piece {
    pub change: Change,
    pub text: String,
}

/// Words with their trailing whitespace: `["مهلت ", "دو ", "هفته"]`.
fn words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in s.char_indices() {
        let space = c.is_whitespace();
        if in_space && !space {
            out.push(&s[start..i]);
            start = i;
        }
        in_space = space;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Longer texts than this (in words, per side) are compared as one replaced block: the
/// table is n×m, and a paragraph is far shorter.
const MAX_WORDS: usize = 4000;

pub fn diff(old: &str, new: &str) -> Vec<Piece> {
    let a = words(old);
    let b = words(new);
    let mut out: Vec<Piece> = Vec::new();
    let mut push = |change: Change, text: &str| match out.last_mut() {
        Some(last) if last.change == change => last.text.push_str(text),
        _ => out.push(Piece { change, text: text.to_owned() }),
    };
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        if !old.is_empty() {
            push(Change::Removed, old);
        }
        if !new.is_empty() {
            push(Change::Added, new);
        }
        return out;
    }
    // Words compare without their trailing space, so a re-spaced word is not a change.
    let key = |w: &str| w.trim_end().to_owned();
    let (ka, kb): (Vec<String>, Vec<String>) = (a.iter().map(|w| key(w)).collect(), b.iter().map(|w| key(w)).collect());
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if ka[i] == kb[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && ka[i] == kb[j] {
            push(Change::Same, b[j]);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            push(Change::Added, b[j]);
            j += 1;
        } else {
            push(Change::Removed, a[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(pieces: &[Piece], keep: Change) -> String {
        pieces.iter().filter(|p| p.change == Change::Same || p.change == keep).map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn a_changed_word_is_removed_and_added() {
        let d = diff("مهلت دو هفته است.", "مهلت سه هفته است.");
        assert_eq!(
            d,
            vec![
                Piece { change: Change::Same, text: "مهلت ".into() },
                Piece { change: Change::Added, text: "سه ".into() },
                Piece { change: Change::Removed, text: "دو ".into() },
                Piece { change: Change::Same, text: "هفته است.".into() },
            ]
        );
    }

    #[test]
    fn both_versions_can_be_rebuilt() {
        let old = "ماده ۱ - مهلت اظهارنظر دو هفته است و نظرها بررسی می‌شود.";
        let new = "ماده ۱ - مهلت اظهارنظر شهروندان سه هفته است؛ نظرها بررسی و پاسخ داده می‌شود.";
        let d = diff(old, new);
        assert_eq!(side(&d, Change::Removed), old);
        assert_eq!(side(&d, Change::Added), new);
    }

    #[test]
    fn identical_and_empty_texts() {
        assert_eq!(diff("یک دو", "یک دو"), vec![Piece { change: Change::Same, text: "یک دو".into() }]);
        assert_eq!(diff("", "تازه"), vec![Piece { change: Change::Added, text: "تازه".into() }]);
        assert_eq!(diff("کهنه", ""), vec![Piece { change: Change::Removed, text: "کهنه".into() }]);
        assert!(diff("", "").is_empty());
    }

    #[test]
    fn huge_texts_do_not_blow_up() {
        let old = "واژه ".repeat(5000);
        let new = "واژه ".repeat(5001);
        let d = diff(&old, &new);
        assert_eq!(side(&d, Change::Added), new);
    }
}
