import { SFNClient } from '@aws-sdk/client-sfn';
import { StepFunctionsWorkflowStarter } from '../../shared/adapters/step-functions-workflow-starter';
import { readSettings, SettingsError } from '../../shared/config/settings';
import { Logger } from '../../shared/logging/logger';
import { redriveBusyClusters, type RedriveReport } from '../../shared/services/cluster-redrive';
import { openTable } from '../../shared/store/table';

/**
 * The composition root of the re-drive Lambda, run on an EventBridge schedule: every cluster busy
 * for longer than `VKS_REDRIVE_AFTER_MS` gets its operation's execution started, left running, or
 * redriven from the state that did not finish.
 */
const settings = readSettings(process.env);
const { provision, update, delete: deletion } = settings.workflows.stateMachineArns;
if (!provision || !update || !deletion) {
  throw new SettingsError(
    'The re-drive needs VKS_PROVISION_STATE_MACHINE_ARN, VKS_UPDATE_STATE_MACHINE_ARN and ' +
      'VKS_DELETE_STATE_MACHINE_ARN.',
  );
}
const deps = {
  table: openTable({ tableName: settings.tableName, region: settings.region }),
  workflows: new StepFunctionsWorkflowStarter(new SFNClient({ region: settings.region }), {
    provision,
    update,
    delete: deletion,
  }),
  logger: new Logger({ service: 'vks-redrive', level: settings.logLevel }),
  now: () => new Date(),
};

export async function handler(): Promise<RedriveReport> {
  return redriveBusyClusters(deps, settings.workflows.redriveAfterMs);
}
