// miz's FAQ search (wasm) and MiniSearch timed in the same Chromium page, on the 48-entry
// corpus and a generated 5,000-entry one. Run by `cargo xtask bench-search`.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { generated } from './faq-generate.mjs';

const [root, corpusPath, queriesPath] = process.argv.slice(2);
const base = JSON.parse(readFileSync(corpusPath, 'utf8'));
const entries48 = Array.isArray(base) ? base : base.entries;
const queries = readFileSync(queriesPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).q);

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage();
await page.route('http://bench.invalid/**', (route) => {
  const path = new URL(route.request().url()).pathname;
  const file = path.startsWith('/pkg/')
    ? join(root, 'target/bench-web', path)
    : path.startsWith('/minisearch/')
      ? join(root, 'node_modules/minisearch/dist/es', path.slice('/minisearch/'.length))
      : join(root, 'bench/search-browser.html');
  route.fulfill({ path: file, contentType: types[extname(file)] ?? 'application/octet-stream' });
});
await page.goto('http://bench.invalid/index.html');
await page.waitForFunction(() => window.benchReady === true);
console.log(`FAQ search in Chromium (${queries.length} queries): miz (wasm) vs MiniSearch, same page`);
for (const [name, entries, rounds] of [['48', entries48, 200], ['5000', generated(entries48, 5000), 10]]) {
  const r = await page.evaluate(([e, q, n]) => window.runBench(e, q, n), [entries, queries, rounds]);
  console.log(
    `  ${name.padStart(5)} entries: build miz ${r.mizBuild.toFixed(1)} ms, MiniSearch ${r.miniBuild.toFixed(1)} ms (ratio ${(r.mizBuild / r.miniBuild).toFixed(2)}); ` +
      `query miz ${r.mizQuery.toFixed(3)} ms, MiniSearch ${r.miniQuery.toFixed(3)} ms (ratio ${(r.mizQuery / r.miniQuery).toFixed(2)})`,
  );
}
await browser.close();
