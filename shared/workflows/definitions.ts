import type { ClusterOperation } from '../domain/cluster';
import deleteDefinition from './delete.asl.json' with { type: 'json' };
import provisionDefinition from './provision.asl.json' with { type: 'json' };
import updateDefinition from './update.asl.json' with { type: 'json' };

/** The ASL files, by the operation they run; CDK deploys the same files from their paths. */
export const workflowDefinitions: Readonly<Record<ClusterOperation, object>> = {
  provision: provisionDefinition,
  update: updateDefinition,
  delete: deleteDefinition,
};

export const workflowFiles: Readonly<Record<ClusterOperation, string>> = {
  provision: 'shared/workflows/provision.asl.json',
  update: 'shared/workflows/update.asl.json',
  delete: 'shared/workflows/delete.asl.json',
};

/** The placeholders the ASL files hold, filled by CDK's definition substitutions. */
export const definitionPlaceholders = ['TaskFunctionArn'] as const;
export type DefinitionSubstitutions = Record<(typeof definitionPlaceholders)[number], string>;

export function substitute(definition: object, values: DefinitionSubstitutions): object {
  let text = JSON.stringify(definition);
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`\${${name}}`, value);
  return JSON.parse(text) as object;
}

/** The Task states of a workflow, as its ASL file names them. */
export function taskStates(operation: ClusterOperation): string[] {
  const { States } = workflowDefinitions[operation] as { States: Record<string, { Type: string }> };
  return Object.entries(States)
    .filter(([, state]) => state.Type === 'Task')
    .map(([name]) => name);
}
