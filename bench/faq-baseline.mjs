// The peers miz's FAQ search is measured against, on the same files as
// `cargo run --release -p miz-core --example faq_eval -- <corpus.json> <queries.jsonl>`:
// MiniSearch and Fuse.js, each configured as its documentation recommends for fuzzy prefix
// search. Prints, for each peer, its name and then a line of the same form as miz's:
// `recall@1 0.83 recall@3 0.93 mrr 0.88 n 30`.
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import Fuse from 'fuse.js';

const [corpusPath, queriesPath] = process.argv.slice(2);
if (!corpusPath || !queriesPath) {
  console.error('usage: node bench/faq-baseline.mjs <corpus.json> <queries.jsonl>');
  process.exit(2);
}
const raw = JSON.parse(readFileSync(corpusPath, 'utf8'));
const entries = Array.isArray(raw) ? raw : raw.entries;
const queries = readFileSync(queriesPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

function evaluate(name, search) {
  let at1 = 0, at3 = 0, rr = 0;
  for (const q of queries) {
    const ids = search(q.q).slice(0, 10);
    const i = ids.findIndex((id) => q.relevant.includes(id));
    if (i === 0) at1++;
    if (i >= 0 && i < 3) at3++;
    if (i >= 0) rr += 1 / (i + 1);
  }
  const n = queries.length || 1;
  console.log(name);
  console.log(`recall@1 ${(at1 / n).toFixed(2)} recall@3 ${(at3 / n).toFixed(2)} mrr ${(rr / n).toFixed(2)} n ${queries.length}`);
}

// MiniSearch: "prefix: true" and "fuzzy: 0.2" are the documented options for search-as-you-type
// with typo tolerance; boosting the question as the README's example boosts the title.
const mini = new MiniSearch({
  fields: ['question', 'answer', 'category'],
  storeFields: ['id'],
  searchOptions: { prefix: true, fuzzy: 0.2, boost: { question: 2 } },
});
mini.addAll(entries);
evaluate('minisearch', (q) => mini.search(q).map((r) => r.id));

// Fuse.js: weighted keys and ignoreLocation, as its docs advise for matching anywhere in longer
// text; the default threshold (0.6) is its fuzzy setting.
const fuse = new Fuse(entries, {
  keys: [{ name: 'question', weight: 2 }, 'answer', 'category'],
  includeScore: true,
  ignoreLocation: true,
});
evaluate('fuse.js', (q) => fuse.search(q).map((r) => r.item.id));
