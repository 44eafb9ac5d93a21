import { test, expect, type Page } from './test';
import { appReady } from './helpers';
import routes from './routes.json';

// index.html shows the first screen of the page a visit opens (xtask/src/first_screen.rs)
// while the wasm downloads; the app replaces it. What it shows must be what the app draws,
// where the app draws it: otherwise the page jumps when the app starts, or says something the
// app does not.

/** Every block of text (an element not laid out inline, with text of its own or in its inline
 *  children) and every control under `root`, in document order, with its box in page
 *  coordinates. */
async function boxes(page: Page, root: string) {
  return page.evaluate((sel) => {
    const out: { tag: string; text: string; x: number; y: number; w: number; h: number }[] = [];
    const inline = (e: Element) => getComputedStyle(e).display === 'inline';
    const hasText = (n: Node) => n.textContent!.trim() !== '';
    const walk = (el: Element) => {
      const style = getComputedStyle(el);
      const shown = el.getClientRects().length > 0 && style.visibility !== 'hidden';
      const text = [...el.childNodes].some((n) => hasText(n) && (n.nodeType === Node.TEXT_NODE || (n instanceof Element && inline(n))));
      if (shown && style.display !== 'inline' && (text || ['INPUT', 'SELECT', 'BUTTON', 'IMG'].includes(el.tagName))) {
        const r = el.getBoundingClientRect();
        out.push({ tag: el.tagName, text: el.textContent!.replace(/\s+/g, ' ').trim(), x: r.x, y: r.y + scrollY, w: r.width, h: r.height });
      }
      for (const c of el.children) walk(c);
    };
    walk(document.querySelector(sel)!);
    return out;
  }, root);
}

/** Opens `address` with the app's wasm held back; returns the release. */
async function openHeld(page: Page, address: string) {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  // trunk's hash is a u64 in hex without leading zeros: 16 digits, or fewer (a build whose
  // hash began with 0 once let the wasm through, and the app replaced the screen under test).
  await page.route(/\/miz-[0-9a-f]{1,16}_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  // Layout shifts from the first paint on, summed as CLS counts them.
  await page.addInitScript(() => {
    (window as any).__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) (window as any).__shifts += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(address);
  return release;
}

// Each page that has a first screen, by its example address, and a closed and a final draft.
const pages = [
  ...routes.filter((r) => ['/', '/contact', '/drafts', '/drafts/:id', '/faq', '/cases/new', '/cases/new/type', '/reports', '/services', '/services/:id', '/track'].includes(r.path)).map((r) => r.address),
  '/drafts/bookshops',
  '/drafts/schools',
];

for (const address of pages) {
  test(`the first screen of ${address} is there before the app, and the app draws it in place`, async ({ page }) => {
    const release = await openHeld(page, address);
    const first = page.locator('#miz-first');
    await expect(first).toBeVisible();
    await expect(first.locator('main h1')).toBeVisible();
    // Nothing in it can be focused or pressed: typed into, it would be lost.
    await expect(first).toHaveAttribute('inert', '');
    await expect(page.locator('#miz-boot')).toHaveText(/بارگذاری/);
    await page.evaluate(() => document.fonts.ready);
    const before = (await boxes(page, '#miz-first')).filter((b) => b.text !== 'در حال بارگذاری…');
    expect(before.length).toBeGreaterThan(3);
    release();
    await appReady(page);
    await expect(first).toHaveCount(0);
    await expect(page.locator('#miz-boot')).toHaveCount(0);
    // The app's page is in the same place as the first screen (the header and the page).
    const after = await boxes(page, '.miz-shell');
    let from = 0;
    for (const b of before) {
      const i = after.findIndex((a, j) => j >= from && a.tag === b.tag && a.text === b.text);
      expect(i, `the app draws ${b.tag} "${b.text}"`).toBeGreaterThanOrEqual(0);
      const a = after[i];
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(a[k] - b[k]), `${k} of ${b.tag} "${b.text}"`).toBeLessThanOrEqual(1);
      from = i + 1;
    }
    // A handover that moved the page would count 0.3 and more (a screenful moved). The app
    // itself may nudge a line as a draft's highlights arrive (0.007 measured on a closed draft,
    // with or without a first screen).
    expect(await page.evaluate(() => (window as any).__shifts)).toBeLessThan(0.02);
  });
}

test('a draft that does not exist gets the loading line, not an empty page of the draft', async ({ page }) => {
  const release = await openHeld(page, '/drafts/no-such-draft');
  const first = page.locator('#miz-first');
  await expect(first).toBeVisible();
  await expect(first.locator('main')).toHaveText('در حال بارگذاری…');
  release();
  await expect(page.locator('#main h1')).toBeVisible();
  await expect(first).toHaveCount(0);
});

test('a citizen who chose English gets no Persian first screen', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('miz.lang', 'en'));
  const release = await openHeld(page, '/faq');
  await expect(page.locator('#miz-boot')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.locator('#miz-first')).toBeHidden();
  release();
  await appReady(page);
  await expect(page.locator('#main h1')).toHaveText('Frequently asked questions');
  await expect(page.locator('#miz-first')).toHaveCount(0);
});

test('the wasm does not wait for a first screen whose answers are late', async ({ page }) => {
  // The agency (which the first screen waits for) is held until the wasm has been asked for:
  // the order, not a time, is what this holds.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let agencyAnswered = false;
  await page.route('**/api/v1/agency', async (route) => {
    await held;
    agencyAnswered = true;
    await route.continue();
  });
  const wasm = page.waitForRequest(/_bg\.wasm$/);
  await page.goto('/reports', { waitUntil: 'commit' });
  await wasm;
  expect(agencyAnswered).toBe(false);
  release();
  await appReady(page);
});
