import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../shared/logging/metrics';

export interface OperationsStackProps extends StackProps {
  readonly api: HttpApi;
  readonly table: TableV2;
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly stateMachines: Readonly<Record<string, IStateMachine>>;
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  /** Subscribed to the alarm topic when set (context `vks:alarmEmail`). */
  readonly alarmEmail: string | undefined;
}

const fiveMinutes = Duration.minutes(5);

/**
 * What an operator watches: one dashboard, and alarms on a topic they subscribe to. Route metrics
 * come from the API's own log lines (CloudWatch embedded metric format), so each route is counted
 * with its 4xx and 5xx without a metrics agent.
 */
export class OperationsStack extends Stack {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);

    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the VKS alarm topic',
      enableKeyRotation: true,
    });
    key.grantEncryptDecrypt(new ServicePrincipal('cloudwatch.amazonaws.com'));
    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: 'VKS control plane alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.apiAlarms(props.api);
    this.tableAlarms(props.table);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(
        `${name}Errors`,
        fn.metricErrors({ period: fiveMinutes }),
        1,
        `Lambda ${name} threw errors`,
      );
    }
    for (const [name, machine] of Object.entries(props.stateMachines)) {
      const failures = new MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: machine.metricFailed({ period: fiveMinutes }),
          timedOut: machine.metricTimedOut({ period: fiveMinutes }),
          aborted: machine.metricAborted({ period: fiveMinutes }),
        },
        label: `${name} failed, timed out or aborted`,
      });
      this.alarm(
        `${name}ExecutionFailures`,
        failures,
        1,
        `A ${name} workflow execution did not succeed`,
      );
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: 'Maximum',
      });
      this.alarm(
        `${name}DeadLetters`,
        depth,
        1,
        `Messages are waiting in the ${name} dead-letter queue`,
      );
    }

    this.dashboard(props);
  }

  private apiAlarms(api: HttpApi): void {
    const rate = new MathExpression({
      expression: 'IF(requests > 20, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
        requests: api.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
      },
      label: 'API 5xx rate (%)',
    });
    this.alarm('Api5xxRate', rate, 1, 'More than 1% of API requests answered 5xx');
  }

  private tableAlarms(table: TableV2): void {
    const throttles = new MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: table.metric('ReadThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
        writes: table.metric('WriteThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
      },
      label: 'Table throttle events',
    });
    this.alarm('TableThrottling', throttles, 1, 'DynamoDB throttled requests to the table');
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    alarm.addOkAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }

  private dashboard(props: OperationsStackProps): void {
    const search = (metric: string, statistic: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},Route} MetricName="${metric}"', '${statistic}', 300)`,
        label,
        period: fiveMinutes,
      });
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${this.stackName}-control-plane`,
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown: '# VKS control plane\nRoutes, workflows, webhooks and GPUs reserved.',
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Requests per route',
        left: [search('Requests', 'Sum', '')],
        width: 12,
      }),
      new GraphWidget({
        title: 'Latency p99 per route (ms)',
        left: [search('Latency', 'p99', '')],
        width: 12,
      }),
      new GraphWidget({
        title: '4xx per route',
        left: [search('ClientErrors', 'Sum', '')],
        width: 12,
      }),
      new GraphWidget({
        title: '5xx per route',
        left: [search('ServerErrors', 'Sum', '')],
        width: 12,
      }),
    );
    const machines = Object.entries(props.stateMachines);
    if (machines.length > 0) {
      dashboard.addWidgets(
        new GraphWidget({
          title: 'Workflow executions',
          left: machines.flatMap(([name, m]) => [
            m.metricStarted({ label: `${name} started` }),
            m.metricSucceeded({ label: `${name} succeeded` }),
            m.metricFailed({ label: `${name} failed` }),
          ]),
          width: 12,
        }),
        new GraphWidget({
          title: 'Workflow duration (ms)',
          left: machines.map(([name, m]) => m.metricTime({ label: name, statistic: 'p90' })),
          width: 12,
        }),
      );
    }
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Webhook deliveries per endpoint',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},WebhookEndpoint} MetricName="Deliveries"', 'Sum', 300)`,
            label: '',
            period: fiveMinutes,
          }),
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},WebhookEndpoint} MetricName="DeliveryFailures"', 'Sum', 300)`,
            label: '',
            period: fiveMinutes,
          }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'GPUs reserved per type',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},GpuType} MetricName="GpusReserved"', 'Maximum', 300)`,
            label: '',
            period: fiveMinutes,
          }),
        ],
        width: 12,
      }),
    );
  }
}
