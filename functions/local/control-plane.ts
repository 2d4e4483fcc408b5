import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { join, resolve } from 'node:path';
import { FileOperatorToken } from '../../shared/adapters/file-operator-token';
import { FileSealingKey } from '../../shared/adapters/file-sealing-key';
import { FileSigningKeys } from '../../shared/adapters/file-signing-keys';
import { LocalExportTrigger } from '../../shared/adapters/local-export-trigger';
import { LocalWorkflowRunner } from '../../shared/adapters/local-workflow-runner';
import { SimulatedClusterEndpoint } from '../../shared/adapters/simulated-cluster-endpoint';
import { SimulatedKube } from '../../shared/adapters/simulated-kube';
import { SimulatedNodePools } from '../../shared/adapters/simulated-node-pools';
import { SimulatorFaults } from '../../shared/adapters/simulator-faults';
import type { Settings } from '../../shared/config/settings';
import { openKeyRing } from '../../shared/identity/key-ring';
import { Sealer } from '../../shared/identity/sealer';
import { API_AUDIENCE, TokenService } from '../../shared/identity/tokens';
import { Logger } from '../../shared/logging/logger';
import { reconcileClusters } from '../../shared/services/cluster-reconcile';
import { RateLimiter } from '../../shared/store/rate-limit-store';
import { seedGpuCatalogue } from '../../shared/store/gpu-catalogue-store';
import { ensureTable } from '../../shared/store/schema';
import { openTable, type Table } from '../../shared/store/table';
import {
  systemResolver,
  type DestinationPolicy,
  type Resolver,
} from '../../shared/webhooks/destination-policy';
import { Dispatcher } from '../../shared/webhooks/dispatcher';
import { httpSender } from '../../shared/webhooks/http-sender';
import { runClusterTask } from '../../shared/workflows/cluster-tasks';
import {
  redriveBusyClusters,
  type RedriveDependencies,
} from '../../shared/services/cluster-redrive';
import { createApp } from '../api/app';
import type { ApiDependencies } from '../api/env';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startLocalDispatch } from './local-dispatch';

export interface RunningControlPlane {
  readonly url: string;
  readonly dynamodbEndpoint: string;
  /** True when this process started DynamoDB Local itself (and stops it on `stop`). */
  readonly startedDynamoDb: boolean;
  readonly dataDir: string;
  readonly tableName: string;
  /** The platform operator's token, for `/v1/platform/` routes. */
  readonly operatorToken: string;
  readonly workflows: LocalWorkflowRunner;
  readonly simulators: {
    readonly nodePools: SimulatedNodePools;
    readonly kube: SimulatedKube;
    readonly faults: SimulatorFaults;
  };
  /** Runs the re-drive of busy clusters now, as the timer does every `redriveAfterMs`. */
  redrive(): Promise<unknown>;
  /** Waits until the export reconciles that API changes asked for have run. */
  exportsSettled(): Promise<void>;
  /** Runs one round of the reconcile the timer runs every `VKS_RECONCILE_INTERVAL_MS`. */
  reconcile(): Promise<{ applied: number; failed: number }>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where log lines go; standard output by default. */
  readonly writeLog?: (line: string) => void;
  readonly host?: string;
  /** Resolves webhook host names; DNS by default. Tests pass their own to stay off the network. */
  readonly resolveHost?: Resolver;
}

/**
 * The composition root of the local runtime: DynamoDB Local (or the endpoint in settings), the
 * table, the signing keys under the data directory, and the API on `@hono/node-server`.
 */
export async function startControlPlane(
  settings: Settings,
  options: StartOptions = {},
): Promise<RunningControlPlane> {
  const dataDir = resolve(settings.dataDir);
  const logger = new Logger({
    service: 'vks-api',
    level: settings.logLevel,
    ...(options.writeLog ? { write: options.writeLog } : {}),
  });

  let dynamo: DynamoDbLocal | undefined;
  const endpoint =
    settings.dynamodbEndpoint ??
    (dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') })).endpoint;
  const table = openTable({ tableName: settings.tableName, endpoint });

  try {
    await ensureTable(table.raw, settings.tableName);
    await seedGpuCatalogue(table, new Date().toISOString());
    const operatorToken =
      settings.operatorToken ??
      (await new FileOperatorToken(join(dataDir, 'operator-token')).load());
    const keySource = new FileSigningKeys(join(dataDir, 'signing-keys.json'));
    const loadKeys = async () => openKeyRing(await keySource.load());
    const keys = await loadKeys();

    const sealer = Sealer.fromKeyMaterial(
      await new FileSealingKey(join(dataDir, 'webhook-sealing-key')).load(),
    );
    const destinations: DestinationPolicy = {
      allowHttp: settings.webhooks.allowHttp,
      allowPrivate: settings.webhooks.allowPrivate,
      resolve: options.resolveHost ?? systemResolver,
    };

    // The issuer names the port, so a port of 0 is resolved before the app is built.
    const port = settings.port || (await freePort());
    const url = `http://localhost:${port}`;

    const workflowLogger = new Logger({
      service: 'vks-workflows',
      level: settings.logLevel,
      ...(options.writeLog ? { write: options.writeLog } : {}),
    });
    const { nodePools, kube, faults, workflows } = localWorkflows(settings, table, workflowLogger);
    const reconcileDeps = {
      table,
      kube,
      isolation: settings.isolation,
      logger: workflowLogger.child({ component: 'reconcile' }),
      now: () => new Date(),
      domain: settings.serviceExports.domain,
      ingressClass: settings.serviceExports.ingressClass,
    };
    const exportTrigger = new LocalExportTrigger(reconcileDeps);

    const deps: ApiDependencies = {
      runtime: 'local',
      table,
      logger,
      operatorToken,
      workflows,
      nodePools,
      tokens: new TokenService({
        issuer: settings.publicUrl ?? url,
        apiAudience: API_AUDIENCE,
        keys,
        reload: loadKeys,
      }),
      rateLimiter: new RateLimiter(table),
      abuseLimits: {
        signupsPerHour: settings.signupLimit,
        failedSigninsPer15Minutes: settings.signinLimit,
      },
      defaultParallelismLimit: settings.defaultParallelismLimit,
      now: () => new Date(),
      sourceIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
      webhooks: { destinations, sealer },
      isolation: settings.isolation,
      clusterEndpoint: new SimulatedClusterEndpoint(),
      clusterTokenTtlSeconds: settings.clusterTokenTtlSeconds,
      kube,
      serviceExports: {
        domain: settings.serviceExports.domain,
        ingressClass: settings.serviceExports.ingressClass,
        trigger: exportTrigger,
      },
    };
    const app = createApp(deps);
    const server = createAdaptorServer({ fetch: app.fetch });
    await listen(server, port, options.host ?? '127.0.0.1');

    const dispatch = startLocalDispatch({
      table,
      logger: logger.child({ component: 'dispatcher' }),
      pollMs: settings.webhooks.pollMs,
      now: deps.now,
      dispatcher: new Dispatcher({
        table,
        sealer,
        send: httpSender(destinations),
        retryScale: settings.webhooks.retryScale,
        emitMetrics: false,
        timeoutMs: settings.webhooks.timeoutMs,
        logger: logger.child({ component: 'dispatcher' }),
        now: deps.now,
      }),
    });

    const redrive = startRedrive(
      { table, workflows, logger: workflowLogger, now: deps.now },
      settings.workflows.redriveAfterMs,
    );

    const reconcile = () => reconcileClusters(reconcileDeps);
    const timer =
      settings.reconcileIntervalMs > 0
        ? setInterval(() => {
            reconcile().catch((error: unknown) =>
              reconcileDeps.logger.error('cluster reconcile round failed', { error }),
            );
          }, settings.reconcileIntervalMs)
        : undefined;
    timer?.unref();

    return {
      url,
      dynamodbEndpoint: endpoint,
      reconcile,
      exportsSettled: () => exportTrigger.idle(),
      startedDynamoDb: dynamo !== undefined,
      dataDir,
      tableName: settings.tableName,
      operatorToken,
      workflows,
      simulators: { nodePools, kube, faults },
      redrive: redrive.now,
      stop: async () => {
        clearInterval(timer);
        await new Promise<void>((done) => server.close(() => done()));
        await redrive.stop();
        await workflows.stop();
        await exportTrigger.idle();
        await dispatch.stop();
        table.client.destroy();
        await dynamo?.stop();
      },
    };
  } catch (err) {
    table.client.destroy();
    await dynamo?.stop();
    throw err;
  }
}

/**
 * The workflow side of the local runtime: the node group and Kubernetes simulators, and the ASL
 * runner whose Task states call the same task handlers the task Lambda runs in AWS. Poll loops
 * wait a fifth of a simulated transition, so that a local cluster is READY soon after its node
 * group is ACTIVE.
 */
function localWorkflows(settings: Settings, table: Table, logger: Logger) {
  const faults = new SimulatorFaults(settings.simulator.faults);
  const nodePools = new SimulatedNodePools(settings.simulator.delayMs, faults, logger);
  const kube = new SimulatedKube(faults, logger);
  const taskDeps = {
    table,
    nodePools,
    kube,
    isolation: settings.isolation,
    logger,
    now: () => new Date(),
    maxPolls: settings.workflows.maxPolls,
  };
  const workflows = new LocalWorkflowRunner({
    runTask: (payload) => runClusterTask(taskDeps, payload),
    pollMs: Math.min(1000, Math.max(10, Math.round(settings.simulator.delayMs / 5))),
    retryMs: 100,
    logger,
    faults,
  });
  return { nodePools, kube, faults, workflows };
}

/**
 * Operations that were running when the process stopped are started again at once (nothing of
 * this process can be running them yet), and from then on every `everyMs`, those busy that long.
 * One pass runs at a time.
 */
function startRedrive(deps: RedriveDependencies, everyMs: number) {
  let pass: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = (olderThanMs: number) => {
    pass = pass
      .then(() => (stopped ? undefined : redriveBusyClusters(deps, olderThanMs)))
      .catch((err: unknown) => deps.logger.warn('re-drive failed', { error: err }));
    return pass;
  };
  void run(0);
  const timer = setInterval(() => void run(everyMs), everyMs);
  timer.unref();
  return {
    now: () => run(0),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await pass;
    },
  };
}

function listen(
  server: ReturnType<typeof createAdaptorServer>,
  port: number,
  host: string,
): Promise<void> {
  return new Promise((resolveListening, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListening());
  });
}
