import { test, expect, type Page } from './test';
import { join } from 'node:path';
import { expectAccessible, PrivateServer, watchConsole, wizardUpToCheck } from './helpers';

const fixtures = join(__dirname, 'fixtures');
const persianCode = /^[۰-۹]{4}-[۰-۹]{4}-[۰-۹]{4}$/;
const toAscii = (s: string) => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));

/** Presses Tab until `selector` has focus (keyboard-only journeys). */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${selector} with Tab`);
}

test.describe('case wizard', () => {
  test('a complaint with two attachments, step by step, to a tracking code', async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto('/');
    await page.getByRole('link', { name: 'ثبت درخواست، شکایت، انتقاد یا پیشنهاد' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'شروع' }).click();
    // Continue without choosing: an error summary that links to the field.
    await page.getByRole('button', { name: 'ادامه' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'مشکلی پیش آمده است' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('alert').getByRole('link', { name: 'یکی را انتخاب کنید' }).click();
    await expect(page.locator('#kind')).toBeFocused();
    await page.getByLabel('شکایت', { exact: true }).check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await expect(page).toHaveURL(/\/cases\/new\/topic$/);
    await page.getByLabel('مجوز نشر و کتاب').check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'ادامه' }).click();
    const box = page.getByLabel('شرح خود را بنویسید');
    await box.fill('کوتاه');
    await page.getByRole('button', { name: 'ادامه' }).click();
    await expect(page.locator('#description-error')).toContainText('دست‌کم ۱۰ نویسه');
    await box.fill('درخواست مجوز نشر کتاب من از سه ماه پیش بی‌پاسخ مانده است.');
    await expect(page.locator('.char-count')).toContainText('از ۴٬۰۰۰');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'ادامه' }).click();
    // A file that lies about its type is refused by the server, by content.
    await page.locator('#file').setInputFiles(join(fixtures, 'fake.jpg'));
    await expect(page.locator('#file-error')).toContainText('fake.jpg');
    await page.locator('#file').setInputFiles([join(fixtures, 'photo.png'), join(fixtures, 'letter.pdf')]);
    await expect(page.locator('.file:not(.file--uploading)')).toHaveCount(2);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('شماره تلفن همراه').fill('+44 7911 123456');
    await page.getByRole('button', { name: 'ادامه' }).click();
    await expect(page.locator('#mobile-error')).toContainText('فقط شماره تلفن همراه ایران');
    await page.getByLabel('شماره تلفن همراه').fill('۰۹۱۲ ۱۲۳ ۴۵۶۷');
    await page.getByRole('button', { name: 'ادامه' }).click();
    await expect(page.locator('.summary')).toContainText('مجوز نشر و کتاب');
    await expect(page.locator('.summary')).toContainText('photo.png');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'ارسال' }).click();
    await expect(page).toHaveURL(/\/cases\/new\/sent$/);
    const code = (await page.locator('#tracking-code').innerText()).trim();
    expect(code).toMatch(persianCode);
    await expect(page.getByText('اداره کتاب و کتابخوانی')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'پیگیری این پیام' }).click();
    await page.getByLabel('شماره تلفن همراه').fill('09121234567');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.case__status')).toContainText('به واحد مسئول فرستاده شد');
    // The day the answer is due by law, as a Jalali date in Persian digits.
    await expect(page.locator('.case__due')).toContainText(/مهلت قانونی پاسخ: [۰-۹]+ [آ-ی]+ ۱۴۰[۵-۹]/);
    await expect(page.locator('.case__due time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
    await expect(page.locator('.timeline__item')).toHaveCount(2);
    await expect(page.locator('.timeline time').first()).toContainText(/آذر|دی|بهمن|اسفند|فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان/);
    await expectAccessible(page);
    // The refused upload is the only failed request the browser reports.
    expect(errors.filter((e) => !/status of 415/.test(e))).toEqual([]);
  });

  test('an anonymous suggestion gets an access key that tracks it', async ({ page }) => {
    await wizardUpToCheck(page, '', { kind: 'پیشنهاد', topic: 'کتاب و کتابخوانی', anonymous: true });
    await expect(page.locator('.summary')).toContainText('بی‌نام');
    await page.getByRole('button', { name: 'ارسال' }).click();
    const key = (await page.locator('#access-key').innerText()).trim();
    expect(key).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const code = toAscii((await page.locator('#tracking-code').innerText()).trim());
    await page.goto('/track/' + code);
    await page.getByLabel('پیام را بی‌نام فرستاده‌ام (کلید دسترسی دارم)').check();
    await page.getByLabel('کلید دسترسی', { exact: true }).fill(key);
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.case__status')).toContainText('به واحد مسئول فرستاده شد');
  });

  test('a reload in the middle of the wizard keeps every answer', async ({ page }) => {
    await page.goto('/cases/new/type');
    await page.getByLabel('انتقاد', { exact: true }).check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('مقررات و بخشنامه‌ها').check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('شرح خود را بنویسید').fill('بخشنامه جدید برای کتاب‌فروشی‌ها مبهم است.');
    await page.reload();
    await expect(page.getByLabel('شرح خود را بنویسید')).toHaveValue('بخشنامه جدید برای کتاب‌فروشی‌ها مبهم است.');
    await expect(page.getByRole('status').filter({ hasText: 'بازیابی شد' })).toBeVisible();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('شماره تلفن همراه').fill('09351234567');
    await page.getByLabel('نام', { exact: false }).and(page.locator('#name')).fill('مریم');
    // The tab closes: a new page in the same browser profile.
    const again = await page.context().newPage();
    await again.goto('/cases/new/check');
    await expect(again.locator('.summary')).toContainText('انتقاد');
    await expect(again.locator('.summary')).toContainText('مقررات و بخشنامه‌ها');
    await expect(again.locator('.summary')).toContainText('بخشنامه جدید برای کتاب‌فروشی‌ها مبهم است.');
    await expect(again.locator('.summary')).toContainText('مریم');
    // A change link goes to its step and comes back to the check page.
    await again.getByRole('link', { name: /تغییر\s+موضوع/ }).click();
    await again.getByLabel('برنامه‌ها و رویدادهای فرهنگی').check();
    await again.getByRole('button', { name: 'ادامه' }).click();
    await expect(again).toHaveURL(/\/cases\/new\/check$/);
    await expect(again.locator('.summary')).toContainText('برنامه‌ها و رویدادهای فرهنگی');
  });

  test('the whole journey by keyboard alone', async ({ page }) => {
    await page.goto('/cases/new');
    await tabTo(page, 'a.button--start');
    await page.keyboard.press('Enter');
    await expect(page.locator('#main h1')).toHaveText('چه می‌خواهید بفرستید؟');
    await tabTo(page, 'input[name=kind]');
    // Arrow keys move between radios; the first arrow selects the next one (criticism).
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('انتقاد', { exact: true })).toBeChecked();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main h1')).toHaveText('موضوع آن چیست؟');
    await tabTo(page, 'input[name=topic]');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await expect(page.locator('#main h1')).toHaveText('شرح خود را بنویسید');
    await tabTo(page, '#description');
    await page.keyboard.type('ساعت پاسخگویی تلفنی کم است و کسی جواب نمی‌دهد.');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await expect(page.locator('#main h1')).toHaveText('پیوست (اختیاری)');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await tabTo(page, '#anonymous');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await expect(page.locator('#main h1')).toHaveText('پیش از ارسال، بررسی کنید');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await expect(page.locator('#tracking-code')).toHaveText(persianCode);
  });
});

test.describe('tracking', () => {
  test('a mistyped code is caught by its check digit, with no request', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/cases/')) requests.push(r.url()); });
    await page.goto('/track');
    // A valid code (check digit by Damm) with one digit changed: 7621-6202-9589 is valid.
    await page.getByLabel('کد رهگیری').fill('۷۶۲۱-۶۲۰۲-۹۵۸۸');
    await page.getByLabel('شماره تلفن همراه').fill('09121234567');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('#code-error')).toContainText('یک رقم اشتباه یا جابه‌جا');
    await page.getByLabel('کد رهگیری').fill('1234');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('#code-error')).toContainText('۱۲ رقم');
    await expectAccessible(page);
    expect(requests).toEqual([]);
  });

  test('a wrong mobile gets the same answer as an unknown code', async ({ page, request }) => {
    const res = await request.post('/api/v1/cases', {
      headers: { 'idempotency-key': 'e2e-wrong-mobile-' + Date.now() + Math.random() },
      data: { kind: 'request', topic_id: 'r-info', description: 'آمار کتاب‌های منتشر شده را می‌خواهم.', mobile: '09121110000' },
    });
    expect(res.status()).toBe(201);
    const code = (await res.json()).tracking_code as string;
    await page.goto('/track/' + code);
    await page.getByLabel('شماره تلفن همراه').fill('09129999999');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    const wrong = await page.getByRole('alert').innerText();
    // 7621-6202-9589 passes the check digit; no such case was made by these tests.
    await page.goto('/track/762162029589');
    await page.getByLabel('شماره تلفن همراه').fill('09121110000');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    const unknown = await page.getByRole('alert').innerText();
    expect(wrong).toBe(unknown);
    expect(wrong).toContain('پیدا نشد');
  });
});

test.describe('cases against a server of their own', () => {
  test.describe.configure({ mode: 'serial' });

  test('a send that loses the network, even after the server committed, makes exactly one case', async ({ page }) => {
    const server = new PrivateServer();
    await server.start();
    try {
      await wizardUpToCheck(page, server.url, { files: ['photo.png'] });
      let attempt = 0;
      await page.route('**/api/v1/cases', async (route) => {
        attempt++;
        if (attempt === 1) return route.abort('internetdisconnected');
        // The server stores the case, but the answer never arrives.
        await route.fetch();
        return route.abort('connectionreset');
      });
      await page.getByRole('button', { name: 'ارسال' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'منتظر اتصال اینترنت' })).toBeVisible();
      expect(server.caseCount()).toBe(0);
      await page.getByRole('button', { name: 'الان دوباره بفرست' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'منتظر اتصال اینترنت' })).toBeVisible();
      await expect.poll(() => server.caseCount()).toBe(1);
      // Nothing was shown: no code the citizen could trust yet.
      await expect(page.locator('#tracking-code')).toHaveCount(0);
      await page.unroute('**/api/v1/cases');
      await page.getByRole('button', { name: 'الان دوباره بفرست' }).click();
      await expect(page.locator('#tracking-code')).toHaveText(persianCode);
      expect(server.caseCount()).toBe(1);
      const shown = toAscii((await page.locator('#tracking-code').innerText()).trim()).replace(/-/g, '');
      expect(server.admin('list-cases')).toContain(shown);
    } finally {
      await server.dispose();
    }
  });

  test('a full disk: the service is busy, every answer stays, and the retry makes one case', async ({ page }) => {
    const server = new PrivateServer();
    await server.start();
    try {
      await wizardUpToCheck(page, server.url);
      server.limitFileSize(0);
      await page.getByRole('button', { name: 'ارسال' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'سامانه موقتاً شلوغ است' });
      await expect(alert).toBeVisible();
      await expect(alert).toContainText('از دست نرفته');
      await expect(alert).toContainText('۳۰');
      await expectAccessible(page);
      expect(server.caseCount()).toBe(0);
      // The citizen gives up for now and comes back: everything is still there.
      await page.reload();
      await expect(page.locator('#main h1')).toHaveText('پیش از ارسال، بررسی کنید');
      await expect(page.locator('#main')).toContainText('درخواست مجوز نشر کتاب من از سه ماه پیش بی‌پاسخ مانده است.');
      await page.getByRole('button', { name: 'ارسال' }).click();
      await expect(alert).toBeVisible();
      server.limitFileSize('unlimited');
      // One action, one button: the form's own send is the retry.
      await expect(alert.getByRole('button')).toHaveCount(0);
      await page.getByRole('button', { name: 'ارسال' }).click();
      await expect(page.locator('#tracking-code')).toHaveText(persianCode);
      expect(server.caseCount()).toBe(1);
    } finally {
      await server.dispose();
    }
  });

  test('a send waiting for the network goes on the next visit', async ({ page, context }) => {
    const server = new PrivateServer();
    await server.start();
    try {
      await wizardUpToCheck(page, server.url);
      await server.stop();
      await page.getByRole('button', { name: 'ارسال' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'منتظر اتصال اینترنت' })).toBeVisible();
      await page.close();
      await server.start();
      const next = await context.newPage();
      await next.goto(server.url + '/cases/new/check');
      await expect(next.locator('#tracking-code')).toHaveText(persianCode);
      expect(server.caseCount()).toBe(1);
    } finally {
      await server.dispose();
    }
  });

  test('a double click sends one case', async ({ page }) => {
    const server = new PrivateServer();
    await server.start();
    try {
      await wizardUpToCheck(page, server.url);
      await page.getByRole('button', { name: 'ارسال' }).dblclick();
      await expect(page.locator('#tracking-code')).toHaveText(persianCode);
      expect(server.caseCount()).toBe(1);
    } finally {
      await server.dispose();
    }
  });

  test('the timeline shows what the agency did, and the citizen can object once', async ({ page, request }) => {
    const server = new PrivateServer();
    await server.start();
    try {
      const res = await request.post(server.url + '/api/v1/cases', {
        headers: { 'idempotency-key': 'timeline-1' },
        data: { kind: 'complaint', topic_id: 'c-cinema', description: 'اکران فیلم ما بدون دلیل لغو شد.', mobile: '09121234567' },
      });
      const code = (await res.json()).tracking_code as string;
      server.admin('case-status', code, 'in_review', '--note', 'پرونده به کارشناس سپرده شد');
      server.admin('answer', code, 'اکران با هماهنگی سینما از هفته آینده از سر گرفته می‌شود.');
      await page.goto(`${server.url}/track/${code}`);
      await page.getByLabel('شماره تلفن همراه').fill('۰۹۱۲۱۲۳۴۵۶۷');
      await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
      await expect(page.locator('.timeline__item')).toHaveCount(4);
      await expect(page.locator('.timeline')).toContainText('در حال بررسی');
      await expect(page.locator('.timeline')).toContainText('پرونده به کارشناس سپرده شد');
      await expect(page.locator('.answer-box')).toContainText('از سر گرفته می‌شود');
      await expectAccessible(page);
      await page.getByLabel('دلیل اعتراض').fill('کوتاه');
      await page.getByRole('button', { name: 'ثبت اعتراض' }).click();
      await expect(page.locator('#reason-error')).toBeVisible();
      await page.getByLabel('دلیل اعتراض').fill('هفته آینده هم اکران نشد و کسی پاسخ نمی‌دهد.');
      await page.getByRole('button', { name: 'ثبت اعتراض' }).click();
      await expect(page.locator('.case__status')).toContainText('با اعتراض دوباره باز شد');
      await expect(page.getByRole('button', { name: 'ثبت اعتراض' })).toHaveCount(0);
    } finally {
      await server.dispose();
    }
  });

  test('a neighbour guessing from the same network does not lock a citizen out of the case this device filed', async ({ page, browser }) => {
    const server = new PrivateServer(['--lookup-failures', '3']);
    await server.start();
    const newDevice = await browser.newContext();
    try {
      await wizardUpToCheck(page, server.url);
      await page.getByRole('button', { name: 'ارسال' }).click();
      const code = toAscii((await page.locator('#tracking-code').innerText()).trim());
      // The neighbour (same address: every request here comes from 127.0.0.1) guesses until
      // the address is held.
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await newDevice.request.get(`${server.url}/api/v1/cases/762162029589`, { headers: { 'X-Case-Mobile': '09350000000' } });
        statuses.push(r.status());
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
      // The citizen's own device: its case pass goes with the look-up, and the case shows.
      await page.goto(server.url + '/track/' + code);
      await page.getByLabel('شماره تلفن همراه').fill('09121234567');
      await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
      await expect(page.locator('.case__status')).toContainText('به واحد مسئول فرستاده شد');
      // The same code and mobile from a device without the pass waits, like the guesser.
      const other = await newDevice.newPage();
      await other.goto(server.url + '/track/' + code);
      await other.getByLabel('شماره تلفن همراه').fill('09121234567');
      await other.getByRole('button', { name: 'نمایش وضعیت' }).click();
      await expect(other.getByRole('alert')).toContainText('درخواست‌های زیادی از این شبکه رسیده است');
    } finally {
      await newDevice.close();
      await server.dispose();
    }
  });

  test('guessing codes is stopped with a wait time', async ({ page }) => {
    const server = new PrivateServer(['--lookup-failures', '3']);
    await server.start();
    try {
      await page.goto(server.url + '/track/762162029589');
      await page.getByLabel('شماره تلفن همراه').fill('09121234567');
      for (let i = 0; i < 3; i++) {
        await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
        await expect(page.getByRole('alert')).toContainText('پیدا نشد');
        // The form's own button sends again: no second button for the same action.
        await expect(page.getByRole('button', { name: 'تلاش دوباره' })).toHaveCount(0);
      }
      await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
      const alert = page.getByRole('alert');
      // Says what happened without blaming: many citizens share one mobile address.
      await expect(alert).toContainText('درخواست‌های زیادی از این شبکه رسیده است');
      await expect(alert).toContainText('شاید این درخواست‌ها از شما نبوده باشد');
      await expect(alert).toContainText('ثانیه دیگر دوباره تلاش کنید');
      await expect(page.getByRole('button', { name: 'تلاش دوباره' })).toHaveCount(0);
    } finally {
      await server.dispose();
    }
  });
});
