// The FAQ page with 5,000 entries in Debian Chromium on a phone-sized viewport, at full speed
// and with the CPU slowed 4x (a cheap phone), while a citizen types queries letter by letter.
// Run by `cargo xtask bench-faq`, which starts the server and passes its URL and admin token.
//
// Reports, over every keystroke of every query (Event Timing API, all key and input events):
//   ready     navigation start → the search box usable with all 5,000 entries indexed
//   p50/p95/max  keystroke → next paint (input delay + handlers + rendering)
//   long      total long-task time (>50 ms) while typing
import { launch, phonePage } from './phone.mjs';
import { readFileSync } from 'node:fs';
import { generated } from './faq-generate.mjs';

const [base, token, corpusPath] = process.argv.slice(2);
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
const entries = generated(Array.isArray(corpus) ? corpus : corpus.entries, 5000);
const QUERIES = ['تیکت کنسرت', 'مجوز نشر کتاب', 'ساعت کار موزه', 'پیگیری شکایت', 'بلیت', 'اعتراض به پاسخ'];

const t = Date.now();
for (let i = 0; i < entries.length; i += 50) {
  await Promise.all(
    entries.slice(i, i + 50).map((e) =>
      fetch(`${base}/api/v1/admin/faq/${e.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ category: e.category, question: e.question, answer: e.answer }),
      }).then((r) => {
        if (!r.ok) throw new Error(`PUT faq ${e.id}: ${r.status}`);
      }),
    ),
  );
}
const doc = await (await fetch(`${base}/api/v1/faq`)).json();
console.log(`seeded: the FAQ has ${doc.entries.length} entries (${((Date.now() - t) / 1000).toFixed(1)} s)`);

const browser = await launch();
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);

async function run(cpu) {
  const { context, page } = await phonePage(browser, cpu);
  await page.addInitScript(() => {
    window.__long = 0;
    window.__events = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long += e.duration; }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (['keydown', 'keyup', 'keypress', 'input', 'beforeinput'].includes(e.name)) window.__events.push(e.duration);
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  });
  await page.goto(`${base}/faq`);
  await page.locator('#faq-q').waitFor();
  // Usable: a query over the whole corpus answers.
  await page.locator('#faq-q').fill('کنسرت');
  await page.waitForFunction(() => document.querySelectorAll('#main a[href*="/faq/"]').length > 0, null, { timeout: 120000 });
  const ready = await page.evaluate(() => performance.now());
  await page.locator('#faq-q').fill('');
  await page.evaluate(() => { window.__long = 0; window.__events = []; });
  let keys = 0;
  for (const q of QUERIES) {
    await page.locator('#faq-q').fill('');
    await page.locator('#faq-q').focus();
    // About 5 characters a second: a quick thumb typist.
    await page.keyboard.type(q, { delay: 200 });
    keys += [...q].length;
    await page.waitForTimeout(400);
  }
  const events = await page.evaluate(() => window.__events);
  const long = await page.evaluate(() => window.__long);
  const shown = await page.locator('#main a[href*="/faq/"]').count();
  await context.close();
  // Events under the 16 ms threshold are not reported: they count as fast.
  const all = [...events, ...Array(Math.max(0, keys * 2 - events.length)).fill(8)];
  return { cpu, ready, keys, p50: pct(all, 0.5), p95: pct(all, 0.95), max: Math.max(0, ...events), long, shown };
}

for (const cpu of [1, 4]) {
  const r = await run(cpu);
  console.log(
    `FAQ 5,000 entries, CPU ${cpu}x: usable after ${r.ready.toFixed(0)} ms; ${r.keys} keystrokes: keystroke → paint ` +
      `p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, max ${r.max.toFixed(0)} ms; long tasks while typing ${r.long.toFixed(0)} ms; ` +
      `${r.shown} results shown for the last query`,
  );
}
await browser.close();
