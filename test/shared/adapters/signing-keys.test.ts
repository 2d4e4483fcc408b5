import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSigningKeys } from '../../../shared/adapters/file-signing-keys';
import {
  INITIAL_KEY_VERSION,
  SecretsManagerSigningKeys,
} from '../../../shared/adapters/secrets-manager-signing-keys';
import { newKeyRing } from '../../../shared/identity/key-ring';

describe('FileSigningKeys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vks-keys-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates one key ring, readable only by its owner, and agrees on it under concurrent starts', async () => {
    const path = join(dir, 'nested', 'signing-keys.json');
    const rings = await Promise.all(
      Array.from({ length: 5 }, () => new FileSigningKeys(path).load()),
    );

    const kids = new Set(rings.map((r) => r.keys[0]!.kid));
    expect(kids.size).toBe(1);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await new FileSigningKeys(path).load()).keys[0]!.kid).toBe([...kids][0]);
  });
});

describe('SecretsManagerSigningKeys', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => sm.reset());

  it('reads an existing key ring', async () => {
    const ring = await newKeyRing();
    sm.on(GetSecretValueCommand, { SecretId: 'arn:secret' }).resolves({
      SecretString: JSON.stringify(ring),
    });

    const loaded = await new SecretsManagerSigningKeys(
      new SecretsManagerClient({}),
      'arn:secret',
    ).load();

    expect(loaded).toEqual(ring);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('writes the first ring with a fixed request token over the CDK placeholder', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"placeholder":"x"}' });
    sm.on(PutSecretValueCommand).resolves({});

    const loaded = await new SecretsManagerSigningKeys(
      new SecretsManagerClient({}),
      'arn:secret',
    ).load();

    const put = sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ SecretId: 'arn:secret', ClientRequestToken: INITIAL_KEY_VERSION });
    expect(JSON.parse(put.SecretString!)).toEqual(loaded);
  });

  it('reads the winner when another cold start wrote the first ring', async () => {
    const winner = await newKeyRing();
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: '{"placeholder":"x"}' })
      .resolves({ SecretString: JSON.stringify(winner) });
    sm.on(PutSecretValueCommand).rejects(
      new ResourceExistsException({ message: 'version exists', $metadata: {} }),
    );

    const loaded = await new SecretsManagerSigningKeys(
      new SecretsManagerClient({}),
      'arn:secret',
    ).load();
    expect(loaded).toEqual(winner);
  });
});

describe('rotation', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => sm.reset());

  it('puts a new key in front of the secret’s ring and keeps the previous one behind it', async () => {
    const current = await newKeyRing();
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(current) });
    sm.on(PutSecretValueCommand).resolves({});

    const next = await new SecretsManagerSigningKeys(
      new SecretsManagerClient({}),
      'arn:secret',
    ).rotate();

    const put = sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input;
    expect(put.SecretId).toBe('arn:secret');
    expect(put.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    // Per algorithm: the fresh key first, then the one it replaces.
    expect(JSON.parse(put.SecretString!).keys.map((k: { kid: string }) => k.kid)).toEqual([
      next.keys[0]!.kid,
      current.keys[0]!.kid,
      next.keys[2]!.kid,
      current.keys[1]!.kid,
    ]);
  });
});
