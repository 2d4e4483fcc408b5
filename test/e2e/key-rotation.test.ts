import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSigningKeys } from '../../shared/adapters/file-signing-keys';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { signUpEnterprise } from '../support/enterprises';
import { uniqueTableName } from '../support/tables';

/**
 * Two instances on one table and one key ring, as two Lambda containers are: one started before
 * a rotation, one after.
 */
let dataDir: string;
let before: TestControlPlane;
let after: TestControlPlane;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vks-rotation-'));
  const shared = {
    VKS_DATA_DIR: dataDir,
    VKS_TABLE_NAME: uniqueTableName('rotation'),
    VKS_PUBLIC_URL: 'https://vks.example.com',
  };
  before = await startTestControlPlane(shared);
  await new FileSigningKeys(join(dataDir, 'signing-keys.json')).rotate();
  after = await startTestControlPlane(shared);
});
afterAll(async () => {
  await before.stop();
  await after.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const kidOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid;

describe('signing key rotation', () => {
  it('keeps tokens of the previous key valid and lets every instance verify the new key', async () => {
    const old = await signUpEnterprise(before.client);
    const fresh = await signUpEnterprise(after.client);
    expect(kidOf(fresh.accessToken)).not.toBe(kidOf(old.accessToken));

    expect((await after.client.get('/v1/me', { token: old.accessToken })).status).toBe(200);
    expect((await before.client.get('/v1/me', { token: fresh.accessToken })).status).toBe(200);

    // Both EdDSA keys are published; so are both RS256 keys of cluster credentials.
    const jwks = await before.client.get('/.well-known/jwks.json');
    const published = jwks.body.keys as { kid: string; alg: string }[];
    expect(
      published
        .filter((k) => k.alg === 'EdDSA')
        .map((k) => k.kid)
        .sort(),
    ).toEqual([kidOf(old.accessToken), kidOf(fresh.accessToken)].sort());
    expect(published.filter((k) => k.alg === 'RS256')).toHaveLength(2);
  });
});
