import { Command, CommanderError, Option } from 'commander';
import { CliError } from './cli-error';
import { apiKeyCommands, auditCommand, memberCommands, roleCommands } from './commands/access';
import { authCommands } from './commands/auth';
import { clusterCommands } from './commands/clusters';
import { kubeCommands } from './commands/kube';
import { usageCommand } from './commands/usage';
import { webhookCommands } from './commands/webhooks';
import { CliContext } from './context';
import { ExitCode } from './exit-codes';
import { FORMATS } from './output';
import { closePrompts } from './prompt';

/** `vks`: the command-line client of the VKS control plane. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('vks')
    .description('The VKS command line: virtual clusters with GPUs, and everything around them')
    .version(VERSION)
    .addOption(
      new Option('-o, --output <format>', 'how to print results').choices(FORMATS).default('table'),
    )
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      '\nCredentials are kept in $XDG_CONFIG_HOME/vks (~/.config/vks). VKS_URL and VKS_API_KEY ' +
        'override them.\nExit codes: see docs/cli.md (0 ok, 2 usage, 3 not signed in, ' +
        '4 forbidden, 5 not found, 6 conflict, 7 invalid, 8 cluster failed, 9 unreachable).',
    );
  program.configureHelp({ showGlobalOptions: true });

  authCommands(program, ctx);
  clusterCommands(program, ctx);
  kubeCommands(program, ctx);
  usageCommand(program, ctx);
  memberCommands(program, ctx);
  roleCommands(program, ctx);
  apiKeyCommands(program, ctx);
  webhookCommands(program, ctx);
  auditCommand(program, ctx);

  // Every subcommand reports usage errors through the same exit path as the program.
  const override = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  return program;
}

declare const VKS_VERSION: string | undefined;
const VERSION = typeof VKS_VERSION === 'string' ? VKS_VERSION : '0.0.0-dev';

export async function run(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<ExitCode> {
  const program = buildProgram(new CliContext(env));
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return ExitCode.ok;
  } catch (err) {
    return report(err);
  } finally {
    await closePrompts();
  }
}

function report(err: unknown): ExitCode {
  if (err instanceof CommanderError) {
    // Help and version are "errors" to commander; to a user they are a normal ending.
    if (err.exitCode === 0) return ExitCode.ok;
    return ExitCode.usage;
  }
  if (err instanceof CliError) {
    process.stderr.write(`Error: ${err.message}\n${err.lines.map((l) => `${l}\n`).join('')}`);
    return err.exitCode;
  }
  process.stderr.write(
    `Error: ${err instanceof Error ? err.message : String(err)}\n` +
      'This is a bug in vks; run again with VKS_DEBUG=1 for details.\n',
  );
  if (process.env.VKS_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return ExitCode.failure;
}

process.exitCode = await run(process.argv.slice(2), process.env);
