import { test, expect, type Page } from './test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrivateServer } from './helpers';

// Markup, script, URL, bidi and zero-width tricks and very long words, written through every
// place a citizen or an agency writes text, then shown by the app. None may run, all must be
// shown as the text that was written, and the page must not grow wider than a 360 px phone.
const payloads: string[] = JSON.parse(readFileSync(join(__dirname, 'fixtures/injection.json'), 'utf8'));
const token = process.env.MIZ_ADMIN_TOKEN ?? 'e2e-admin-token-not-secret';

async function guard(page: Page): Promise<() => Promise<void>> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return async () => {
    expect(dialogs, 'a payload opened a dialog').toEqual([]);
    expect(await page.evaluate(() => (window as any).__xss), 'a payload ran script').toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('.miz script, .miz iframe, .miz object, .miz embed, .miz img[onerror], .miz svg[onload]').length)).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'the layout grew wider than the screen').toBeLessThanOrEqual(1);
  };
}

/** Whitespace as the browser renders it in textContent (the server keeps text as typed, trimmed). */
const shown = (s: string) => s.trim();
/** A citizen's text as the server keeps it: at most four combining marks on one letter (the
 *  contract's "Citizens' text"); an agency's text is kept as written. */
const shownCitizen = (s: string) => shown(s).replace(/(\p{M}{4})\p{M}+/gu, '$1');

test.describe('hostile text', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test(`${payloads.length} payloads through comments, cases, the FAQ and drafts are shown as text and never run`, async ({ page, request }) => {
    test.setTimeout(180_000);
    expect(payloads.length).toBeGreaterThanOrEqual(50);
    const server = new PrivateServer(['--writes-per-minute', '100000', '--lookup-failures', '100000']);
    await server.start();
    const api = server.url + '/api/v1';
    const admin = { authorization: `Bearer ${token}` };
    try {
      // The page's own policy: no inline script, no eval beyond wasm.
      const res = await page.goto(server.url + '/');
      const csp = res!.headers()['content-security-policy'];
      expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'/);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("object-src 'none'");
      const check = await guard(page);

      // Comments (body and display name) on one paragraph.
      for (const [i, p] of payloads.entries()) {
        const body = p.length >= 3 ? p : p + '...';
        const r = await request.post(`${api}/drafts/concert/comments`, {
          headers: { 'idempotency-key': `inj-${i}` },
          data: { body, display_name: [...p].slice(0, 80).join(''), anchor: { paragraph_id: 'concert-a1-p1' }, client_id: 'injection-test-1' },
        });
        expect([201, 422], `comment ${i}: ${await r.text()}`).toContain(r.status());
      }
      await page.goto(server.url + '/drafts/concert#concert-a1-p1');
      await expect(page.locator('#comments-panel .comment').first()).toBeVisible();
      const bodies = await page.locator('#comments-panel .comment__body').allTextContents();
      for (const p of payloads) if (shown(p).length >= 3) expect(bodies, `comment «${p.slice(0, 40)}»`).toContain(shownCitizen(p));
      await check();

      // Drafts published through the admin API: title, summary and every paragraph.
      const articles = [];
      for (let a = 0; a * 5 < payloads.length; a++) {
        articles.push({
          id: `inj-a${a + 1}`,
          number: a + 1,
          title: [...payloads[a]].slice(0, 60).join(''),
          paragraphs: payloads.slice(a * 5, a * 5 + 5).map((p, k) => ({ id: `inj-a${a + 1}-p${k + 1}`, number: k + 1, text: p })),
        });
      }
      const draft = { id: 'inj', kind: 'circular', unit_id: 'arts', title: payloads[1], summary: payloads[2], body: { parts: [{ id: 'inj-part', articles }] } };
      const published = await request.post(`${api}/admin/drafts`, { headers: admin, data: draft });
      expect(published.status(), await published.text()).toBe(201);
      await page.goto(server.url + '/drafts');
      await expect(page.locator('.draft-card').first()).toBeVisible();
      await expect(page.locator('.draft-card').filter({ hasText: shown(payloads[1]) })).toHaveCount(1);
      await check();
      await page.goto(server.url + '/drafts/inj');
      await expect(page.locator('#main h1')).toHaveText(shown(payloads[1]));
      await page.waitForSelector('.reader[data-comments=loaded]');
      const paragraphs = await page.locator('.para__text').allTextContents();
      for (const p of payloads) expect(paragraphs, `paragraph «${p.slice(0, 40)}»`).toContain(shown(p));
      await check();

      // FAQ entries put through the admin API: question and answer.
      for (const [i, p] of payloads.entries()) {
        const r = await request.put(`${api}/admin/faq/inj-${i}`, {
          headers: admin,
          data: { category: 'آزمون', question: [...p].slice(0, 500).join('') || 'پرسش', answer: `پاسخ: ${p}` },
        });
        expect([200, 201, 204, 422], `faq ${i}`).toContain(r.status());
      }
      await page.goto(server.url + '/faq/inj-0');
      await expect(page.locator('#main h1')).toHaveText(shown(payloads[0]));
      await expect(page.locator('.answer')).toContainText(shown(payloads[0]));
      await page.goto(server.url + '/faq');
      await page.getByRole('searchbox').fill('script');
      await expect(page.locator('.result').first()).toBeVisible();
      await check();

      // Cases: the description and the name, shown back on the tracking page.
      for (let c = 0; c * 10 < payloads.length; c++) {
        const chunk = payloads.slice(c * 10, c * 10 + 10);
        const description = chunk.join('\n') + '\nپایان متن آزمون.';
        const r = await request.post(`${api}/cases`, {
          headers: { 'idempotency-key': `inj-case-${c}` },
          data: { kind: 'complaint', topic_id: 'c-licence-delay', description: [...description].slice(0, 4000).join(''), mobile: '09121234567', name: [...chunk[0]].slice(0, 100).join('') },
        });
        expect(r.status(), await r.text()).toBe(201);
        const { tracking_code } = await r.json();
        await page.goto(server.url + '/track');
        await page.getByLabel('کد رهگیری').fill(tracking_code);
        await page.getByLabel('شماره تلفن همراه').fill('09121234567');
        await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
        await expect(page.locator('#main')).toContainText('پایان متن آزمون.');
        const all = await page.locator('#main').textContent();
        for (const p of chunk) if (!p.includes('\n') && !p.includes('\r')) expect(all, `case «${p.slice(0, 40)}»`).toContain(shownCitizen(p));
        await check();
      }
    } finally {
      await server.dispose();
    }
  });
});
