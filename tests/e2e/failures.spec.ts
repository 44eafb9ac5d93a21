import { test, expect } from './test';
import { appReady, expectAccessible } from './helpers';

// Network faults are injected at the browser's network layer; the server and app are real.
test.describe('when things go wrong', () => {
  // The page's routes do not reach a service worker's own requests: a worker that starts
  // fast enough on a busy machine would fetch the agency past the fault (seen once in CI).
  // What the worker does offline is tested in its own spec.
  test.use({ serviceWorkers: 'block' });
  test('the API is down: the error is shown with a retry that recovers', async ({ page }) => {
    await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
    await page.goto('/');
    await appReady(page);
    const alert = page.getByRole('alert').first();
    await expect(alert).toContainText('ارتباط با سرور برقرار نشد');
    await expectAccessible(page);
    await page.unroute('**/api/v1/**');
    await alert.getByRole('button', { name: 'تلاش دوباره' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.locator('.site-header__name')).toHaveText('اداره کل فرهنگ و ارشاد اسلامی استان تهران');
    await expect(page.getByRole('row', { name: /لایحه/ })).toBeVisible();
  });

  test('the API answers 500: a server error, not a crash', async ({ page }) => {
    await page.route('**/api/v1/agency', (route) => route.fulfill({ status: 500, body: 'boom' }));
    await page.goto('/contact');
    await expect(page.getByRole('alert').first()).toContainText('سرور پاسخ درستی نداد');
    await expect(page.getByRole('button', { name: 'تلاش دوباره' }).first()).toBeVisible();
  });

  test('a broken config.json says so in Persian', async ({ page }) => {
    await page.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"api_base_url": ' }));
    await page.goto('/');
    await expect(page.locator('#main h1')).toHaveText('میز خدمت راه‌اندازی نشد');
    await expect(page.getByRole('alert')).toContainText('config.json');
    await expectAccessible(page);
  });

  test('a missing config.json says so, and retry recovers', async ({ page }) => {
    await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto('/contact');
    await expect(page.locator('#main h1')).toHaveText('میز خدمت راه‌اندازی نشد');
    await expect(page.getByRole('alert')).toContainText('دریافت نشد');
    await page.unroute('**/config.json');
    await page.getByRole('button', { name: 'تلاش دوباره' }).click();
    await expect(page.locator('#main h1')).toHaveText('تماس با ما');
  });

  test('unknown API paths and wrong methods answer problem+json, not HTML', async ({ request }) => {
    const missing = await request.get('/api/v1/no-such-thing');
    expect(missing.status()).toBe(404);
    expect(missing.headers()['content-type']).toBe('application/problem+json');
    expect((await missing.json()).title).toMatch(/[آ-ی]/);
    const wrong = await request.delete('/api/v1/agency');
    expect(wrong.status()).toBe(405);
    expect(wrong.headers()['content-type']).toBe('application/problem+json');
  });
});
