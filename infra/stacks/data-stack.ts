import { RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TTL_ATTRIBUTE } from '../../shared/store/keys';
import { tableSchema } from '../../shared/store/schema';

/**
 * What must outlive every deployment of the compute: the table and the signing keys. Both are
 * retained when the stack is deleted, and the table has deletion protection and point-in-time
 * recovery.
 */
export class DataStack extends Stack {
  readonly table: TableV2;
  readonly signingKeySecret: Secret;
  readonly webhookSealingKeySecret: Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const index = tableSchema.indexes[0];
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: tableSchema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSchema.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      dynamoStream: StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
          sortKey: { name: index.sortKey, type: AttributeType.STRING },
        },
      ],
    });

    // The API writes the first key ring into this secret on its first cold start (see
    // SecretsManagerSigningKeys); the placeholder only makes the secret exist.
    this.signingKeySecret = new Secret(this, 'SigningKeys', {
      description: 'Ed25519 key ring that signs VKS access tokens and cluster credentials',
      secretStringValue: undefined,
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'placeholder' },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.signingKeySecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Known limitation: the signing key ring is rotated by the operator with ' +
        '`npm run keys:rotate` (docs/operations.md), which keeps the previous key published, ' +
        'not by a Secrets Manager rotation Lambda.',
    });

    // Key material that seals webhook signing secrets at rest; losing it loses every endpoint's
    // secret, so it is retained like the table.
    this.webhookSealingKeySecret = new Secret(this, 'WebhookSealingKey', {
      description: 'Key material sealing VKS webhook signing secrets at rest',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.webhookSealingKeySecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Known limitation: rotating the sealing key means re-sealing every stored webhook ' +
        'secret, which no rotation Lambda does yet; the key never leaves Secrets Manager.',
    });
  }
}
