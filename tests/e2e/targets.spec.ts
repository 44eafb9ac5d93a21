import { test, expect, type Page } from './test';
import { appReady, openMenu, wizardUpToCheck } from './helpers';

// Every link and button a thumb may need is at least 44×44 CSS px, or has that much room
// around it that a 44 px thumb cannot hit anything else (WCAG 2.5.5's size, with 2.5.8's
// spacing allowance). A link inside a sentence is exempt, as WCAG exempts inline targets.

const PAGES = [
  '/', '/contact', '/drafts', '/drafts/concert', '/drafts/concert#concert-a2-p1', '/drafts/schools/changes', '/drafts/schools/versions/1',
  '/faq', '/faq/f01', '/cases/new', '/cases/new/type', '/track', '/services', '/services/art-school', '/reports', '/no-such-page',
];

const MIN = 44;

/** Targets smaller than 44 px whose 44 px square around their centre touches another target. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const visible = (el: HTMLElement) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 && !el.closest('[hidden], .visually-hidden');
    };
    // In a sentence: the link's block has text of its own besides the link.
    const inline = (el: HTMLElement) => {
      if (el.tagName !== 'A') return false;
      const block = el.closest('p, dd, td, blockquote');
      if (!block) return false;
      const own = (block.textContent ?? '').replace(el.textContent ?? '', '').trim();
      return own.length > 0;
    };
    const targets = Array.from(document.querySelectorAll<HTMLElement>('.miz a[href], .miz button, .miz select, .miz summary, .miz input:not([type=hidden])'))
      .map((el) => {
        // A radio or checkbox is hit through its label too: the pair is the target.
        if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox' || el.type === 'file')) {
          const label = el.labels?.[0];
          return label ? { el: label as HTMLElement, name: el } : null;
        }
        return { el, name: el };
      })
      .filter((t): t is { el: HTMLElement; name: HTMLElement } => !!t && visible(t.el) && !inline(t.name));
    const rects = targets.map((t) => t.el.getBoundingClientRect());
    const out: string[] = [];
    targets.forEach((t, i) => {
      const r = rects[i];
      if (r.width >= min - 0.5 && r.height >= min - 0.5) return;
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      const sq = { left: cx - min / 2, right: cx + min / 2, top: cy - min / 2, bottom: cy + min / 2 };
      const crowded = rects.some((o, j) => j !== i && !t.el.contains(targets[j].el) && !targets[j].el.contains(t.el)
        && o.left < sq.right && o.right > sq.left && o.top < sq.bottom && o.bottom > sq.top);
      if (crowded) {
        const text = (t.name.textContent || t.name.getAttribute('aria-label') || (t.name as HTMLInputElement).name || '').trim().slice(0, 30);
        out.push(`${t.name.tagName.toLowerCase()} "${text}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    });
    return out;
  }, MIN);
}

test.describe('targets a thumb can hit', () => {
  test('the open menu, the check-your-answers page and a tracked case', async ({ page, request }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'measured where thumbs are used');
    await page.goto('/');
    await appReady(page);
    await openMenu(page);
    expect(await smallTargets(page)).toEqual([]);
    await wizardUpToCheck(page, '', { files: ['photo.png'] });
    expect(await smallTargets(page)).toEqual([]);
    const res = await request.post('/api/v1/cases', {
      headers: { 'idempotency-key': 'e2e-targets-' + Date.now() + Math.random() },
      data: { kind: 'request', topic_id: 'r-info', description: 'آمار کتاب‌های منتشر شده را می‌خواهم.', mobile: '09121110000' },
    });
    await page.goto('/track/' + (await res.json()).tracking_code);
    await page.getByLabel('شماره تلفن همراه').fill('09121110000');
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.case__status')).toBeVisible();
    expect(await smallTargets(page)).toEqual([]);
    await page.goto('/faq');
    await page.getByRole('searchbox').fill('کنسرت');
    await expect(page.locator('.result').first()).toBeVisible();
    expect(await smallTargets(page)).toEqual([]);
  });

  for (const path of PAGES) {
    test(`${path}: every target 44 px or spaced`, async ({ page }, testInfo) => {
      test.skip(testInfo.project.name !== 'phone', 'measured where thumbs are used');
      await page.goto(path);
      await appReady(page);
      await expect(page.locator('.loading')).toHaveCount(0);
      if (path.includes('#')) await expect(page.locator('#comments-panel .comment').first()).toBeVisible();
      expect(await smallTargets(page)).toEqual([]);
    });
  }
});
