import { beforeAll, describe, expect, it } from 'vitest';
import {
  deleteGrant,
  getGrant,
  grantsOfAccount,
  listGrantsOfCluster,
  putGrant,
  type AccessGrant,
} from '../../../shared/store/access-grant-store';
import { putNewAccount } from '../../../shared/store/account-store';
import type { Table } from '../../../shared/store/table';
import { Transaction } from '../../../shared/store/transaction';
import { freshTable } from '../../support/tables';

let table: Table;
const enterpriseId = 'ent_grants';

async function account(id: string): Promise<void> {
  const tx = new Transaction(table);
  putNewAccount(tx, {
    id,
    enterpriseId,
    email: `${id}@example.com`,
    name: id,
    role: 'member',
    status: 'active',
    createdAt: '2025-03-01T00:00:00Z',
    version: 1,
    passwordHash: 'x',
  });
  await tx.commit();
}

const grant = (clusterId: string, accountId: string, level: AccessGrant['level']): AccessGrant => ({
  enterpriseId,
  clusterId,
  accountId,
  level,
  grantedBy: 'acc_admin',
  grantedAt: '2025-03-01T00:00:00Z',
  updatedAt: '2025-03-01T00:00:00Z',
  version: 1,
});

async function put(g: AccessGrant, expected: number): Promise<void> {
  const tx = new Transaction(table);
  putGrant(tx, g, expected);
  await tx.commit();
}

beforeAll(async () => {
  table = await freshTable('grants');
  await account('acc_a');
  await account('acc_b');
});

describe('access grant store', () => {
  it('keeps grants per cluster and per account', async () => {
    await put(grant('vc_one', 'acc_a', 'edit'), 0);
    await put(grant('vc_two', 'acc_a', 'view'), 0);
    await put(grant('vc_one', 'acc_b', 'admin'), 0);

    expect(
      (await listGrantsOfCluster(table, enterpriseId, 'vc_one')).map((g) => g.accountId),
    ).toEqual(['acc_a', 'acc_b']);
    const ofA = await grantsOfAccount(table, enterpriseId, 'acc_a');
    expect([...ofA.keys()].sort()).toEqual(['vc_one', 'vc_two']);
    expect(await getGrant(table, enterpriseId, 'vc_two', 'acc_a')).toMatchObject({ level: 'view' });
  });

  it('refuses a grant to an account that does not exist, and writes nothing', async () => {
    await expect(put(grant('vc_one', 'acc_ghost', 'edit'), 0)).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(await getGrant(table, enterpriseId, 'vc_one', 'acc_ghost')).toBeUndefined();
  });

  it('lets one of two concurrent first grants win', async () => {
    const results = await Promise.allSettled([
      put(grant('vc_race', 'acc_b', 'edit'), 0),
      put(grant('vc_race', 'acc_b', 'view'), 0),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'conflict' },
    });
  });

  it('deletes a grant only at the version read', async () => {
    const current = (await getGrant(table, enterpriseId, 'vc_two', 'acc_a'))!;
    await put({ ...current, level: 'edit', version: 2 }, 1);

    const stale = new Transaction(table);
    deleteGrant(stale, current);
    await expect(stale.commit()).rejects.toMatchObject({ code: 'conflict' });

    const tx = new Transaction(table);
    deleteGrant(tx, { ...current, version: 2 });
    await tx.commit();
    expect(await getGrant(table, enterpriseId, 'vc_two', 'acc_a')).toBeUndefined();
  });
});
