/** Who is acting. Recorded on every audit event. */
export type Actor =
  | { readonly kind: 'account'; readonly id: string }
  | { readonly kind: 'api-key'; readonly id: string; readonly accountId: string }
  | { readonly kind: 'operator' }
  | { readonly kind: 'system' };

/** What every change carries from the request that caused it, for the audit log and the logs. */
export interface RequestContext {
  readonly requestId: string;
  readonly sourceIp: string;
  readonly actor: Actor;
}

export const systemContext = (requestId: string): RequestContext => ({
  requestId,
  sourceIp: 'internal',
  actor: { kind: 'system' },
});
