/**
 * Decides, as the NetworkPolicy API defines it, whether the policies of one namespace let a
 * connection through: a pod selected by no policy of a direction is open in that direction; one
 * selected by any is open only where some rule of a selecting policy allows the peer and port.
 * It covers the selectors the control plane writes (matchLabels, ipBlock with except, ports).
 */
export interface Peer {
  /** Absent for an address outside the cluster. */
  readonly namespace?: string;
  readonly namespaceLabels?: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly ip: string;
}

export interface Connection {
  readonly direction: 'Ingress' | 'Egress';
  /** The pod inside the namespace whose policies are evaluated. */
  readonly pod: Record<string, string>;
  readonly peer: Peer;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

const matches = (selector: any, labels: Record<string, string>) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

function ipv4(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4(base!) / size) * size;
  return ipv4(ip) >= start && ipv4(ip) < start + size;
}

function peerAllowed(rulePeer: any, peer: Peer, ownNamespace: string): boolean {
  if (rulePeer.ipBlock) {
    const { cidr, except = [] } = rulePeer.ipBlock;
    return inCidr(peer.ip, cidr) && !except.some((e: string) => inCidr(peer.ip, e));
  }
  if (peer.namespace === undefined) return false;
  const labels = { ...peer.namespaceLabels, 'kubernetes.io/metadata.name': peer.namespace };
  const namespaceOk = rulePeer.namespaceSelector
    ? matches(rulePeer.namespaceSelector, labels)
    : peer.namespace === ownNamespace;
  const podOk = rulePeer.podSelector ? matches(rulePeer.podSelector, peer.podLabels) : true;
  return namespaceOk && podOk;
}

export function allows(policies: any[], ownNamespace: string, c: Connection): boolean {
  const selecting = policies.filter(
    (p) => p.spec.policyTypes.includes(c.direction) && matches(p.spec.podSelector, c.pod),
  );
  if (selecting.length === 0) return true;
  const rulesKey = c.direction === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = c.direction === 'Ingress' ? 'from' : 'to';
  return selecting.some((p) =>
    (p.spec[rulesKey] ?? []).some((rule: any) => {
      const peerOk =
        rule[peersKey] === undefined ||
        rule[peersKey].some((rp: any) => peerAllowed(rp, c.peer, ownNamespace));
      const portOk =
        rule.ports === undefined ||
        rule.ports.some((p: any) => p.port === c.port && (p.protocol ?? 'TCP') === c.protocol);
      return peerOk && portOk;
    }),
  );
}
