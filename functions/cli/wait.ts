import type { components } from '../api/generated/schema';
import type { ApiClient } from './api';
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';

type Cluster = components['schemas']['VirtualCluster'];

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const POLL_MS = 1000;

/**
 * Polls the cluster until it reaches `goal` or FAILED. On a terminal the status sits on one line
 * with a spinner and the time waited; in a pipe or a log each change of status is a line of its
 * own, so the output stays readable where carriage returns are not.
 */
export async function waitForCluster(
  client: ApiClient,
  start: Cluster,
  goal: 'READY' | 'DELETED',
): Promise<Cluster> {
  const tty = process.stderr.isTTY === true;
  const began = Date.now();
  let cluster = start;
  let shown = '';
  let frame = 0;

  const show = () => {
    const seconds = Math.round((Date.now() - began) / 1000);
    if (tty) {
      process.stderr.write(
        `\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${cluster.name}: ${cluster.status} (${seconds}s)`,
      );
    } else if (cluster.status !== shown) {
      process.stderr.write(`${cluster.name}: ${cluster.status} (${seconds}s)\n`);
    }
    shown = cluster.status;
  };

  try {
    for (;;) {
      show();
      if (cluster.status === goal) return cluster;
      if (cluster.status === 'FAILED') {
        throw new CliError(
          `Cluster ${cluster.name} is FAILED`,
          ExitCode.clusterFailed,
          cluster.statusReason ? [cluster.statusReason] : [],
        );
      }
      await new Promise((done) => setTimeout(done, tty ? 120 : POLL_MS));
      if (tty && frame % Math.round(POLL_MS / 120) !== 0) continue;
      const next = await client.GET('/v1/clusters/{id}', { params: { path: { id: cluster.id } } });
      if (next.response.status === 404 && goal === 'DELETED')
        return { ...cluster, status: 'DELETED' };
      if (!next.data) throw CliError.fromProblem(next.response.status, next.error);
      cluster = next.data;
    }
  } finally {
    if (tty) process.stderr.write('\n');
  }
}
