import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '../../shared/store/schema';
import { openTable, type Table } from '../../shared/store/table';

export const dynamodbEndpoint = () => inject('dynamodbEndpoint');

export const uniqueTableName = (label = 'suite') => `${label}-${randomBytes(6).toString('hex')}`;

/** A fresh table on the run's DynamoDB Local, for suites that use the store directly. */
export async function freshTable(label?: string): Promise<Table> {
  const table = openTable({ tableName: uniqueTableName(label), endpoint: dynamodbEndpoint() });
  await ensureTable(table.raw, table.name);
  return table;
}
