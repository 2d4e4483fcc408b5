import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DispatchQueue } from '../ports/dispatch-queue';
import { messageKey, type DispatchMessage } from '../webhooks/dispatch-message';

/** SQS takes at most ten messages per batch. */
const BATCH = 10;

/** AWS runtime: dispatch messages go to the SQS queue the dispatcher Lambda consumes. */
export class SqsDispatchQueue implements DispatchQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly DispatchMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += BATCH) {
      const batch = messages.slice(start, start + BATCH);
      const { Failed } = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(message),
          })),
        }),
      );
      if (Failed && Failed.length > 0) {
        const failed = Failed.map((f) => messageKey(batch[Number(f.Id)]!)).join(', ');
        // The next poll sends them again: they are still pending or due in DynamoDB.
        throw new Error(`SQS refused ${Failed.length} dispatch message(s): ${failed}`);
      }
    }
  }
}
