// The draft reader with a long draft (300 articles, 900 paragraphs) and 3,000 comments, in
// Debian Chromium on a phone-sized viewport, at full speed and with the CPU slowed 4x (a
// cheap phone). Run by `cargo xtask bench-reader`, which starts the server and passes its URL.
//
// Reports, as medians over runs:
//   first     navigation start → the first article on screen
//   text      navigation start → every paragraph of the draft rendered
//   comments  navigation start → all comments fetched (60 pages of 50) and shown in the counts
//   open      click on a paragraph's count → its comments painted in the panel
//   long      total long-task time (>50 ms) during the load
import { launch, phonePage } from './phone.mjs';
import { bigDraft, bigComments, seed } from './big-draft.mjs';

const [base, token] = process.argv.slice(2);
const RUNS = Number(process.env.RUNS ?? 5);
const draft = bigDraft({ id: 'big', articles: 300, paragraphs: 3 });
const comments = bigComments(draft, 3000);
const t = Date.now();
await seed(base, token, draft, comments);
console.log(`seeded 300 articles, 900 paragraphs, ${comments.length} comments in ${((Date.now() - t) / 1000).toFixed(1)} s`);

const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(cpu) {
  const { context, page } = await phonePage(browser, cpu);
  // Times taken in the page as the DOM changes, so the harness's own round trips (delayed
  // while the page is busy) do not count.
  await page.addInitScript(() => {
    window.__long = 0;
    window.__t = {};
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long += e.duration; }).observe({ type: 'longtask', buffered: true });
    new MutationObserver(() => {
      const t = window.__t;
      if (!t.first && document.querySelector('.para')) t.first = performance.now();
      if (!t.text && document.querySelectorAll('.para').length >= 900) t.text = performance.now();
      if (!t.loaded && document.querySelector('.reader[data-comments=loaded]')) t.loaded = performance.now();
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-comments'] });
  });
  await page.goto(`${base}/drafts/big`);
  await page.waitForFunction(() => window.__t.text && window.__t.loaded, null, { timeout: 120000 });
  const { first, text, loaded } = await page.evaluate(() => window.__t);
  const long = await page.evaluate(() => window.__long);
  // The paragraph with the most comments, far down the draft.
  const open = await page.evaluate(async () => {
    const buttons = [...document.querySelectorAll('.para__count')];
    const n = (b) => Number((b.textContent.match(/[\d۰-۹]+/) ?? ['0'])[0].replace(/[۰-۹]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));
    const b = buttons.slice(buttons.length / 2).reduce((best, x) => (n(x) > n(best) ? x : best));
    b.scrollIntoView();
    const t0 = performance.now();
    b.click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const shown = document.querySelectorAll('#comments-panel .comment').length;
    return { ms: performance.now() - t0, shown, expected: n(b) };
  });
  if (open.shown !== open.expected) throw new Error(`panel shows ${open.shown} comments, the count says ${open.expected}`);
  await context.close();
  return { first, text, loaded, open: open.ms, long, shown: open.shown };
}

console.log('\nreader, 300 articles / 3,000 comments, 360×740, Debian Chromium, loopback; medians of', RUNS, 'runs');
console.log('cpu   first ms   text ms   comments ms   open ms   long tasks ms');
for (const cpu of [1, 4]) {
  const rs = [];
  for (let i = 0; i < RUNS; i++) rs.push(await run(cpu));
  const m = (k) => median(rs.map((r) => r[k])).toFixed(0).padStart(8);
  console.log(`${cpu}x   ${m('first')}  ${m('text')}      ${m('loaded')}  ${m('open')}        ${m('long')}   (panel showed ${rs[0].shown} comments)`);
}
await browser.close();
