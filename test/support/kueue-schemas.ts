/**
 * The parts of the Kueue v1beta1 CRD schemas (kueue.x-k8s.io) that the control plane writes,
 * written down from the Kueue API reference, with the same types, enums, patterns and bounds.
 * Unknown fields are refused, as the API server does under `fieldValidation=Strict`.
 */
const dnsSubdomain = {
  type: 'string',
  maxLength: 253,
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
};
const quantity = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    {
      type: 'string',
      pattern:
        '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
    },
  ],
};
const metadata = (namespaced: boolean) => ({
  type: 'object',
  required: namespaced ? ['name', 'namespace'] : ['name'],
  properties: {
    name: dnsSubdomain,
    namespace: { type: 'string', maxLength: 63 },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
});
const labelSelector = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { type: 'string' },
          values: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};
const object = (kind: string, namespaced: boolean, spec: object) => ({
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'kueue.x-k8s.io/v1beta1' },
    kind: { const: kind },
    metadata: metadata(namespaced),
    spec,
  },
  additionalProperties: false,
});

export const resourceFlavorSchema = object('ResourceFlavor', false, {
  type: 'object',
  properties: {
    nodeLabels: { type: 'object', maxProperties: 8, additionalProperties: { type: 'string' } },
    nodeTaints: {
      type: 'array',
      maxItems: 8,
      items: {
        type: 'object',
        required: ['key', 'effect'],
        properties: {
          key: { type: 'string' },
          value: { type: 'string' },
          effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
        },
        additionalProperties: false,
      },
    },
    tolerations: {
      type: 'array',
      maxItems: 8,
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          operator: { enum: ['Equal', 'Exists'] },
          value: { type: 'string' },
          effect: { enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
          tolerationSeconds: { type: 'integer' },
        },
        additionalProperties: false,
      },
    },
    topologyName: dnsSubdomain,
  },
  additionalProperties: false,
});

const flavorQuotas = {
  type: 'object',
  required: ['name', 'resources'],
  properties: {
    name: dnsSubdomain,
    resources: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      items: {
        type: 'object',
        required: ['name', 'nominalQuota'],
        properties: {
          name: { type: 'string' },
          nominalQuota: quantity,
          borrowingLimit: quantity,
          lendingLimit: quantity,
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

export const clusterQueueSchema = object('ClusterQueue', false, {
  type: 'object',
  properties: {
    cohort: { type: 'string' },
    namespaceSelector: labelSelector,
    queueingStrategy: { enum: ['StrictFIFO', 'BestEffortFIFO'] },
    stopPolicy: { enum: ['None', 'Hold', 'HoldAndDrain'] },
    preemption: {
      type: 'object',
      properties: {
        reclaimWithinCohort: { enum: ['Never', 'LowerPriority', 'Any'] },
        withinClusterQueue: { enum: ['Never', 'LowerPriority', 'LowerOrNewerEqualPriority'] },
      },
      additionalProperties: false,
    },
    resourceGroups: {
      type: 'array',
      maxItems: 16,
      items: {
        type: 'object',
        required: ['coveredResources', 'flavors'],
        properties: {
          coveredResources: { type: 'array', minItems: 1, maxItems: 64, items: { type: 'string' } },
          flavors: { type: 'array', minItems: 1, maxItems: 64, items: flavorQuotas },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
});

export const localQueueSchema = object('LocalQueue', true, {
  type: 'object',
  required: ['clusterQueue'],
  properties: {
    clusterQueue: dnsSubdomain,
    stopPolicy: { enum: ['None', 'Hold', 'HoldAndDrain'] },
  },
  additionalProperties: false,
});
