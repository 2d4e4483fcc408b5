import { lookup } from 'node:dns/promises';
import { literalAddress, refusedAddressReason } from './address-policy';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Turns a host name into the addresses a connection would go to (DNS in production). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Where webhooks may go, from settings. Both permissions exist for local development only. */
export interface DestinationPolicy {
  readonly allowHttp: boolean;
  readonly allowPrivate: boolean;
  readonly resolve: Resolver;
}

export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** A destination a webhook may not be sent to, with the reason in words a customer can act on. */
export class DestinationRefusedError extends Error {
  override readonly name = 'DestinationRefusedError';
}

export const MAX_URL_LENGTH = 2048;

/** What can be told from the URL alone: scheme, credentials, and a host given as an address. */
export function checkUrl(raw: string, policy: DestinationPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DestinationRefusedError('The URL is not a valid absolute URL.');
  }
  if (raw.length > MAX_URL_LENGTH) {
    throw new DestinationRefusedError(`The URL is longer than ${MAX_URL_LENGTH} characters.`);
  }
  const schemes = policy.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    throw new DestinationRefusedError(
      `The URL must use ${policy.allowHttp ? 'http or ' : ''}https.`,
    );
  }
  if (url.username || url.password) {
    throw new DestinationRefusedError('The URL may not carry a user name or password.');
  }
  const literal = literalAddress(url.hostname);
  if (literal !== undefined) checkAddress(literal, policy);
  return url;
}

export function checkAddress(address: string, policy: DestinationPolicy): void {
  if (policy.allowPrivate) return;
  const reason = refusedAddressReason(address);
  if (reason) throw new DestinationRefusedError(`The URL points to a ${reason} address.`);
}

/**
 * The addresses `hostname` resolves to, each checked. One refused answer refuses them all: a name
 * that resolves to a public and a private address is a rebinding attempt or a mistake.
 */
export async function resolveChecked(
  hostname: string,
  policy: DestinationPolicy,
): Promise<readonly ResolvedAddress[]> {
  const literal = literalAddress(hostname);
  if (literal !== undefined) {
    checkAddress(literal, policy);
    return [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  }
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await policy.resolve(hostname);
  } catch (err) {
    throw new DestinationRefusedError(`The host ${hostname} could not be resolved.`, {
      cause: err,
    });
  }
  if (addresses.length === 0) {
    throw new DestinationRefusedError(`The host ${hostname} has no address.`);
  }
  for (const { address } of addresses) checkAddress(address, policy);
  return addresses;
}

/** The whole check made when an endpoint is registered or changed. */
export async function checkDestination(raw: string, policy: DestinationPolicy): Promise<URL> {
  const url = checkUrl(raw, policy);
  await resolveChecked(url.hostname, policy);
  return url;
}
