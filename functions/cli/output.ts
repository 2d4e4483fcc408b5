import { stringify } from 'yaml';
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';

export const FORMATS = ['table', 'json', 'yaml'] as const;
export type Format = (typeof FORMATS)[number];

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | boolean | null | undefined;
}

export function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new CliError(`Unknown output format "${value}"`, ExitCode.usage, [
    `Use one of: ${FORMATS.join(', ')}.`,
  ]);
}

/** Scripts get the API's own JSON (or YAML); people get a table. */
export function printList<T>(format: Format, rows: readonly T[], columns: readonly Column<T>[]) {
  if (format !== 'table') return printData(format, rows);
  if (rows.length === 0) return write('Nothing to show.\n');
  write(
    table(
      columns.map((c) => c.header.toUpperCase()),
      rows.map((r) => columns.map((c) => cell(c.value(r)))),
    ),
  );
}

/** One resource: a two-column table of its fields for people. */
export function printOne<T>(format: Format, item: T, fields: readonly Column<T>[]) {
  if (format !== 'table') return printData(format, item);
  const width = Math.max(...fields.map((f) => f.header.length)) + 1;
  write(
    fields.map((f) => `${`${f.header}:`.padEnd(width)} ${cell(f.value(item))}`).join('\n') + '\n',
  );
}

export function printData(format: Exclude<Format, 'table'>, data: unknown) {
  write(format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : stringify(data));
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('   ');
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value);
}

export const write = (text: string) => void process.stdout.write(text);
export const note = (text: string) => void process.stderr.write(`${text}\n`);

/** "3m ago" for people reading a table. */
export function age(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
