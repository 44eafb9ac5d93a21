import { test, expect } from './test';
import { join } from 'node:path';
import { appReady, expectAccessible, openMenu, PrivateServer } from './helpers';

// The desk as a new citizen found it on a 360×740 touch phone: what was in the way, and what
// was missing. Each test here failed on the desk before it was mended.

test.describe('on a phone', () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'a phone-sized screen');
  });

  test("the sections sit behind a menu button, so each page's heading and first content are on the first screen", async ({ page }) => {
    for (const path of ['/', '/drafts', '/faq', '/track', '/cases/new', '/services', '/reports', '/contact']) {
      await page.goto(path);
      await appReady(page);
      await expect(page.getByRole('navigation')).toHaveCount(0);
      const heading = await page.locator('#main h1').boundingBox();
      expect(heading!.y + heading!.height, `${path}: heading below the first screen`).toBeLessThan(300);
      // The next thing after the heading starts on the first screen too.
      const next = await page.locator('#main h1 ~ *, #main h1 + *').first().boundingBox();
      expect(next!.y, `${path}: first content below the first screen`).toBeLessThan(600);
    }
    const button = page.getByRole('button', { name: 'منو' });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('navigation')).toBeVisible();
    await expectAccessible(page);
    // Escape closes it and gives the focus back to the button.
    await page.getByRole('navigation').getByRole('link', { name: 'خانه' }).focus();
    await page.keyboard.press('Escape');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(button).toBeFocused();
    // Choosing a section closes the menu.
    await button.click();
    await page.getByRole('navigation').getByRole('link', { name: 'پیگیری' }).click();
    await expect(page.locator('#main h1')).toHaveText('پیگیری با کد رهگیری');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  test('the home page leads with what citizens come for', async ({ page }) => {
    await page.goto('/');
    await appReady(page);
    const fold = 740;
    for (const target of [
      page.getByRole('searchbox'),
      page.getByRole('link', { name: 'ثبت درخواست، شکایت، انتقاد یا پیشنهاد' }),
      page.getByRole('link', { name: 'پیگیری با کد رهگیری' }),
    ]) {
      const box = await target.boundingBox();
      expect(box!.y + box!.height).toBeLessThan(fold);
    }
    // The title is not repeated under itself.
    const lead = await page.locator('#main .lead').innerText();
    expect(lead.startsWith('میز خدمت شهروندان')).toBe(false);
    // A question typed here opens the FAQ's answers.
    await page.getByRole('searchbox').fill('مجوز کنسرت');
    await page.getByRole('button', { name: 'جستجو' }).click();
    await expect(page).toHaveURL(/\/faq\?q=/);
    await expect(page.locator('.result').first()).toBeVisible();
  });

  test('the file picker speaks Persian, offers the camera and keeps the keyboard', async ({ page }) => {
    await page.goto('/cases/new/type');
    await page.getByLabel('شکایت', { exact: true }).check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('مجوز نشر و کتاب', { exact: true }).check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('شرح خود را بنویسید').fill('درخواست مجوز نشر کتاب من از سه ماه پیش بی‌پاسخ مانده است.');
    await page.getByRole('button', { name: 'ادامه' }).click();
    await expect(page.getByText('انتخاب پرونده', { exact: true })).toBeVisible();
    await expect(page.getByText('گرفتن عکس', { exact: true })).toBeVisible();
    await expect(page.locator('#file-camera')).toHaveAttribute('capture', 'environment');
    // The real input is still the labelled control a keyboard and a screen reader reach.
    await expect(page.getByLabel('پیوست (اختیاری)')).toHaveAttribute('type', 'file');
    await page.locator('#file').focus();
    await expect(page.locator('#file')).toBeFocused();
    const choose = await page.locator('.file-drop__choose').boundingBox();
    expect(choose!.height).toBeGreaterThanOrEqual(44);
    await page.locator('#file').setInputFiles(join(__dirname, 'fixtures', 'photo.png'));
    await expect(page.locator('.file:not(.file--uploading)')).toHaveCount(1);
    await expect(page.locator('.file__size')).toHaveText(/^[۰-۹٬٫]+ کیلوبایت$/);
    await expectAccessible(page);
  });

  test('the drafts filters apply as they are chosen', async ({ page }) => {
    await page.goto('/drafts');
    await expect(page.locator('.draft-card')).toHaveCount(3);
    await page.getByLabel('وضعیت').selectOption('closed');
    await expect(page).toHaveURL(/\/drafts\?state=closed$/);
    await expect(page.locator('.draft-card')).toHaveCount(1);
  });

  test('a closed draft offers no support button, only the count', async ({ page }) => {
    await page.goto('/drafts/bookshops');
    await expect(page.locator('.comment').first()).toBeAttached();
    await page.locator('.para__count').first().click();
    await expect(page.locator('#comments-panel .comment').first()).toBeVisible();
    await expect(page.locator('#comments-panel').getByRole('button', { name: /حمایت/ })).toHaveCount(0);
    await expect(page.locator('#comments-panel .comment__support').first()).toContainText('حمایت کرده‌اند');
  });

  test('the tracking page gives each event its time, and says why a reload asks for the mobile again', async ({ page, request }) => {
    const res = await request.post('/api/v1/cases', {
      headers: { 'idempotency-key': 'e2e-phone-time-' + Date.now() + Math.random() },
      data: { kind: 'request', topic_id: 'r-info', description: 'آمار کتاب‌های منتشر شده را می‌خواهم.', mobile: '09121110000' },
    });
    const code = (await res.json()).tracking_code as string;
    await page.goto('/track/' + code);
    await expect(page.locator('#main')).toContainText('روی این دستگاه نگه داشته نمی‌شود');
    await page.getByLabel('شماره تلفن همراه').fill('09121110000');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.timeline__meta time').first()).toHaveText(/ساعت [۰-۹]{2}:[۰-۹]{2}$/);
  });
});

test.describe('offline', () => {
  test.describe.configure({ mode: 'serial' });

  test('"was this helpful?" given offline is kept and sent when the network returns', async ({ page, context }) => {
    const server = new PrivateServer();
    await server.start();
    try {
      await page.goto(server.url + '/faq/f01');
      await appReady(page);
      await context.setOffline(true);
      await page.getByRole('button', { name: 'بله' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'نگه داشته شد' })).toBeVisible();
      const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/faq/f01/feedback') && r.status() === 200);
      await context.setOffline(false);
      await sent;
      await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('faq.feedback')).length)).toBe(0);
    } finally {
      await context.setOffline(false);
      await server.dispose();
    }
  });
});
