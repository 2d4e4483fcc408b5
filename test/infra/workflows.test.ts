import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
const asl = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../shared/workflows/${name}.asl.json`, import.meta.url), 'utf8'),
  );

let api: Template;

beforeAll(() => {
  const context = { ...cdkJson.context, 'vks:eksClusterName': 'gpu-fleet' };
  api = Template.fromJSON(buildApp(new App({ context })).synth().getStackByName('VksApi').template);
});

const statements = () =>
  Object.values(api.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as any[],
  );

describe('cluster workflows', () => {
  it('deploys the three ASL files as standard state machines, with the task Lambda substituted', () => {
    const machines = Object.values(api.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(3);
    const starts = machines.map((m) => {
      expect(m.Properties.StateMachineType).toBe('STANDARD');
      expect(m.Properties.DefinitionSubstitutions.TaskFunctionArn).toBeDefined();
      return JSON.parse(m.Properties.DefinitionString).StartAt;
    });
    expect(starts.sort()).toEqual(
      [asl('provision').StartAt, asl('update').StartAt, asl('delete').StartAt].sort(),
    );
  });

  it('runs the tasks on Node 24 arm64', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ VKS_EKS_CLUSTER_NAME: 'gpu-fleet' }) },
    });
  });

  it('scopes EKS permissions to the configured cluster and its vks-gpu node groups', () => {
    const eks = statements().filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('eks:')),
    );
    expect(eks.length).toBeGreaterThan(0);
    for (const statement of eks) {
      for (const resource of [statement.Resource].flat()) {
        const text = JSON.stringify(resource);
        expect(text).not.toBe('"*"');
        expect(text).toMatch(/:(cluster\/gpu-fleet"|nodegroup\/gpu-fleet\/vks-gpu-\*\/\*)/);
      }
    }
    const actions = eks.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'eks:CreateNodegroup',
        'eks:UpdateNodegroupConfig',
        'eks:DescribeNodegroup',
        'eks:DeleteNodegroup',
      ]),
    );
  });

  it('passes only the node role, and only to EKS', () => {
    const pass = statements().filter((s) => [s.Action].flat().includes('iam:PassRole'));
    expect(pass).toHaveLength(1);
    expect(pass[0].Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'eks.amazonaws.com' },
    });
    expect(JSON.stringify(pass[0].Resource)).toContain('GpuNodeRole');
  });

  it('gives the task Lambda an EKS access entry in the configured cluster', () => {
    api.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'gpu-fleet',
      Type: 'STANDARD',
      KubernetesGroups: ['vks-control-plane'],
    });
  });

  it('lets the API and the re-drive start exactly the three workflows', () => {
    const starts = statements().filter((s) => [s.Action].flat().includes('states:StartExecution'));
    const resources = starts.flatMap((s) => [s.Resource].flat());
    expect(resources).toHaveLength(6);
    expect(new Set(resources.map((r) => JSON.stringify(r))).size).toBe(3);
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          VKS_PROVISION_STATE_MACHINE_ARN: Match.anyValue(),
          VKS_OPERATOR_TOKEN_SECRET_ARN: Match.anyValue(),
        }),
      },
    });
  });
});

describe('the re-drive of busy clusters', () => {
  it('runs a Lambda on an EventBridge schedule', () => {
    const rules = Object.values(api.findResources('AWS::Events::Rule'));
    const redrive = rules.find((r) => r.Properties.ScheduleExpression === 'rate(5 minutes)');
    expect(redrive).toBeDefined();
    const target = JSON.stringify(redrive!.Properties.Targets[0].Arn);
    const [fnId] = Object.entries(api.findResources('AWS::Lambda::Function')).find(([, fn]) =>
      String(fn.Properties.Description).startsWith('VKS re-drive'),
    )!;
    expect(target).toContain(fnId);
    api.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^VKS re-drive'),
      Environment: {
        Variables: Match.objectLike({
          VKS_REDRIVE_AFTER_MS: '300000',
          VKS_PROVISION_STATE_MACHINE_ARN: Match.anyValue(),
          VKS_UPDATE_STATE_MACHINE_ARN: Match.anyValue(),
          VKS_DELETE_STATE_MACHINE_ARN: Match.anyValue(),
        }),
      },
    });
  });

  it('may start, describe and redrive executions of the three workflows only', () => {
    const redrive = statements().filter((s) =>
      [s.Action].flat().includes('states:RedriveExecution'),
    );
    expect(redrive).toHaveLength(3);
    for (const statement of redrive) {
      expect([statement.Action].flat().sort()).toEqual([
        'states:DescribeExecution',
        'states:RedriveExecution',
      ]);
      expect(JSON.stringify(statement.Resource)).toContain(':execution:');
    }
  });
});
