import { BlockList, isIP } from 'node:net';

/**
 * Which network addresses a webhook may be delivered to. Only public unicast addresses are; the
 * ranges below are where our own network, the cloud's metadata service and other tenants' private
 * networks live, or addresses that are not unicast at all.
 */
const refused: readonly [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'this network (0.0.0.0/8)'],
  ['10.0.0.0', 8, 'ipv4', 'private (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback (127.0.0.0/8)'],
  ['169.254.0.0', 16, 'ipv4', 'link-local or instance metadata (169.254.0.0/16)'],
  ['172.16.0.0', 12, 'ipv4', 'private (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments (192.0.0.0/24)'],
  ['192.0.2.0', 24, 'ipv4', 'documentation (192.0.2.0/24)'],
  ['192.168.0.0', 16, 'ipv4', 'private (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking (198.18.0.0/15)'],
  ['198.51.100.0', 24, 'ipv4', 'documentation (198.51.100.0/24)'],
  ['203.0.113.0', 24, 'ipv4', 'documentation (203.0.113.0/24)'],
  ['224.0.0.0', 4, 'ipv4', 'multicast (224.0.0.0/4)'],
  ['240.0.0.0', 4, 'ipv4', 'reserved or broadcast (240.0.0.0/4)'],
  ['::', 128, 'ipv6', 'unspecified (::)'],
  ['::1', 128, 'ipv6', 'IPv6 loopback (::1)'],
  // Embedded IPv4 forms are refused whole: the address behind them is easy to disguise.
  ['::ffff:0:0', 96, 'ipv6', 'IPv4-mapped IPv6 (::ffff:0:0/96)'],
  ['::', 96, 'ipv6', 'IPv4-compatible IPv6 (::/96)'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64 (64:ff9b::/96)'],
  ['64:ff9b:1::', 48, 'ipv6', 'local NAT64 (64:ff9b:1::/48)'],
  ['2001::', 32, 'ipv6', 'Teredo (2001::/32)'],
  ['2001:db8::', 32, 'ipv6', 'documentation (2001:db8::/32)'],
  ['2002::', 16, 'ipv6', '6to4 (2002::/16)'],
  ['fc00::', 7, 'ipv6', 'unique-local (fc00::/7)'],
  ['fe80::', 10, 'ipv6', 'IPv6 link-local (fe80::/10)'],
  ['fec0::', 10, 'ipv6', 'site-local (fec0::/10)'],
  ['ff00::', 8, 'ipv6', 'IPv6 multicast (ff00::/8)'],
];

// One list per range, and only ranges of the address's own family are consulted: a BlockList
// also matches IPv4 addresses against IPv4-mapped IPv6 subnets.
const lists = refused.map(([network, prefix, family, label]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, family, label };
});

/**
 * The reason `address` may not be connected to, or `undefined` when it is a public unicast
 * address. Anything that is not an IP address at all is refused too.
 */
export function refusedAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return lists.find((range) => range.family === type && range.list.check(address, type))?.label;
}

/**
 * The IP address a URL host names literally, with IPv6 brackets dropped, or `undefined` for a
 * host name. The WHATWG URL parser has already turned numeric forms such as `2130706433`,
 * `0x7f000001` and `0177.0.0.1` into dotted IPv4.
 */
export function literalAddress(hostname: string): string | undefined {
  const bare =
    hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : undefined;
}
