import type { Command } from 'commander';
import type { components } from '../../api/generated/schema';
import { anonymousClient, everyPage, ok } from '../api';
import type { CliContext } from '../context';
import { age, note, printList, printOne, type Column } from '../output';
import { ask, askSecret } from '../prompt';

type Account = components['schemas']['Account'];
type Invitation = components['schemas']['Invitation'];
type Role = components['schemas']['Role'];
type ApiKey = components['schemas']['ApiKey'];
type AuditEvent = components['schemas']['AuditEvent'];
/** The server checks permission names; the CLI passes them on as typed. */
type Permissions = components['schemas']['RoleCreate']['permissions'];

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const memberColumns: Column<Account>[] = [
  { header: 'Id', value: (m) => m.id },
  { header: 'Name', value: (m) => m.name },
  { header: 'E-mail', value: (m) => m.email },
  { header: 'Role', value: (m) => m.role },
  { header: 'Status', value: (m) => m.status },
];

const invitationColumns: Column<Invitation>[] = [
  { header: 'Id', value: (i) => i.id },
  { header: 'E-mail', value: (i) => i.email },
  { header: 'Role', value: (i) => i.role },
  { header: 'Status', value: (i) => i.status },
  { header: 'Expires', value: (i) => i.expiresAt },
];

const roleColumns: Column<Role>[] = [
  { header: 'Name', value: (r) => r.name },
  { header: 'Built in', value: (r) => (r.builtIn ? 'yes' : 'no') },
  { header: 'Permissions', value: (r) => r.permissions.join(',') },
  { header: 'Description', value: (r) => r.description },
];

const apiKeyColumns: Column<ApiKey>[] = [
  { header: 'Id', value: (k) => k.id },
  { header: 'Name', value: (k) => k.name },
  { header: 'Key', value: (k) => `${k.prefix}…${k.lastCharacters}` },
  { header: 'Permissions', value: (k) => k.permissions.join(',') },
  { header: 'Last used', value: (k) => k.lastUsedAt },
  { header: 'Revoked', value: (k) => k.revokedAt },
];

export function memberCommands(program: Command, ctx: CliContext): void {
  const members = program
    .command('members')
    .description('Members of the enterprise, and invitations');

  members
    .command('list')
    .description('Every member, with role and status')
    .action(async (_o: unknown, command: Command) => {
      const client = await ctx.client();
      const items = await everyPage((cursor) =>
        client.GET('/v1/members', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      );
      printList(ctx.format(command), items, memberColumns);
    });

  members
    .command('get <id>')
    .description('One member')
    .action(async (id: string, _o: unknown, command: Command) => {
      const member = await ok(
        (await ctx.client()).GET('/v1/members/{id}', { params: { path: { id } } }),
      );
      printOne(ctx.format(command), member, [
        ...memberColumns,
        { header: 'Since', value: (m) => m.createdAt },
      ]);
    });

  members
    .command('invite <email>')
    .description('Invite someone; prints the invitation token they accept with')
    .option('--role <role>', 'the role they get', 'member')
    .action(async (email: string, options: { role: string }, command: Command) => {
      const invitation = await ok(
        (await ctx.client()).POST('/v1/invitations', { body: { email, role: options.role } }),
      );
      printOne(ctx.format(command), invitation, [
        ...invitationColumns,
        { header: 'Token', value: (i) => i.token },
      ]);
      note('Send the token to the invitee: `vks invitations accept TOKEN`. It is not shown again.');
    });

  members
    .command('set-role <id> <role>')
    .description('Give a member another role')
    .action(async (id: string, role: string, _o: unknown, command: Command) => {
      const member = await ok(
        (await ctx.client()).PATCH('/v1/members/{id}', {
          params: { path: { id } },
          body: { role },
        }),
      );
      printOne(ctx.format(command), member, memberColumns);
    });

  members
    .command('remove <id>')
    .description('Remove a member: the account is disabled and its sessions and keys revoked')
    .action(async (id: string) => {
      await ok((await ctx.client()).DELETE('/v1/members/{id}', { params: { path: { id } } }));
      note(`Member ${id} removed.`);
    });

  const invitations = program
    .command('invitations')
    .description('Invitations to join the enterprise');

  invitations
    .command('list')
    .description('Pending and past invitations')
    .action(async (_o: unknown, command: Command) => {
      const client = await ctx.client();
      const items = await everyPage((cursor) =>
        client.GET('/v1/invitations', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      );
      printList(ctx.format(command), items, invitationColumns);
    });

  invitations
    .command('revoke <id>')
    .description('Revoke a pending invitation')
    .action(async (id: string) => {
      await ok((await ctx.client()).DELETE('/v1/invitations/{id}', { params: { path: { id } } }));
      note(`Invitation ${id} revoked.`);
    });

  invitations
    .command('accept <token>')
    .description('Accept an invitation: creates your account and signs you in')
    .option('--url <url>', 'the control plane')
    .option('--name <name>', 'your name (asked when absent)')
    .action(async (token: string, options: { url?: string; name?: string }) => {
      const url = options.url ?? (await ctx.defaultUrl());
      const name = options.name ?? (await ask('Your name: '));
      const password = await askSecret('Password (12 characters or more): ');
      const accepted = await ok(
        anonymousClient(url).POST('/v1/invitations/{token}/accept', {
          params: { path: { token } },
          body: { name, password },
        }),
      );
      await ctx.store.save({
        url,
        email: accepted.account.email,
        accessToken: accepted.accessToken,
        refreshToken: accepted.refreshToken,
        accessTokenExpiresAt: Date.now() + accepted.expiresIn * 1000,
      });
      note(`Welcome, ${accepted.account.name}: signed in to ${url} as ${accepted.account.email}.`);
    });
}

export function roleCommands(program: Command, ctx: CliContext): void {
  const roles = program.command('roles').description('Roles: named sets of permissions');

  roles
    .command('list')
    .description('Built-in roles, then custom ones')
    .action(async (_o: unknown, command: Command) => {
      const client = await ctx.client();
      const items = await everyPage((cursor) =>
        client.GET('/v1/roles', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      );
      printList(ctx.format(command), items, roleColumns);
    });

  roles
    .command('get <name>')
    .description('One role, with how many accounts hold it')
    .action(async (name: string, _o: unknown, command: Command) => {
      const role = await ok(
        (await ctx.client()).GET('/v1/roles/{name}', { params: { path: { name } } }),
      );
      printOne(ctx.format(command), role, [
        ...roleColumns,
        { header: 'Holders', value: (r) => r.holders },
      ]);
    });

  roles
    .command('create <name>')
    .description('Define a custom role')
    .requiredOption(
      '--permissions <list>',
      'comma-separated permissions, e.g. clusters:read,usage:read',
    )
    .option('--description <text>', 'what the role is for')
    .action(
      async (
        name: string,
        options: { permissions: string; description?: string },
        command: Command,
      ) => {
        const role = await ok(
          (await ctx.client()).POST('/v1/roles', {
            body: {
              name,
              permissions: list(options.permissions) as Permissions,
              ...(options.description ? { description: options.description } : {}),
            },
          }),
        );
        printOne(ctx.format(command), role, roleColumns);
      },
    );

  roles
    .command('update <name>')
    .description('Replace a custom role’s permissions (and description)')
    .requiredOption('--permissions <list>', 'comma-separated permissions')
    .option('--description <text>', 'what the role is for')
    .action(
      async (
        name: string,
        options: { permissions: string; description?: string },
        command: Command,
      ) => {
        const role = await ok(
          (await ctx.client()).PUT('/v1/roles/{name}', {
            params: { path: { name } },
            body: {
              permissions: list(options.permissions) as Permissions,
              ...(options.description ? { description: options.description } : {}),
            },
          }),
        );
        printOne(ctx.format(command), role, roleColumns);
      },
    );

  roles
    .command('delete <name>')
    .description('Delete a custom role nobody holds')
    .action(async (name: string) => {
      await ok((await ctx.client()).DELETE('/v1/roles/{name}', { params: { path: { name } } }));
      note(`Role ${name} deleted.`);
    });
}

export function apiKeyCommands(program: Command, ctx: CliContext): void {
  const keys = program.command('api-keys').description('API keys for automation');

  keys
    .command('list')
    .description('Your enterprise’s API keys (never the keys themselves)')
    .action(async (_o: unknown, command: Command) => {
      const client = await ctx.client();
      const items = await everyPage((cursor) =>
        client.GET('/v1/api-keys', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      );
      printList(ctx.format(command), items, apiKeyColumns);
    });

  keys
    .command('create <name>')
    .description('Create a key acting for you with the permissions named; prints it once')
    .requiredOption('--permissions <list>', 'comma-separated permissions it may use')
    .option('--expires <date>', 'when it stops working (ISO 8601)')
    .action(
      async (
        name: string,
        options: { permissions: string; expires?: string },
        command: Command,
      ) => {
        const key = await ok(
          (await ctx.client()).POST('/v1/api-keys', {
            body: {
              name,
              permissions: list(options.permissions) as Permissions,
              ...(options.expires ? { expiresAt: options.expires } : {}),
            },
          }),
        );
        printOne(ctx.format(command), key, [
          ...apiKeyColumns.slice(0, 2),
          { header: 'Secret', value: (k) => k.key },
        ]);
        note(
          'Store the key now: it is not shown again. Use it with `vks login --api-key` or VKS_API_KEY.',
        );
      },
    );

  keys
    .command('revoke <id>')
    .description('Revoke a key at once')
    .action(async (id: string) => {
      await ok((await ctx.client()).DELETE('/v1/api-keys/{id}', { params: { path: { id } } }));
      note(`API key ${id} revoked.`);
    });
}

export function auditCommand(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('The audit log, newest first')
    .option('--action <action>', 'only this action, e.g. member.role_changed')
    .option('--actor <id>', 'only what this account or key did')
    .option('--limit <n>', 'at most this many', '50')
    .action(
      async (options: { action?: string; actor?: string; limit: string }, command: Command) => {
        const page = await ok(
          (await ctx.client()).GET('/v1/audit-events', {
            params: {
              query: {
                limit: Number(options.limit),
                ...(options.action ? { action: options.action } : {}),
                ...(options.actor ? { actor: options.actor } : {}),
              },
            },
          }),
        );
        printList<AuditEvent>(ctx.format(command), page.items, [
          { header: 'At', value: (e) => e.at },
          { header: 'Age', value: (e) => age(e.at) },
          { header: 'Actor', value: (e) => `${e.actor.kind}${e.actor.id ? `:${e.actor.id}` : ''}` },
          { header: 'Action', value: (e) => e.action },
          { header: 'Target', value: (e) => `${e.target.type}:${e.target.id}` },
        ]);
      },
    );
}
