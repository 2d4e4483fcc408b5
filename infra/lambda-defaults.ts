import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  NodejsFunction,
  OutputFormat,
  type NodejsFunctionProps,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface VksFunctionProps {
  /** Path of the entry point, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  readonly logRetentionDays: number;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /**
   * Packages left out of the bundle and copied beside it from the local node_modules (so that
   * synthesis stays offline); each is loaded with a dynamic import when first needed.
   */
  readonly besideBundle?: readonly string[];
}

/**
 * Every Lambda of the control plane: Node 24 on arm64, an ES-module bundle made by esbuild, a log
 * group with retention, JSON log format and tracing.
 */
export class VksFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: VksFunctionProps) {
    super(scope, id);

    const logGroup = new LogGroup(this, 'Logs', {
      retention: retentionFor(props.logRetentionDays),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of its own instead of the managed basic-execution policy: logs go to this function's
    // log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's ARN attribute already ends in `:*`, which covers its streams.
        resources: [logGroup.logGroupArn],
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
    });

    const options: NodejsFunctionProps = {
      role,
      entry: `${repoRoot}${props.entry}`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call require(); ESM output needs it defined.
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        externalModules: ['@aws-sdk/*', ...(props.besideBundle ?? [])],
        ...(props.besideBundle?.length ? { commandHooks: copyBeside(props.besideBundle) } : {}),
      },
    };
    this.fn = new NodejsFunction(this, 'Function', options);
  }
}

function copyBeside(packages: readonly string[]) {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) =>
      packages.map(
        (name) =>
          `mkdir -p "${outputDir}/node_modules/${name}" && ` +
          `cp -R "${inputDir}/node_modules/${name}/." "${outputDir}/node_modules/${name}/"`,
      ),
  };
}

function retentionFor(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');
  const match = allowed.filter((d) => d > 0 && d >= days).sort((a, b) => a - b)[0];
  return (match ?? RetentionDays.TEN_YEARS) as RetentionDays;
}
