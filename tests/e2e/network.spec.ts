import { test, expect, type Page } from './test';
import { waitForServiceWorker } from './helpers';

// A slow mobile link, as Chromium's DevTools protocol emulates it: 400 ms round trips and
// 400 kbit/s each way. The test reports the numbers and holds what must hold: progress is on
// screen long before the app is, the app becomes usable, and the second visit comes from the
// service worker.
const SLOW = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };

/** ms from navigation start until the app has replaced the loading notice with a usable page:
 *  the page's heading on screen (the shell is built before the agency arrives, but shown after). */
async function readyAt(page: Page): Promise<number> {
  await page.waitForFunction(
    () => !document.getElementById('miz-boot') && !!document.querySelector('#main h1')?.checkVisibility(),
    null,
    { timeout: 120_000, polling: 50 },
  );
  return page.evaluate(() => performance.now());
}

/** ms from navigation start until index.html's first screen of the page (its heading) is on
 *  screen, before the app. */
async function textAt(page: Page): Promise<number> {
  await page.waitForFunction(() => !!document.querySelector('#miz-first main h1')?.checkVisibility(), null, {
    timeout: 120_000,
    polling: 20,
  });
  return page.evaluate(() => performance.now());
}

test.describe('on a slow mobile link', () => {
  test('progress at once, a usable home page, and a fast second visit', async ({ page, context }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the slow link is a phone’s');
    test.setTimeout(240_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.send('Network.emulateNetworkConditions', SLOW);

    await page.goto('/', { waitUntil: 'commit' });
    // Before the app has arrived, the citizen sees that it is coming.
    await expect(page.locator('#miz-boot')).toBeVisible();
    await expect(page.locator('#miz-boot')).toContainText('در حال بارگذاری');
    const text = await textAt(page);
    const cold = await readyAt(page);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    const bytes = await page.evaluate(() =>
      performance.getEntriesByType('resource').reduce((n, e) => n + ((e as PerformanceResourceTiming).transferSize || 0), 0),
    );
    // Usable: a link works.
    await page.getByRole('link', { name: 'پرسش‌های متداول' }).first().click();
    await expect(page.locator('#main h1')).toContainText('پرسش');

    // The service worker has what the app needs; the next visit does not wait for the wasm.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.goto('/');
    await waitForServiceWorker(page);
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    await page.goto('/', { waitUntil: 'commit' });
    const warm = await readyAt(page);

    const line = `slow network (400 ms, 400 kbit/s): first paint ${fcp.toFixed(0)} ms, home's first screen ${text.toFixed(0)} ms, ` +
      `usable ${cold.toFixed(0)} ms cold (${bytes} bytes over the wire) and ${warm.toFixed(0)} ms warm (service worker)`;
    console.log(line);
    testInfo.annotations.push({ type: 'measurement', description: line });
    // Progress was painted well before the app: not a blank page for the whole download; and
    // the page itself, as text, long before the app could draw it.
    expect(fcp).toBeLessThan(cold / 2);
    expect(text).toBeLessThan(cold / 2);
    // The warm visit skips the download the cold one waited for.
    expect(warm).toBeLessThan(cold / 2);
  });

  test('a link straight to a draft: its text long before the app', async ({ page, context }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the slow link is a phone’s');
    test.setTimeout(240_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    await page.goto('/drafts/concert', { waitUntil: 'commit' });
    const text = await textAt(page);
    await expect(page.locator('#miz-first .para__text').first()).toBeVisible();
    const cold = await readyAt(page);
    const line = `slow network (400 ms, 400 kbit/s): a draft's first screen (title and text) ${text.toFixed(0)} ms, usable ${cold.toFixed(0)} ms cold`;
    console.log(line);
    testInfo.annotations.push({ type: 'measurement', description: line });
    expect(text).toBeLessThan(cold / 2);
  });
});
