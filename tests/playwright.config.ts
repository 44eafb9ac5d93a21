import { defineConfig } from '@playwright/test';

// `cargo xtask test` starts miz-server on a free port with a fresh database and passes its URL.
const baseURL = process.env.MIZ_BASE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  testDir: './e2e',
  outputDir: './results',
  fullyParallel: true,
  workers: 2,
  // One retry, so that one rare failure on a loaded 2-core CI machine does not hold back a
  // release; the list reporter names every test that needed it ("flaky"), and `cargo xtask
  // test` prints the first attempt's page state and page log so it can be chased down.
  retries: 1,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'fa-IR',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      // Debian's Chromium: nothing may download a browser. The flags keep it from calling
      // home on a closed network.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'phone', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  ],
});
