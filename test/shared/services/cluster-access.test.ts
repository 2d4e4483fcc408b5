import { describe, expect, it } from 'vitest';
import { accessLevelOf, listVisibleClusters } from '../../../shared/services/cluster-access';
import { putGrant } from '../../../shared/store/access-grant-store';
import { putNewAccount } from '../../../shared/store/account-store';
import { Transaction } from '../../../shared/store/transaction';
import { freshTable } from '../../support/tables';

const enterpriseId = 'ent_visible';

describe('cluster visibility', () => {
  it('leaves out a granted cluster whose record has expired', async () => {
    const table = await freshTable('visible');
    const tx = new Transaction(table);
    putNewAccount(tx, {
      id: 'acc_m',
      enterpriseId,
      email: 'm@example.com',
      name: 'M',
      role: 'member',
      status: 'active',
      createdAt: '2025-03-01T00:00:00Z',
      version: 1,
      passwordHash: 'x',
    });
    await tx.commit();
    const grant = new Transaction(table);
    putGrant(
      grant,
      {
        enterpriseId,
        clusterId: 'vc_gone',
        accountId: 'acc_m',
        level: 'edit',
        grantedBy: 'acc_admin',
        grantedAt: '2025-03-01T00:00:00Z',
        updatedAt: '2025-03-01T00:00:00Z',
        version: 1,
      },
      0,
    );
    await grant.commit();
    const caller = {
      enterpriseId,
      accountId: 'acc_m',
      role: 'member',
      permissions: new Set<any>(),
    };

    const page = await listVisibleClusters({ table }, caller, 50, undefined);

    expect(page.items).toEqual([]);
  });

  it('gives an administrator’s API key implicit admin only with clusters:grant', async () => {
    const table = await freshTable('implicit');
    const admin = { enterpriseId, accountId: 'acc_a', role: 'administrator' };

    expect(await accessLevelOf({ table }, { ...admin, permissions: new Set() }, 'vc_x')).toBe(
      'admin',
    );
    expect(
      await accessLevelOf(
        { table },
        { ...admin, apiKeyId: 'key_1', permissions: new Set(['events:read'] as const) },
        'vc_x',
      ),
    ).toBeUndefined();
    expect(
      await accessLevelOf(
        { table },
        { ...admin, apiKeyId: 'key_2', permissions: new Set(['clusters:grant'] as const) },
        'vc_x',
      ),
    ).toBe('admin');
  });
});
