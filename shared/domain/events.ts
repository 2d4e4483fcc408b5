/** The closed catalogue of events integrations hear about (webhooks and `GET /v1/events`). */
export const EventTypes = {
  'enterprise.updated': 'The enterprise name, contact e-mail or billing address changed.',
  'member.invited': 'An invitation was sent.',
  'member.joined': 'An invitation was accepted and the member signed in.',
  'member.role_changed': "A member's role changed.",
  'member.removed': 'A member was removed.',
  'administrator.transferred': 'The administrator role was handed to another member.',
  'cluster.provisioning': 'A virtual cluster was requested and is being provisioned.',
  'cluster.ready': 'A virtual cluster is ready for workloads.',
  'cluster.updated': "A virtual cluster's GPU limits are changing.",
  'cluster.failed': 'A virtual cluster operation failed.',
  'cluster.deleted': 'A virtual cluster was deleted.',
  'quota.changed': "The enterprise's parallelism limit or its reservations changed.",
  'service_export.ready': 'A service export has an external endpoint.',
  'service_export.deleted': 'A service export was removed.',
  'webhook.test': 'A test delivery asked for through the API.',
  'webhook.disabled': 'A webhook endpoint was disabled after failing deliveries.',
} as const;

export type EventType = keyof typeof EventTypes;

export interface DomainEvent {
  readonly id: string;
  readonly type: EventType;
  readonly timestamp: string;
  readonly enterpriseId: string;
  readonly data: Record<string, unknown>;
}
