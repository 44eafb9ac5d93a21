import { test, expect, type Page } from './test';
import { writeFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { appReady, expectAccessible, freePort, PrivateServer, waitForServiceWorker, watchConsole, wizardUpToCheck, openMenu } from './helpers';

const toAscii = (s: string) => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));

/** The desk as an agency's portal runs it: the app served from one origin, its API from
 *  another (a second server, as an agency's own backend would be), each allowing the other
 *  only by the settings the README names. */
class SplitDesk {
  app!: PrivateServer;
  api!: PrivateServer;

  async start() {
    const [appPort, apiPort] = [await freePort(), await freePort()];
    const appOrigin = `http://127.0.0.1:${appPort}`;
    const apiOrigin = `http://127.0.0.1:${apiPort}`;
    // Many tests from one address; the limits have tests of their own.
    this.api = new PrivateServer(['--cors-origins', appOrigin, '--writes-per-minute', '10000', '--lookup-failures', '10000']);
    this.api.port = apiPort;
    this.app = new PrivateServer(['--connect-src', apiOrigin]);
    this.app.port = appPort;
    // The app's config.json points at the other origin (its compressed copies would be
    // served instead of the file, so they go).
    writeFileSync(join(this.app.dist, 'config.json'), JSON.stringify({ api_base_url: `${apiOrigin}/api/v1/` }));
    for (const ext of ['.br', '.gz']) rmSync(join(this.app.dist, 'config.json' + ext), { force: true });
    await Promise.all([this.api.start(), this.app.start()]);
  }

  get apiOrigin() {
    return this.api.url;
  }

  async dispose() {
    await Promise.all([this.app?.dispose(), this.api?.dispose()]);
  }
}

/** The API requests the page makes, as URLs. */
function apiRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/')) urls.push(r.url());
  });
  return urls;
}

test.describe('a desk whose API lives on another origin', () => {
  test.describe.configure({ mode: 'serial' });
  const desk = new SplitDesk();
  test.beforeAll(async () => {
    await desk.start();
  });
  test.afterAll(async () => {
    await desk.dispose();
  });

  test('home, the agency and FAQ search come from the API origin', async ({ page }) => {
    const errors = watchConsole(page);
    const urls = apiRequests(page);
    await page.goto(desk.app.url + '/');
    await appReady(page);
    await expect(page.locator('.site-header__name')).toContainText('فرهنگ و ارشاد');
    // The logo is served by the API too.
    await expect.poll(() => page.locator('.site-header__logo').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
    await page.goto(desk.app.url + '/faq');
    await page.getByRole('searchbox').fill('مجوز کنسرت');
    await expect(page.locator('.result').first()).toBeVisible();
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((u) => u.startsWith(desk.apiOrigin + '/api/v1/'))).toBe(true);
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });

  test('the drafts list sends only the filters that have a value', async ({ page }) => {
    const urls = apiRequests(page);
    await page.goto(desk.app.url + '/drafts');
    await expect(page.locator('.draft-card')).toHaveCount(3);
    await page.goto(desk.app.url + '/drafts?state=open&kind=&q=');
    await expect(page.locator('.draft-card')).toHaveCount(1);
    const lists = urls.filter((u) => /\/drafts\?/.test(u)).map((u) => u.slice(u.indexOf('/drafts?')));
    expect(lists).toEqual(['/drafts?per_page=50', '/drafts?state=open&per_page=50']);
  });

  test('a complaint with an attachment, then its tracking by mobile; an anonymous one by its access key', async ({ page }) => {
    const errors = watchConsole(page);
    await wizardUpToCheck(page, desk.app.url, { files: ['photo.png'] });
    await page.getByRole('button', { name: 'ارسال' }).click();
    const code = toAscii((await page.locator('#tracking-code').innerText()).trim());
    await page.goto(desk.app.url + '/track/' + code);
    await page.getByLabel('شماره تلفن همراه').fill('09121234567');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.case__status')).toContainText('به واحد مسئول فرستاده شد');

    // The access key travels in X-Case-Key, which the API's preflight must allow.
    await wizardUpToCheck(page, desk.app.url, { kind: 'پیشنهاد', topic: 'کتاب و کتابخوانی', anonymous: true });
    await page.getByRole('button', { name: 'ارسال' }).click();
    const key = (await page.locator('#access-key').innerText()).trim();
    const anonymous = toAscii((await page.locator('#tracking-code').innerText()).trim());
    await page.goto(desk.app.url + '/track/' + anonymous);
    await page.getByLabel('پیام را بی‌نام فرستاده‌ام (کلید دسترسی دارم)').check();
    await page.getByLabel('کلید دسترسی', { exact: true }).fill(key);
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.case__status')).toContainText('به واحد مسئول فرستاده شد');
    expect(errors).toEqual([]);
  });

  test('a comment on a draft', async ({ page }) => {
    const errors = watchConsole(page);
    const text = `نظر از درگاهی با مبدأ دیگر ${Date.now()}`;
    await page.goto(desk.app.url + '/drafts/concert');
    await page.locator('#concert-a3-p1 .para__count').click();
    await page.locator('#comment-body').fill(text);
    await page.locator('#comments-panel button[type=submit]').click();
    await expect(page.getByRole('status').filter({ hasText: 'نظر شما ثبت شد' })).toBeVisible();
    await page.reload();
    await expect(page.locator('#comments-panel')).toContainText(text);
    expect(errors).toEqual([]);
  });

  test('after one visit the FAQ searches offline, kept from the API origin', async ({ page, context }) => {
    await page.goto(desk.app.url + '/faq');
    await expect(page.locator('.faq-category').first()).toBeVisible();
    await waitForServiceWorker(page);
    await expect(page.locator('.faq-category').first()).toBeVisible();
    await context.setOffline(true);
    try {
      await page.goto(desk.app.url + '/faq');
      await appReady(page);
      // The agency's name (its document, from the API origin) is there offline too.
      await expect(page.locator('.site-header__name')).toContainText('فرهنگ و ارشاد');
      await page.getByRole('searchbox').fill('مجوز کنسرت');
      await expect(page.locator('.result').first()).toBeVisible();
    } finally {
      await context.setOffline(false);
    }
  });
});

test.describe('what the app does with what a backend may send', () => {
  // The service worker would answer some requests itself, past the test's interception.
  test.use({ serviceWorkers: 'block' });

  test('a 429 whose Retry-After is not exposed: the desk says it cannot tell how long', async ({ page }) => {
    await page.route('**/api/v1/cases/**', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'https://example.ir/too-many', title: 'Too many requests', status: 429 }),
      }),
    );
    await page.goto('/track');
    await page.getByLabel('کد رهگیری').fill('123456789018');
    await page.getByLabel('شماره تلفن همراه').fill('09121234567');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('سرور نگفت چه مدت باید صبر کرد');
    await expect(alert).not.toContainText('۶۰');
  });

  test('a refused upload shows the problem detail when there are no field errors', async ({ page }) => {
    await page.route('**/api/v1/uploads', (route) =>
      route.fulfill({
        status: 415,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'https://example.ir/type', title: 'نوع پرونده پذیرفته نیست', status: 415, detail: 'این سامانه فقط عکس JPEG می‌پذیرد.' }),
      }),
    );
    await page.goto('/cases/new/type');
    await page.getByLabel('شکایت', { exact: true }).check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('مجوز نشر و کتاب', { exact: true }).check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('شرح خود را بنویسید').fill('درخواست مجوز نشر کتاب من از سه ماه پیش بی‌پاسخ مانده است.');
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.locator('#file').setInputFiles(join(__dirname, 'fixtures', 'photo.png'));
    await expect(page.locator('#file-error')).toContainText('این سامانه فقط عکس JPEG می‌پذیرد.');
    await expect(page.locator('#file-error')).not.toContainText('دوباره تلاش کنید');
  });

  test('a code is checked for its Damm digit only when the agency declares one', async ({ page }) => {
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/cases/')) asked.push(r.url());
    });
    // 123456789011: twelve digits whose last is not the Damm check digit of the others.
    await page.goto('/track');
    await page.getByLabel('کد رهگیری').fill('۱۲۳۴-۵۶۷۸-۹۰۱۱');
    await page.getByLabel('شماره تلفن همراه').fill('09121234567');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('#code-error')).toContainText('یک رقم اشتباه');
    expect(asked).toEqual([]);

    // An agency whose backend issues codes of its own: the code goes to the backend.
    await page.route('**/api/v1/agency', async (route) => {
      const res = await route.fetch();
      const doc = await res.json();
      delete doc.tracking_code_check;
      await route.fulfill({ response: res, body: JSON.stringify(doc), headers: { ...res.headers(), etag: '"no-check"' } });
    });
    await page.route('**/api/v1/cases/**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          tracking_code: '123456789011', kind: 'complaint', topic: { fa: 'مجوز نشر و کتاب' },
          unit: { id: 'u', name: { fa: 'اداره کتاب' } }, status: 'received', created_at: '2026-11-01T08:00:00Z',
          description: 'شرح', timeline: [{ status: 'received', at: '2026-11-01T08:00:00Z', unit: { id: 'u', name: { fa: 'اداره کتاب' } } }],
          can_object: false,
        }),
      }),
    );
    await page.goto('/track');
    await appReady(page);
    await page.getByLabel('کد رهگیری').fill('۱۲۳۴-۵۶۷۸-۹۰۱۱');
    await page.getByLabel('شماره تلفن همراه').fill('09121234567');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.case__status')).toBeVisible();
    expect(asked.some((u) => u.endsWith('/cases/123456789011'))).toBe(true);
  });
});

test.describe('embedded in a portal on another origin', () => {
  test.describe.configure({ mode: 'serial' });
  // The desk (app and API) on one server; the portal's page on another, a real one on
  // loopback (Chromium lets a page reach loopback only from loopback), with the README's
  // snippet.
  let desk: PrivateServer;
  let portal: Server;
  let portalUrl: string;
  test.beforeAll(async () => {
    const [deskPort, portalPort] = [await freePort(), await freePort()];
    portalUrl = `http://127.0.0.1:${portalPort}`;
    desk = new PrivateServer(['--cors-origins', portalUrl]);
    desk.port = deskPort;
    await desk.start();
    const html = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>درگاه</title></head><body>
<main><h1>درگاه دستگاه</h1><p>میز خدمت این دستگاه در پایین همین صفحه است.</p></main>
<section aria-label="میز خدمت">
<div id="miz"><p>میز خدمت در حال بارگذاری است. اگر این پیام ماند، صفحه را دوباره بارگذاری کنید.</p></div>
<script type="module" src="${desk.url}/embed.js" data-config="${desk.url}/embed/tehran.json" data-mount="#miz"></script>
</section></body></html>`;
    portal = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((resolve) => portal.listen(portalPort, '127.0.0.1', resolve));
  });
  test.afterAll(async () => {
    await new Promise((resolve) => portal.close(resolve));
    await desk.dispose();
  });

  async function openPortal(page: Page) {
    await page.goto(portalUrl + '/embed/');
  }

  test('the desk mounts from its own origin and works', async ({ page }) => {
    const errors = watchConsole(page);
    await openPortal(page);
    const mounted = page.locator('#miz > .miz');
    await expect(mounted.locator('#main h1')).toBeVisible();
    await expect(page.locator('#miz')).not.toContainText('در حال بارگذاری است');
    await openMenu(mounted);
    await mounted.getByRole('navigation').getByRole('link', { name: 'پیش‌نویس‌ها' }).click();
    await expect(mounted.locator('.draft-card')).toHaveCount(3);
    expect(errors).toEqual([]);
  });

  test('embed.js cannot be fetched: the portal\'s own Persian words stay in the mount element', async ({ page }) => {
    await page.route(desk.url + '/embed.js', (route) => route.abort());
    await openPortal(page);
    await expect(page.locator('#miz')).toContainText('اگر این پیام ماند، صفحه را دوباره بارگذاری کنید');
  });

  test("the app's files cannot be fetched: a Persian alert in the mount element", async ({ page }) => {
    await page.route(/\/miz-[0-9a-f]+\.js$/, (route) => route.abort());
    await openPortal(page);
    const alert = page.locator('#miz').getByRole('alert');
    await expect(alert).toContainText('میز خدمت بارگذاری نشد');
    await expect(alert).toHaveAttribute('lang', 'fa');
  });

  test('its config cannot be fetched: the desk says so in Persian in the mount element', async ({ page }) => {
    await page.route(desk.url + '/embed/tehran.json', (route) => route.abort());
    await openPortal(page);
    const alert = page.locator('#miz').getByRole('alert');
    await expect(alert).toContainText('پرونده تنظیمات');
    await expectAccessible(page);
  });
});
