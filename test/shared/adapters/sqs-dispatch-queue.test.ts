import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsDispatchQueue } from '../../../shared/adapters/sqs-dispatch-queue';
import type { DispatchMessage } from '../../../shared/webhooks/dispatch-message';
import { parseDispatchMessage } from '../../../shared/webhooks/dispatch-message';

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/vks-dispatch';
const messages: DispatchMessage[] = Array.from({ length: 12 }, (_, i) => ({
  kind: 'delivery',
  enterpriseId: 'ent_a',
  endpointId: 'wh_b',
  eventId: `evt_${i}`,
}));

describe('SqsDispatchQueue', () => {
  it('sends messages in batches of at most ten, as SendMessageBatch requires', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });

    await new SqsDispatchQueue(new SQSClient({}), queueUrl).send(messages);

    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 2]);
    const first = calls[0]!.args[0].input;
    expect(first.QueueUrl).toBe(queueUrl);
    expect(first.Entries![0]).toEqual({ Id: '0', MessageBody: JSON.stringify(messages[0]) });
    expect(parseDispatchMessage(first.Entries![3]!.MessageBody!)).toEqual(messages[3]);
  });

  it('fails when SQS refuses part of a batch, naming the messages', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }],
    });

    await expect(
      new SqsDispatchQueue(new SQSClient({}), queueUrl).send(messages.slice(0, 2)),
    ).rejects.toThrow('evt_1');
  });
});
