import { test, expect } from './test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appReady, expectAccessible, PrivateServer, waitForServiceWorker, watchConsole } from './helpers';

test.describe('FAQ', () => {
  test('search forgives typos and Arabic letters, highlights, and opens an entry', async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto('/faq');
    await expect(page.locator('.faq-category').first()).toBeVisible();
    await expectAccessible(page);
    const box = page.getByRole('searchbox', { name: 'جستجو در پرسش‌های متداول' });
    // A homophone typo (ط for ت) and Arabic ي/ك.
    await box.fill('ثبت شكايط');
    const first = page.locator('.result').first();
    await expect(first.locator('.result__question')).toHaveText('چگونه شکایت خود را ثبت کنم؟');
    await expect(first.locator('.result__question mark').first()).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'نتیجه' })).toBeVisible();
    await expect(page).toHaveURL(/\?q=/);
    await expectAccessible(page);
    // The query survives a reload.
    await page.reload();
    await expect(page.locator('.result').first().locator('.result__question')).toHaveText('چگونه شکایت خود را ثبت کنم؟');
    await first.getByRole('link').click();
    await expect(page).toHaveURL(/\/faq\/f09$/);
    await expect(page.locator('#main h1')).toHaveText('چگونه شکایت خود را ثبت کنم؟');
    await expect(page.locator('#main h1')).toBeFocused();
    expect(errors).toEqual([]);
  });

  test('the unfinished last word is completed as the citizen types', async ({ page }) => {
    await page.goto('/faq');
    await page.getByRole('searchbox').pressSequentially('مجوز نش');
    await expect(page.locator('.result').first().locator('.result__question')).toHaveText('چگونه مجوز نشر کتاب بگیرم؟');
  });

  test('nothing found offers the phone and SMS channels', async ({ page }) => {
    await page.goto('/faq?q=' + encodeURIComponent('زرافه کهکشان'));
    await expect(page.getByRole('heading', { name: 'پاسخی پیدا نشد' })).toBeVisible();
    await expect(page.locator('a[href="tel:42991"]')).toBeVisible();
    await expect(page.locator('a[href="sms:05000597476"]')).toBeVisible();
    await expectAccessible(page);
    // The question starts a request, already written.
    await page.getByRole('link', { name: 'پرسش خود را برای دستگاه بفرستید' }).click();
    await expect(page.locator('#main h1')).toHaveText('چه می‌خواهید بفرستید؟');
    await page.getByLabel('درخواست', { exact: true }).check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('درخواست اطلاعات').check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await expect(page.getByLabel('شرح خود را بنویسید')).toHaveValue('زرافه کهکشان');
  });

  test('hostile queries neither freeze nor break the page', async ({ page }) => {
    await page.goto('/faq');
    const box = page.getByRole('searchbox');
    for (const q of ['؟؟!!…🙂🙂', '\u202Eشکایت\u202C', '<script>alert(1)</script>', 'شکایت '.repeat(2000), 'ب'.repeat(5000)]) {
      await box.fill(q);
      await expect(page.locator('#main h1')).toHaveText('پرسش‌های متداول');
    }
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  });

  test('an entry has its own URL that reloads, and takes feedback once', async ({ page }) => {
    await page.goto('/faq/f17');
    await expect(page.locator('#main h1')).toHaveText('کد رهگیری را گم کرده‌ام، چه کنم؟');
    await page.reload();
    await expect(page.locator('#main h1')).toHaveText('کد رهگیری را گم کرده‌ام، چه کنم؟');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'بله' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'سپاسگزاریم' })).toBeVisible();
    await page.goto('/faq/no-such-entry');
    await expect(page.getByRole('alert')).toContainText('این پرسش پیدا نشد');
  });
});

test.describe('FAQ offline and fresh', () => {
  // These tests start, stop and redeploy servers of their own.
  test.describe.configure({ mode: 'serial' });

  test('after one visit, the FAQ opens, searches and shows entries with the server stopped and the browser offline', async ({ page, context }) => {
    // The museum's desk: its FAQ answers for its tickets.
    const server = new PrivateServer(['--agency', 'museum']);
    await server.start();
    try {
      await page.goto(server.url + '/faq');
      await expect(page.locator('.faq-category').first()).toBeVisible();
      await waitForServiceWorker(page);
      await expect(page.locator('.faq-category').first()).toBeVisible();
      await server.stop();
      await context.setOffline(true);

      await page.goto(server.url + '/faq');
      await appReady(page);
      await expect(page.getByRole('status').filter({ hasText: 'اتصال اینترنت برقرار نیست' })).toBeVisible();
      await page.getByRole('searchbox').fill('بليط موزه');
      const first = page.locator('.result').first();
      await expect(first.locator('.result__question')).toHaveText('قیمت بلیت موزه چقدر است و آیا تخفیف دارد؟');
      await first.getByRole('link').click();
      await expect(page.locator('#main h1')).toHaveText('قیمت بلیت موزه چقدر است و آیا تخفیف دارد؟');
      // A fresh load of the entry's own URL, still offline.
      await page.reload();
      await expect(page.locator('#main h1')).toHaveText('قیمت بلیت موزه چقدر است و آیا تخفیف دارد؟');
      await expectAccessible(page);
    } finally {
      await context.setOffline(false);
      await server.dispose();
    }
  });

  test('a changed FAQ and a new deployment reach the citizen on the next online visit', async ({ page, request }) => {
    const server = new PrivateServer(['--agency', 'museum']);
    await server.start();
    try {
      await page.goto(server.url + '/faq');
      await expect(page.locator('.faq-category').first()).toBeVisible();
      await waitForServiceWorker(page);

      const res = await request.put(server.url + '/api/v1/admin/faq/f01', {
        headers: { authorization: `Bearer ${process.env.MIZ_ADMIN_TOKEN ?? 'e2e-admin-token-not-secret'}` },
        data: { category: 'پیش‌نویس‌ها', question: 'پیش‌نویس‌های تازه کجا منتشر می‌شوند؟', answer: 'در بخش پیش‌نویس‌ها.' },
      });
      expect(res.status()).toBe(200);
      await page.goto(server.url + '/faq');
      await expect(page.getByRole('link', { name: 'پیش‌نویس‌های تازه کجا منتشر می‌شوند؟' })).toBeVisible();

      // Synonyms the agency adds reach the search in the browser.
      const syn = await request.put(server.url + '/api/v1/admin/faq-synonyms', {
        headers: { authorization: `Bearer ${process.env.MIZ_ADMIN_TOKEN ?? 'e2e-admin-token-not-secret'}` },
        data: { groups: [['تیکت', 'بلیت']] },
      });
      expect(syn.status()).toBe(200);
      await page.goto(server.url + '/faq?q=' + encodeURIComponent('تیکت موزه'));
      await expect(page.locator('.result').first().locator('.result__question')).toHaveText('قیمت بلیت موزه چقدر است و آیا تخفیف دارد؟');

      // A new release of the app: same port, new index.html.
      await server.stop();
      const index = join(server.dist, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace('<html lang="fa" dir="rtl">', '<html lang="fa" dir="rtl" data-release="next">'));
      await server.start();
      await page.goto(server.url + '/faq');
      await appReady(page);
      await expect(page.locator('html')).toHaveAttribute('data-release', 'next');
    } finally {
      await server.dispose();
    }
  });
});

test('a big FAQ shows each category a few at a time, and search still reaches every entry', async ({ page, request }) => {
  const server = new PrivateServer();
  await server.start();
  try {
    const token = process.env.MIZ_ADMIN_TOKEN ?? 'e2e-admin-token-not-secret';
    for (let i = 1; i <= 30; i++) {
      const res = await request.put(`${server.url}/api/v1/admin/faq/big-${i}`, {
        headers: { authorization: `Bearer ${token}` },
        data: { category: 'کتابخانه‌ها', question: `ساعت کار کتابخانه شماره ${i} چیست؟`, answer: `کتابخانه شماره ${i} هر روز باز است.` },
      });
      expect(res.ok()).toBe(true);
    }
    await page.goto(server.url + '/faq');
    const section = page.locator('.faq-category').filter({ has: page.getByRole('heading', { name: 'کتابخانه‌ها' }) });
    await expect(section.getByRole('listitem')).toHaveCount(10);
    await section.getByRole('button', { name: /نمایش پرسش‌های بیشتر/ }).click();
    await expect(section.getByRole('listitem')).toHaveCount(30);
    await expect(section.getByRole('button')).toHaveCount(0);
    await expectAccessible(page);
    await page.locator('#faq-q').fill('کتابخانه شماره ۲۷');
    await expect(page.locator('.result').first()).toContainText('کتابخانه شماره 27');
  } finally {
    await server.dispose();
  }
});
