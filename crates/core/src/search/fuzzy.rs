//! Bounded edit distance for typo tolerance.

/// How many typos a word of `len` characters may carry and still match: none for short words
/// (too many false friends), one from four letters, two from eight.
pub fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transposition) between `a`
/// and `b`, or `None` when it exceeds `max`. Stops early, so a scan over a vocabulary is cheap.
pub fn distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    if n == 0 || m == 0 {
        return (n.max(m) <= max).then_some(n.max(m));
    }
    // Three rows: the one before the previous (for transpositions), the previous, the current.
    // On the stack for words of ordinary length: this runs once per vocabulary word per query.
    const STACK: usize = 48;
    let (mut s2, mut s1, mut s0) = ([0usize; STACK], [0usize; STACK], [0usize; STACK]);
    let (mut h2, mut h1, mut h0);
    let (prev2, prev, cur): (&mut [usize], &mut [usize], &mut [usize]) = if m < STACK {
        (&mut s2[..=m], &mut s1[..=m], &mut s0[..=m])
    } else {
        h2 = vec![0usize; m + 1];
        h1 = vec![0usize; m + 1];
        h0 = vec![0usize; m + 1];
        (&mut h2[..], &mut h1[..], &mut h0[..])
    };
    let (mut prev2, mut prev, mut cur) = (prev2, prev, cur);
    for (j, v) in prev.iter_mut().enumerate() {
        *v = j;
    }
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[m];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance_within(&a, &b, max)
    }

    #[test]
    fn counts_edits() {
        assert_eq!(d("شکایت", "شکایت", 2), Some(0));
        assert_eq!(d("شکایط", "شکایت", 2), Some(1));
        assert_eq!(d("شکیات", "شکایت", 2), Some(1)); // transposition
        assert_eq!(d("شکات", "شکایت", 2), Some(1)); // deletion
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("", "ab", 2), Some(2));
        assert_eq!(d("abc", "", 2), None);
    }

    #[test]
    fn typo_budget_grows_with_length() {
        assert_eq!(allowed_typos(3), 0);
        assert_eq!(allowed_typos(5), 1);
        assert_eq!(allowed_typos(9), 2);
    }
}
