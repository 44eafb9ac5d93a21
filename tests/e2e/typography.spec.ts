import { test, expect, type Page } from './test';
import { appReady } from './helpers';

// Persian typography to the last character: in the Persian interface no Latin digit, no
// Latin comma, semicolon or question mark, no middle dot beside Persian digits (it reads as
// the Persian zero), and no arrow pointing against the reading direction. Text the agency or
// a citizen wrote is theirs and is not judged; neither is text marked as another language or
// direction (a URL, an English name).

const PAGES = [
  '/', '/contact', '/drafts', '/drafts/concert', '/drafts/concert#concert-a2-p1', '/drafts/schools', '/drafts/schools/changes', '/drafts/schools/versions/1',
  '/faq', '/faq/f01', '/cases/new', '/cases/new/type', '/track', '/services', '/services/art-school', '/reports', '/no-such-page',
];

/** The interface's own text that breaks the rules, with the reason. */
async function latinInPersian(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    // Where text comes from the agency or citizens, or is marked as not Persian.
    const skip = '[dir="ltr"], [lang]:not([lang="fa"]), input, textarea, script, style, .comment__body, .comment__name, .para__text, .answer, .result__answer, .draft-card__summary, .case__description, .visually-hidden[data-latin]';
    const walker = document.createTreeWalker(document.querySelector('.miz') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent ?? '';
      if (!el || !text.trim() || el.closest(skip)) continue;
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility === 'hidden') continue;
      const rules: [RegExp, string][] = [
        [/[0-9]/, 'Latin digit'],
        [/[,;?]/, 'Latin punctuation'],
        [/·/, 'middle dot'],
        [/→/, 'arrow against the reading direction'],
      ];
      for (const [re, why] of rules) {
        if (re.test(text)) out.push(`${why}: "${text.trim().slice(0, 60)}" in ${el.tagName.toLowerCase()}.${el.className}`);
      }
    }
    return out;
  });
}

test.describe('Persian typography', () => {
  for (const path of PAGES) {
    test(`${path}: Persian digits and punctuation only`, async ({ page }, testInfo) => {
      test.skip(testInfo.project.name !== 'phone', 'the text is the same at every width');
      await page.goto(path);
      await appReady(page);
      await expect(page.locator('.loading')).toHaveCount(0);
      if (path.includes('#')) await expect(page.locator('#comments-panel .comment').first()).toBeVisible();
      expect(await latinInPersian(page)).toEqual([]);
    });
  }

  test('an ordered list counts in Persian numerals', async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the text is the same at every width');
    await page.goto('/drafts/schools/changes');
    await appReady(page);
    const list = page.locator('.changes__list');
    await expect(list).toBeVisible();
    expect(await list.evaluate((e) => getComputedStyle(e).listStyleType)).toBe('persian');
  });
});
