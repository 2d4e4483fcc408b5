import { parseDispatchMessage } from '../../shared/webhooks/dispatch-message';
import type { Dispatcher } from '../../shared/webhooks/dispatcher';
import { dispatcherFor, runtimeFrom } from './composition';

/** The parts of an SQS event this handler reads (Lambda's `SQSEvent`). */
export interface SqsEvent {
  readonly Records: readonly { readonly messageId: string; readonly body: string }[];
}

export interface SqsBatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

const runtime = runtimeFrom(process.env);
let dispatcher: Promise<Dispatcher> | undefined;

/**
 * The dispatcher Lambda, fed by the dispatch queue. A message that fails goes back to the queue
 * alone (partial batch response); after the queue's receive limit it lands in the dead-letter
 * queue, while its state in DynamoDB keeps it pending for the poller to hand out again.
 */
export async function handler(event: SqsEvent): Promise<SqsBatchResponse> {
  dispatcher ??= dispatcherFor(runtime);
  const ready = await dispatcher;
  const failures: { itemIdentifier: string }[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      try {
        await ready.handle(parseDispatchMessage(record.body));
      } catch (err) {
        runtime.logger.error('dispatch failed', { error: err, messageId: record.messageId });
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  return { batchItemFailures: failures };
}
