import { test as base, expect, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';

/** Playwright's `test`, plus a log of what the page did (console errors and warnings, uncaught
 *  errors, navigations, API answers, failed requests), attached to a failed test's report.
 *  CI keeps only the output, and a test that fails once in a hundred runs is otherwise
 *  unreadable: a wasm panic, a reload or a request that never came back each leave a line. */
export const test = base.extend<{ pageLog: void }>({
  pageLog: [
    async ({ page }, use, testInfo) => {
      const lines: string[] = [];
      const start = Date.now();
      const log = (line: string) => lines.push(`${String(Date.now() - start).padStart(6)} ms  ${line}`);
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') log(`console.${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => log(`uncaught: ${e.stack ?? e}`));
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) log(`navigated: ${f.url()}`);
      });
      page.on('requestfailed', (r) => log(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
      page.on('response', (r) => {
        if (r.url().includes('/api/')) log(`${r.status()} ${r.request().method()} ${r.url()}`);
      });
      await use();
      if (testInfo.status !== testInfo.expectedStatus && lines.length) {
        // A file rather than a text attachment, which the list reporter cuts short; `cargo
        // xtask test` prints it with the failure.
        const path = testInfo.outputPath('page-log.txt');
        writeFileSync(path, lines.join('\n') + '\n');
        await testInfo.attach('page log', { path, contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],
});

export { expect, type Page };
