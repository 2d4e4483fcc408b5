/**
 * Structured logs: one JSON object a line with fixed keys. Values under keys that name secrets are
 * replaced before anything is written, whatever the caller passes in.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const secretKey = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|private|signature/i;

export type LogFields = Record<string, unknown>;

export interface LoggerOptions {
  readonly service: string;
  readonly level?: LogLevel;
  readonly write?: (line: string) => void;
}

export class Logger {
  private readonly options: Required<LoggerOptions>;
  private readonly fields: LogFields;

  constructor(options: LoggerOptions, fields: LogFields = {}) {
    this.options = {
      level: 'info',
      write: (line) => process.stdout.write(`${line}\n`),
      ...options,
    };
    this.fields = fields;
  }

  /** A logger whose lines all carry `fields` too (request id, enterprise id, account id). */
  child(fields: LogFields): Logger {
    return new Logger(this.options, { ...this.fields, ...fields });
  }

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  private log(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (order[level] < order[this.options.level]) return;
    const line = {
      timestamp: new Date().toISOString(),
      level,
      service: this.options.service,
      message,
      ...redact({ ...this.fields, ...fields }),
    };
    this.options.write(JSON.stringify(line));
  }
}

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = secretKey.test(key) ? '[redacted]' : redactValue(value);
  }
  return out;
}

function redactValue(value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...('code' in value ? { code: value.code } : {}),
    };
  }
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') return redact(value as LogFields);
  return value;
}
