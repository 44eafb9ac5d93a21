import { test, expect } from './test';
import { expectAccessible, watchConsole, openMenu } from './helpers';

test.describe('e-services', () => {
  test('list, filter with Arabic letters, open a service; the filter is in the URL', async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto('/');
    await openMenu(page);
    await page.getByRole('navigation').getByRole('link', { name: 'خدمات', exact: true }).click();
    await expect(page.locator('#main h1')).toHaveText('خدمات الکترونیک');
    await expect(page.locator('.service-card')).toHaveCount(7);
    await expectAccessible(page);
    await page.getByLabel('جستجو در خدمات').fill('كنسرت');
    await expect(page.locator('.service-card')).toHaveCount(1);
    await expect(page).toHaveURL(/\/services\?q=/);
    await page.reload();
    await expect(page.locator('.service-card')).toHaveCount(1);
    // Two words: both must be there (the art school licence).
    await page.getByLabel('جستجو در خدمات').fill('آموزشگاه هنري');
    await expect(page.locator('.service-card')).toHaveCount(1);
    await expect(page.locator('.service-card')).toContainText('آموزشگاه');
    await page.getByLabel('جستجو در خدمات').fill('چیزی که نیست');
    await expect(page.getByRole('status').filter({ hasText: 'پیدا نشد' })).toBeVisible();
    await page.getByLabel('جستجو در خدمات').fill('');
    await page.getByRole('link', { name: 'صدور مجوز برگزاری کنسرت و اجرای عمومی موسیقی' }).click();
    await expect(page).toHaveURL(/\/services\/concert-licence$/);
    await expect(page.locator('#main h1')).toHaveText('صدور مجوز برگزاری کنسرت و اجرای عمومی موسیقی');
    await expect(page.locator('.service__documents li')).toHaveCount(4);
    await expect(page.locator('.service__channels')).toContainText('پنجره واحد');
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await page.goto('/services/no-such-service');
    await expect(page.getByRole('alert')).toContainText('در فهرست دستگاه نیست');
  });

  test('rate a service: a missing choice is explained, the text survives a reload, the score updates, once per browser', async ({ page, request }) => {
    const before = await (await request.get('/api/v1/services/art-school')).json();
    await page.goto('/services/art-school');
    await page.getByRole('button', { name: 'ثبت امتیاز' }).click();
    await expect(page.locator('.error-summary')).toContainText('یک امتیاز از ۱ تا ۵ انتخاب کنید');
    await page.getByLabel('چه چیزی را باید بهتر کنیم؟').fill('نوبت‌دهی حضوری طولانی است');
    await page.getByLabel('۴ – خوب').check();
    await page.reload();
    await expect(page.getByLabel('چه چیزی را باید بهتر کنیم؟')).toHaveValue('نوبت‌دهی حضوری طولانی است');
    await expect(page.getByLabel('۴ – خوب')).toBeChecked();
    await page.getByRole('button', { name: 'ثبت امتیاز' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'امتیاز شما ثبت شد' })).toBeVisible();
    const after = await (await request.get('/api/v1/services/art-school')).json();
    expect(after.satisfaction.count).toBeGreaterThan(before.satisfaction.count);
    await expect(page.locator('.score__value')).toContainText(new Intl.NumberFormat('fa-IR').format(after.satisfaction.count));
    await page.reload();
    await expect(page.locator('.rate')).toContainText('امتیاز شما: ۴ – خوب');
    await expect(page.getByRole('button', { name: 'ثبت امتیاز' })).toHaveCount(0);
    // The same browser again, a different rating: refused.
    const client = await page.evaluate(() => localStorage.getItem('miz.client'));
    const again = await request.post('/api/v1/services/art-school/feedback', { data: { rating: 1, client_id: client } });
    expect(again.status()).toBe(409);
    expect((await again.json()).title).toContain('پیش‌تر');
  });

  test('rate with the keyboard alone', async ({ page }) => {
    await page.goto('/services/film-screening');
    await expect(page.locator('#main h1')).toBeVisible();
    for (let i = 0; i < 40; i++) {
      if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'rating')) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    const chosen = await page.evaluate(() => (document.querySelector('input[name=rating]:checked') as HTMLInputElement | null)?.value);
    expect(chosen).toBeTruthy();
    for (let i = 0; i < 10; i++) {
      if (await page.evaluate(() => (document.activeElement as HTMLElement | null)?.matches('button[type=submit]') ?? false)) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'امتیاز شما ثبت شد' })).toBeVisible();
  });
});
