import { readSettings, SettingsError, type Settings } from '../../shared/config/settings';
import { startControlPlane } from './control-plane';
import { JavaMissingError } from './dynamodb-local';

/** `npm start`: the control plane on localhost, with DynamoDB Local behind it. */
async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const plane = await startControlPlane(settings);

  const lines = [
    `VKS control plane (local runtime) listening on ${plane.url}`,
    `  API reference:  ${plane.url}/docs  (OpenAPI document: ${plane.url}/openapi.json)`,
    `  DynamoDB:       ${plane.dynamodbEndpoint}${plane.startedDynamoDb ? ' (DynamoDB Local, started here)' : ''}, table ${plane.tableName}`,
    `  Data:           ${plane.dataDir}`,
    `  Operator token: ${plane.operatorToken}  (for /v1/platform/ routes; ${settings.operatorToken ? 'from VKS_OPERATOR_TOKEN' : 'kept in the data directory'})`,
    `  Node pools:     SIMULATED EKS node groups (${settings.simulator.delayMs} ms a transition${settings.simulator.faults.length ? `, failing ${settings.simulator.faults.map((f) => (f.once ? `${f.target}:once` : f.target)).join(', ')}` : ''}); Kubernetes API SIMULATED`,
    `  Workflows:      the ASL files under shared/workflows/, run by aws-local-stepfunctions`,
    ...webhookWarnings(settings),
    'Press Ctrl-C to stop.',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping the control plane and DynamoDB Local...\n`);
    plane.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Stopping failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function webhookWarnings(settings: Settings): string[] {
  const lines: string[] = [];
  if (settings.webhooks.allowPrivate) {
    lines.push(
      'WARNING: VKS_WEBHOOK_ALLOW_PRIVATE=true: webhooks may be sent to loopback and private ' +
        'addresses. For local development only.',
    );
  }
  if (settings.webhooks.allowHttp) {
    lines.push('WARNING: VKS_WEBHOOK_ALLOW_HTTP=true: webhooks may be sent over plain http.');
  }
  return lines;
}

main().catch((err: unknown) => {
  const known = err instanceof SettingsError || err instanceof JavaMissingError;
  process.stderr.write(
    `${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`,
  );
  process.exit(1);
});
