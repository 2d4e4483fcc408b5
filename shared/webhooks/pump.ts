import type { DispatchQueue } from '../ports/dispatch-queue';
import { dueDeliveries } from '../store/delivery-store';
import { pendingEvents } from '../store/event-store';
import type { Table } from '../store/table';
import type { DispatchMessage } from './dispatch-message';

/**
 * Hands the dispatcher what is waiting: events still in the pending outbox, and deliveries whose
 * next attempt is due. Both come from sparse GSI1 partitions, so this is a Query, never a Scan,
 * and it may run as often as wanted: the dispatcher's conditional writes make repeats harmless.
 */
export async function pumpOnce(
  table: Table,
  queue: DispatchQueue,
  now: Date,
  limit = 50,
): Promise<number> {
  const [events, deliveries] = await Promise.all([
    pendingEvents(table, limit),
    dueDeliveries(table, now, limit),
  ]);
  const messages: DispatchMessage[] = [
    ...events.map((e) => ({ kind: 'event' as const, ...e })),
    ...deliveries.map((d) => ({ kind: 'delivery' as const, ...d })),
  ];
  if (messages.length > 0) await queue.send(messages);
  return messages.length;
}
