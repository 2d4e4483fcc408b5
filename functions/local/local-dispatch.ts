import type { Logger } from '../../shared/logging/logger';
import type { DispatchQueue } from '../../shared/ports/dispatch-queue';
import type { Table } from '../../shared/store/table';
import { messageKey, type DispatchMessage } from '../../shared/webhooks/dispatch-message';
import type { Dispatcher } from '../../shared/webhooks/dispatcher';
import { pumpOnce } from '../../shared/webhooks/pump';

export interface LocalDispatch {
  stop(): Promise<void>;
}

/**
 * The local stand-in for outbox poller → SQS → dispatcher Lambda: the same pump and dispatcher,
 * fed in-process. It drains the pending outbox as soon as it starts (so events committed before a
 * crash go out after the restart), then polls for new events and due retries.
 */
export function startLocalDispatch(options: {
  readonly table: Table;
  readonly dispatcher: Dispatcher;
  readonly logger: Logger;
  readonly pollMs: number;
  readonly now: () => Date;
}): LocalDispatch {
  const inFlight = new Map<string, Promise<void>>();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const queue: DispatchQueue = {
    send: async (messages: readonly DispatchMessage[]) => {
      for (const message of messages) {
        const key = messageKey(message);
        if (inFlight.has(key)) continue;
        const work = options.dispatcher
          .handle(message, abort.signal)
          .catch((err: unknown) => {
            if (!stopped) options.logger.error('dispatch failed', { error: err, key });
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, work);
      }
    },
  };

  const tick = async () => {
    try {
      await pumpOnce(options.table, queue, options.now());
    } catch (err) {
      if (!stopped) options.logger.error('outbox poll failed', { error: err });
    }
    if (!stopped) timer = setTimeout(tick, options.pollMs);
  };
  const first = tick();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
      await first;
      await Promise.all(inFlight.values());
    },
  };
}
