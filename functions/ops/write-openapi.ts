import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createApp, OPENAPI_CONFIG } from '../api/app';
import type { ApiDependencies } from '../api/env';

/**
 * `npm run api:types` (also run by `prepare` and `typecheck`): writes the OpenAPI document without
 * a server, so that `openapi-typescript` can turn it into the types the CLI and the console are
 * checked against. Route modules only capture their dependencies while they register, so stand-ins
 * do: nothing here handles a request. The few values a module reads while registering (the
 * operator token, hashed once) get placeholders of the right type.
 */
const target = resolve(process.argv[2] ?? 'functions/api/generated/openapi.json');
const standIns = { runtime: 'local', operatorToken: 'placeholder-operator-token-for-the-document' };
const app = createApp(standIns as unknown as ApiDependencies);
const document = app.getOpenAPI31Document(OPENAPI_CONFIG);

await mkdir(dirname(target), { recursive: true });
await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`Wrote the OpenAPI document to ${target}\n`);
