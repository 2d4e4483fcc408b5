/**
 * What travels on the dispatch queue (SQS in AWS, a function call locally): an event to fan out
 * to its endpoints, or one delivery that is due. Messages carry references only, never payloads,
 * so that a duplicate or a late message acts on the current stored state.
 */
export type DispatchMessage =
  | {
      readonly kind: 'event';
      readonly enterpriseId: string;
      readonly eventId: string;
      readonly timestamp: string;
    }
  | {
      readonly kind: 'delivery';
      readonly enterpriseId: string;
      readonly endpointId: string;
      readonly eventId: string;
    };

export const messageKey = (message: DispatchMessage) =>
  message.kind === 'event'
    ? `event:${message.enterpriseId}:${message.eventId}`
    : `delivery:${message.enterpriseId}:${message.endpointId}:${message.eventId}`;

export function parseDispatchMessage(body: string): DispatchMessage {
  const value = JSON.parse(body) as Partial<Record<string, unknown>>;
  const text = (key: string) => {
    const field = value[key];
    if (typeof field !== 'string' || field.length === 0 || field.length > 200)
      throw new Error(`The dispatch message has no valid ${key}.`);
    return field;
  };
  if (value.kind === 'event') {
    return {
      kind: 'event',
      enterpriseId: text('enterpriseId'),
      eventId: text('eventId'),
      timestamp: text('timestamp'),
    };
  }
  if (value.kind === 'delivery') {
    return {
      kind: 'delivery',
      enterpriseId: text('enterpriseId'),
      endpointId: text('endpointId'),
      eventId: text('eventId'),
    };
  }
  throw new Error('The dispatch message has an unknown kind.');
}
