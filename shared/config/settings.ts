import { z } from 'zod';
import { parseFaults, SimulatedOperations, type Fault } from '../adapters/simulator-faults';
import type { ClusterOperation } from '../domain/cluster';
import { MAX_CLUSTER_TOKEN_TTL_SECONDS } from '../identity/cluster-credentials';
import type { IsolationPolicy } from '../kube/cluster-manifests';
import { PodSecurityLevels } from '../kube/namespace';
import { taskStates } from '../workflows/definitions';

/** RFC 1918 and the shared address space EKS uses for custom pod networking. */
const DEFAULT_PRIVATE_CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/**
 * Every setting the control plane reads, validated once at a composition root. Nothing deeper
 * reads `process.env`; the parsed settings are passed down.
 */
const integer = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

const schema = z.object({
  VKS_RUNTIME: z.enum(['aws', 'local']).default('local'),
  PORT: integer(3000, 0),
  VKS_DATA_DIR: z.string().min(1).default('.vks'),
  VKS_DYNAMODB_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  VKS_TABLE_NAME: z.string().min(3).max(255).default('vks'),
  VKS_PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  VKS_DEFAULT_PARALLELISM_LIMIT: integer(8, 0),
  VKS_SIGNUP_LIMIT: integer(20, 1),
  VKS_SIGNIN_LIMIT: integer(10, 1),
  VKS_SIGNING_KEY_SECRET_ARN: z.string().optional(),
  VKS_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  AWS_REGION: z.string().optional(),
  VKS_POD_SECURITY_ENFORCE: z.enum(PodSecurityLevels).default('restricted'),
  VKS_CLUSTER_PRIVATE_CIDRS: z
    .string()
    .default(DEFAULT_PRIVATE_CIDRS.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.cidrv4()).min(1)),
  VKS_RECONCILE_INTERVAL_MS: integer(5 * 60 * 1000, 0),
  VKS_EXPORT_DOMAIN: z
    .string()
    .regex(/^(?=.{1,190}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/)
    .default('exports.vks.localhost'),
  VKS_EXPORT_INGRESS_CLASS: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/)
    .default('vks-exports'),
  VKS_MAX_EXPORTS_PER_CLUSTER: integer(10, 0),
  VKS_EXPORT_RECONCILE_FUNCTION: z.string().optional(),
  VKS_CLUSTER_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(MAX_CLUSTER_TOKEN_TTL_SECONDS)
    .default(15 * 60),
  VKS_OPERATOR_TOKEN: z.string().min(32).optional(),
  VKS_OPERATOR_TOKEN_SECRET_ARN: z.string().optional(),
  VKS_SIM_DELAY_MS: integer(3000, 0),
  VKS_SIM_FAULTS: z.string().default(''),
  VKS_WORKFLOW_MAX_POLLS: integer(120, 1),
  VKS_REDRIVE_AFTER_MS: integer(60_000, 10),
  VKS_EKS_CLUSTER_NAME: z.string().default('vks-shared'),
  VKS_NODE_ROLE_ARN: z.string().optional(),
  VKS_NODE_SUBNET_IDS: z.string().default(''),
  VKS_PROVISION_STATE_MACHINE_ARN: z.string().optional(),
  VKS_UPDATE_STATE_MACHINE_ARN: z.string().optional(),
  VKS_DELETE_STATE_MACHINE_ARN: z.string().optional(),
  VKS_WEBHOOK_ALLOW_PRIVATE: flag,
  VKS_WEBHOOK_ALLOW_HTTP: flag,
  VKS_WEBHOOK_RETRY_SCALE: z.coerce.number().positive().max(1).default(1),
  VKS_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(15).default(15),
  VKS_WEBHOOK_POLL_MS: integer(500, 10),
  VKS_WEBHOOK_KEY_SECRET_ARN: z.string().optional(),
  VKS_DISPATCH_QUEUE_URL: z.url().optional(),
});

export type RawSettings = z.infer<typeof schema>;

export interface Settings {
  readonly runtime: 'aws' | 'local';
  readonly port: number;
  readonly dataDir: string;
  readonly dynamodbEndpoint: string | undefined;
  readonly tableName: string;
  /** The public base URL; also the token issuer and the OIDC issuer. */
  readonly publicUrl: string | undefined;
  readonly defaultParallelismLimit: number;
  readonly signupLimit: number;
  readonly signinLimit: number;
  readonly signingKeySecretArn: string | undefined;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly region: string | undefined;
  /**
   * Pod Security enforced in tenant namespaces (`restricted`, or `baseline` at the least) and the
   * shared cluster's VPC, pod and service ranges, which tenant pods may not reach.
   */
  readonly isolation: IsolationPolicy;
  /** How long a cluster token from `POST /v1/clusters/{id}/credentials` lives (at most 1 h). */
  readonly clusterTokenTtlSeconds: number;
  /** Local runtime: how often READY clusters are applied again (0: never; AWS uses EventBridge). */
  readonly reconcileIntervalMs: number;
  /** The platform operator's bearer token; locally generated under the data dir when unset. */
  readonly operatorToken: string | undefined;
  readonly operatorTokenSecretArn: string | undefined;
  readonly simulator: {
    /** How long each simulated node group transition takes. */
    readonly delayMs: number;
    /** What the simulators and the local workflow runner fail (`VKS_SIM_FAULTS`). */
    readonly faults: readonly Fault[];
  };
  readonly workflows: {
    readonly maxPolls: number;
    /**
     * A cluster busy for longer than this without a running execution has its operation started
     * again; locally the re-drive also runs this often (in AWS, on its EventBridge schedule).
     */
    readonly redriveAfterMs: number;
    readonly stateMachineArns: Readonly<
      Record<'provision' | 'update' | 'delete', string | undefined>
    >;
  };
  readonly eks: {
    readonly clusterName: string;
    readonly nodeRoleArn: string | undefined;
    readonly subnetIds: readonly string[];
  };
  readonly webhooks: WebhookSettings;
  readonly serviceExports: ServiceExportSettings;
}

export interface ServiceExportSettings {
  /** Every export's host is `<name>-<cluster id>.<domain>`; the platform's wildcard DNS and TLS. */
  readonly domain: string;
  /** The shared ingress's class, which tenants may not use themselves. */
  readonly ingressClass: string;
  /** AWS: the reconcile function the API invokes after a change, so it need not wait a round. */
  readonly reconcileFunction: string | undefined;
}

export interface WebhookSettings {
  /** Lets endpoints point at loopback and private addresses: local development only. */
  readonly allowPrivate: boolean;
  /** Lets endpoints use plain http: local development only. */
  readonly allowHttp: boolean;
  /** Multiplies every retry wait (1 in AWS; 0.001 turns 5 minutes into 300 ms). */
  readonly retryScale: number;
  readonly timeoutMs: number;
  /** How often the local dispatcher looks for pending events and due retries. */
  readonly pollMs: number;
  /** AWS: the secret whose value is the key material sealing signing secrets. */
  readonly keySecretArn: string | undefined;
  /** AWS: the dispatch queue. */
  readonly queueUrl: string | undefined;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function readSettings(env: Record<string, string | undefined>): Settings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new SettingsError(`Invalid settings:\n  ${lines.join('\n  ')}`);
  }
  const raw = parsed.data;
  if (raw.VKS_RUNTIME === 'aws' && (!raw.VKS_PUBLIC_URL || !raw.VKS_SIGNING_KEY_SECRET_ARN)) {
    throw new SettingsError('In AWS, VKS_PUBLIC_URL and VKS_SIGNING_KEY_SECRET_ARN are required.');
  }
  if (
    raw.VKS_RUNTIME === 'aws' &&
    (raw.VKS_WEBHOOK_ALLOW_PRIVATE ||
      raw.VKS_WEBHOOK_ALLOW_HTTP ||
      raw.VKS_WEBHOOK_RETRY_SCALE !== 1)
  ) {
    throw new SettingsError(
      'VKS_WEBHOOK_ALLOW_PRIVATE, VKS_WEBHOOK_ALLOW_HTTP and VKS_WEBHOOK_RETRY_SCALE are for ' +
        'local development only and cannot be set in AWS.',
    );
  }
  return {
    runtime: raw.VKS_RUNTIME,
    port: raw.PORT,
    dataDir: raw.VKS_DATA_DIR,
    dynamodbEndpoint: raw.VKS_DYNAMODB_ENDPOINT,
    tableName: raw.VKS_TABLE_NAME,
    publicUrl: raw.VKS_PUBLIC_URL?.replace(/\/+$/, ''),
    defaultParallelismLimit: raw.VKS_DEFAULT_PARALLELISM_LIMIT,
    signupLimit: raw.VKS_SIGNUP_LIMIT,
    signinLimit: raw.VKS_SIGNIN_LIMIT,
    signingKeySecretArn: raw.VKS_SIGNING_KEY_SECRET_ARN,
    logLevel: raw.VKS_LOG_LEVEL,
    region: raw.AWS_REGION,
    isolation: {
      podSecurityEnforce: raw.VKS_POD_SECURITY_ENFORCE,
      privateCidrs: raw.VKS_CLUSTER_PRIVATE_CIDRS,
      exportsPerCluster: raw.VKS_MAX_EXPORTS_PER_CLUSTER,
    },
    serviceExports: {
      domain: raw.VKS_EXPORT_DOMAIN,
      ingressClass: raw.VKS_EXPORT_INGRESS_CLASS,
      reconcileFunction: raw.VKS_EXPORT_RECONCILE_FUNCTION,
    },
    clusterTokenTtlSeconds: raw.VKS_CLUSTER_TOKEN_TTL_SECONDS,
    reconcileIntervalMs: raw.VKS_RECONCILE_INTERVAL_MS,
    operatorToken: raw.VKS_OPERATOR_TOKEN,
    operatorTokenSecretArn: raw.VKS_OPERATOR_TOKEN_SECRET_ARN,
    simulator: { delayMs: raw.VKS_SIM_DELAY_MS, faults: simulatorFaults(raw.VKS_SIM_FAULTS) },
    workflows: {
      maxPolls: raw.VKS_WORKFLOW_MAX_POLLS,
      redriveAfterMs: raw.VKS_REDRIVE_AFTER_MS,
      stateMachineArns: {
        provision: raw.VKS_PROVISION_STATE_MACHINE_ARN,
        update: raw.VKS_UPDATE_STATE_MACHINE_ARN,
        delete: raw.VKS_DELETE_STATE_MACHINE_ARN,
      },
    },
    eks: {
      clusterName: raw.VKS_EKS_CLUSTER_NAME,
      nodeRoleArn: raw.VKS_NODE_ROLE_ARN,
      subnetIds: list(raw.VKS_NODE_SUBNET_IDS),
    },
    webhooks: {
      allowPrivate: raw.VKS_WEBHOOK_ALLOW_PRIVATE,
      allowHttp: raw.VKS_WEBHOOK_ALLOW_HTTP,
      retryScale: raw.VKS_WEBHOOK_RETRY_SCALE,
      timeoutMs: Math.round(raw.VKS_WEBHOOK_TIMEOUT_SECONDS * 1000),
      pollMs: raw.VKS_WEBHOOK_POLL_MS,
      keySecretArn: raw.VKS_WEBHOOK_KEY_SECRET_ARN,
      queueUrl: raw.VKS_DISPATCH_QUEUE_URL,
    },
  };
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const workflowOperations: readonly ClusterOperation[] = ['provision', 'update', 'delete'];

/** Simulated operations and every workflow's Task states, as `<operation>.<state>`. */
export const faultTargets: readonly string[] = [
  ...SimulatedOperations,
  ...workflowOperations.flatMap((op) => taskStates(op).map((state) => `${op}.${state}`)),
];

function simulatorFaults(value: string): Fault[] {
  try {
    return parseFaults(value, faultTargets);
  } catch (err) {
    throw new SettingsError(`VKS_SIM_FAULTS: ${(err as Error).message}`);
  }
}
