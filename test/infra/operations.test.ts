import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));

function synth(context: Record<string, string> = {}) {
  return buildApp(new App({ context: { ...cdkJson.context, ...context } })).synth();
}

describe('operations stack', () => {
  const ops = Template.fromJSON(
    synth({ 'vks:alarmEmail': 'oncall@example.com' }).getStackByName('VksOperations').template,
  );

  it('publishes every alarm to one encrypted topic the operator subscribes to', () => {
    ops.resourceCountIs('AWS::SNS::Topic', 1);
    ops.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    ops.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    const alarms = Object.values(ops.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThanOrEqual(3);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it.each([
    ['the API 5xx rate', /5xx/],
    ['Lambda errors', /Lambda Api threw errors/],
    ['table throttling', /throttled/],
    ['webhook dispatcher errors', /Lambda WebhookDispatcher threw errors/],
    ['dead letters of webhook dispatch', /WebhookDispatch dead-letter queue/],
  ])('alarms on %s', (_name, description) => {
    const alarms = Object.values(ops.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.some((a) => description.test(a.Properties.AlarmDescription))).toBe(true);
  });

  it('has a dashboard with route, workflow, webhook and GPU widgets', () => {
    const [dashboard] = Object.values(ops.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    for (const title of [
      'Requests per route',
      '5xx per route',
      'Webhook deliveries',
      'GPUs reserved per type',
    ]) {
      expect(body).toContain(title);
    }
  });
});

describe('optional infrastructure', () => {
  it('creates the shared EKS cluster with a system node group when asked', () => {
    const assembly = synth({ 'vks:createEksCluster': 'true', 'vks:eksClusterName': 'gpu-shared' });
    const cluster = Template.fromJSON(assembly.getStackByName('VksCluster').template);
    cluster.hasResourceProperties('AWS::EKS::Cluster', {
      Name: 'gpu-shared',
      AccessConfig: { AuthenticationMode: 'API_AND_CONFIG_MAP' },
    });
    cluster.hasResourceProperties('AWS::EKS::Nodegroup', { NodegroupName: 'system' });
  });

  it('imports the cluster by name otherwise', () => {
    expect(synth().stacks.map((s) => s.stackName)).not.toContain('VksCluster');
  });

  it('serves the API and the issuer on a custom domain', () => {
    const assembly = synth({
      'vks:domainName': 'api.vks.example.com',
      'vks:certificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    });
    const api = Template.fromJSON(assembly.getStackByName('VksApi').template);
    api.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.vks.example.com',
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ VKS_PUBLIC_URL: 'https://api.vks.example.com' }),
      },
    });
  });
});
