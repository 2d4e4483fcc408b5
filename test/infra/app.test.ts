import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));

const withoutResourceScope = /^(xray:|logs:(\w+LogDelivery|PutResourcePolicy)$)/;

let data: Template;
let api: Template;

beforeAll(() => {
  // Synthesis runs cdk-nag's AWS Solutions pack; an unacknowledged finding makes it throw.
  const assembly = buildApp(new App({ context: cdkJson.context })).synth();
  data = Template.fromJSON(assembly.getStackByName('VksData').template);
  api = Template.fromJSON(assembly.getStackByName('VksApi').template);
});

describe('data stack', () => {
  it('keeps the table on-demand, retained, protected, recoverable and with TTL', () => {
    data.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('retains the signing key secret', () => {
    data.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });
});

describe('API stack', () => {
  it('runs the API on Node 24, arm64, behind an HTTP API', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ VKS_RUNTIME: 'aws' }) },
    });
    api.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('keeps logs for a bounded time', () => {
    for (const group of Object.values(api.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('grants item-level table actions only, and never Scan or a wildcard resource for writes', () => {
    const statements = Object.values(api.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toContain('dynamodb:UpdateItem');
    expect(actions.some((a) => /dynamodb:(\*|Scan)/.test(a))).toBe(false);
    for (const statement of statements) {
      // X-Ray's trace upload and the log delivery actions Step Functions needs for execution logs
      // have no resource-level permissions at all.
      const writes = [statement.Action]
        .flat()
        .some(
          (a: string) => !withoutResourceScope.test(a) && /:(Put|Update|Delete|Create)/.test(a),
        );
      if (writes) expect([statement.Resource].flat()).not.toContain('*');
    }
  });

  it('makes the control plane the OIDC identity provider of the shared EKS cluster', () => {
    api.hasResourceProperties('AWS::EKS::IdentityProviderConfig', {
      ClusterName: 'vks-shared',
      Type: 'oidc',
      Oidc: {
        ClientId: 'vks-kubernetes',
        IssuerUrl: Match.anyValue(),
        UsernameClaim: 'sub',
        UsernamePrefix: 'vks:',
        GroupsClaim: 'groups',
        GroupsPrefix: 'vks:',
      },
    });
  });

  it('re-applies READY clusters on a schedule, as the control plane’s Kubernetes identity', () => {
    api.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(10 minutes)',
      Targets: [Match.objectLike({ Arn: Match.anyValue() })],
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ VKS_EKS_CLUSTER_NAME: 'vks-shared' }) },
      Timeout: 300,
    });
    const entries = Object.values(api.findResources('AWS::EKS::AccessEntry'));
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const entry of entries) {
      expect(entry.Properties.KubernetesGroups).toEqual(['vks-control-plane']);
    }
  });
});
