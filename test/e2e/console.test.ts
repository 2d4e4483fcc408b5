import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, reloadUntil, type Browser } from '../support/browser';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { STRONG_PASSWORD, uniqueEmail } from '../support/enterprises';

let plane: TestControlPlane;
let browser: Browser;
const email = uniqueEmail('console');
const memberEmail = uniqueEmail('member');

beforeAll(async () => {
  plane = await startTestControlPlane({
    VKS_WEBHOOK_ALLOW_PRIVATE: 'true',
    VKS_WEBHOOK_ALLOW_HTTP: 'true',
    VKS_SIM_DELAY_MS: '300',
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
    expect((await page.reload())?.status()).toBe(200);
    await browser.screenshot('dashboard');
  });

  it('creates a cluster from the catalogue and watches it become READY without reloading', async () => {
    const { page } = browser;
    await page.getByRole('navigation').getByRole('link', { name: 'Clusters' }).click();
    await page.getByLabel('Name', { exact: true }).fill('training');
    await page.getByLabel(/\(h100,/).fill('2');
    await page.getByRole('button', { name: 'Create cluster' }).click();

    await page.waitForURL(/\/console\/clusters\/vc_/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cluster training');
    const status = page.locator('[data-status-of]');
    expect(await status.textContent()).toMatch(/PROVISIONING|READY/);
    await browser.screenshot('cluster-provisioning');
    // The page's script updates the status in place; the test never reloads.
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe('READY');
    await browser.screenshot('cluster-ready');

    await page.getByRole('navigation').getByRole('link', { name: 'Clusters' }).click();
    expect(await page.locator('table').textContent()).toContain('training');
    await browser.screenshot('clusters');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    const chart = page.getByRole('img', { name: /h100: 2 of/ });
    expect(await chart.count()).toBe(1);
    await browser.screenshot('dashboard-with-cluster');
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
    const hookPage = page.url();
    await reloadUntil(page, hookPage, async (p) => (await p.locator('table').count()) > 0);
    const attempt = page.getByRole('row').nth(1);
    expect(await attempt.textContent()).toContain('webhook.test');
    expect(await attempt.textContent()).toContain('failed');
    await browser.screenshot('webhook-deliveries');
  });

  it('invites a member, who joins through the link', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('E-mail').fill(memberEmail);
    await page.getByRole('button', { name: 'Invite' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain(`${memberEmail} is invited`);
    const link = (await page.locator('.secret').textContent()) ?? '';
    expect(link).toContain('/console/invitations/accept?token=vksi_');
    await browser.screenshot('members');

    const invitee = await openBrowser();
    try {
      await invitee.page.goto(link);
      await invitee.page.getByLabel('Your name').fill('Grace Member');
      await invitee.page.getByLabel('Password').fill(STRONG_PASSWORD);
      await invitee.page.getByRole('button', { name: 'Join' }).click();
      await invitee.page.waitForURL(`${plane.url}/console`);
      expect(await invitee.page.locator('.who').textContent()).toContain(memberEmail);
      // A member holds no members:manage: the navigation offers no Members page.
      expect(await invitee.page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    } finally {
      await invitee.close();
    }

    await page.reload();
    expect(await page.locator('table').first().textContent()).toContain(memberEmail);
  });

  it('grants the member access to the cluster and downloads a kubeconfig', async () => {
    const { page } = browser;
    await page.getByRole('navigation').getByRole('link', { name: 'Clusters' }).click();
    await page.getByRole('link', { name: 'training' }).click();
    await page.getByLabel('Member').selectOption({ label: memberEmail });
    await page.getByLabel('Level').selectOption('view');
    await page.getByRole('button', { name: 'Grant access' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain(memberEmail);
    await browser.screenshot('cluster-access');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the kubeconfig' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('training.kubeconfig');
    const kubeconfig = parse(await readFile((await download.path())!, 'utf8'));
    expect(kubeconfig.kind).toBe('Config');
    expect(kubeconfig.users[0].user.exec.args).toEqual([
      'token',
      '--cluster',
      kubeconfig['current-context'],
    ]);
  });

  it('defines a role, creates an API key, and reads the audit log', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByLabel('Name', { exact: true }).fill('gpu-watcher');
    await page.getByLabel(/^usage:read/).check();
    await page.getByRole('button', { name: 'Define role' }).click();
    await expect.poll(() => page.locator('table').textContent()).toContain('gpu-watcher');
    await browser.screenshot('roles');

    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name', { exact: true }).fill('ci-pipeline');
    await page.getByLabel(/^audit:read/).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.locator('.secret').textContent()).toMatch(/^vksk_/);
    await browser.screenshot('api-keys');

    await page.getByRole('link', { name: 'Audit log' }).click();
    const log = await page.locator('table').textContent();
    expect(log).toContain('api-key.created');
    expect(log).toContain('role.created');
    await browser.screenshot('audit');
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
