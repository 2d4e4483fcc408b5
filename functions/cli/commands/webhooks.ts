import type { Command } from 'commander';
import { everyPage, ok } from '../api';
import type { CliContext } from '../context';
import { age, note, printList, printOne, type Column } from '../output';
import type { components } from '../../api/generated/schema';

type Webhook = components['schemas']['Webhook'];
type Attempt = components['schemas']['DeliveryAttempt'];
/** The server checks the names; the CLI passes them on as typed. */
type EventTypes = Webhook['eventTypes'][number][];

const webhookFields: Column<Webhook>[] = [
  { header: 'Id', value: (w) => w.id },
  { header: 'URL', value: (w) => w.url },
  { header: 'Status', value: (w) => w.status },
  { header: 'Events', value: (w) => w.eventTypes.join(',') },
  { header: 'Description', value: (w) => w.description },
];

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function webhookCommands(program: Command, ctx: CliContext): void {
  const webhooks = program
    .command('webhooks')
    .description('Webhook endpoints that hear about events, and their delivery log');

  webhooks
    .command('list')
    .description('The enterprise’s webhook endpoints')
    .action(async (_o: unknown, command: Command) => {
      const client = await ctx.client();
      const items = await everyPage((cursor) =>
        client.GET('/v1/webhooks', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      );
      printList(ctx.format(command), items, [
        ...webhookFields,
        { header: 'Age', value: (w) => age(w.createdAt) },
      ]);
    });

  webhooks
    .command('create')
    .description('Register an endpoint; prints its signing secret once')
    .requiredOption('--url <url>', 'where deliveries are POSTed (https)')
    .requiredOption('--event <type>', 'an event type to deliver (repeat for more)', collect)
    .option('--description <text>', 'what the endpoint is for')
    .action(
      async (options: { url: string; event: string[]; description?: string }, command: Command) => {
        const created = await ok(
          (await ctx.client()).POST('/v1/webhooks', {
            body: {
              url: options.url,
              eventTypes: options.event as EventTypes,
              ...(options.description ? { description: options.description } : {}),
            },
          }),
        );
        printOne(ctx.format(command), created, [
          ...webhookFields,
          { header: 'Secret', value: (w) => w.secret },
        ]);
        note('Store the signing secret now: it is not shown again.');
      },
    );

  webhooks
    .command('get <id>')
    .description('One endpoint')
    .action(async (id: string, _o: unknown, command: Command) => {
      const hook = await ok(
        (await ctx.client()).GET('/v1/webhooks/{id}', { params: { path: { id } } }),
      );
      printOne(ctx.format(command), hook, [
        ...webhookFields,
        { header: 'Disabled because', value: (w) => w.disabledReason },
        { header: 'Failing since', value: (w) => w.failingSince },
        { header: 'Created', value: (w) => w.createdAt },
      ]);
    });

  webhooks
    .command('update <id>')
    .description('Change an endpoint’s URL, event types, description, or pause and resume it')
    .option('--url <url>', 'a new URL')
    .option('--event <type>', 'replace the event types (repeat for more)', collect)
    .option('--description <text>', 'a new description')
    .option('--enable', 'resume deliveries')
    .option('--disable', 'pause deliveries')
    .action(
      async (
        id: string,
        options: {
          url?: string;
          event?: string[];
          description?: string;
          enable?: boolean;
          disable?: boolean;
        },
        command: Command,
      ) => {
        const client = await ctx.client();
        const current = client.GET('/v1/webhooks/{id}', { params: { path: { id } } });
        await ok(current);
        const etag = (await current).response.headers.get('etag');
        const enabled = options.enable ? true : options.disable ? false : undefined;
        const changed = await ok(
          client.PATCH('/v1/webhooks/{id}', {
            params: { path: { id }, header: etag ? { 'if-match': etag } : {} },
            body: {
              ...(options.url ? { url: options.url } : {}),
              ...(options.event ? { eventTypes: options.event as EventTypes } : {}),
              ...(options.description !== undefined ? { description: options.description } : {}),
              ...(enabled !== undefined ? { enabled } : {}),
            },
          }),
        );
        printOne(ctx.format(command), changed, webhookFields);
      },
    );

  webhooks
    .command('delete <id>')
    .description('Delete an endpoint; deliveries still waiting for it are cancelled')
    .action(async (id: string) => {
      await ok((await ctx.client()).DELETE('/v1/webhooks/{id}', { params: { path: { id } } }));
      note(`Webhook ${id} deleted.`);
    });

  webhooks
    .command('test <id>')
    .description('Send a webhook.test event to the endpoint')
    .action(async (id: string, _o: unknown, command: Command) => {
      const queued = await ok(
        (await ctx.client()).POST('/v1/webhooks/{id}/test', { params: { path: { id } } }),
      );
      printOne(ctx.format(command), queued, [{ header: 'Event', value: (q) => q.eventId }]);
      note('Queued; see `vks webhooks deliveries ' + id + '`.');
    });

  webhooks
    .command('rotate-secret <id>')
    .description('A new signing secret; the previous one keeps signing for 24 hours')
    .action(async (id: string, _o: unknown, command: Command) => {
      const rotated = await ok(
        (await ctx.client()).POST('/v1/webhooks/{id}/rotate-secret', { params: { path: { id } } }),
      );
      printOne(ctx.format(command), rotated, [
        { header: 'Id', value: (w) => w.id },
        { header: 'Secret', value: (w) => w.secret },
      ]);
    });

  webhooks
    .command('deliveries <id>')
    .description('The delivery log of an endpoint, newest attempt first')
    .option('--limit <n>', 'how many attempts', '25')
    .action(async (id: string, options: { limit: string }, command: Command) => {
      const page = await ok(
        (await ctx.client()).GET('/v1/webhooks/{id}/deliveries', {
          params: { path: { id }, query: { limit: Number(options.limit) } },
        }),
      );
      printList<Attempt>(ctx.format(command), page.items, [
        { header: 'At', value: (a) => a.at },
        { header: 'Event', value: (a) => a.eventType },
        { header: 'Attempt', value: (a) => a.attempt },
        { header: 'Result', value: (a) => (a.success ? 'delivered' : 'failed') },
        { header: 'HTTP', value: (a) => a.statusCode },
        { header: 'Ms', value: (a) => a.durationMs },
        { header: 'Error', value: (a) => a.error },
      ]);
    });
}
