#!/usr/bin/env node
// The `vks` bin. It runs with whatever `node` is first on PATH, which may be older than the CLI
// needs (22 or later). Under an older Node it hands over to the Node that the project pins
// (`node_modules/.bin/node`, the `node` package that npm scripts run); under Node 22 or later it
// runs the bundle in this process, which saves a process start on every kubectl call. Written in
// syntax that old Node versions still parse, so that it can say what is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MINIMUM_MAJOR = 22;
const self = realpathSync(fileURLToPath(import.meta.url));
const root = join(dirname(self), '..', '..');
// `vks kubeconfig --merge` writes this path as the exec plugin's command.
process.env.VKS_BIN = self;
const bundle = join(root, 'dist', 'vks.mjs');

if (!existsSync(bundle)) {
  process.stderr.write(`Error: vks is not built. Run \`npm install\` in ${root}.\n`);
  process.exit(1);
}

if (Number(process.versions.node.split('.')[0]) >= MINIMUM_MAJOR) {
  await import(pathToFileURL(bundle).href);
} else {
  const pinned = join(root, 'node_modules', '.bin', 'node');
  if (!existsSync(pinned)) {
    process.stderr.write(
      `Error: vks needs Node ${MINIMUM_MAJOR} or later (this is ${process.version}), and the ` +
        `project's own Node is missing. Run \`npm install\` in ${root}.\n`,
    );
    process.exit(1);
  }
  const child = spawnSync(pinned, [bundle, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.error) {
    process.stderr.write(`Error: cannot start ${pinned}: ${child.error.message}\n`);
    process.exit(1);
  }
  process.exit(child.status ?? 1);
}
