import { test, expect } from './test';
import { expectAccessible, wizardUpToCheck } from './helpers';

// Nothing secret stays on a shared computer: the receipt of a case (an anonymous case's access
// key with it) lives in the tab that sent it, unless the citizen asks this device to remember.

test.describe('a case receipt on a shared computer', () => {
  test('stays in its tab only, is remembered on request, and forgotten again', async ({ page, context }) => {
    await wizardUpToCheck(page, '', { kind: 'پیشنهاد', topic: 'کتاب و کتابخوانی', anonymous: true });
    await page.getByRole('button', { name: 'ارسال' }).click();
    const key = (await page.locator('#access-key').innerText()).trim();
    const local = () => page.evaluate(() => JSON.stringify(localStorage));
    expect(await local()).not.toContain(key);
    // A reload of the confirmation in the same tab still shows it.
    await page.reload();
    await expect(page.locator('#access-key')).toHaveText(key);
    // Another tab (the next person at this computer) finds nothing.
    const other = await context.newPage();
    await other.goto('/cases/new/sent');
    await expect(other).toHaveURL(/\/cases\/new$/);
    await expect(other.locator('#access-key')).toHaveCount(0);
    await other.close();

    // Remembered on request: the tracking page offers it, with its key, at a tap.
    await page.getByRole('button', { name: 'به خاطر سپردن روی این دستگاه' }).click();
    expect(await local()).toContain(key);
    await page.goto('/track');
    const remembered = page.locator('.remembered');
    await expect(remembered).toBeVisible();
    await expectAccessible(page);
    await remembered.locator('.remembered__item button').first().click();
    await expect(page.getByLabel('کلید دسترسی', { exact: true })).toHaveValue(key);
    await page.getByRole('button', { name: 'نمایش وضعیت' }).click();
    await expect(page.locator('.case__status')).toContainText('به واحد مسئول فرستاده شد');
    // And forgotten.
    await remembered.getByRole('button', { name: /فراموش کردن این کد/ }).click();
    await expect(remembered).toHaveCount(0);
    expect(await local()).not.toContain(key);
  });
});
