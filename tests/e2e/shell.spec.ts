import { test, expect } from './test';
import { appReady, expectAccessible, watchConsole, openMenu } from './helpers';
import routes from './routes.json';

test.describe('the app shell', () => {
  test('home renders Persian, right to left, in Vazirmatn, with the agency from the API', async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto('/');
    await appReady(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('#main h1')).toHaveText('میز خدمت شهروندان');
    // The header's name comes from GET /api/v1/agency.
    await expect(page.locator('.site-header__name')).toHaveText('اداره کل فرهنگ و ارشاد اسلامی استان تهران');
    const h1 = page.locator('#main h1');
    expect(await h1.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await h1.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/^"?Vazirmatn/);
    // The self-hosted subset actually loaded (not a fallback face).
    const loaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Vazirmatn' && f.status === 'loaded').length;
    });
    expect(loaded).toBeGreaterThan(0);
    // Comment periods from the agency, in Persian digits.
    await expect(page.getByRole('row', { name: /لایحه/ })).toContainText('۳۰ روز');
    await expect(page.getByRole('row', { name: /^بخشنامه/ })).toContainText('۱۴ روز');
    // Today's date in the Jalali calendar, Persian digits and a Jalali month name.
    const today = await page.locator('footer time').innerText();
    expect(today).toMatch(/[۰-۹]{4}/);
    expect(today).toMatch(/فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند/);
    expect(errors).toEqual([]);
  });

  test('the server sends a strict CSP that still lets the app start', async ({ page }) => {
    const errors = watchConsole(page);
    const res = await page.goto('/');
    const csp = res!.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    await appReady(page);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  test('a deep link reloads to the same page, and links navigate with history', async ({ page }) => {
    await page.goto('/contact');
    await expect(page.locator('#main h1')).toHaveText('تماس با ما');
    await page.reload();
    await expect(page.locator('#main h1')).toHaveText('تماس با ما');
    await expect(page).toHaveURL(/\/contact$/);

    await openMenu(page);
    await page.getByRole('navigation').getByRole('link', { name: 'خانه' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator('#main h1')).toHaveText('میز خدمت شهروندان');
    // Focus moves to the new page's heading, so a screen reader announces it.
    await expect(page.locator('#main h1')).toBeFocused();
    await page.goBack();
    await expect(page).toHaveURL(/\/contact$/);
    await expect(page.locator('#main h1')).toHaveText('تماس با ما');
    await openMenu(page);
    await expect(page.getByRole('navigation').getByRole('link', { name: 'تماس با ما' })).toHaveAttribute('aria-current', 'page');
  });

  test('the language switch round-trips and is remembered', async ({ page }) => {
    await page.goto('/');
    await appReady(page);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.locator('#main h1')).toHaveText("Citizens' service desk");
    await expect(page.locator('.site-header__name')).toHaveText('Tehran Province General Directorate of Culture and Islamic Guidance');
    await expect(page).toHaveTitle(/Citizens' service desk/);
    await page.reload();
    // The shell is hidden until the agency is known; axe must see it shown (a run here saw
    // neither main nor h1 right after the reload).
    await appReady(page);
    await expect(page.locator('#main h1')).toHaveText("Citizens' service desk");
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'نمایش به فارسی' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('#main h1')).toHaveText('میز خدمت شهروندان');
  });

  test('an unknown address shows the 404 page', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.locator('#main h1')).toHaveText('این صفحه پیدا نشد');
    await expect(page.getByRole('link', { name: 'بازگشت به صفحه اصلی' })).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe('contact', () => {
  test("shows the seed's phone and SMS numbers as click-to-call links", async ({ page }) => {
    await page.goto('/contact');
    const phone = page.locator('a[href="tel:42991"]');
    await expect(phone).toBeVisible();
    await expect(phone).toContainText('۴۲۹۹۱');
    await expect(page.locator('a[href="sms:05000597476"]')).toContainText('۰۵۰۰۰۵۹۷۴۷۶');
    await expect(page.getByRole('link', { name: 'https://tehran.farhang.gov.ir/' }).first()).toBeVisible();
    await expect(page.getByRole('heading', { name: 'واحدهای دستگاه' })).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe('pages are accessible', () => {
  for (const path of ['/', '/contact']) {
    test(`axe finds nothing on ${path}`, async ({ page }) => {
      await page.goto(path);
      await appReady(page);
      await expect(page.locator('.loading')).toHaveCount(0);
      await expectAccessible(page);
    });
  }
});

test.describe('the first requests', () => {
  test.use({ serviceWorkers: 'block' });

  test('config.json and the agency are fetched once each, by index.html, while the wasm downloads', async ({ page }) => {
    const seen: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('/config.json') || path.endsWith('/api/v1/agency')) seen.push(path);
    });
    await page.goto('/');
    await appReady(page);
    await expect(page.locator('.site-header__name')).toHaveText('اداره کل فرهنگ و ارشاد اسلامی استان تهران');
    // Once each: the app took index.html's answers instead of asking again.
    expect(seen.sort()).toEqual(['/api/v1/agency', '/config.json']);
  });

  // index.html also asks for the data of the page the desk opens on; the app must take that
  // answer rather than ask again (a path built differently on each side would show here as
  // a request made twice). Every page of the table of pages (miz_core::routes, written out
  // by `cargo xtask codegen`), and the drafts list with filters.
  const pages: [string, string[], boolean?][] = [
    ...routes.map((r): [string, string[], boolean] => [r.address, r.asks.map((a) => '/api/v1/' + a), r.more]),
    // Only the filters that have a value: a strict backend refuses an empty enum.
    ['/drafts?state=open&q=%D9%85%D9%88%D8%B2%D9%87+%DA%A9%D8%AA%D8%A7%D8%A8', ['/api/v1/drafts?state=open&q=%D9%85%D9%88%D8%B2%D9%87%20%DA%A9%D8%AA%D8%A7%D8%A8&per_page=50']],
  ];
  for (const [address, expected, more] of pages) {
    test(`opening ${decodeURIComponent(address)} asks for its data once, from index.html`, async ({ page }) => {
      const asked: string[] = [];
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (url.pathname.startsWith('/api/v1/') && r.method() === 'GET' && !url.pathname.startsWith('/api/v1/media/')) {
          asked.push(url.pathname + url.search);
        }
      });
      await page.goto(address);
      await appReady(page);
      await expect(page.locator('main h1')).toBeVisible();
      await page.waitForLoadState('networkidle');
      const clientId = await page.evaluate(() => localStorage.getItem('miz.client') ?? '');
      const wanted = ['/api/v1/agency', ...expected.map((p) => p.replace('{client_id}', clientId))];
      // Each asked once; what index.html started is among them (a page may ask more once it
      // has that: the changes page, the version the draft names).
      expect(asked.filter((p, i) => asked.indexOf(p) !== i)).toEqual([]);
      for (const p of wanted) expect(asked).toContain(p);
      if (!more) expect(asked.sort()).toEqual(wanted.sort());
    });
  }
});
