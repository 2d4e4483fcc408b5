import { z } from 'zod';

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
  };
}
