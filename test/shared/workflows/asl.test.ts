import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { clusterTasks } from '../../../shared/workflows/cluster-tasks';
import { substitute, workflowDefinitions } from '../../../shared/workflows/definitions';

type Validation = { isValid: boolean; errorsText: (separator?: string) => string };
const validate = createRequire(import.meta.url)('asl-validator') as (
  definition: object,
) => Validation;

const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:vks-tasks';
const files = Object.entries(workflowDefinitions);
const tasksOf = (definition: object) =>
  Object.entries((definition as { States: Record<string, any> }).States).filter(
    ([, s]) => s.Type === 'Task',
  );

describe.each(files)('the %s workflow', (_name, definition) => {
  it('passes the ASL validator once its substitutions are filled', () => {
    const result = validate(substitute(definition, { TaskFunctionArn: arn }));
    expect(result.errorsText(), result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('holds no placeholder but the task function', () => {
    const placeholders = JSON.stringify(definition).match(/\$\{[^}]+\}/g) ?? [];
    expect(new Set(placeholders)).toEqual(new Set(['${TaskFunctionArn}']));
  });

  it.each(tasksOf(definition))('bounds, retries and catches the Task %s', (_state, task) => {
    expect(task.TimeoutSeconds).toBeGreaterThan(0);
    expect(task.Retry[0].ErrorEquals).toContain('Vks.Transient');
    expect(task.Retry[0].ErrorEquals).toContain('Lambda.TooManyRequestsException');
    expect(task.Catch[0]).toMatchObject({
      ErrorEquals: ['Vks.StaleExecution'],
      Next: 'Superseded',
    });
    expect(Object.keys(clusterTasks)).toContain(task.Parameters.Payload.action);
    // aws-local-stepfunctions refuses ResultPath "$" next to OutputPath, which AWS accepts.
    expect(task.ResultPath).not.toBe('$');
  });
});
