import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Local runtime secrets (signing keys, the operator token, the sealing key) are files under the
 * data directory. The first start creates one with mode 0600 and the `wx` flag, so when two
 * processes start at once, one write wins and both go on with the winner's value.
 */
export async function readOrCreateSecretFile(
  path: string,
  create: () => Promise<string> | string,
  what: string,
): Promise<string> {
  const existing = await readSecretFile(path);
  if (existing) return existing;

  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const value = await create();
  try {
    await writeFile(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return value;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = await readSecretFile(path);
    if (!winner) throw new Error(`The ${what} file ${path} is empty.`, { cause: err });
    return winner;
  }
}

export async function readSecretFile(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim() || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
