// A large FAQ made of a real one's words, the same recombination as
// crates/core/benches/faq_search.rs, so the browser benchmarks and the Rust one measure the
// same kind of corpus.
export function generated(base, n) {
  const words = base.flatMap((e) => (e.question + ' ' + e.answer).split(/\s+/));
  let s = 0x2545f4914f6cdd1dn;
  const next = (m) => {
    s ^= (s << 13n) & 0xffffffffffffffffn;
    s ^= s >> 7n;
    s ^= (s << 17n) & 0xffffffffffffffffn;
    return Number(s % BigInt(m));
  };
  return Array.from({ length: n }, (_, i) => ({
    id: 'g' + i,
    category: base[next(base.length)].category,
    question: Array.from({ length: 6 + next(6) }, () => words[next(words.length)]).join(' ') + '؟',
    answer: Array.from({ length: 25 + next(40) }, () => words[next(words.length)]).join(' ') + '.',
  }));
}
