import { Duration, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { tableSchema } from '../shared/store/schema';
import { VksFunction } from './lambda-defaults';

export interface WebhookDeliveryProps {
  readonly table: TableV2;
  /** The key material that seals webhook signing secrets (shared with the API). */
  readonly sealingKeySecret: Secret;
  /** Settings every VKS_RUNTIME=aws process must have. */
  readonly publicUrl: string;
  readonly signingKeySecretArn: string;
  readonly logRetentionDays: number;
}

/**
 * Event delivery in AWS: an outbox poller (every minute, polling for most of it) queues pending
 * events and due retries on SQS; the dispatcher Lambda consumes the queue and sends the
 * webhooks. A message that keeps failing moves to the dead-letter queue; its delivery state in
 * DynamoDB stays pending, so it is not lost.
 */
export class WebhookDelivery extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly dispatcher: VksFunction;
  readonly poller: VksFunction;

  constructor(scope: Construct, id: string, props: WebhookDeliveryProps) {
    super(scope, id);
    const { table } = props;
    const index = `${table.tableArn}/index/${tableSchema.indexes[0].name}`;

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue of the dispatch queue.',
    });
    const dispatcherTimeout = Duration.seconds(90);
    this.queue = new Queue(this, 'Dispatch', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS asks for at least six times the consumer's timeout.
      visibilityTimeout: Duration.seconds(dispatcherTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    const environment = {
      VKS_RUNTIME: 'aws',
      VKS_TABLE_NAME: table.tableName,
      VKS_PUBLIC_URL: props.publicUrl,
      VKS_SIGNING_KEY_SECRET_ARN: props.signingKeySecretArn,
      VKS_WEBHOOK_KEY_SECRET_ARN: props.sealingKeySecret.secretArn,
      VKS_DISPATCH_QUEUE_URL: this.queue.queueUrl,
    };

    this.dispatcher = new VksFunction(this, 'Dispatcher', {
      entry: 'functions/dispatcher/handler.ts',
      description: 'VKS webhook dispatcher: signs and sends deliveries',
      logRetentionDays: props.logRetentionDays,
      memorySize: 512,
      // Fan-out sends to every endpoint at once; each send is bounded by its 15 s timeout.
      timeout: dispatcherTimeout,
      environment,
    });
    const dispatcher = this.dispatcher.fn;
    dispatcher.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    props.sealingKeySecret.grantRead(dispatcher);
    dispatcher.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:ConditionCheckItem',
        ],
        resources: [table.tableArn],
      }),
    );

    this.poller = new VksFunction(this, 'Poller', {
      entry: 'functions/dispatcher/poller.ts',
      description: 'VKS outbox poller: queues pending events and due webhook retries',
      logRetentionDays: props.logRetentionDays,
      memorySize: 256,
      timeout: Duration.seconds(70),
      environment,
    });
    const poller = this.poller.fn;
    poller.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: [index] }),
    );
    this.queue.grantSendMessages(poller);
    new Rule(this, 'EveryMinute', {
      description: 'Starts the VKS outbox poller',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(poller, { retryAttempts: 0 })],
    });
  }
}
