import { test, expect } from '@playwright/test';
import { expectAccessible, watchConsole } from './helpers';

const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

test.describe('drafts', () => {
  test('browse, filter with Persian spelling variants, and open a draft', async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto('/');
    await page.getByRole('link', { name: 'پیش‌نویس‌ها و نظرخواهی' }).click();
    await expect(page.locator('.draft-card')).toHaveCount(3);
    await expectAccessible(page);
    await page.getByLabel('وضعیت').selectOption('closed');
    await page.getByRole('button', { name: 'نمایش' }).click();
    await expect(page).toHaveURL(/state=closed/);
    await expect(page.locator('.draft-card')).toHaveCount(1);
    await expect(page.locator('.draft-card')).toContainText('کتاب‌فروشی‌ها');
    // Arabic ك/ي and no half-space still find it; the filter survives a reload.
    await page.getByLabel('وضعیت').selectOption('');
    await page.getByLabel('جستجو در عنوان').fill('كتابفروشي');
    await page.getByRole('button', { name: 'نمایش' }).click();
    await expect(page.locator('.draft-card')).toHaveCount(1);
    await page.reload();
    await expect(page.locator('.draft-card')).toHaveCount(1);
    await page.goto('/drafts');
    await page.getByRole('link', { name: 'دستورالعمل صدور مجوز برگزاری کنسرت و اجرای عمومی موسیقی' }).click();
    await expect(page.locator('#main h1')).toHaveText('دستورالعمل صدور مجوز برگزاری کنسرت و اجرای عمومی موسیقی');
    await expect(page.locator('.article')).toHaveCount(5);
    await expect(page.getByText('در حال نظرخواهی').first()).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('comment on a paragraph; it is there after a reload, and the link opens it', async ({ page }) => {
    const text = `ماده سه باید مهلت کوتاه‌تری داشته باشد ${unique()}`;
    await page.goto('/drafts/concert');
    await page.locator('#concert-a3-p1 .para__count').click();
    await expectAccessible(page);
    const box = page.locator('#comment-concert-a3-p1');
    await box.fill('نه');
    await page.locator('#concert-a3-p1 button[type=submit]').click();
    await expect(page.locator('#concert-a3-p1').getByRole('alert')).toContainText('دست‌کم');
    // A half-written comment survives a reload.
    await box.fill(text);
    // The open paragraph is in the URL (#…), so the reload opens it again.
    await page.reload();
    await expect(page.locator('#concert-a3-p1 .para__count')).toHaveAttribute('aria-expanded', 'true');
    await expect(page.locator('#comment-concert-a3-p1')).toHaveValue(text);
    await page.locator('#concert-a3-p1 button[type=submit]').click();
    await expect(page.getByRole('status').filter({ hasText: 'نظر شما ثبت شد' })).toBeVisible();
    await expect(page).toHaveURL(/#concert-a3-p1$/);
    await page.reload();
    await expect(page.locator('#concert-a3-p1 .para__panel')).toContainText(text);
    await expect(page.locator('#comment-concert-a3-p1')).toHaveValue('');
  });

  test('markup in a comment is shown as text', async ({ page }) => {
    const payload = `<img src=x onerror="window.__xss=1"><b>پررنگ</b> ${unique()}`;
    await page.goto('/drafts/concert#concert-a5-p1');
    await expect(page.locator('#concert-a5-p1 .para__count')).toHaveAttribute('aria-expanded', 'true');
    await page.locator('#comment-concert-a5-p1').fill(payload);
    await page.locator('#concert-a5-p1 button[type=submit]').click();
    await expect(page.locator('#concert-a5-p1 .para__panel')).toContainText(payload);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    await expect(page.locator('#concert-a5-p1 .para__panel b')).toHaveCount(0);
  });

  test('a double-clicked submit makes one comment', async ({ page, request }) => {
    const text = `یک بار کافی است ${unique()}`;
    await page.goto('/drafts/concert');
    await page.locator('#concert-a4-p1 .para__count').click();
    await page.locator('#comment-concert-a4-p1').fill(text);
    await page.locator('#concert-a4-p1 button[type=submit]').dblclick();
    await expect(page.getByRole('status').filter({ hasText: 'نظر شما ثبت شد' })).toBeVisible();
    const list = await (await request.get('/api/v1/drafts/concert/comments?per_page=50&paragraph=concert-a4-p1')).json();
    expect(list.items.filter((c: any) => c.body === text)).toHaveLength(1);
  });

  test('support a comment once', async ({ page }) => {
    await page.goto('/drafts/concert#concert-a2-p1');
    const button = page.locator('#concert-a2-p1 .comment').first().getByRole('button', { name: /حمایت/ });
    const before = await button.innerText();
    await button.click();
    await expect(button).toBeDisabled();
    await expect(button).not.toHaveText(before);
  });

  test('a closed draft is read-only, shows how comments were handled, and refuses comments', async ({ page, request }) => {
    await page.goto('/drafts/bookshops');
    await expect(page.getByRole('status').filter({ hasText: 'فقط خواندنی' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'رسیدگی به نظرها' })).toBeVisible();
    await expect(page.locator('form.comment-form')).toHaveCount(0);
    await expect(page.locator('.comment__response').first()).toBeVisible();
    await expectAccessible(page);
    const res = await request.post('/api/v1/drafts/bookshops/comments', {
      headers: { 'idempotency-key': unique() },
      data: { body: 'دیر رسیدم', anchor: {}, client_id: 'browser-e2e-1' },
    });
    expect(res.status()).toBe(409);
    expect((await res.json()).title).toContain('مهلت نظرخواهی');
  });

  test('a final draft links to a word-level diff of its versions', async ({ page }) => {
    await page.goto('/drafts/schools');
    await page.getByRole('link', { name: 'چه چیزی تغییر کرد؟' }).click();
    await expect(page).toHaveURL(/\/drafts\/schools\/changes$/);
    await expect(page.locator('#main h1')).toHaveText('تغییرات نسخه‌ها');
    await expect(page.locator('.changes__list del').first()).toBeVisible();
    await expect(page.locator('.changes__list')).toContainText('سقف تعرفه مصوب');
    await expect(page.locator('.changes__list del').filter({ hasText: 'آزادانه' })).toHaveCount(1);
    await expect(page.locator('.changes__list ins').filter({ hasText: 'یک' })).toHaveCount(1);
    await expectAccessible(page);
    await page.reload();
    await expect(page.locator('.change')).toHaveCount(3);
  });

  test('the final draft places comments of the first version or marks them earlier', async ({ page }) => {
    await page.goto('/drafts/schools');
    await expect(page.getByText('متن نهایی منتشر شده').first()).toBeVisible();
    await expect(page.locator('.general-comments')).toContainText('درباره نسخه پیشین');
    await page.locator('#schools-a1-p1 .para__count').click();
    await expect(page.locator('#schools-a1-p1 .para__panel')).toContainText('کم‌برخوردار');
  });
});

test.describe('commenting when things go wrong, and by keyboard', () => {
  test('a network drop during submit keeps the text, and the retry makes one comment', async ({ page, request }) => {
    const text = `پس از قطع شبکه ${unique()}`;
    await page.goto('/drafts/concert#concert-a1-p1');
    await page.locator('#comment-concert-a1-p1').fill(text);
    let attempt = 0;
    await page.route('**/api/v1/drafts/concert/comments', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      attempt++;
      // The first reaches the server, but its answer is lost.
      await route.fetch();
      if (attempt === 1) return route.abort('connectionreset');
      return route.continue();
    });
    await page.locator('#concert-a1-p1 button[type=submit]').click();
    await expect(page.locator('#concert-a1-p1').getByRole('alert')).toContainText('ارتباط با سرور برقرار نشد');
    await expect(page.locator('#comment-concert-a1-p1')).toHaveValue(text);
    await page.locator('#concert-a1-p1').getByRole('button', { name: 'تلاش دوباره' }).click();
    await page.locator('#concert-a1-p1 button[type=submit]').click();
    await expect(page.getByRole('status').filter({ hasText: 'نظر شما ثبت شد' })).toBeVisible();
    const list = await (await request.get('/api/v1/drafts/concert/comments?per_page=50&paragraph=concert-a1-p1')).json();
    expect(list.items.filter((c: any) => c.body === text)).toHaveLength(1);
  });

  test('comment with the keyboard alone', async ({ page }) => {
    const text = `با صفحه‌کلید ${unique()}`;
    await page.goto('/drafts/concert');
    await expect(page.locator('.article').first()).toBeVisible();
    for (let i = 0; i < 60; i++) {
      if (await page.evaluate(() => document.activeElement?.closest('#concert-a5-p1') !== null && document.activeElement?.classList.contains('para__count'))) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect(page.locator('#concert-a5-p1 .para__count')).toHaveAttribute('aria-expanded', 'true');
    for (let i = 0; i < 40; i++) {
      if (await page.evaluate(() => document.activeElement?.id === 'comment-concert-a5-p1')) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(text);
    for (let i = 0; i < 10; i++) {
      if (await page.evaluate(() => (document.activeElement as HTMLElement | null)?.matches('#concert-a5-p1 button[type=submit]') ?? false)) break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect(page.locator('#concert-a5-p1 .para__panel')).toContainText(text);
  });
});

test.describe('a new version', () => {
  test('comments follow their words into a new version, or say they were on an earlier one', async ({ page, request }) => {
    const { PrivateServer } = await import('./helpers');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const server = new PrivateServer();
    await server.start();
    try {
      const draft = await (await request.get(server.url + '/api/v1/drafts/concert')).json();
      const body = draft.body;
      // Words added before «دست‌کم سی روز»; article 4 (with its comment) removed.
      body.parts[0].articles[1].paragraphs[0].text =
        'درخواست صدور مجوز برای هر اجرا دست‌کم سی روز پیش از تاریخ اجرا از طریق سامانه ثبت می‌شود.';
      body.parts[0].articles.splice(3, 1);
      const file = join(server.dir, 'v2.json');
      writeFileSync(file, JSON.stringify(body));
      server.admin('new-version', 'concert', file, '--note', 'ویرایش پس از نظرها');
      await page.goto(server.url + '/drafts/concert#concert-a2-p1');
      const panel = page.locator('#concert-a2-p1 .para__panel');
      await expect(panel).toContainText('سی روز برای اجراهای کوچک');
      await expect(panel.locator('.comment__quote').first()).toHaveText('دست‌کم سی روز');
      await expect(page.locator('.general-comments')).toContainText('ده روز برای اعتراض');
      await expect(page.locator('.general-comments')).toContainText('درباره نسخه پیشین');
      await page.getByRole('link', { name: 'چه چیزی تغییر کرد؟' }).click();
      await expect(page.locator('.changes__list ins').filter({ hasText: 'برای هر اجرا' })).toHaveCount(1);
      await expect(page.locator('.notice')).toContainText('ویرایش پس از نظرها');
    } finally {
      await server.dispose();
    }
  });
});
