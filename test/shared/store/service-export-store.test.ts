import { beforeAll, describe, expect, it } from 'vitest';
import type { ServiceExport } from '../../../shared/domain/service-export';
import {
  allExports,
  ensureSlotCounter,
  putNewExport,
  removeExport,
  takeSlot,
} from '../../../shared/store/service-export-store';
import type { Table } from '../../../shared/store/table';
import { Transaction } from '../../../shared/store/transaction';
import { freshTable } from '../../support/tables';

let table: Table;
const enterpriseId = 'ent_exports';

const exportNamed = (clusterId: string, name: string): ServiceExport => ({
  enterpriseId,
  clusterId,
  namespace: `vc-x-${clusterId}`,
  name,
  service: 'web',
  port: 80,
  protocol: 'HTTP',
  origin: 'api',
  phase: 'PENDING',
  reason: null,
  endpoint: null,
  counted: true,
  observed: false,
  createdAt: '2025-03-01T00:00:00Z',
  updatedAt: '2025-03-01T00:00:00Z',
  version: 1,
});

async function create(exp: ServiceExport, max: number): Promise<string> {
  await ensureSlotCounter(table, exp.enterpriseId, exp.clusterId);
  const tx = new Transaction(table);
  takeSlot(tx, exp, max);
  putNewExport(tx, exp);
  try {
    await tx.commit();
    return 'created';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

beforeAll(async () => {
  table = await freshTable();
});

describe('the service export store', () => {
  it('keeps the per-cluster limit under concurrent creations', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => create(exportNamed('vc_race', `e${i}`), 4)),
    );
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(4);
    expect(outcomes.filter((o) => o !== 'created').every((o) => o === 'limit-exceeded')).toBe(true);
    expect(await allExports(table, enterpriseId, 'vc_race')).toHaveLength(4);
  });

  it('gives a slot back when an export is removed, and refuses all with a limit of 0', async () => {
    const first = exportNamed('vc_slots', 'a');
    expect(await create(first, 1)).toBe('created');
    expect(await create(exportNamed('vc_slots', 'b'), 1)).toBe('limit-exceeded');

    const tx = new Transaction(table);
    removeExport(tx, first);
    await tx.commit();
    expect(await create(exportNamed('vc_slots', 'b'), 1)).toBe('created');
    expect(await create(exportNamed('vc_none', 'a'), 0)).toBe('limit-exceeded');
  });

  it('refuses a second export of the same name in a cluster', async () => {
    expect(await create(exportNamed('vc_names', 'same'), 5)).toBe('created');
    expect(await create(exportNamed('vc_names', 'same'), 5)).toBe('conflict');
  });
});
