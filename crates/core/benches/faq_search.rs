//! Index build and query time for the FAQ search: the 48-entry demo corpus and a generated
//! 5,000-entry one (entries recombined from the demo's words, so the vocabulary and word
//! lengths are realistic Persian). `cargo bench -p miz-core --bench faq_search`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use miz_core::search::{FaqEntry, Index};
use std::hint::black_box;

fn demo() -> Vec<FaqEntry> {
    serde_json::from_str(include_str!("../../server/demo/faq.json")).expect("demo FAQ")
}

/// `n` entries made from the demo's words by a fixed pseudo-random recombination.
fn generated(n: usize) -> Vec<FaqEntry> {
    let base = demo();
    let words: Vec<&str> = base.iter().flat_map(|e| e.question.split_whitespace().chain(e.answer.split_whitespace())).collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    (0..n)
        .map(|i| {
            let q: Vec<&str> = (0..6 + next(6)).map(|_| words[next(words.len())]).collect();
            let a: Vec<&str> = (0..25 + next(40)).map(|_| words[next(words.len())]).collect();
            FaqEntry {
                id: format!("g{i}"),
                category: base[next(base.len())].category.clone(),
                question: q.join(" ") + "؟",
                answer: a.join(" ") + ".",
            }
        })
        .collect()
}

const QUERIES: &[&str] = &["ثبت شکایط", "پيگيري درخواست", "مجوز نش", "چند روز طول میکشه جواب", "بلیط موزه", "کد رهگیری گم شده"];

fn bench(c: &mut Criterion) {
    for (name, entries) in [("48", demo()), ("5000", generated(5000))] {
        c.bench_with_input(BenchmarkId::new("build", name), &entries, |b, e| {
            b.iter(|| Index::build(black_box(e.clone()), &[]))
        });
        let index = Index::build(entries, &[]);
        c.bench_with_input(BenchmarkId::new("query", name), &index, |b, idx| {
            b.iter(|| {
                for q in QUERIES {
                    black_box(idx.search(black_box(q), 10));
                }
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
