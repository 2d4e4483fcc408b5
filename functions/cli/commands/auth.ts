import type { Command } from 'commander';
import { anonymousClient, ok, signedInClient } from '../api';
import { CliError } from '../cli-error';
import type { CliContext } from '../context';
import type { Credentials } from '../credentials';
import { ExitCode } from '../exit-codes';
import { note, printOne } from '../output';
import { ask, askSecret } from '../prompt';

interface LoginOptions {
  url?: string;
  email?: string;
  apiKey?: string;
}

interface SignupOptions {
  url?: string;
  enterprise?: string;
  name?: string;
  email?: string;
}

const tokensToCredentials = (
  url: string,
  email: string,
  tokens: { accessToken: string; refreshToken: string; expiresIn: number },
): Credentials => ({
  url,
  email,
  accessToken: tokens.accessToken,
  refreshToken: tokens.refreshToken,
  accessTokenExpiresAt: Date.now() + tokens.expiresIn * 1000,
});

export function authCommands(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('Sign in: asks for e-mail and password, or takes an API key')
    .option('--url <url>', 'the control plane (default: VKS_URL, the last one used, or localhost)')
    .option('--email <email>', 'the e-mail address (asked when absent)')
    .option('--api-key <key>', 'sign in with an API key instead (for automation)')
    .addHelpText(
      'after',
      '\nThe password is read from the terminal without echo, or as a line of piped input.',
    )
    .action(async (options: LoginOptions) => {
      const url = normalizeUrl(options.url ?? (await ctx.defaultUrl()));
      if (options.apiKey) return loginWithApiKey(ctx, url, options.apiKey);

      const email = options.email ?? (await ask('E-mail: '));
      const password = await askSecret('Password: ');
      const session = await ok(
        anonymousClient(url).POST('/v1/sessions', { body: { email, password } }),
      );
      await ctx.store.save(tokensToCredentials(url, session.account.email, session));
      note(`Signed in to ${url} as ${session.account.email}.`);
    });

  program
    .command('signup')
    .description('Sign up a new enterprise; you become its administrator and are signed in')
    .option('--url <url>', 'the control plane')
    .option('--enterprise <name>', 'the enterprise’s name (asked when absent)')
    .option('--name <name>', 'your name (asked when absent)')
    .option('--email <email>', 'your e-mail address (asked when absent)')
    .action(async (options: SignupOptions) => {
      const url = normalizeUrl(options.url ?? (await ctx.defaultUrl()));
      const enterpriseName = options.enterprise ?? (await ask('Enterprise name: '));
      const name = options.name ?? (await ask('Your name: '));
      const email = options.email ?? (await ask('E-mail: '));
      const password = await askSecret('Password (12 characters or more): ');
      const result = await ok(
        anonymousClient(url).POST('/v1/signup', {
          body: { enterpriseName, name, email, password },
        }),
      );
      await ctx.store.save(tokensToCredentials(url, result.account.email, result));
      note(
        `Enterprise ${result.enterprise.name} (${result.enterprise.id}) created; ` +
          `signed in to ${url} as ${result.account.email}.`,
      );
    });

  program
    .command('logout')
    .description('End the session and forget the stored credentials')
    .action(async () => {
      const stored = await ctx.store.load();
      if (!stored) return note('Not signed in.');
      if (stored.refreshToken) {
        // The session may have ended already; forgetting the credentials is what matters.
        await signedInClient(ctx.store, stored)
          .DELETE('/v1/sessions/current')
          .catch(() => undefined);
      }
      await ctx.store.clear();
      await ctx.clusterTokens.clear();
      note(`Signed out of ${stored.url}.`);
    });

  program
    .command('whoami')
    .description('The signed-in account, its enterprise, role and permissions')
    .action(async (_options: unknown, command: Command) => {
      const me = await ok((await ctx.client()).GET('/v1/me'));
      printOne(ctx.format(command), me, [
        { header: 'Name', value: (m) => m.account.name },
        { header: 'E-mail', value: (m) => m.account.email },
        { header: 'Account', value: (m) => m.account.id },
        { header: 'Role', value: (m) => m.account.role },
        { header: 'Enterprise', value: (m) => `${m.enterprise.name} (${m.enterprise.id})` },
        { header: 'Permissions', value: (m) => m.permissions.join(', ') },
      ]);
    });
}

async function loginWithApiKey(ctx: CliContext, url: string, apiKey: string): Promise<void> {
  const credentials: Credentials = { url, apiKey };
  const me = await ok(signedInClient(ctx.store, credentials).GET('/v1/me'));
  await ctx.store.save({ ...credentials, email: me.account.email });
  note(`Signed in to ${url} with an API key of ${me.account.email}.`);
}

function normalizeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    throw new CliError(`"${raw}" is not an http(s) URL`, ExitCode.usage);
  }
}
