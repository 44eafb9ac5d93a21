import { test, expect } from './test';
import { expectAccessible, PrivateServer } from './helpers';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

// Single sign-on through a real OpenID Connect provider (the `oidc-provider` package, run by
// this test on this machine with its own development sign-in pages): authorization code with
// PKCE, discovery, the ID token's signature and nonce checked by the desk.

const CLIENT_ID = 'miz-workbench';
const CLIENT_SECRET = 'e2e-client-secret-not-secret';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function startProvider(redirect: string): Promise<{ proc: ChildProcess; issuer: string }> {
  const proc = spawn('node', ['tests/oidc/provider.mjs', '--redirect', redirect, '--client-id', CLIENT_ID, '--client-secret', CLIENT_SECRET], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/issuer=(\S+)/);
      if (m) resolve({ proc, issuer: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`the OpenID provider exited (${code})`)));
  });
}

/** The provider's own development pages: any name signs in as that subject, then consent. */
async function signInAtProvider(page: import('@playwright/test').Page, login: string) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}

test.describe('single sign-on', () => {
  test.describe.configure({ mode: 'serial' });
  let server: PrivateServer;
  let provider: ChildProcess;
  let issuer: string;

  test.beforeAll(async () => {
    const port = await freePort();
    const idp = await startProvider(`http://127.0.0.1:${port}/api/v1/staff/oidc/callback`);
    provider = idp.proc;
    issuer = idp.issuer;
    server = new PrivateServer(['--oidc-issuer', idp.issuer, '--oidc-client-id', CLIENT_ID, '--oidc-client-secret', CLIENT_SECRET]);
    server.port = port;
    await server.start();
    const bin = process.env.MIZ_SERVER_BIN ?? 'target/debug/miz-server';
    execFileSync(bin, ['--db', server.db, 'admin', 'add-staff', 'sso.officer', '--name', 'کارمند ورود یکپارچه', '--role', 'officer:books', '--oidc-subject', 'sso.e2e'], {
      encoding: 'utf8',
    });
    execFileSync(bin, ['--db', server.db, 'admin', 'add-staff', 'sso.admin', '--name', 'مدیر', '--role', 'admin', '--password-stdin'], {
      input: 'a long e2e admin password\n',
      encoding: 'utf8',
    });
  });

  /** The audit log's entries of `action`, read by an administrator through the API. */
  async function audit(action: string): Promise<Array<Record<string, unknown>>> {
    const r = await fetch(`${server.url}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sso.admin', password: 'a long e2e admin password' }),
    });
    const cookie = r.headers.get('set-cookie')!.split(';')[0];
    const page = await fetch(`${server.url}/api/v1/staff/audit?action=${action}`, { headers: { cookie } });
    return (await page.json()).items;
  }
  test.afterAll(async () => {
    await server.dispose();
    provider.kill('SIGTERM');
  });

  test('an officer signs in through the agency provider and lands where they were', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto(`${server.url}/staff/security`);
    await expect(page.getByRole('heading', { level: 1, name: 'ورود به میز کار' })).toBeVisible();
    const sso = page.getByRole('link', { name: 'ورود با حساب یکپارچه دستگاه' });
    await expect(sso).toBeVisible();
    await expectAccessible(page);
    await sso.click();
    await signInAtProvider(page, 'sso.e2e');
    // Back in the workbench, signed in as the linked account, on the page they had asked for.
    await expect(page.getByRole('heading', { level: 1, name: 'امنیت حساب من' })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/staff/security');
    await expect(page.locator('body')).toContainText('کارمند ورود یکپارچه');
    await page.getByRole('link', { name: 'پیام‌ها' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'پیام‌های واحد' })).toBeVisible();
    const signIns = await audit('sign_in');
    expect(signIns.some((e) => e.actor === 'sso.officer' && JSON.stringify(e.after).includes('oidc'))).toBe(true);
  });

  test('a provider user linked to no account, and a forged callback, are refused with a sentence', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto(`${server.url}/staff/`);
    await page.getByRole('link', { name: 'ورود با حساب یکپارچه دستگاه' }).click();
    await signInAtProvider(page, 'stranger.e2e');
    await expect(page.getByRole('alert')).toContainText('به هیچ حساب کارمندی در میز کار وصل نیست');
    await expect(page.getByRole('heading', { level: 1, name: 'ورود به میز کار' })).toBeVisible();
    await expectAccessible(page);

    // A callback whose state is not this browser's flow (a link planted by someone else): the
    // browser has a flow of its own (the provider's page is not reached), the state differs.
    const start = await page.request.get(`${server.url}/api/v1/staff/oidc/start`, { maxRedirects: 0 });
    expect(start.status()).toBe(303);
    expect(start.headers()['location']).toContain(`${issuer}/auth?`);
    expect(start.headers()['location']).toContain('code_challenge_method=S256');
    expect((await page.context().cookies()).some((c) => c.name === 'miz_oidc')).toBe(true);
    await page.goto(`${server.url}/api/v1/staff/oidc/callback?code=planted&state=planted`);
    await expect(page.getByRole('alert')).toContainText('ورود یکپارچه نیمه‌کاره ماند');
    await expect(page.getByRole('heading', { level: 1, name: 'ورود به میز کار' })).toBeVisible();
    const failures = JSON.stringify(await audit('sign_in.failed'));
    expect(failures).toContain('unknown_user');
    expect(failures).toContain('stranger.e2e');
    expect(failures).toContain('"reason":"state"');
  });
});
