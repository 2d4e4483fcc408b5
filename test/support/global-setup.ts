import type { TestProject } from 'vitest/node';
import { buildCli } from '../../functions/cli/build';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';

/**
 * One in-memory DynamoDB Local for the whole run; each suite works in a table of its own. The CLI is
 * built first, so that its tests run the `vks` bin of this code.
 */
export default async function setup(project: TestProject) {
  await buildCli();
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}
