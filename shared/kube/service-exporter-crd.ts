import { EXPORT_NAME_PATTERN, ExportPhases, ExportProtocols } from '../domain/service-export';
import { SERVICE_NAME_PATTERN } from '../domain/service-export';
import type { KubeObject } from '../ports/kube';
import { MANAGED_BY, MANAGED_BY_LABEL } from './labels';

export const EXPORTER_GROUP = 'vks.io';
export const EXPORTER_API_VERSION = `${EXPORTER_GROUP}/v1`;
export const EXPORTER_KIND = 'ServiceExporter';
const PLURAL = 'serviceexporters';

const platformLabels = { [MANAGED_BY_LABEL]: MANAGED_BY };

/** The JSON Schema of a ServiceExporter, as the API server checks it (structural, no extras). */
export const serviceExporterSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['service', 'port', 'protocol'],
      properties: {
        service: {
          type: 'string',
          description: 'A Service in the same namespace; a bare name, never namespace-qualified.',
          pattern: SERVICE_NAME_PATTERN.source,
          maxLength: 63,
        },
        port: {
          type: 'integer',
          description: 'The Service port to expose.',
          minimum: 1,
          maximum: 65535,
        },
        protocol: {
          type: 'string',
          description: 'HTTP: a host on the shared ingress with TLS. TCP: a network load balancer.',
          enum: [...ExportProtocols],
        },
      },
    },
    status: {
      type: 'object',
      properties: {
        phase: { type: 'string', enum: ExportPhases.filter((p) => p !== 'DELETING') },
        reason: { type: 'string' },
        endpoint: {
          type: 'object',
          properties: {
            host: { type: 'string' },
            port: { type: 'integer' },
            url: { type: 'string' },
          },
        },
        conditions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
            properties: {
              type: { type: 'string' },
              status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
              reason: { type: 'string' },
              message: { type: 'string' },
              lastTransitionTime: { type: 'string' },
              observedGeneration: { type: 'integer' },
            },
          },
        },
      },
    },
  },
} as const;

/**
 * The ServiceExporter CRD: namespaced, `vks.io/v1`, with a status subresource so that tenants
 * (who get the main resource only) can never write the status the control plane reports. The
 * printer columns make `kubectl get serviceexporters` show the phase and the endpoint.
 */
export function serviceExporterCrd(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${PLURAL}.${EXPORTER_GROUP}`, labels: platformLabels },
    spec: {
      group: EXPORTER_GROUP,
      scope: 'Namespaced',
      names: {
        plural: PLURAL,
        singular: 'serviceexporter',
        kind: EXPORTER_KIND,
        listKind: `${EXPORTER_KIND}List`,
        shortNames: ['sx'],
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              ...serviceExporterSchema,
              'x-kubernetes-validations': [
                {
                  rule: `self.metadata.name.matches('${EXPORT_NAME_PATTERN.source}')`,
                  message: 'The name must be a DNS label of 1 to 30 characters.',
                },
              ],
            },
          },
          additionalPrinterColumns: [
            { name: 'Service', type: 'string', jsonPath: '.spec.service' },
            { name: 'Port', type: 'integer', jsonPath: '.spec.port' },
            { name: 'Protocol', type: 'string', jsonPath: '.spec.protocol' },
            { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
            { name: 'Endpoint', type: 'string', jsonPath: '.status.endpoint.url' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
      ],
    },
  };
}

/**
 * Tenants reach their namespace through RoleBindings to the built-in `admin`, `edit` and `view`
 * ClusterRoles; these two ClusterRoles aggregate into them, so a grant of `edit` or `admin` may
 * create, change and delete ServiceExporters in its own namespace and `view` may read them.
 * Neither names `serviceexporters/status`: only the control plane writes the status.
 */
export function serviceExporterRoles(): KubeObject[] {
  const role = (name: string, aggregateTo: string[], verbs: string[]): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: {
        ...platformLabels,
        ...Object.fromEntries(
          aggregateTo.map((level) => [`rbac.authorization.k8s.io/aggregate-to-${level}`, 'true']),
        ),
      },
    },
    rules: [{ apiGroups: [EXPORTER_GROUP], resources: [PLURAL], verbs }],
  });
  return [
    role(
      'vks-serviceexporters-edit',
      ['admin', 'edit'],
      ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
    ),
    role('vks-serviceexporters-view', ['view'], ['get', 'list', 'watch']),
  ];
}
