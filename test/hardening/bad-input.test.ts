import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTable, type Table } from '../../shared/store/table';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane';
import { signUpEnterprise, type SignedUp } from '../support/enterprises';
import { fillPath, operationsOf, resolve, type Operation } from '../support/openapi-walk';

/**
 * Property-based bad input for every route of the OpenAPI document: wrong types, missing and
 * unknown fields, huge strings and numbers, unicode, deep nesting, odd path and query values.
 * Every answer must be a 4xx problem document, and the table must be as it was.
 */
let plane: TestControlPlane;
let table: Table;
let admin: SignedUp;
let document: any;

beforeAll(async () => {
  plane = await startTestControlPlane({ VKS_SIGNUP_LIMIT: '100000', VKS_SIGNIN_LIMIT: '100000' });
  table = openTable({ tableName: plane.tableName, endpoint: plane.dynamodbEndpoint });
  admin = await signUpEnterprise(plane.client);
  document = (await plane.client.get('/openapi.json')).body;
});
afterAll(async () => {
  table.client.destroy();
  await plane.stop();
});

/** Everything in the table except rate-limit counters, which count failed attempts by design. */
async function snapshot(): Promise<string[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({ TableName: table.name, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items
    .filter((i) => !String(i.PK).startsWith('RATE#'))
    .map((i) => JSON.stringify(i))
    .sort();
}

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constant('x'.repeat(20_000)),
  fc.constant('\u0000\u202e\ud83d\ude00 DROP TABLE;--'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
  fc.constant(deep(200)),
);

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { nested: value };
  return value;
}

/**
 * A body that is wrong in at least one way: each known field is left out, kept plausible or made
 * hostile, and one field the schema does not know is always added (bodies are strict objects, so
 * this alone must be refused).
 */
function badBody(schema: any): fc.Arbitrary<unknown> {
  const properties = Object.entries<any>(schema?.properties ?? {});
  const fields = properties.map(([name, property]) =>
    fc.tuple(
      fc.constant(name),
      fc.option(fc.oneof(plausible(property), hostile), { nil: undefined }),
    ),
  );
  const unknownField = fc.tuple(
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !properties.some(([n]) => n === k)),
    hostile,
  );
  return fc.oneof(
    fc.tuple(fc.tuple(...fields), unknownField).map(([known, extra]) => {
      const body: Record<string, unknown> = {};
      for (const [name, value] of known) if (value !== undefined) body[name] = value;
      body[extra[0]] = extra[1];
      return body;
    }),
    hostile.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  );
}

function plausible(property: any): fc.Arbitrary<unknown> {
  const schema = resolve(document, property);
  if (schema?.enum) return fc.constantFrom(...schema.enum);
  switch (schema?.type) {
    case 'string':
      return schema.format === 'email'
        ? fc.emailAddress()
        : fc.string({ minLength: 1, maxLength: 30 });
    case 'integer':
    case 'number':
      return fc.integer({ min: -5, max: 50 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 });
    default:
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 });
  }
}

const pathValue = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constantFrom(
    '..',
    '%00',
    'ent_aaaaaaaaaaaaaaaaaaaaaaaaaa',
    'acc_' + 'a'.repeat(26),
    'x'.repeat(300),
  ),
);

async function probe(
  op: Operation,
  body: unknown,
  params: Record<string, string>,
  withToken: boolean,
) {
  const query = op.parameters
    .filter((p) => p.in === 'query')
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(params[p.name] ?? '')}`)
    .join('&');
  const url = fillPath(op.path, params) + (query ? `?${query}` : '');
  return plane.client.request(op.method, url, {
    ...(op.bodySchema ? { body } : {}),
    ...(withToken ? { token: admin.accessToken } : {}),
  });
}

describe('bad input on every route', () => {
  it('gets a 4xx problem document and changes nothing', async () => {
    const before = await snapshot();
    const operations = operationsOf(document).filter(
      // Signing out is an input-free action on the caller's own session, not bad input.
      (op) => !(op.method === 'DELETE' && op.path === '/v1/sessions/current'),
    );
    expect(operations.length).toBeGreaterThan(10);

    for (const op of operations) {
      const names = op.parameters.filter((p) => p.in !== 'header').map((p) => p.name);
      const inputs = fc.tuple(
        badBody(op.bodySchema),
        fc
          .tuple(...names.map(() => pathValue))
          .map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]!]))),
        fc.boolean(),
      );
      const hasInput = op.bodySchema !== undefined || names.length > 0;
      await fc.assert(
        fc.asyncProperty(inputs, async ([body, params, withToken]) => {
          const res = await probe(op, body, params, withToken);
          const label = `${op.method} ${op.path} → ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, label).toBeLessThan(500);
          if (hasInput && res.status >= 400) {
            expect(res.headers.get('content-type'), label).toContain('application/problem+json');
          }
          if (op.bodySchema) expect(res.status, label).toBeGreaterThanOrEqual(400);
        }),
        { numRuns: hasInput ? 25 : 3, seed: 20261203 },
      );
    }

    expect(await snapshot()).toEqual(before);
  }, 600_000);
});
