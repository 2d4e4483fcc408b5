import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';

/** kubectl, where the machine has it; the shape check below runs either way. */
export const kubectl: string | undefined = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return 'kubectl';
  } catch {
    return undefined;
  }
})();

/**
 * The kubeconfig format (clientcmd v1 Config) as kubectl resolves it: the current context names
 * a cluster with a server and CA, and a user with exactly one way to authenticate.
 */
export function expectKubeconfigShape(config: any): void {
  expect(config).toMatchObject({ apiVersion: 'v1', kind: 'Config' });
  const context = config.contexts.find((c: any) => c.name === config['current-context']);
  expect(context, 'current-context names a context').toBeDefined();
  const cluster = config.clusters.find((c: any) => c.name === context.context.cluster);
  const user = config.users.find((u: any) => u.name === context.context.user);
  expect(cluster?.cluster.server).toMatch(/^https:\/\//);
  expect(cluster?.cluster['certificate-authority-data']).toMatch(/^[A-Za-z0-9+/]+=*$/);
  expect(typeof context.context.namespace).toBe('string');
  const ways = ['token', 'exec', 'client-certificate-data'].filter((k) => k in (user?.user ?? {}));
  expect(ways).toHaveLength(1);
  if (user.user.exec) {
    expect(user.user.exec.apiVersion).toBe('client.authentication.k8s.io/v1');
    expect(typeof user.user.exec.command).toBe('string');
  }
}
