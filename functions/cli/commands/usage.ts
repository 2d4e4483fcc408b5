import type { Command } from 'commander';
import { ok } from '../api';
import type { CliContext } from '../context';
import { printData, write } from '../output';

const WIDTH = 30;

/** One bar: reserved GPUs in full blocks against the limit in light shade. */
export function bar(reserved: number, limit: number, scale: number): string {
  const cells = (n: number) => (scale > 0 ? Math.round((n / scale) * WIDTH) : 0);
  const used = Math.min(cells(reserved), WIDTH);
  const room = Math.max(Math.min(cells(limit), WIDTH) - used, 0);
  return '█'.repeat(used) + '░'.repeat(room) + ' '.repeat(WIDTH - used - room);
}

export function usageCommand(program: Command, ctx: CliContext): void {
  program
    .command('usage')
    .description('GPUs reserved against the limits, in all and per GPU type, as a bar chart')
    .action(async (_o: unknown, command: Command) => {
      const usage = await ok((await ctx.client()).GET('/v1/usage'));
      const format = ctx.format(command);
      if (format !== 'table') return printData(format, usage);

      const scale = usage.total.limit;
      const rows: [string, number, number | null][] = [
        ['total', usage.total.reserved, usage.total.limit],
        ...Object.entries(usage.perType).map(([type, line]): [string, number, number | null] => [
          type,
          line.reserved,
          line.limit,
        ]),
      ];
      const label = Math.max(...rows.map(([name]) => name.length), 8);
      write(`${'GPU TYPE'.padEnd(label)}   ${''.padEnd(WIDTH)}   RESERVED / LIMIT\n`);
      for (const [name, reserved, limit] of rows) {
        const cap = limit ?? scale;
        write(
          `${name.padEnd(label)}   ${bar(reserved, cap, scale)}   ${reserved} / ${limit ?? `${scale} (no cap of its own)`}\n`,
        );
      }
    });
}
