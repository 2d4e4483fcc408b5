import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly receivedAt: number;
}

/** How the receiver answers the n-th request (0-based); `hang` never answers. */
export type Answer = { status: number; headers?: Record<string, string> } | 'hang';

/** A webhook receiver on 127.0.0.1, the only kind of address delivery tests may send to. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly held: ServerResponse[] = [];
  answer: (index: number, request: ReceivedWebhook) => Answer = () => ({ status: 204 });

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(path = '/hooks'): Promise<WebhookReceiver> {
    const handlers: { receiver?: WebhookReceiver } = {};
    const server = createServer((req, res) => handlers.receiver!.onRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    handlers.receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}${path}`);
    return handlers.receiver;
  }

  /** Resolves once `count` requests have arrived; fails after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
    await eventually(() => this.received.length >= count, timeoutMs, `${count} webhook(s)`);
    return this.received.slice(0, count);
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedWebhook = {
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.join(', ') : (v ?? ''),
          ]),
        ),
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      const index = this.received.length;
      this.received.push(request);
      const answer = this.answer(index, request);
      if (answer === 'hang') {
        this.held.push(res);
        return;
      }
      res.writeHead(answer.status, answer.headers).end();
    });
  }
}

/** Polls `condition` until it holds; the bound only keeps a broken test from hanging. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'the condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
