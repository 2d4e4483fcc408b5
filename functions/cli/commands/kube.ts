import { realpathSync } from 'node:fs';
import type { Command } from 'commander';
import { ok } from '../api';
import type { CliContext } from '../context';
import { kubeconfigPath, mergeIntoFile, renamed } from '../kubeconfig-file';
import { note, write } from '../output';
import { resolveCluster } from './clusters';

/**
 * The command kubectl runs for a fresh token: this very bin, by absolute path, so that a merged
 * kubeconfig works whether or not `vks` is on kubectl's PATH.
 */
function ownBin(env: NodeJS.ProcessEnv): string {
  const bin = env.VKS_BIN || process.argv[1] || 'vks';
  try {
    return realpathSync(bin);
  } catch {
    return bin;
  }
}

/** What kubectl's exec plugin protocol expects on standard output. */
export function execCredential(credential: { token: string; expiresAt: string }) {
  return {
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token: credential.token, expirationTimestamp: credential.expiresAt },
  };
}

export function kubeCommands(program: Command, ctx: CliContext): void {
  program
    .command('kubeconfig <cluster>')
    .description('Print a kubeconfig for the cluster, or merge it into your kubeconfig file')
    .option(
      '--merge',
      'add it to $KUBECONFIG (or ~/.kube/config) as a context named after the cluster',
    )
    .option('--embed-token', 'embed a short-lived token instead of calling `vks token`')
    .addHelpText(
      'after',
      '\nThe kubeconfig runs `vks token --cluster ID` for a fresh token before each kubectl call,\nso it keeps working for as long as you stay signed in.',
    )
    .action(async (ref: string, options: { merge?: boolean; embedToken?: boolean }) => {
      const client = await ctx.client();
      const cluster = await resolveCluster(client, ref);
      const credential = options.embedToken ? 'token' : 'exec';
      const text = await ok(
        client.GET('/v1/clusters/{id}/kubeconfig', {
          params: { path: { id: cluster.id }, query: { credential } },
          parseAs: 'text',
        }),
      );
      if (!options.merge) return write(text);

      const path = kubeconfigPath(ctx.env);
      await mergeIntoFile(path, renamed(text, cluster.name, ownBin(ctx.env)));
      note(`Context "${cluster.name}" merged into ${path} and made current. Try: kubectl get pods`);
    });

  program
    .command('token')
    .description('The kubectl exec credential plugin: prints an ExecCredential for the cluster')
    .requiredOption('--cluster <id>', 'the cluster id')
    .option('--no-cache', 'ask the control plane even if a cached token is still good')
    .action(async (options: { cluster: string; cache: boolean }) => {
      const identity = await ctx.identity();
      let credential = options.cache
        ? await ctx.clusterTokens.get(options.cluster, identity)
        : undefined;
      if (!credential) {
        const client = await ctx.client();
        const issued = await ok(
          client.POST('/v1/clusters/{id}/credentials', {
            params: { path: { id: options.cluster } },
          }),
        );
        credential = { token: issued.token, expiresAt: issued.expiresAt };
        await ctx.clusterTokens.put(options.cluster, identity, credential);
      }
      write(`${JSON.stringify(execCredential(credential))}\n`);
    });
}
