import { expect } from 'vitest';
import { hashPassword } from '../../shared/identity/password';
import { putNewAccount } from '../../shared/store/account-store';
import { openTable } from '../../shared/store/table';
import { Transaction } from '../../shared/store/transaction';
import type { TestControlPlane } from './control-plane';
import { STRONG_PASSWORD, uniqueEmail } from './enterprises';

export interface Member {
  readonly accountId: string;
  readonly email: string;
  readonly accessToken: string;
}

/**
 * A member of the built-in `member` role, written to the plane's table as an accepted invitation
 * leaves it, then signed in over HTTP like any member.
 */
export async function addMember(plane: TestControlPlane, enterpriseId: string): Promise<Member> {
  const table = openTable({ tableName: plane.tableName, endpoint: plane.dynamodbEndpoint });
  const email = uniqueEmail('member');
  const accountId = `acc_${Math.random().toString(36).slice(2, 12)}`;
  const tx = new Transaction(table);
  putNewAccount(tx, {
    id: accountId,
    enterpriseId,
    email,
    name: 'Grace Member',
    role: 'member',
    status: 'active',
    createdAt: new Date().toISOString(),
    version: 1,
    passwordHash: await hashPassword(STRONG_PASSWORD),
  });
  await tx.commit();
  table.client.destroy();

  const res = await plane.client.post('/v1/sessions', { email, password: STRONG_PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { accountId, email, accessToken: res.body.accessToken };
}
