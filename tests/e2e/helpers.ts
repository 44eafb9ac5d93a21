import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Collects the browser console's errors and warnings (a CSP violation shows up here too, a
 *  Leptos or browser complaint as a warning), for the test to expect none. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** axe-core against WCAG 2.2 A/AA: no violations allowed. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, 'axe-core violations').toEqual([]);
}

/** Waits until the app (not the boot placeholder) shows a page heading. */
export async function appReady(page: Page) {
  await expect(page.locator('#main h1')).toBeVisible();
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A miz-server of the test's own (fresh database, its own copy of the app), for tests that
 *  stop the server, change its data or deploy a new app. */
export class PrivateServer {
  url = '';
  port = 0;
  dir: string;
  dist: string;
  private proc: ChildProcess | null = null;

  /** `extra`: more miz-server flags; `distSource`: the built app to copy (the root build by default). */
  constructor(private extra: string[] = [], distSource: string = process.env.MIZ_DIST ?? 'dist') {
    this.dir = mkdtempSync(join(tmpdir(), 'miz-e2e-'));
    this.dist = join(this.dir, 'dist');
    cpSync(distSource, this.dist, { recursive: true });
  }

  async start(): Promise<void> {
    const bin = process.env.MIZ_SERVER_BIN ?? 'target/debug/miz-server';
    const args = ['--port', String(this.port), '--db', join(this.dir, 'miz.sqlite3'), '--dist', this.dist,
      '--admin-token', process.env.MIZ_ADMIN_TOKEN ?? 'e2e-admin-token-not-secret', ...this.extra];
    const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    this.proc = proc;
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
        if (m) resolve(m[0].replace(/\/$/, ''));
      });
      proc.on('exit', (code) => reject(new Error(`miz-server exited (${code})`)));
    });
    this.port = Number(new URL(this.url).port);
  }

  get db(): string {
    return join(this.dir, 'miz.sqlite3');
  }

  /** Runs `miz-server admin …` on this server's database (the agency's side). */
  admin(...args: string[]): string {
    const bin = process.env.MIZ_SERVER_BIN ?? 'target/debug/miz-server';
    return execFileSync(bin, ['--db', this.db, 'admin', ...args], { encoding: 'utf8' });
  }

  /** Lets the server write files only up to `bytes` (prlimit on the running process): every
   *  database write then fails as on a full disk, while reads go on. `unlimited` fixes it. */
  limitFileSize(bytes: number | 'unlimited'): void {
    execFileSync('prlimit', ['--pid', String(this.proc!.pid), `--fsize=${bytes}:unlimited`]);
  }

  /** How many cases the server has stored. */
  caseCount(): number {
    return this.admin('list-cases', '--limit', '100000').split('\n').filter((l) => l.trim()).length;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
    this.proc = null;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Waits until a service worker controls the page and has cached what the page fetched. */
export async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
  }
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/** The case wizard from its first step to "check your answers", with the fixtures in
 *  `fixtures/` as attachments; `base` is the desk's origin (and prefix) when not the default. */
export async function wizardUpToCheck(page: Page, base = '', opts: { kind?: string; topic?: string; mobile?: string; anonymous?: boolean; files?: string[] } = {}) {
  await page.goto(base + '/cases/new/type');
  await page.getByLabel(opts.kind ?? 'شکایت', { exact: true }).check();
  await page.getByRole('button', { name: 'ادامه' }).click();
  await page.getByLabel(opts.topic ?? 'مجوز نشر و کتاب', { exact: true }).check();
  await page.getByRole('button', { name: 'ادامه' }).click();
  await page.getByLabel('شرح خود را بنویسید').fill('درخواست مجوز نشر کتاب من از سه ماه پیش بی‌پاسخ مانده است.');
  await page.getByRole('button', { name: 'ادامه' }).click();
  await expect(page.locator('#main h1')).toHaveText('پیوست (اختیاری)');
  if (opts.files?.length) {
    await page.locator('#file').setInputFiles(opts.files.map((f) => join(__dirname, 'fixtures', f)));
    await expect(page.locator('.file:not(.file--uploading)')).toHaveCount(opts.files.length);
  }
  await page.getByRole('button', { name: 'ادامه' }).click();
  await expect(page.locator('#main h1')).toHaveText('چطور پاسخ را به شما برسانیم؟');
  if (opts.anonymous) {
    await page.getByLabel('بدون نام و شماره می‌فرستم').check();
  } else {
    await page.getByLabel('شماره تلفن همراه').fill(opts.mobile ?? '۰۹۱۲ ۱۲۳ ۴۵۶۷');
  }
  await page.getByRole('button', { name: 'ادامه' }).click();
  await expect(page.locator('#main h1')).toHaveText('پیش از ارسال، بررسی کنید');
}

import { createServer } from 'node:net';

/** A TCP port free on loopback now, for a server that must know another's origin before it
 *  starts (a desk whose API lives on a second origin). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

import type { Locator, FrameLocator } from '@playwright/test';

/** Opens the desk's menu when its sections sit behind the menu button (a narrow screen or a
 *  narrow portal column); `scope` is the page, a frame, or the element the desk is mounted in. */
export async function openMenu(scope: Page | Locator | FrameLocator) {
  await expect(scope.locator('.site-header').first()).toBeVisible();
  const button = scope.locator('.menu-button').first();
  if ((await button.isVisible()) && (await button.getAttribute('aria-expanded')) !== 'true') {
    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
  }
}
