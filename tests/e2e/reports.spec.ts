import { test, expect } from './test';
import { expectAccessible, watchConsole, openMenu } from './helpers';

const fa = (n: number) => new Intl.NumberFormat('fa-IR').format(n);

test.describe('performance reports', () => {
  test('charts render, their tables hold the API numbers, and another year is a URL', async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto('/');
    await openMenu(page);
    // The numbers the page itself was given: other tests send cases meanwhile, so a report
    // fetched separately may already count one more in this month.
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/v1/reports') && r.status() === 200);
    await page.getByRole('navigation').getByRole('link', { name: 'گزارش‌ها' }).click();
    const report = await (await answer).json();
    expect(report.years.length).toBeGreaterThanOrEqual(2);
    await expect(page.locator('#main h1')).toHaveText('گزارش عملکرد');
    await expect(page.locator('figure.chart')).toHaveCount(4);
    const year = report.years[0];
    const months = year.months;
    // One row per month, with Jalali month names.
    await expect(page.locator('#chart-cases .chart__label')).toHaveCount(months.length);
    const rect = page.locator('#chart-cases rect').first();
    await expect(rect).toBeVisible();
    await expect(page.locator('#chart-cases svg')).toHaveAttribute('role', 'img');
    await page.locator('#chart-cases summary').click();
    const rows = page.locator('#chart-cases tbody tr');
    await expect(rows).toHaveCount(months.length);
    for (let i = 0; i < months.length; i++) {
      const m = months[i];
      const received = m.received.complaint + m.received.criticism + m.received.suggestion + m.received.request;
      const answered = m.answered.complaint + m.answered.criticism + m.answered.suggestion + m.answered.request;
      await expect(rows.nth(i).locator('td').nth(0)).toHaveText(fa(received));
      await expect(rows.nth(i).locator('td').nth(1)).toHaveText(fa(answered));
    }
    await expect(page.locator('#chart-cases tbody tr th').first()).toHaveText(
      ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'][months[0].month - 1],
    );
    await expectAccessible(page);
    // The year before, by its own URL.
    const previous = report.years[1];
    await page.getByLabel('سال', { exact: true }).selectOption(String(previous.year));
    await expect(page).toHaveURL(new RegExp(`/reports\\?year=${previous.year}$`));
    await expect(page.locator('#chart-cases .chart__label')).toHaveCount(previous.months.length);
    const total = previous.totals.received.complaint;
    await expect(page.locator('.report-totals')).toContainText(fa(total));
    await page.reload();
    await expect(page.locator('#chart-cases .chart__label')).toHaveCount(previous.months.length);
    expect(errors).toEqual([]);
  });

  test('readable at 320 px: nothing wider than the screen', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 700 });
    await page.goto('/reports');
    await expect(page.locator('figure.chart').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Month labels are at least 11 px tall on screen.
    const h = await page.locator('#chart-cases .chart__label').first().evaluate((e) => e.getBoundingClientRect().height);
    expect(h).toBeGreaterThanOrEqual(11);
  });
});
