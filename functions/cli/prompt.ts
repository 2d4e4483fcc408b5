import { createInterface } from 'node:readline/promises';
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';

let lines: AsyncIterator<string> | undefined;

/**
 * Asks on the terminal, or reads the next line of piped input (scripts and tests). One reader
 * serves every question, so that lines it buffered for later questions are not lost.
 */
export async function ask(question: string): Promise<string> {
  process.stderr.write(question);
  lines ??= createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  const next = await lines.next();
  if (next.done) throw new CliError('No answer given (standard input ended)', ExitCode.usage);
  if (!process.stdin.isTTY) process.stderr.write('\n');
  return next.value.trim();
}

/** Like `ask`, without echoing what is typed when stdin is a terminal. */
export async function askSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) return ask(question);
  process.stderr.write(question);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  process.stdin.setEncoding('utf8');
  let typed = '';
  try {
    return await new Promise<string>((done, fail) => {
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            process.stdin.off('data', onData);
            return done(typed);
          }
          if (ch === '\u0003') {
            process.stdin.off('data', onData);
            return fail(new CliError('Cancelled', ExitCode.failure));
          }
          typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
        }
      };
      process.stdin.on('data', onData);
    });
  } finally {
    process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stderr.write('\n');
  }
}

/** Lets the process end: the shared reader would otherwise hold standard input open. */
export async function closePrompts(): Promise<void> {
  await lines?.return?.();
  lines = undefined;
}
