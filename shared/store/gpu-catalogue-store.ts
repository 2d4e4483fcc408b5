import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { gpuTypeFrom, seedCatalogue, type GpuType, type GpuTypeSpec } from '../domain/gpu-type';
import { DomainError } from '../domain/errors';
import type { RequestContext } from '../domain/request-context';
import { getItem, withoutKeys } from './items';
import { recordPlatformAudit } from './platform-audit';
import type { Table } from './table';
import { Transaction } from './transaction';

/** The GPU catalogue is the platform's, not a tenant's: it lives under a partition of its own. */
const CATALOGUE = 'CATALOGUE';
const catalogueKeys = {
  gpuType: (type: string) => ({ PK: CATALOGUE, SK: `GPUTYPE#${type}` }),
  gpuTypePrefix: 'GPUTYPE#',
  seeded: { PK: CATALOGUE, SK: 'SEEDED' },
};

export async function listGpuTypes(table: Table): Promise<GpuType[]> {
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': CATALOGUE, ':prefix': catalogueKeys.gpuTypePrefix },
    }),
  );
  return Items.map((item) => withoutKeys<GpuType>(item));
}

export async function findGpuType(table: Table, type: string): Promise<GpuType | undefined> {
  const item = await getItem(table, catalogueKeys.gpuType(type));
  return item && withoutKeys<GpuType>(item);
}

/** Creates or replaces a GPU type; a replacement keeps counting versions. */
export async function putGpuType(
  table: Table,
  type: string,
  spec: GpuTypeSpec,
  now: string,
  context: RequestContext,
): Promise<{ gpuType: GpuType; created: boolean }> {
  const current = await findGpuType(table, type);
  const gpuType = gpuTypeFrom(type, spec, now, (current?.version ?? 0) + 1);
  const tx = new Transaction(table);
  tx.put(
    {
      Item: { ...catalogueKeys.gpuType(type), kind: 'gpu-type', ...gpuType },
      ConditionExpression: current ? 'version = :read' : 'attribute_not_exists(PK)',
      ...(current ? { ExpressionAttributeValues: { ':read': current.version } } : {}),
    },
    () => new DomainError('conflict', 'The GPU type was changed at the same time; retry.'),
  );
  recordPlatformAudit(tx, context, {
    action: current ? 'gpu-type.changed' : 'gpu-type.created',
    target: { type: 'gpu-type', id: type },
    details: { ...spec },
  });
  await tx.commit();
  return { gpuType, created: !current };
}

/**
 * Writes the seed catalogue once in the life of a table. The marker goes in the same transaction,
 * so several processes starting together seed once, and an operator's later changes stay.
 */
export async function seedGpuCatalogue(table: Table, now: string): Promise<boolean> {
  if (await getItem(table, catalogueKeys.seeded)) return false;
  const tx = new Transaction(table);
  tx.put({
    Item: { ...catalogueKeys.seeded, kind: 'catalogue-seed', seededAt: now },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
  for (const [type, spec] of Object.entries(seedCatalogue)) {
    tx.put({
      Item: { ...catalogueKeys.gpuType(type), kind: 'gpu-type', ...gpuTypeFrom(type, spec, now) },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  }
  try {
    await tx.commit();
    return true;
  } catch (err) {
    if (await getItem(table, catalogueKeys.seeded)) return false;
    throw err;
  }
}
