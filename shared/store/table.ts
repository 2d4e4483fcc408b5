import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TableOptions {
  readonly tableName: string;
  /** Set for DynamoDB Local or any endpoint other than the region's. */
  readonly endpoint?: string;
  readonly region?: string;
}

/** The one table and the document client that talks to it. */
export interface Table {
  readonly name: string;
  readonly client: DynamoDBDocumentClient;
  /** The low-level client, for table management. */
  readonly raw: DynamoDBClient;
  /**
   * Items one request has already read consistently (null: known to be absent). `getItem` answers
   * from here first; see `withReadAhead`.
   */
  readonly readAhead?: ReadonlyMap<string, Record<string, unknown> | null>;
}

export const itemId = (key: { PK: string; SK: string }) => `${key.PK}\u0000${key.SK}`;

/** The same table for one request, with items that request read ahead of time. */
export function withReadAhead(
  table: Table,
  items: ReadonlyMap<string, Record<string, unknown> | null>,
): Table {
  return { ...table, readAhead: items };
}

export function openTable(options: TableOptions): Table {
  const config: DynamoDBClientConfig = { region: options.region ?? 'us-east-1', maxAttempts: 4 };
  if (options.endpoint) {
    // DynamoDB Local accepts any credentials; fixed ones keep a developer's AWS profile out of it.
    config.endpoint = options.endpoint;
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  const raw = new DynamoDBClient(config);
  const client = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { name: options.tableName, client, raw };
}
