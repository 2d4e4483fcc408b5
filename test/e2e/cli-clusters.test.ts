import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliUser, type CliUser } from '../support/cli';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { STRONG_PASSWORD, uniqueEmail } from '../support/enterprises';

let plane: TestControlPlane;
let user: CliUser;

const signUp = async (u: CliUser, url: string) => {
  const input = [
    'Acme GPU Research',
    'Ada Admin',
    uniqueEmail('clusters'),
    STRONG_PASSWORD,
    '',
  ].join('\n');
  const signup = await u.vks(['signup', '--url', url], { input });
  expect(signup.code, signup.stderr).toBe(0);
};

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIM_DELAY_MS: '40' });
  user = await cliUser();
  await signUp(user, plane.url);
});

afterAll(async () => {
  await user?.cleanup();
  await plane?.stop();
});

describe('vks clusters', () => {
  it('creates a cluster with GPU limits and waits, line by line, until it is READY', async () => {
    const created = await user.vks([
      'clusters',
      'create',
      'training',
      '--gpu',
      'h100=2',
      '--gpu',
      'a10g=1',
      '--wait',
    ]);

    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toMatch(/^training: PROVISIONING \(\d+s\)$/m);
    expect(created.stderr).toMatch(/^training: READY \(\d+s\)$/m);
    expect(created.stdout).toMatch(/Status:\s+READY/);
    expect(created.stdout).toMatch(/GPUs:\s+(h100=2,a10g=1|a10g=1,h100=2)/);
  });

  it('lists clusters and gets one by name as JSON', async () => {
    const list = await user.vks(['clusters', 'list']);
    expect(list.stdout).toMatch(/^NAME\s+ID\s+STATUS\s+GPUS\s+AGE/);
    expect(list.stdout).toMatch(/training\s+vc_\S+\s+READY/);

    const got = JSON.parse((await user.vks(['clusters', 'get', 'training', '-o', 'json'])).stdout);
    expect(got).toMatchObject({
      name: 'training',
      status: 'READY',
      gpuLimits: { h100: 2, a10g: 1 },
    });
  });

  it('shows the GPUs reserved per type as a bar chart', async () => {
    const usage = await user.vks(['usage']);

    expect(usage.code, usage.stderr).toBe(0);
    expect(usage.stdout).toMatch(/^GPU TYPE\s+RESERVED \/ LIMIT$/m);
    expect(usage.stdout).toMatch(/^total\s+█+░*\s+3 \/ \d+$/m);
    expect(usage.stdout).toMatch(/^h100\s+█+░*\s*2 \/ /m);
    expect(JSON.parse((await user.vks(['usage', '-o', 'json'])).stdout).total.reserved).toBe(3);
  });

  it('changes the limits and waits for READY again', async () => {
    const updated = await user.vks([
      'clusters',
      'update',
      'training',
      '--gpu',
      'h100=4',
      '--wait',
      '-o',
      'json',
    ]);

    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ status: 'READY', gpuLimits: { h100: 4 } });
  });

  it('refuses limits beyond the enterprise’s with exit 6, and a malformed --gpu with exit 2', async () => {
    const tooMany = await user.vks(['clusters', 'create', 'huge', '--gpu', 'h100=10000']);
    expect(tooMany.code, tooMany.stderr).toBe(6);
    expect(tooMany.stderr).toContain('Error: A GPU limit would be exceeded');

    const malformed = await user.vks(['clusters', 'create', 'x', '--gpu', 'h100']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('write TYPE=COUNT');
  });

  it('deletes a cluster and waits until it is gone', async () => {
    const deleted = await user.vks(['clusters', 'delete', 'training', '--wait']);

    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stderr).toMatch(/training: DELETED/);
    expect((await user.vks(['clusters', 'get', 'training'])).code).toBe(5);
    expect(JSON.parse((await user.vks(['usage', '-o', 'json'])).stdout).total.reserved).toBe(0);
  });
});

describe('vks clusters create --wait on a failing platform', () => {
  it('exits 8 and prints why the cluster FAILED', async () => {
    const faulty = await startTestControlPlane({
      VKS_SIM_DELAY_MS: '20',
      VKS_SIM_FAULTS: 'CreateNodegroup',
    });
    const other = await cliUser();
    try {
      await signUp(other, faulty.url);
      const created = await other.vks([
        'clusters',
        'create',
        'doomed',
        '--gpu',
        'a10g=1',
        '--wait',
      ]);

      expect(created.code, created.stderr).toBe(8);
      expect(created.stderr).toContain('Error: Cluster doomed is FAILED');
      expect(
        created.stderr
          .split('\n')
          .filter((l) => l.startsWith('doomed: '))
          .at(-1),
      ).toMatch(/FAILED/);
    } finally {
      await other.cleanup();
      await faulty.stop();
    }
  });
});
