import type { Command } from 'commander';
import type { components } from '../../api/generated/schema';
import { everyPage, ok, type ApiClient } from '../api';
import { CliError } from '../cli-error';
import type { CliContext } from '../context';
import { ExitCode } from '../exit-codes';
import { age, note, printList, printOne, type Column } from '../output';
import { waitForCluster } from '../wait';
import { clusterAccessCommands } from './cluster-access';

export type Cluster = components['schemas']['VirtualCluster'];

const limits = (c: Cluster) =>
  Object.entries(c.gpuLimits)
    .map(([type, n]) => `${type}=${n}`)
    .join(',');

const clusterColumns: Column<Cluster>[] = [
  { header: 'Name', value: (c) => c.name },
  { header: 'Id', value: (c) => c.id },
  { header: 'Status', value: (c) => c.status },
  { header: 'GPUs', value: limits },
  { header: 'Age', value: (c) => age(c.createdAt) },
];

const clusterFields: Column<Cluster>[] = [
  ...clusterColumns.slice(0, 4),
  { header: 'Namespace', value: (c) => c.namespace },
  { header: 'Reason', value: (c) => c.statusReason },
  { header: 'Created', value: (c) => c.createdAt },
  { header: 'Updated', value: (c) => c.updatedAt },
];

/** `--gpu h100=8 --gpu a10g=2` as `{h100: 8, a10g: 2}`. */
export function parseGpu(
  value: string,
  previous: Record<string, number> = {},
): Record<string, number> {
  const match = /^([a-z0-9-]+)=(\d{1,6})$/.exec(value.trim());
  if (!match) {
    throw new CliError(`--gpu ${value}: write TYPE=COUNT, e.g. --gpu h100=8`, ExitCode.usage);
  }
  return { ...previous, [match[1]!]: Number(match[2]) };
}

/** A cluster named by id or by name: ids are what the API takes, names what people remember. */
export async function resolveCluster(client: ApiClient, ref: string): Promise<Cluster> {
  const byId = await client.GET('/v1/clusters/{id}', { params: { path: { id: ref } } });
  if (byId.data) return byId.data;
  if (byId.response.status !== 404) throw CliError.fromProblem(byId.response.status, byId.error);

  const all = await everyPage((cursor) =>
    client.GET('/v1/clusters', {
      params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
    }),
  );
  const found = all.find((c) => c.name === ref && c.status !== 'DELETED');
  if (found) return found;
  throw new CliError(`No cluster named or numbered "${ref}"`, ExitCode.notFound, [
    'See `vks clusters list`.',
  ]);
}

export function clusterCommands(program: Command, ctx: CliContext): void {
  const clusters = program.command('clusters').description('Virtual clusters and their GPU limits');

  clusterAccessCommands(clusters, ctx);

  clusters
    .command('list')
    .description('The enterprise’s virtual clusters')
    .option('--all', 'include deleted clusters')
    .action(async (options: { all?: boolean }, command: Command) => {
      const client = await ctx.client();
      const items = await everyPage((cursor) =>
        client.GET('/v1/clusters', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      );
      const rows = options.all ? items : items.filter((c) => c.status !== 'DELETED');
      printList(ctx.format(command), rows, clusterColumns);
    });

  clusters
    .command('create <name>')
    .description('Create a virtual cluster with GPU limits, e.g. --gpu h100=8 --gpu a10g=2')
    .requiredOption(
      '--gpu <type=count>',
      'the most GPUs of a type the cluster may use (repeat)',
      parseGpu,
    )
    .option('--wait', 'wait until it is READY; exit 8 if it ends FAILED')
    .action(
      async (
        name: string,
        options: { gpu: Record<string, number>; wait?: boolean },
        command: Command,
      ) => {
        const client = await ctx.client();
        const created = await ok(
          client.POST('/v1/clusters', { body: { name, gpuLimits: options.gpu } }),
        );
        const final = options.wait ? await waitForCluster(client, created, 'READY') : created;
        printOne(ctx.format(command), final, clusterFields);
      },
    );

  clusters
    .command('get <cluster>')
    .description('One cluster, by name or id')
    .action(async (ref: string, _o: unknown, command: Command) => {
      printOne(ctx.format(command), await resolveCluster(await ctx.client(), ref), clusterFields);
    });

  clusters
    .command('update <cluster>')
    .description('Change a cluster’s GPU limits (the whole set: types left out go to zero)')
    .requiredOption('--gpu <type=count>', 'the most GPUs of a type (repeat)', parseGpu)
    .option('--wait', 'wait until it is READY again; exit 8 if it ends FAILED')
    .action(
      async (
        ref: string,
        options: { gpu: Record<string, number>; wait?: boolean },
        command: Command,
      ) => {
        const client = await ctx.client();
        const cluster = await resolveCluster(client, ref);
        const changed = await ok(
          client.PATCH('/v1/clusters/{id}', {
            params: { path: { id: cluster.id } },
            body: { gpuLimits: options.gpu },
          }),
        );
        const final = options.wait ? await waitForCluster(client, changed, 'READY') : changed;
        printOne(ctx.format(command), final, clusterFields);
      },
    );

  clusters
    .command('delete <cluster>')
    .description('Delete a cluster: its namespace and everything in it, then its GPUs go back')
    .option('--wait', 'wait until it is DELETED; exit 8 if it ends FAILED')
    .action(async (ref: string, options: { wait?: boolean }, command: Command) => {
      const client = await ctx.client();
      const cluster = await resolveCluster(client, ref);
      const deleting = await ok(
        client.DELETE('/v1/clusters/{id}', { params: { path: { id: cluster.id } } }),
      );
      if (!options.wait) return note(`Cluster ${cluster.name} is ${deleting.status}.`);
      printOne(
        ctx.format(command),
        await waitForCluster(client, deleting, 'DELETED'),
        clusterFields,
      );
    });
}
