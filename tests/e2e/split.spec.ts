import { test, expect, type Page } from './test';
import { appReady, waitForServiceWorker, openMenu } from './helpers';

// The pages are in chunks of wasm fetched when first opened (src/lazy_pages.rs).

/** The wasm files the page fetched from the network, by name. */
function watchWasm(page: Page): string[] {
  const fetched: string[] = [];
  page.on('requestfinished', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop()!;
    if (name.endsWith('.wasm')) fetched.push(name);
  });
  return fetched;
}

test.describe('pages in chunks, without the service worker', () => {
  // The service worker would fetch every chunk after the first load; here only the page does.
  test.use({ serviceWorkers: 'block' });

  test('the home page downloads no page chunk; opening drafts downloads only the drafts chunk', async ({ page }) => {
    const wasm = watchWasm(page);
    await page.goto('/');
    await appReady(page);
    expect(wasm.filter((n) => !n.startsWith('miz-'))).toEqual([]);
    expect(wasm.filter((n) => n.startsWith('miz-'))).toHaveLength(1);
    await openMenu(page);
    await page.locator('nav a[href$="/drafts"]').click();
    await expect(page.locator('#main h1')).toHaveText('پیش‌نویس‌ها و نظرخواهی');
    expect(wasm.filter((n) => n.startsWith('split_'))).toEqual([expect.stringMatching(/^split_drafts-[0-9a-f]{16}\.wasm$/)]);
    expect(wasm.some((n) => /^split_(cases|faq|info)-/.test(n))).toBe(false);
    // A second visit to the group fetches nothing more.
    const before = wasm.length;
    await page.goBack();
    await appReady(page);
    await openMenu(page);
    await page.locator('nav a[href$="/drafts"]').click();
    await expect(page.locator('#main h1')).toHaveText('پیش‌نویس‌ها و نظرخواهی');
    expect(wasm.length).toBe(before);
  });

  test('within the app, a page of another chunk asks for its data while its chunk downloads, once', async ({ page }) => {
    await page.goto('/');
    await appReady(page);
    // The drafts chunk takes a second to arrive, as on a slow link.
    let chunkArrived = 0;
    await page.route(/split_drafts-[0-9a-f]{16}\.wasm$/, async (r) => {
      await new Promise((done) => setTimeout(done, 1000));
      chunkArrived = Date.now();
      await r.continue();
    });
    const asked: [string, number][] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/v1/drafts')) asked.push([url.pathname + url.search, Date.now()]);
    });
    await openMenu(page);
    await page.locator('nav a[href$="/drafts"]').click();
    await expect(page.locator('#main h1')).toHaveText('پیش‌نویس‌ها و نظرخواهی');
    await expect(page.locator('.draft-card').first()).toBeVisible();
    expect(asked.map(([p]) => p)).toEqual(['/api/v1/drafts?per_page=50']);
    expect(asked[0][1]).toBeLessThan(chunkArrived);
  });

  test('the data asked for a page the citizen left before it came is abandoned', async ({ page }) => {
    await page.goto('/');
    await appReady(page);
    await page.route(/split_info-[0-9a-f]{16}\.wasm$/, async (r) => {
      await new Promise((done) => setTimeout(done, 1500));
      await r.continue().catch(() => {});
    });
    // The reports take long to compute; the citizen goes back before they come.
    await page.route('**/api/v1/reports', async (r) => {
      await new Promise((done) => setTimeout(done, 3000));
      await r.continue().catch(() => {});
    });
    const failed = page.waitForEvent('requestfailed', (r) => new URL(r.url()).pathname === '/api/v1/reports');
    await page.evaluate(() => {
      history.pushState({}, '', '/reports');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect(page).toHaveURL(/\/reports$/);
    await page.goBack();
    await expect(page.locator('#main h1')).toHaveText('میز خدمت شهروندان');
    expect((await failed).failure()?.errorText).toMatch(/ABORTED/);
  });

  test('a chunk that fails to download shows the network error, and the retry opens the page', async ({ page }) => {
    await page.goto('/');
    await appReady(page);
    await page.route(/split_cases-[0-9a-f]{16}\.wasm$/, (r) => r.abort('internetdisconnected'));
    await openMenu(page);
    await page.locator('nav a[href$="/track"]').click();
    const alert = page.locator('#main .error-panel');
    await expect(alert).toContainText('ارتباط با سرور برقرار نشد');
    // The app is still alive: the shell answers and the language switch works.
    await expect(page.locator('header')).toBeVisible();
    await page.unroute(/split_cases-[0-9a-f]{16}\.wasm$/);
    await alert.getByRole('button', { name: 'تلاش دوباره' }).click();
    await expect(page.locator('#main h1')).toHaveText(/پیگیری/);
    await expect(page.locator('#main .error-panel')).toHaveCount(0);
  });

  test('a release deployed while the page was open: its missing chunk reloads the page into the new release', async ({ page }) => {
    await page.goto('/');
    await appReady(page);
    // The deployment: the running release's files are gone from the server.
    await page.route(/\/split_cases-[0-9a-f]{16}\.wasm$/, (r) => r.fulfill({ status: 404, body: 'gone' }));
    await page.route(/\/miz-[0-9a-f]+\.js$/, (r) => r.fulfill({ status: 404, body: 'gone' }));
    const reloaded = page.waitForEvent('load');
    await openMenu(page);
    await page.locator('nav a[href$="/track"]').click();
    await reloaded;
    expect(new URL(page.url()).pathname).toBe('/track');
  });

  for (const [path, chunk] of [
    ['/drafts/concert', 'split_drafts'],
    ['/track', 'split_cases'],
    ['/faq', 'split_faq'],
    ['/services/art-school', 'split_info'],
  ]) {
    test(`a link straight to ${path} fetches its chunk beside the main wasm, not after it`, async ({ page }) => {
      await page.goto(path);
      await appReady(page);
      const entries = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => [e.name.split('/').pop(), (e as PerformanceResourceTiming).initiatorType]),
      );
      // Started by index.html's preload link, not by the app once it was running.
      expect(entries.filter(([name]) => name!.startsWith(chunk))).toEqual([[expect.stringMatching(/\.wasm$/), 'link']]);
      expect(entries.filter(([name]) => name!.startsWith('split_') && !name!.startsWith(chunk))).toEqual([]);
    });
  }
});

test('offline, every page group still opens from the service worker', async ({ page, context }) => {
  await page.goto('/');
  await appReady(page);
  await waitForServiceWorker(page);
  // The worker's install fetched the chunks; nothing here has opened a page in one yet.
  await context.setOffline(true);
  for (const [link, heading] of [
    ['/faq', /پرسش/],
    ['/track', /پیگیری/],
    ['/drafts', /پیش‌نویس/],
    ['/reports', /گزارش/],
  ] as const) {
    await openMenu(page);
    await page.locator(`nav a[href$="${link}"]`).click();
    await expect(page.locator('#main h1')).toHaveText(heading);
  }
  await context.setOffline(false);
});
