import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createApp, OPENAPI_CONFIG } from '../api/app';
import type { ApiDependencies } from '../api/env';

/**
 * `npm run api:types` (also run by `prepare` and `typecheck`): writes the OpenAPI document without
 * a server, so that `openapi-typescript` can turn it into the types the CLI and the console are
 * checked against. Route modules only capture their dependencies while they register, so an empty
 * object stands in for them: nothing here handles a request.
 */
const target = resolve(process.argv[2] ?? 'functions/api/generated/openapi.json');
const app = createApp({} as ApiDependencies);
const document = app.getOpenAPI31Document(OPENAPI_CONFIG);

await mkdir(dirname(target), { recursive: true });
await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write(`Wrote the OpenAPI document to ${target}\n`);
