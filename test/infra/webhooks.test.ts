import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));

let api: Template;
let data: Template;

beforeAll(() => {
  // Synthesis runs cdk-nag's AWS Solutions pack; an unacknowledged finding makes it throw.
  const assembly = buildApp(new App({ context: cdkJson.context })).synth();
  api = Template.fromJSON(assembly.getStackByName('VksApi').template);
  data = Template.fromJSON(assembly.getStackByName('VksData').template);
});

const functionNamed = (entry: string) => {
  const [id] = Object.entries(api.findResources('AWS::Lambda::Function')).find(([, r]) =>
    String(r.Properties.Description ?? '').includes(entry),
  )!;
  return id;
};

const policiesOf = (functionId: string) => {
  const fn = api.findResources('AWS::Lambda::Function')[functionId]!;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return Object.values(api.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
};

describe('webhook delivery', () => {
  it('queues dispatch work on an encrypted SQS queue with a dead-letter queue', () => {
    api.resourceCountIs('AWS::SQS::Queue', 2);
    api.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('runs the dispatcher on Node 24 arm64, fed by the queue with partial batch failures', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('webhook dispatcher'),
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          VKS_RUNTIME: 'aws',
          VKS_WEBHOOK_KEY_SECRET_ARN: Match.anyValue(),
        }),
      },
    });
    api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('starts the outbox poller every minute', () => {
    api.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  it('never lets the development-only webhook settings into AWS', () => {
    for (const fn of Object.values(api.findResources('AWS::Lambda::Function'))) {
      const vars = fn.Properties.Environment?.Variables ?? {};
      expect(vars).not.toHaveProperty('VKS_WEBHOOK_ALLOW_PRIVATE');
      expect(vars).not.toHaveProperty('VKS_WEBHOOK_ALLOW_HTTP');
      expect(vars).not.toHaveProperty('VKS_WEBHOOK_RETRY_SCALE');
    }
  });

  it('gives the poller only Query on the index and SendMessage on the queue', () => {
    const actions = policiesOf(functionNamed('outbox poller')).flatMap((s) => [s.Action].flat());
    const own = actions.filter((a: string) => !a.startsWith('logs:') && !a.startsWith('xray:'));
    expect(own.sort()).toEqual(
      ['dynamodb:Query', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort(),
    );
  });

  it('gives the dispatcher item actions, no Scan and no DeleteItem', () => {
    const actions = policiesOf(functionNamed('webhook dispatcher')).flatMap((s) =>
      [s.Action].flat(),
    );
    expect(actions).toContain('dynamodb:UpdateItem');
    expect(actions).toContain('secretsmanager:GetSecretValue');
    expect(actions.some((a: string) => /dynamodb:(\*|Scan|DeleteItem)/.test(a))).toBe(false);
  });

  it('retains the key material that seals webhook secrets', () => {
    data.resourceCountIs('AWS::SecretsManager::Secret', 2);
    data.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
      }),
    });
  });
});
