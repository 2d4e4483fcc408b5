import { pumpOnce } from '../../shared/webhooks/pump';
import { queueFor, runtimeFrom } from './composition';

const runtime = runtimeFrom(process.env);
const queue = queueFor(runtime);

/** Keeps each invocation well inside the schedule's one minute, so runs do not overlap much. */
const RUN_FOR_MS = 50_000;
const PAUSE_MS = 2_000;

/**
 * The outbox poller, started every minute by EventBridge: for most of that minute it hands the
 * dispatch queue the pending outbox and the deliveries that are due, every two seconds.
 *
 * Known limitation: a new event waits up to two seconds in the outbox before it is queued, and up
 * to a minute if no poller is running (after a deployment or a failed invocation); a DynamoDB
 * stream feeding the queue would cut that, at the price of a second path to keep correct.
 */
export async function handler(): Promise<{ queued: number }> {
  const started = Date.now();
  let queued = 0;
  while (Date.now() - started < RUN_FOR_MS) {
    queued += await pumpOnce(runtime.table, queue, new Date());
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  runtime.logger.info('outbox poll finished', { queued });
  return { queued };
}
