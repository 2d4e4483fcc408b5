import type { DispatchMessage } from '../webhooks/dispatch-message';

/** Hands work to the webhook dispatcher: SQS in AWS, the in-process dispatcher locally. */
export interface DispatchQueue {
  send(messages: readonly DispatchMessage[]): Promise<void>;
}
