import { uniqueEmail } from '../support/enterprises';

/** Real resources of enterprise A that the isolation suite aims at. */
export interface EnterpriseA {
  readonly enterpriseId: string;
  readonly administratorId: string;
  readonly memberId: string;
  readonly roleName: string;
  readonly invitationId: string;
  readonly apiKeyId: string;
  readonly webhookId: string;
  readonly clusterId: string;
  readonly exportName: string;
}

/**
 * A receiver nobody listens on, subscribed to an event the suite never causes, so that no
 * delivery is ever attempted while the suite compares enterprise A's partition.
 */
export const quietWebhook = { url: 'http://127.0.0.1:9/hook', eventTypes: ['cluster.deleted'] };

export interface Fixture {
  /** A value for each `{parameter}` of the path. */
  readonly params?: Record<string, string>;
  /** A valid body, so that a request that got past the checks would really change something. */
  readonly body?: unknown;
}

/**
 * One entry per operation of the OpenAPI document that is not public, keyed `METHOD path` as the
 * document spells the path. A new route fails the isolation suite until it has an entry here.
 */
export const isolationFixtures: Record<string, (a: EnterpriseA) => Fixture> = {
  'GET /v1/me': () => ({}),
  'DELETE /v1/sessions/current': () => ({}),
  'GET /v1/enterprise': () => ({}),
  'PATCH /v1/enterprise': () => ({ body: { name: 'Renamed by an outsider' } }),
  'PUT /v1/enterprise/administrator': (a) => ({ body: { accountId: a.memberId } }),
  'GET /v1/permissions': () => ({}),
  'GET /v1/roles': () => ({}),
  'POST /v1/roles': () => ({ body: { name: 'intruder-role', permissions: ['usage:read'] } }),
  'GET /v1/roles/{name}': (a) => ({ params: { name: a.roleName } }),
  'PUT /v1/roles/{name}': (a) => ({
    params: { name: a.roleName },
    body: { description: 'Taken over', permissions: ['usage:read'] },
  }),
  'DELETE /v1/roles/{name}': (a) => ({ params: { name: a.roleName } }),
  'POST /v1/invitations': () => ({ body: { email: uniqueEmail('intruder'), role: 'member' } }),
  'GET /v1/invitations': () => ({}),
  'DELETE /v1/invitations/{id}': (a) => ({ params: { id: a.invitationId } }),
  'GET /v1/members': () => ({}),
  'GET /v1/members/{id}': (a) => ({ params: { id: a.memberId } }),
  'PATCH /v1/members/{id}': (a) => ({ params: { id: a.memberId }, body: { role: 'member' } }),
  'DELETE /v1/members/{id}': (a) => ({ params: { id: a.memberId } }),
  'POST /v1/api-keys': () => ({ body: { name: 'intruder key', permissions: ['usage:read'] } }),
  'GET /v1/api-keys': () => ({}),
  'DELETE /v1/api-keys/{id}': (a) => ({ params: { id: a.apiKeyId } }),
  'GET /v1/audit-events': () => ({}),
  'GET /v1/event-types': () => ({}),
  'GET /v1/events': () => ({}),
  'POST /v1/webhooks': () => ({ body: quietWebhook }),
  'GET /v1/webhooks': () => ({}),
  'GET /v1/webhooks/{id}': (a) => ({ params: { id: a.webhookId } }),
  'PATCH /v1/webhooks/{id}': (a) => ({ params: { id: a.webhookId }, body: { enabled: false } }),
  'DELETE /v1/webhooks/{id}': (a) => ({ params: { id: a.webhookId } }),
  'POST /v1/webhooks/{id}/rotate-secret': (a) => ({ params: { id: a.webhookId } }),
  'POST /v1/webhooks/{id}/test': (a) => ({ params: { id: a.webhookId } }),
  'GET /v1/webhooks/{id}/deliveries': (a) => ({ params: { id: a.webhookId } }),
  'GET /v1/gpu-types': () => ({}),
  'GET /v1/usage': () => ({}),
  'POST /v1/clusters': () => ({ body: { name: 'intruder', gpuLimits: { a10g: 1 } } }),
  'GET /v1/clusters': () => ({}),
  'GET /v1/clusters/{id}': (a) => ({ params: { id: a.clusterId } }),
  'PATCH /v1/clusters/{id}': (a) => ({
    params: { id: a.clusterId },
    body: { gpuLimits: { a10g: 2 } },
  }),
  'DELETE /v1/clusters/{id}': (a) => ({ params: { id: a.clusterId } }),
  'GET /v1/clusters/{id}/access': (a) => ({ params: { id: a.clusterId } }),
  'PUT /v1/clusters/{id}/access/{accountId}': (a) => ({
    params: { id: a.clusterId, accountId: a.memberId },
    body: { level: 'admin' },
  }),
  'DELETE /v1/clusters/{id}/access/{accountId}': (a) => ({
    params: { id: a.clusterId, accountId: a.memberId },
  }),
  'POST /v1/clusters/{id}/credentials': (a) => ({ params: { id: a.clusterId } }),
  'GET /v1/clusters/{id}/kubeconfig': (a) => ({ params: { id: a.clusterId } }),
  'GET /v1/clusters/{id}/manifests': (a) => ({ params: { id: a.clusterId } }),
  'POST /v1/clusters/{id}/service-exports': (a) => ({
    params: { id: a.clusterId },
    body: { name: 'intruder', service: 'web', port: 80, protocol: 'HTTP' },
  }),
  'GET /v1/clusters/{id}/service-exports': (a) => ({ params: { id: a.clusterId } }),
  'GET /v1/clusters/{id}/service-exports/{name}': (a) => ({
    params: { id: a.clusterId, name: a.exportName },
  }),
  'DELETE /v1/clusters/{id}/service-exports/{name}': (a) => ({
    params: { id: a.clusterId, name: a.exportName },
  }),
  // Operator routes refuse every tenant credential with 403, the other enterprise's included.
  'PUT /v1/platform/gpu-types/{type}': () => ({
    params: { type: 'a10g' },
    body: {
      displayName: 'Taken over',
      instanceType: 'g5.xlarge',
      gpusPerNode: 1,
      maxNodes: 1,
      capacityType: 'SPOT',
    },
  }),
  'GET /v1/platform/enterprises': () => ({}),
  'PATCH /v1/platform/enterprises/{id}': (a) => ({
    params: { id: a.enterpriseId },
    body: { parallelismLimit: { total: 1000 } },
  }),
  'GET /v1/platform/node-pools': () => ({}),
};

/** The x-permission of operator routes, which no tenant credential holds. */
export const OPERATOR_ONLY = 'platform-operator';
