import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from '../support/browser';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { STRONG_PASSWORD, uniqueEmail } from '../support/enterprises';

let plane: TestControlPlane;
let browser: Browser;
const email = uniqueEmail('console');

beforeAll(async () => {
  plane = await startTestControlPlane({
    VKS_WEBHOOK_ALLOW_PRIVATE: 'true',
    VKS_WEBHOOK_ALLOW_HTTP: 'true',
  });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await plane?.stop();
});

describe('a newcomer in the console', () => {
  it('is sent to sign in, and signs up an enterprise from there', async () => {
    const { page } = browser;
    await page.goto(`${plane.url}/console`);
    await expect.poll(() => page.url()).toContain('/console/signin');
    await browser.screenshot('signin');

    await page.getByRole('link', { name: 'Sign up your enterprise' }).click();
    await page.getByLabel('Enterprise name').fill('Acme GPU Research');
    await page.getByLabel('Your name').fill('Ada Admin');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();

    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The request is not valid');
    await browser.screenshot('signup-refused');

    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${plane.url}/console`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    expect(await page.locator('.who').textContent()).toContain(email);
    await browser.screenshot('dashboard');
  });

  it('registers a webhook endpoint and sees its secret once and its delivery log', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/hooks');
    await page.getByLabel(/webhook\.test/).check();
    await page.getByRole('button', { name: 'Register' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toContain('shown this once');
    expect(await page.locator('.secret').textContent()).toMatch(/^whsec_/);
    await browser.screenshot('webhooks');

    await page.getByRole('link', { name: 'http://127.0.0.1:9/hooks' }).click();
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('queued');
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('table').textContent();
        },
        { timeout: 20_000 },
      )
      .toContain('webhook.test');
    await browser.screenshot('webhook-deliveries');
  });

  it('signs out, and signs in again', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/signin/);

    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${plane.url}/console`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
  });
});
