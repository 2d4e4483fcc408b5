import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface KubeApiServer {
  readonly url: string;
  /** The PEM of the server's self-signed certificate, as DescribeCluster hands out a CA. */
  readonly ca: string;
  readonly requests: RecordedRequest[];
  /** Decides the answer to each request; the default accepts every write and knows no object. */
  respond: (req: RecordedRequest) => { status: number; body?: unknown };
  close(): Promise<void>;
}

/**
 * An HTTPS server on 127.0.0.1 standing in for the Kubernetes API server at its HTTP boundary,
 * with a certificate made by openssl for that address, so the client's CA pinning is exercised.
 */
export async function startKubeApiServer(): Promise<KubeApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vks-kube-api-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=kube-apiserver',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const key = readFileSync(join(dir, 'key.pem'), 'utf8');

  const state: KubeApiServer = {
    url: '',
    ca,
    requests: [],
    respond: (req) =>
      req.method === 'DELETE' || req.method === 'GET'
        ? { status: 404, body: { kind: 'Status', code: 404, message: 'not found' } }
        : { status: 200, body: JSON.parse(req.body || '{}') },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer({ key, cert: ca }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      state.requests.push(recorded);
      const answer = state.respond(recorded);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { url: `https://127.0.0.1:${port}` });
}
