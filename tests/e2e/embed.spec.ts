import { test, expect } from './test';
import { expectAccessible, watchConsole, PrivateServer, openMenu } from './helpers';

test.describe('embedding', () => {
  test('the app under a path prefix: routes, assets, API and service worker follow it', async ({ page }) => {
    const server = new PrivateServer(['--base', process.env.MIZ_PORTAL_BASE ?? '/portal/miz/'], process.env.MIZ_PORTAL_DIST);
    await server.start();
    try {
      const errors = watchConsole(page);
      await page.goto(server.url + '/portal/miz/');
      await expect(page.locator('#main h1')).toBeVisible();
      await openMenu(page);
      await page.getByRole('navigation').getByRole('link', { name: 'پیش‌نویس‌ها' }).click();
      await expect(page).toHaveURL(server.url + '/portal/miz/drafts');
      await expect(page.locator('.draft-card')).toHaveCount(3);
      await page.reload();
      await expect(page.locator('.draft-card')).toHaveCount(3);
      await page.goto(server.url + '/portal/miz/faq');
      await page.getByRole('searchbox').fill('مجوز کنسرت');
      await expect(page.locator('.result').first()).toBeVisible();
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      expect(scope).toBe(server.url + '/portal/miz/');
      // Nothing is served outside the prefix.
      expect((await page.request.get(server.url + '/api/v1/agency')).status()).toBe(404);
      expect(errors).toEqual([]);
    } finally {
      await server.dispose();
    }
  });

  test('mounted in an element of a portal page: themed, isolated both ways, with its own routes', async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto('/embed/');
    const desk = page.locator('#miz > .miz');
    await expect(desk.locator('#main h1')).toBeVisible();
    await expect(desk).toHaveAttribute('dir', 'rtl');
    await expect(desk).toHaveAttribute('lang', 'fa');
    // The portal keeps its title, its <main> and its styles; the desk keeps its own.
    await expect(page).toHaveTitle('نمونه درگاه دستگاه با میز خدمت جاسازی‌شده');
    await expect(page.locator('main')).toHaveCount(1);
    const hostP = await page.locator('.portal-main p').first().evaluate((e) => getComputedStyle(e).marginBottom);
    expect(hostP).not.toBe('0px');
    expect(await page.locator('.portal-main p').first().evaluate((e) => getComputedStyle(e).color)).toBe('rgb(51, 51, 51)');
    expect(await desk.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(27, 31, 30)');
    const deskP = await desk.locator('#main p:not(.lead)').first().evaluate((e) => getComputedStyle(e).color);
    expect(deskP).toBe('rgb(27, 31, 30)');
    const langButton = await desk.locator('.lang-switch').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(langButton).not.toBe('rgb(255, 105, 180)');
    expect(await desk.evaluate((e) => getComputedStyle(e).boxSizing)).toBe('content-box');
    expect(await desk.locator('#main').evaluate((e) => getComputedStyle(e).boxSizing)).toBe('border-box');
    // Routes live under the page's path, and a reload comes back to the same page and place.
    await openMenu(desk);
    await desk.getByRole('navigation').getByRole('link', { name: 'پیش‌نویس‌ها' }).click();
    await expect(page).toHaveURL(/\/embed\/drafts$/);
    await expect(desk.locator('.draft-card')).toHaveCount(3);
    await page.reload();
    await expect(page.locator('#miz .draft-card')).toHaveCount(3);
    await expect(page.locator('.portal-header')).toBeVisible();
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });

  test('in an iframe: another agency and theme, and the host sizes the frame to the desk', async ({ page }) => {
    await page.goto('/embed/');
    const frame = page.frameLocator('iframe[data-miz]');
    await expect(frame.locator('#main h1')).toBeVisible();
    await expect(frame.locator('.site-header__name')).toContainText('موزه');
    const header = await frame.locator('.site-header').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(header).toBe('rgb(74, 35, 119)');
    const font = await frame.locator('.miz').evaluate((e) => getComputedStyle(e).fontFamily);
    expect(font.startsWith('Tahoma')).toBe(true);
    await expect(frame.locator('.site-header__logo')).toHaveAttribute('src', /museum\.svg$/);
    const iframe = page.locator('iframe[data-miz]');
    const fits = async () => {
      const [outer, inner] = await Promise.all([
        iframe.evaluate((e) => e.clientHeight),
        frame.locator('.miz').evaluate((e) => e.getBoundingClientRect().height),
      ]);
      return Math.abs(outer - inner) <= 1.5;
    };
    await expect.poll(fits).toBe(true);
    const before = await iframe.evaluate((e) => e.clientHeight);
    await openMenu(frame);
    await frame.getByRole('navigation').getByRole('link', { name: 'تماس با ما' }).click();
    await expect(frame.locator('#main h1')).toBeVisible();
    await expect.poll(fits).toBe(true);
    expect(await iframe.evaluate((e) => e.clientHeight)).not.toBe(before);
    await expectAccessible(page);
  });

  test("in an iframe a paragraph's comments open in the flow, where the citizen can see them", async ({ page }) => {
    await page.goto('/embed/');
    // The desk's own page, framed by the portal (same origin; the CSP allows it).
    await page.locator('iframe[data-miz]').evaluate((f: HTMLIFrameElement) => { f.src = '/drafts/concert#concert-a2-p1'; });
    const frame = page.frameLocator('iframe[data-miz]');
    const panel = frame.locator('#comments-panel');
    await expect(panel.locator('.comment').first()).toBeAttached();
    expect(await panel.evaluate((e) => getComputedStyle(e).position)).not.toBe('fixed');
    await expect(frame.locator('.miz')).toHaveClass(/miz--framed/);
  });

  test('a config pointing at an API that answers errors says the service cannot be reached', async ({ page }) => {
    await page.route('**/config.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"api_base_url": "/api/v9/"}' }),
    );
    await page.goto('/drafts');
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.locator('#main h1')).toBeVisible();
  });
});

test.describe('config.json', () => {
  // The service worker would fetch config.json itself, past the test's interception.
  test.use({ serviceWorkers: 'block' });

  test('a config.json the desk cannot use is explained, in Persian, with what is wrong', async ({ page }) => {
    const cases: [string, RegExp][] = [
      ['{"theme": {"brand": "#9fd3c7"}}', /contrast/],
      ['{"theme": {"brnad": "#000000"}}', /brnad/],
      ['{"font": "comic"}', /font/],
      ['{"api_base_url": "javascript:alert(1)"}', /api_base_url/],
      ['{"default_language": "de"}', /default_language/],
    ];
    for (const [body, detail] of cases) {
      await page.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
      await page.goto('/');
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('پرونده تنظیمات');
      await expect(alert.locator('.error-panel__code')).toHaveText(detail);
      await page.unroute('**/config.json');
    }
    await expectAccessible(page);
  });
});
