import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { newKeyRing } from '../shared/identity/key-ring';
import { ensureTable } from '../shared/store/schema';
import { openTable } from '../shared/store/table';
import { percentile } from './stats';

/**
 * Each Lambda's bundle, built as the CDK app builds it (ESM, minified, AWS SDK left to the
 * runtime), and the API bundle's cold start: importing it runs its whole composition root, which
 * here talks to DynamoDB Local and to a stand-in for Secrets Manager on loopback.
 */
export interface BundleFigures {
  readonly sizes: readonly { readonly entry: string; readonly bytes: number }[];
  readonly apiColdStartMs: number;
  readonly emptyNodeMs: number;
}

const root = new URL('..', import.meta.url).pathname;
const run = promisify(execFile);
const outDir = join(root, '.vks', 'bench-bundles');

export async function benchBundles(dynamodbEndpoint: string): Promise<BundleFigures> {
  await rm(outDir, { recursive: true, force: true });
  const entries = await lambdaEntries();
  const sizes = [];
  for (const entry of entries) {
    const outfile = join(outDir, entry.replace(/\//g, '_').replace(/\.ts$/, '.mjs'));
    await build({
      entryPoints: [join(root, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      minify: true,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*', '@zxcvbn-ts/*'],
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'error',
    });
    sizes.push({ entry, bytes: (await stat(outfile)).size });
  }

  const secrets = await fakeSecretsManager();
  try {
    const api = join(outDir, 'functions_api_lambda.mjs');
    const env = apiEnvironment(
      dynamodbEndpoint,
      `http://127.0.0.1:${(secrets.address() as AddressInfo).port}`,
    );
    const table = openTable({ tableName: env.VKS_TABLE_NAME!, endpoint: dynamodbEndpoint });
    await ensureTable(table.raw, table.name);
    table.client.destroy();
    const apiColdStartMs = await medianWallTime(
      ['--input-type=module', '-e', `await import(${JSON.stringify(api)}); process.exit(0)`],
      env,
    );
    const emptyNodeMs = await medianWallTime(['-e', ''], env);
    return { sizes, apiColdStartMs, emptyNodeMs };
  } finally {
    secrets.close();
  }
}

/** Every file under functions/ that exports a Lambda handler (the local runtime has none). */
async function lambdaEntries(): Promise<string[]> {
  const found: string[] = [];
  for (const dir of await readdir(join(root, 'functions'))) {
    for (const file of await readdir(join(root, 'functions', dir))) {
      const path = join(root, 'functions', dir, file);
      if (!file.endsWith('.ts')) continue;
      const source = await readFile(path, 'utf8');
      if (/export (const|async function|function) handler\b/.test(source))
        found.push(relative(root, path));
    }
  }
  return found.sort();
}

/**
 * Median wall time of a fresh `node` running `args`. Asynchronous on purpose: the stand-in for
 * Secrets Manager answers from this process, so blocking it would stall the child.
 */
async function medianWallTime(
  args: string[],
  env: Record<string, string>,
  runs = 9,
): Promise<number> {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run(process.execPath, args, { env });
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

function apiEnvironment(dynamodbEndpoint: string, secretsEndpoint: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    VKS_RUNTIME: 'aws',
    VKS_PUBLIC_URL: 'https://api.vks.example.com',
    VKS_TABLE_NAME: `bench-cold-${Date.now()}`,
    VKS_SIGNING_KEY_SECRET_ARN: 'signing',
    VKS_WEBHOOK_KEY_SECRET_ARN: 'sealing',
    VKS_OPERATOR_TOKEN_SECRET_ARN: 'operator',
    VKS_PROVISION_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:provision',
    VKS_UPDATE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:update',
    VKS_DELETE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:delete',
    VKS_DISPATCH_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/dispatch',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint,
  };
}

/** Answers GetSecretValue for the three secrets the API reads at start. */
async function fakeSecretsManager(): Promise<Server> {
  const values: Record<string, string> = {
    signing: JSON.stringify(await newKeyRing()),
    sealing: 'bench-sealing-key-material-of-enough-length-0123456789',
    operator: 'bench-operator-token-of-enough-length-0123456789',
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      const value = SecretId ? values[SecretId] : undefined;
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (!value) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such secret' }));
        return;
      }
      res.end(
        JSON.stringify({ ARN: SecretId, Name: SecretId, SecretString: value, VersionId: 'v1' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
