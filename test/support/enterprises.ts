import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Client } from './http';

export const STRONG_PASSWORD = 'violet-harbour-lantern-42';

export const uniqueEmail = (label = 'admin') =>
  `${label}-${randomBytes(5).toString('hex')}@example.com`;

export interface SignedUp {
  readonly enterpriseId: string;
  readonly accountId: string;
  readonly email: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Signs up a new enterprise through the API and returns its administrator's credentials. */
export async function signUpEnterprise(
  client: Client,
  overrides: Record<string, string> = {},
): Promise<SignedUp> {
  const email = overrides.email ?? uniqueEmail();
  const res = await client.post('/v1/signup', {
    enterpriseName: 'Acme GPU Research',
    name: 'Ada Admin',
    email,
    password: STRONG_PASSWORD,
    ...overrides,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return {
    enterpriseId: res.body.enterprise.id,
    accountId: res.body.account.id,
    email,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}

export function expectProblem(
  res: { status: number; headers: Headers; body: any },
  status: number,
  code: string,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.type).toBe(`/problems/${code}`);
  expect(res.body.status).toBe(status);
  expect(typeof res.body.title).toBe('string');
}
