//! Measures FAQ search quality: `faq_eval <corpus.json> <queries.jsonl>`.
//!
//! The corpus is a JSON list of entries (`id`, `category`, `question`, `answer`), or an object
//! `{ "entries": [...], "synonyms": [[...], ...] }` as `GET /faq` serves it. Each query line is
//! `{"q": "...", "relevant": ["f09", ...]}`. Prints every query whose answer is not ranked
//! first, with what was ranked instead, then one line:
//! `recall@1 0.83 recall@3 0.93 mrr 0.88 n 30` (MRR counts ranks 1 to 10).

use miz_core::search::{FaqEntry, Index};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(untagged)]
enum Corpus {
    List(Vec<FaqEntry>),
    Doc {
        entries: Vec<FaqEntry>,
        #[serde(default)]
        synonyms: Vec<Vec<String>>,
    },
}

#[derive(Deserialize)]
struct Query {
    q: String,
    relevant: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: faq_eval <corpus.json> <queries.jsonl>");
        std::process::exit(2);
    }
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    let (entries, synonyms) = match serde_json::from_str::<Corpus>(&read(&args[0])).expect("corpus JSON") {
        Corpus::List(e) => (e, Vec::new()),
        Corpus::Doc { entries, synonyms } => (entries, synonyms),
    };
    let queries: Vec<Query> = read(&args[1])
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("query line {l}: {e}")))
        .collect();
    let index = Index::build(entries, &synonyms);
    let (mut at1, mut at3, mut rr) = (0usize, 0usize, 0f64);
    for q in &queries {
        let hits = index.search(&q.q, 10);
        let ids: Vec<&str> = hits.iter().map(|h| index.entries()[h.entry].id.as_str()).collect();
        let rank = ids.iter().position(|id| q.relevant.iter().any(|r| r == id)).map(|p| p + 1);
        match rank {
            Some(1) => {}
            _ => {
                let shown = match rank {
                    Some(r) => format!("rank {r}"),
                    None => "not in the top 10".to_owned(),
                };
                println!("miss: {:?} (wanted {}; {shown})", q.q, q.relevant.join(","));
                for h in hits.iter().take(3) {
                    let e = &index.entries()[h.entry];
                    println!("    {:>6.2} {} {}", h.score, e.id, e.question);
                }
            }
        }
        if rank == Some(1) {
            at1 += 1;
        }
        if rank.is_some_and(|r| r <= 3) {
            at3 += 1;
        }
        if let Some(r) = rank {
            rr += 1.0 / r as f64;
        }
    }
    let n = queries.len().max(1) as f64;
    println!(
        "recall@1 {:.2} recall@3 {:.2} mrr {:.2} n {}",
        at1 as f64 / n,
        at3 as f64 / n,
        rr / n,
        queries.len()
    );
}
