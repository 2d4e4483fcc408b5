import { z } from 'zod';
import { SimulatedOperations, type SimulatedOperation } from '../adapters/simulator-faults';

/**
 * Every setting the control plane reads, validated once at a composition root. Nothing deeper
 * reads `process.env`; the parsed settings are passed down.
 */
const integer = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

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
  VKS_OPERATOR_TOKEN: z.string().min(32).optional(),
  VKS_OPERATOR_TOKEN_SECRET_ARN: z.string().optional(),
  VKS_SIM_DELAY_MS: integer(3000, 0),
  VKS_SIM_FAULTS: z.string().default(''),
  VKS_WORKFLOW_MAX_POLLS: integer(120, 1),
  VKS_EKS_CLUSTER_NAME: z.string().default('vks-shared'),
  VKS_NODE_ROLE_ARN: z.string().optional(),
  VKS_NODE_SUBNET_IDS: z.string().default(''),
  VKS_PROVISION_STATE_MACHINE_ARN: z.string().optional(),
  VKS_UPDATE_STATE_MACHINE_ARN: z.string().optional(),
  VKS_DELETE_STATE_MACHINE_ARN: z.string().optional(),
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
  /** The platform operator's bearer token; locally generated under the data dir when unset. */
  readonly operatorToken: string | undefined;
  readonly operatorTokenSecretArn: string | undefined;
  readonly simulator: {
    /** How long each simulated node group transition takes. */
    readonly delayMs: number;
    /** Operations the simulators fail (`VKS_SIM_FAULTS`, comma-separated). */
    readonly faults: readonly SimulatedOperation[];
  };
  readonly workflows: {
    readonly maxPolls: number;
    readonly stateMachineArns: Readonly<
      Record<'provision' | 'update' | 'delete', string | undefined>
    >;
  };
  readonly eks: {
    readonly clusterName: string;
    readonly nodeRoleArn: string | undefined;
    readonly subnetIds: readonly string[];
  };
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
    operatorToken: raw.VKS_OPERATOR_TOKEN,
    operatorTokenSecretArn: raw.VKS_OPERATOR_TOKEN_SECRET_ARN,
    simulator: { delayMs: raw.VKS_SIM_DELAY_MS, faults: parseFaults(raw.VKS_SIM_FAULTS) },
    workflows: {
      maxPolls: raw.VKS_WORKFLOW_MAX_POLLS,
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
  };
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function parseFaults(value: string): SimulatedOperation[] {
  const names = list(value);
  const unknown = names.filter((n) => !(SimulatedOperations as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new SettingsError(
      `VKS_SIM_FAULTS names unknown operations (${unknown.join(', ')}); use any of ` +
        `${SimulatedOperations.join(', ')}.`,
    );
  }
  return names as SimulatedOperation[];
}
