import { test, expect, type Page } from './test';
import { appReady, PrivateServer } from './helpers';

// One citizen must never be able to break a page for everyone, and neither can an agency's
// editor with a pasted URL: whatever the text, no page is wider than the phone.

// One letter and 79 combining marks (Latin, Arabic and enclosing ones): 80 characters.
const MARKS = [0x0300, 0x0489, 0x0610, 0x064b, 0x0670, 0x06d6, 0x20dd, 0x20e0, 0x0336, 0x035c];
const ZALGO = 'ز' + Array.from({ length: 79 }, (_, i) => String.fromCodePoint(MARKS[i % MARKS.length] + (i % 3))).join('');
const URL_RUN = 'https://example.ir/' + 'a'.repeat(300);
const WORD = 'ب'.repeat(300);
const KASHIDA = 'کـ' + 'ـ'.repeat(300) + 'ل';
const LATIN = 'x'.repeat(300);
// Words that must not be broken at their spaces, and a run of wide pictographs.
const GLUED = Array.from({ length: 60 }, () => 'کلمه').join('\u00a0');
const EMOJI = '🏛️'.repeat(60);
const HOSTILE = [ZALGO, URL_RUN, WORD, KASHIDA, LATIN, GLUED, EMOJI];
const all = (sep = ' ') => HOSTILE.join(sep);

const admin = { authorization: `Bearer ${process.env.MIZ_ADMIN_TOKEN ?? 'e2e-admin-token-not-secret'}` };

/** What sticks out of the viewport sideways (the page scrolls sideways, or a box is cut off
 *  at the screen's edge by a clipping ancestor), or null. A table in its own sideways
 *  scroller is allowed: that is the scroller's job. */
async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = document.documentElement.scrollWidth > width;
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    };
    const culprits = Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((el) => {
        if (el.closest('.visually-hidden, .skip-link')) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && (r.right > width + 1 || r.left < -1) && !inScroller(el);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().left)}..${Math.round(el.getBoundingClientRect().right)}`);
    if (!scrolls && culprits.length === 0) return null;
    return `scrollWidth ${document.documentElement.scrollWidth} of ${width}; outside: ${culprits.slice(0, 4).join(', ')}`;
  });
}

test.describe('hostile text', () => {
  test.describe.configure({ mode: 'serial' });
  let server: PrivateServer;
  let code = '';
  const mobile = '09121234567';

  test.beforeAll(async ({ request }) => {
    server = new PrivateServer(['--writes-per-minute', '10000']);
    await server.start();
    const body = {
      parts: [{ id: 'h-part', title: all(), articles: [{ id: 'h-a1', number: 1, title: all(), paragraphs: [
        { id: 'h-a1-p1', number: 1, text: all() },
        { id: 'h-a1-p2', number: 2, text: WORD + KASHIDA + LATIN },
      ] }] }],
    };
    const draft = await request.post(server.url + '/api/v1/admin/drafts', {
      headers: admin,
      data: { id: 'hostile', kind: 'circular', title: all(), unit_id: 'culture', summary: all(), body },
    });
    expect(draft.status(), await draft.text()).toBe(201);
    for (const [i, s] of HOSTILE.entries()) {
      const c = await request.post(server.url + '/api/v1/drafts/hostile/comments', {
        headers: { 'idempotency-key': `hostile-${i}-${Date.now()}` },
        data: { body: `${s} ${s}`, display_name: s.slice(0, 80), anchor: { paragraph_id: 'h-a1-p1' }, client_id: 'hostile-client-1' },
      });
      expect(c.status(), await c.text()).toBe(201);
    }
    const faq = await request.put(server.url + '/api/v1/admin/faq/hostile', {
      headers: admin,
      data: { category: all().slice(0, 100), question: all().slice(0, 500), answer: all() },
    });
    expect(faq.status(), await faq.text()).toBe(200);
    const kase = await request.post(server.url + '/api/v1/cases', {
      headers: { 'idempotency-key': 'hostile-case-' + Date.now() },
      data: { kind: 'complaint', topic_id: 'c-licence-delay', description: all(), mobile, name: ZALGO.slice(0, 60) },
    });
    expect(kase.status(), await kase.text()).toBe(201);
    code = (await kase.json()).tracking_code;
  });
  test.afterAll(async () => {
    await server.dispose();
  });

  const pages = ['/', '/drafts', '/drafts/hostile', '/drafts/hostile#h-a1-p1', '/faq', '/faq/hostile', '/services', '/reports', '/contact'];
  for (const path of pages) {
    test(`${path} stays within the screen`, async ({ page }) => {
      await page.goto(server.url + path);
      await appReady(page);
      await expect(page.locator('.loading')).toHaveCount(0);
      if (path.includes('#')) await expect(page.locator('#comments-panel .comment').first()).toBeVisible();
      expect(await overflow(page)).toBeNull();
    });
  }

  test('the FAQ search results and the tracking page stay within the screen', async ({ page }) => {
    await page.goto(server.url + '/faq');
    await page.getByRole('searchbox').fill('ببببببببب');
    await expect(page.locator('.result').first()).toBeVisible();
    expect(await overflow(page)).toBeNull();
    await page.goto(server.url + '/track/' + code);
    await page.getByLabel('شماره تلفن همراه').fill(mobile);
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.case__status')).toBeVisible();
    expect(await overflow(page)).toBeNull();
  });

  test('the case wizard with hostile answers stays within the screen', async ({ page }) => {
    await page.goto(server.url + '/cases/new/type');
    await page.getByLabel('شکایت', { exact: true }).check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('مجوز نشر و کتاب', { exact: true }).check();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('شرح خود را بنویسید').fill(all());
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByRole('button', { name: 'ادامه' }).click();
    await page.getByLabel('شماره تلفن همراه').fill(mobile);
    await page.getByRole('button', { name: 'ادامه' }).click();
    await expect(page.locator('#main h1')).toHaveText('پیش از ارسال، بررسی کنید');
    expect(await overflow(page)).toBeNull();
  });
});
