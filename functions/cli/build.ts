import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles the CLI into one ES module, `dist/vks.mjs`, that the `vks` bin runs. Commander is
 * CommonJS, so the bundle gets a `require` of its own for the Node built-ins it asks for.
 */
export async function buildCli(outfile = join(root, 'dist', 'vks.mjs')): Promise<string> {
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  await build({
    entryPoints: [join(root, 'functions', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    banner: {
      js: "import { createRequire as vksRequire } from 'node:module'; const require = vksRequire(import.meta.url);",
    },
    define: { VKS_VERSION: JSON.stringify(version) },
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`Built ${await buildCli()}\n`);
}
