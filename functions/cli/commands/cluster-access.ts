import type { Command } from 'commander';
import type { components } from '../../api/generated/schema';
import { ok } from '../api';
import type { CliContext } from '../context';
import { note, printList, printOne, type Column } from '../output';
import { resolveCluster } from './clusters';

type Grant = components['schemas']['AccessGrant'];
type Level = Grant['level'];

const grantColumns: Column<Grant>[] = [
  { header: 'Account', value: (g) => g.accountId },
  { header: 'Level', value: (g) => g.level },
  { header: 'Granted by', value: (g) => g.grantedBy },
  { header: 'Since', value: (g) => g.grantedAt },
];

/** `vks clusters access ...`: who may reach a cluster through kubectl, and at which level. */
export function clusterAccessCommands(clusters: Command, ctx: CliContext): void {
  const access = clusters
    .command('access')
    .description('Members’ access to a cluster (admin, edit or view); the administrator has admin');

  access
    .command('list <cluster>')
    .description('The grants on a cluster')
    .action(async (ref: string, _o: unknown, command: Command) => {
      const client = await ctx.client();
      const cluster = await resolveCluster(client, ref);
      const grants = await ok(
        client.GET('/v1/clusters/{id}/access', { params: { path: { id: cluster.id } } }),
      );
      printList(ctx.format(command), grants.items, grantColumns);
    });

  access
    .command('grant <cluster> <member-id>')
    .description('Grant a member access, or change the level')
    .option('--level <level>', 'admin, edit or view', 'edit')
    .action(
      async (ref: string, accountId: string, options: { level: string }, command: Command) => {
        const client = await ctx.client();
        const cluster = await resolveCluster(client, ref);
        const grant = await ok(
          client.PUT('/v1/clusters/{id}/access/{accountId}', {
            params: { path: { id: cluster.id, accountId } },
            body: { level: options.level as Level },
          }),
        );
        printOne(ctx.format(command), grant, grantColumns);
      },
    );

  access
    .command('revoke <cluster> <member-id>')
    .description('Take a member’s access away')
    .action(async (ref: string, accountId: string) => {
      const client = await ctx.client();
      const cluster = await resolveCluster(client, ref);
      await ok(
        client.DELETE('/v1/clusters/{id}/access/{accountId}', {
          params: { path: { id: cluster.id, accountId } },
        }),
      );
      note(`Access of ${accountId} to ${cluster.name} revoked.`);
    });
}
