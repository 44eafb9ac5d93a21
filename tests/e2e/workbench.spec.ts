import { test, expect } from './test';
import { expectAccessible, PrivateServer, watchConsole } from './helpers';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';

// The staff workbench (/staff/) against a server of its own: accounts are made with the
// agency's CLI, the citizen files through the API, and everything else is done in the
// browser, as an officer would.

const PASSWORD = 'a long e2e staff password';
const LOADING_FA = 'در حال بارگذاری';
const LOADING_EN = 'Loading';

function addStaff(server: PrivateServer, username: string, role: string) {
  const bin = process.env.MIZ_SERVER_BIN ?? 'target/debug/miz-server';
  execFileSync(bin, ['--db', server.db, 'admin', 'add-staff', username, '--name', `کارمند ${username}`, '--role', role, '--password-stdin'], {
    input: PASSWORD + '\n',
    encoding: 'utf8',
  });
}

function base32(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238: the code of the 30-second step `offset` steps from now. */
function totp(secret: string, offset = 0): string {
  const step = Math.floor(Date.now() / 30000) + offset;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[19] & 0xf;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

async function fileComplaint(server: PrivateServer, key: string): Promise<string> {
  const r = await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({
      kind: 'complaint',
      topic_id: 'c-books',
      description: 'مجوز نشر کتاب من پس از سه ماه هنوز صادر نشده است.',
      mobile: '09121234567',
      name: 'سارا',
    }),
  });
  expect(r.status).toBe(201);
  return (await r.json()).tracking_code;
}

test.describe('the workbench', () => {
  test.describe.configure({ mode: 'serial' });
  let server: PrivateServer;

  test.beforeAll(async () => {
    server = new PrivateServer();
    await server.start();
    addStaff(server, 'books.e2e', 'officer:books');
    addStaff(server, 'arts.e2e', 'officer:arts');
    addStaff(server, 'admin.e2e', 'admin');
    addStaff(server, 'keys.e2e', 'officer:books');
    addStaff(server, 'sup.e2e', 'supervisor');
    addStaff(server, 'script.e2e', 'officer:books');
  });
  test.afterAll(async () => server.dispose());

  test('an officer turns on two-step sign-in, signs in with it, finds a complaint and answers it; the citizen sees the answer', async ({ page }) => {
    test.setTimeout(60_000);
    const errors = watchConsole(page);
    const code = await fileComplaint(server, `wb-${test.info().project.name}`);
    await page.goto(`${server.url}/staff/`);
    await expect(page.getByRole('heading', { level: 1, name: 'ورود به میز کار' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expectAccessible(page);

    // A wrong password is named on its field, and nothing else happens.
    await page.getByLabel('نام کاربری').fill('books.e2e');
    await page.getByLabel('گذرواژه').fill('not the password at all');
    await page.getByRole('button', { name: 'ورود' }).click();
    await expect(page.locator('.error-summary')).toContainText('نام کاربری یا گذرواژه درست نیست');
    await page.getByLabel('گذرواژه').fill(PASSWORD);
    await page.getByRole('button', { name: 'ورود' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'پیام‌های واحد' })).toBeVisible();

    // Two-step sign-in, as an authenticator app would do it.
    await page.getByRole('link', { name: 'امنیت حساب من' }).click();
    await page.getByRole('button', { name: 'فعال کردن ورود دومرحله‌ای' }).click();
    const secret = (await page.locator('code.wb-secret').first().textContent())!.trim();
    await page.getByLabel('کد شش‌رقمی').fill(totp(secret));
    await page.getByRole('button', { name: 'تأیید کد' }).click();
    await expect(page.getByText('ورود دومرحله‌ای فعال شد.')).toBeVisible();
    await page.getByRole('button', { name: 'خروج', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ورود به میز کار' })).toBeVisible();
    await page.getByLabel('نام کاربری').fill('books.e2e');
    await page.getByLabel('گذرواژه').fill(PASSWORD);
    await page.getByRole('button', { name: 'ورود' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'کد ورود دومرحله‌ای' })).toBeVisible();
    await expectAccessible(page);
    // The next step's code (the one just used to enrol is spent), in Persian digits.
    const next = totp(secret, 1).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    await page.getByLabel('کد شش‌رقمی').fill(next);
    await page.getByRole('button', { name: 'تأیید و ورود' }).click();
    // Back where the officer was when they signed out.
    await expect(page.getByRole('heading', { level: 1, name: 'امنیت حساب من' })).toBeVisible();
    await page.getByRole('link', { name: 'پیام‌ها' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'پیام‌های واحد' })).toBeVisible();

    // Found by its code written with dashes, opened, answered.
    await page.getByLabel('جست‌وجو').fill(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
    await page.getByRole('button', { name: 'اعمال' }).click();
    await expect(page.locator('.wb-total')).toHaveText('۱ پیام');
    await expectAccessible(page);
    await page.locator('.wb-table a').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('پیام');
    await expect(page.locator('.wb-facts')).toContainText('مهلت قانونی پاسخ');
    await expectAccessible(page);
    // Started from a template, filled for this case (its code in Persian digits), then edited.
    await page.getByLabel('شروع از الگو').selectOption({ label: 'پاسخ نهایی' });
    const grouped = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    await expect(page.getByLabel('متن پاسخ')).toHaveValue(new RegExp(grouped));
    const started = await page.getByLabel('متن پاسخ').inputValue();
    await page.getByLabel('متن پاسخ').fill(`${started}مجوز شما صادر شد و در سامانه دیده می‌شود.`);
    await page.getByRole('button', { name: 'فرستادن پاسخ' }).click();
    await expect(page.getByText('تغییر ثبت شد.')).toBeVisible();
    await expect(page.locator('.wb-facts')).toContainText('پاسخ داده شد');

    // The citizen's tracking page shows the answer and the due date.
    await page.goto(`${server.url}/track`);
    await page.getByLabel('کد رهگیری').fill(code);
    await page.getByLabel('شماره تلفن همراه').fill('09121234567');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.answer-box')).toContainText('مجوز شما صادر شد');
    await expect(page.locator('.case__due')).toContainText('مهلت قانونی پاسخ');
    // The browser reports each refused sign-in (401) as a failed resource; nothing else.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });

  test("another unit's officer cannot see the case: not in the inbox, not in search, not by its address, not through the API", async ({ page }) => {
    const code = await fileComplaint(server, `wb-other-${test.info().project.name}`);
    await page.goto(`${server.url}/staff/`);
    await page.getByLabel('نام کاربری').fill('arts.e2e');
    await page.getByLabel('گذرواژه').fill(PASSWORD);
    await page.getByRole('button', { name: 'ورود' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'پیام‌های واحد' })).toBeVisible();
    await page.getByLabel('جست‌وجو').fill(code);
    await page.getByRole('button', { name: 'اعمال' }).click();
    await expect(page.locator('.wb-total')).toHaveText('۰ پیام');
    await page.goto(`${server.url}/staff/cases/${code}`);
    await expect(page.locator('.error-panel')).toContainText('پیدا نشد');
    const status = await page.evaluate(async (c) => (await fetch(`/api/v1/staff/cases/${c}`)).status, code);
    expect(status).toBe(404);
  });

  test('an officer answers a case with the keyboard alone', async ({ page }) => {
    const code = await fileComplaint(server, `wb-keys-${test.info().project.name}`);
    await page.goto(`${server.url}/staff/cases/${code}`);
    await expect(page.getByRole('heading', { level: 1, name: 'ورود به میز کار' })).toBeVisible();
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    const tabTo = async (id: string) => {
      for (let i = 0; i < 60 && (await focusedId()) !== id; i++) await page.keyboard.press('Tab');
      expect(await focusedId()).toBe(id);
    };
    await tabTo('username');
    await page.keyboard.type('keys.e2e');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    // The address asked for is the page shown after signing in.
    await expect(page.locator('.wb-facts')).toContainText('مهلت قانونی پاسخ');
    await tabTo('answer');
    await page.keyboard.type('پاسخ با صفحه‌کلید: درخواست شما بررسی و پذیرفته شد.');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'فرستادن پاسخ' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByText('تغییر ثبت شد.')).toBeVisible();
    await expect(page.locator('.wb-facts')).toContainText('پاسخ داده شد');
  });

  test('an officer asks the citizen for a document: the deadline pauses and the citizen reads what is asked', async ({ page }) => {
    const code = await fileComplaint(server, `wb-wait-${test.info().project.name}`);
    await page.goto(`${server.url}/staff/cases/${code}`);
    await page.getByLabel('نام کاربری').fill('script.e2e');
    await page.getByLabel('گذرواژه').fill(PASSWORD);
    await page.getByRole('button', { name: 'ورود' }).click();
    await expect(page.locator('.wb-facts')).toContainText('مهلت قانونی پاسخ');
    await page.getByLabel('وضعیت تازه').selectOption({ label: 'در انتظار پاسخ شهروند (مهلت متوقف)' });
    await page.getByRole('button', { name: 'ثبت وضعیت' }).click();
    // What is asked must be said: the citizen reads it.
    await expect(page.locator('.error-summary')).toContainText('بنویسید از شهروند چه می‌خواهید');
    await expectAccessible(page);
    await page.getByLabel('توضیح برای شهروند').fill('لطفاً تصویر مجوز قبلی را به دفتر واحد بفرستید.');
    await page.getByRole('button', { name: 'ثبت وضعیت' }).click();
    await expect(page.getByText('تغییر ثبت شد.')).toBeVisible();
    await expect(page.locator('.wb-facts')).toContainText('در انتظار پاسخ شهروند');

    await page.goto(`${server.url}/track`);
    await page.getByLabel('کد رهگیری').fill(code);
    await page.getByLabel('شماره تلفن همراه').fill('09121234567');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('main')).toContainText('در انتظار پاسخ شما');
    await expect(page.locator('main')).toContainText('لطفاً تصویر مجوز قبلی را به دفتر واحد بفرستید.');
  });

  test('a supervisor takes twenty cases at once and refers one to another unit', async ({ page }) => {
    test.setTimeout(60_000);
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) codes.push(await fileComplaint(server, `wb-bulk-${test.info().project.name}-${i}`));
    await page.goto(`${server.url}/staff/?assignee=none`);
    await page.getByLabel('نام کاربری').fill('sup.e2e');
    await page.getByLabel('گذرواژه').fill(PASSWORD);
    await page.getByRole('button', { name: 'ورود' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'پیام‌های واحد' })).toBeVisible();
    await page.getByLabel('برگزیدن همه پیام‌های این صفحه').check();
    await expect(page.locator('.wb-bulk')).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('کار', { exact: true }).selectOption('assign_me');
    await page.getByRole('button', { name: 'انجام برای برگزیده‌ها' }).click();
    await expect(page.getByText(/پیام تغییر کرد/)).toBeVisible();
    await page.goto(`${server.url}/staff/?assignee=me&per_page=50`);
    const total = await page.locator('.wb-total').textContent();
    const n = Number(total!.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))).replace(/\D/g, ''));
    expect(n).toBeGreaterThanOrEqual(20);

    // Referred to the arts unit, with the reason and a copy to the press office.
    await page.goto(`${server.url}/staff/cases/${codes[0]}`);
    await page.getByLabel('واحد مقصد').selectOption('arts');
    await page.getByLabel('دلیل ارجاع').fill('موضوع این پیام به معاونت هنری مربوط است.');
    await page.getByLabel('معاونت مطبوعاتی و اطلاع‌رسانی').check();
    await page.getByRole('button', { name: 'ارجاع', exact: true }).click();
    await expect(page.getByText('تغییر ثبت شد.')).toBeVisible();
    await expect(page.locator('.wb-facts')).toContainText('معاونت امور هنری');
    await expect(page.locator('.wb-timeline')).toContainText('موضوع این پیام به معاونت هنری مربوط است.');
  });

  test('an officer makes an API token for a script, the script acts as them, and revoking it stops it', async ({ page }) => {
    await page.goto(`${server.url}/staff/`);
    await page.getByLabel('نام کاربری').fill('script.e2e');
    await page.getByLabel('گذرواژه').fill(PASSWORD);
    await page.getByRole('button', { name: 'ورود' }).click();
    await page.getByRole('link', { name: 'امنیت حساب من' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'توکن‌های API من' })).toBeVisible();
    await page.getByRole('button', { name: 'ساختن توکن' }).click();
    await expect(page.locator('.error-summary')).toContainText('نامی برای توکن بنویسید');
    await page.getByLabel('این توکن برای کدام برنامه است؟').fill('گزارش هفتگی');
    await page.getByRole('button', { name: 'ساختن توکن' }).click();
    const secret = (await page.getByTestId('token-secret').textContent())!.trim();
    expect(secret).toMatch(/^mizs_/);
    await expect(page.locator('.wb-tokens')).toContainText('گزارش هفتگی');
    await expectAccessible(page);

    const asScript = () => fetch(`${server.url}/api/v1/staff/cases`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await asScript()).status).toBe(200);
    await page.getByRole('button', { name: 'باطل کردن گزارش هفتگی' }).click();
    await expect(page.locator('.wb-tokens')).toContainText('باطل شده');
    expect((await asScript()).status).toBe(401);
  });

  test('the administrator sees each of these actions in the audit log', async ({ page }) => {
    await page.goto(`${server.url}/staff/`);
    await page.getByLabel('نام کاربری').fill('admin.e2e');
    await page.getByLabel('گذرواژه').fill(PASSWORD);
    await page.getByRole('button', { name: 'ورود' }).click();
    await page.getByRole('link', { name: 'گزارش رویدادها' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'گزارش رویدادها' })).toBeVisible();
    const log = page.locator('.wb-table');
    for (const action of ['sign_in', 'sign_in.failed', 'totp.enable', 'case.view', 'case.answer', 'case.assign', 'case.refer', 'token.create', 'token.revoke']) {
      await expect(log.getByText(action, { exact: true }).first()).toBeVisible();
    }
    await expectAccessible(page);
  });

  test("the administrator's pages are accessible in Persian and in English", async ({ page }) => {
    await page.goto(`${server.url}/staff/`);
    await page.getByLabel('نام کاربری').fill('admin.e2e');
    await page.getByLabel('گذرواژه').fill(PASSWORD);
    await page.getByRole('button', { name: 'ورود' }).click();
    const pages: Array<[string, string, string, string]> = [
      ['حساب‌ها', 'حساب‌های کارکنان', 'Accounts', 'Staff accounts'],
      ['تعطیلات', 'تعطیلات رسمی', 'Holidays', 'Official holidays'],
      ['امنیت حساب من', 'امنیت حساب من', 'My account security', 'My account security'],
    ];
    for (const [link, heading] of pages) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByText(LOADING_FA)).toHaveCount(0);
      await expectAccessible(page);
    }
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    for (const [, , link, heading] of pages) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByText(LOADING_EN)).toHaveCount(0);
      await expectAccessible(page);
    }
  });
});
