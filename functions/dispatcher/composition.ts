import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SecretsManagerSealingKey } from '../../shared/adapters/secrets-manager-sealing-key';
import { SqsDispatchQueue } from '../../shared/adapters/sqs-dispatch-queue';
import { readSettings, SettingsError, type Settings } from '../../shared/config/settings';
import { Sealer } from '../../shared/identity/sealer';
import { Logger } from '../../shared/logging/logger';
import { openTable, type Table } from '../../shared/store/table';
import { systemResolver } from '../../shared/webhooks/destination-policy';
import { Dispatcher } from '../../shared/webhooks/dispatcher';
import { httpSender } from '../../shared/webhooks/http-sender';

/** The composition root of the dispatcher Lambdas in AWS, built once per cold start. */
export interface DispatcherRuntime {
  readonly settings: Settings;
  readonly table: Table;
  readonly logger: Logger;
}

export function runtimeFrom(env: Record<string, string | undefined>): DispatcherRuntime {
  const settings = readSettings(env);
  const logger = new Logger({ service: 'vks-dispatcher', level: settings.logLevel });
  const table = openTable({ tableName: settings.tableName, region: settings.region });
  return { settings, table, logger };
}

export async function dispatcherFor(runtime: DispatcherRuntime): Promise<Dispatcher> {
  const { settings } = runtime;
  if (!settings.webhooks.keySecretArn) {
    throw new SettingsError('VKS_WEBHOOK_KEY_SECRET_ARN is required by the dispatcher.');
  }
  const material = await new SecretsManagerSealingKey(
    new SecretsManagerClient({ region: settings.region }),
    settings.webhooks.keySecretArn,
  ).load();
  return new Dispatcher({
    table: runtime.table,
    sealer: Sealer.fromKeyMaterial(material),
    send: httpSender({
      allowHttp: settings.webhooks.allowHttp,
      allowPrivate: settings.webhooks.allowPrivate,
      resolve: systemResolver,
    }),
    retryScale: settings.webhooks.retryScale,
    emitMetrics: true,
    timeoutMs: settings.webhooks.timeoutMs,
    logger: runtime.logger,
    now: () => new Date(),
  });
}

export function queueFor(runtime: DispatcherRuntime): SqsDispatchQueue {
  const url = runtime.settings.webhooks.queueUrl;
  if (!url) throw new SettingsError('VKS_DISPATCH_QUEUE_URL is required by the outbox poller.');
  return new SqsDispatchQueue(new SQSClient({ region: runtime.settings.region }), url);
}
