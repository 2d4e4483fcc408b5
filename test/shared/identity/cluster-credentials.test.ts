import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CLUSTER_TOKEN_TYPE,
  issueClusterToken,
} from '../../../shared/identity/cluster-credentials';
import { newKeyRing, openKeyRing } from '../../../shared/identity/key-ring';
import { TokenService } from '../../../shared/identity/tokens';

const at = new Date('2025-03-01T12:00:00Z');

async function tokenService(now = () => at): Promise<TokenService> {
  const keys = await openKeyRing(await newKeyRing(at));
  return new TokenService({ issuer: 'https://vks.example', apiAudience: 'vks-api', keys, now });
}

const grant = {
  enterpriseId: 'ent_9d3hz2ab',
  accountId: 'acc_member1',
  clusterId: 'vc_4f2kq7x3m5',
  level: 'edit' as const,
};

describe('cluster tokens', () => {
  it('carries the cluster audience, the account and only the grant’s group', async () => {
    const tokens = await tokenService();

    const credential = await issueClusterToken(tokens, grant, {
      audience: 'vks-eks',
      ttlSeconds: 900,
    });

    const claims = await tokens.verify(credential.token, 'vks-eks', CLUSTER_TOKEN_TYPE, 'RS256');
    expect(claims).toMatchObject({
      iss: 'https://vks.example',
      sub: 'acc_member1',
      aud: 'vks-eks',
      groups: ['vc_4f2kq7x3m5:edit'],
    });
    expect(credential.groups).toEqual(['vc_4f2kq7x3m5:edit']);
    expect(credential.expiresAt.getTime() - at.getTime()).toBe(900_000);
    expect(decodeProtectedHeader(credential.token).kid).toBeDefined();
  });

  it('is signed RS256, which the Kubernetes OIDC authenticator accepts, and only RS256 verifies it', async () => {
    const tokens = await tokenService();
    const credential = await issueClusterToken(tokens, grant, {
      audience: 'vks-eks',
      ttlSeconds: 900,
    });

    expect(decodeProtectedHeader(credential.token).alg).toBe('RS256');
    await expect(tokens.verify(credential.token, 'vks-eks', CLUSTER_TOKEN_TYPE)).rejects.toThrow();
  });

  it('never lives longer than an hour, whatever is asked', async () => {
    const credential = await issueClusterToken(await tokenService(), grant, {
      audience: 'vks-eks',
      ttlSeconds: 86_400,
    });

    expect(credential.expiresAt.getTime() - at.getTime()).toBe(3_600_000);
  });

  it('is not an API access token: the API audience refuses it', async () => {
    const tokens = await tokenService();
    const credential = await issueClusterToken(tokens, grant, {
      audience: 'vks-eks',
      ttlSeconds: 900,
    });

    await expect(tokens.verifyAccessToken(credential.token)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });
});
