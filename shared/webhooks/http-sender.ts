import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  checkUrl,
  DestinationRefusedError,
  resolveChecked,
  type DestinationPolicy,
} from './destination-policy';

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface WebhookResponse {
  /** `null` when no response came: refused, timed out, or a network error. */
  readonly statusCode: number | null;
  readonly retryAfter: string | undefined;
  readonly durationMs: number;
  readonly error: string | null;
}

export type WebhookSender = (request: WebhookRequest) => Promise<WebhookResponse>;

/**
 * Sends one webhook over `node:http(s)`. The host is resolved and checked inside the socket's own
 * `lookup`, and the connection goes to exactly the addresses that passed, so a DNS answer cannot
 * change between the check and the connect. Redirects are never followed: a 3xx is a failure.
 */
export function httpSender(policy: DestinationPolicy): WebhookSender {
  return (request) => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);

    let url: URL;
    try {
      url = checkUrl(request.url, policy);
    } catch (err) {
      return Promise.resolve(failed(elapsed(), describe(err)));
    }
    return new Promise((resolve) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, {
        method: 'POST',
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
        lookup: checkedLookup(policy),
        agent: false,
        signal: request.signal,
      });
      const deadline = setTimeout(() => {
        req.destroy(new Error(`no response within ${request.timeoutMs / 1000} s`));
      }, request.timeoutMs);
      const finish = (response: WebhookResponse) => {
        clearTimeout(deadline);
        resolve(response);
      };

      req.once('response', (res) => {
        const statusCode = res.statusCode ?? 0;
        const retryAfter = res.headers['retry-after'];
        // The body is not kept; reading it lets the receiver finish cleanly.
        res.resume();
        res.once('end', () =>
          finish({
            statusCode,
            retryAfter,
            durationMs: elapsed(),
            error: statusError(statusCode),
          }),
        );
        res.once('error', (err) => finish({ ...failed(elapsed(), describe(err)), statusCode }));
      });
      req.once('error', (err) => finish(failed(elapsed(), describe(err))));
      req.end(request.body);
    });
  };
}

function checkedLookup(policy: DestinationPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(hostname, policy).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        const first = usable[0];
        if (!first) {
          callback(new DestinationRefusedError(`The host ${hostname} has no usable address.`), '');
        } else if (options.all) {
          callback(
            null,
            usable.map((a) => ({ address: a.address, family: a.family })),
          );
        } else {
          callback(null, first.address, first.family);
        }
      },
      (err: Error) => callback(err, ''),
    );
  };
}

function statusError(statusCode: number): string | null {
  if (statusCode >= 200 && statusCode < 300) return null;
  if (statusCode >= 300 && statusCode < 400) return `redirect (${statusCode}) not followed`;
  return `receiver answered ${statusCode}`;
}

const failed = (durationMs: number, error: string): WebhookResponse => ({
  statusCode: null,
  retryAfter: undefined,
  durationMs,
  error,
});

function describe(err: unknown): string {
  if (err instanceof DestinationRefusedError) return `refused: ${err.message}`;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
