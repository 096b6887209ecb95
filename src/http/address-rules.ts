import { BlockList, isIP, isIPv4 } from 'node:net';

/**
 * Where an IP address leads. Only `public` addresses may be fetched on a user's behalf: every
 * other class reaches this machine, its network or its cloud (169.254.169.254 is the metadata
 * service of Azure and others), or no one in particular.
 */
export type AddressClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'multicast' | 'unspecified' | 'reserved' | 'invalid';

const RANGES: ReadonlyArray<readonly [AddressClass, 'ipv4' | 'ipv6', string, number]> = [
  ['unspecified', 'ipv4', '0.0.0.0', 8],
  ['private', 'ipv4', '10.0.0.0', 8],
  ['private', 'ipv4', '100.64.0.0', 10], // carrier-grade NAT
  ['loopback', 'ipv4', '127.0.0.0', 8],
  ['link-local', 'ipv4', '169.254.0.0', 16],
  ['private', 'ipv4', '172.16.0.0', 12],
  ['reserved', 'ipv4', '192.0.0.0', 24], // IETF protocol assignments
  ['reserved', 'ipv4', '192.0.2.0', 24], // documentation
  ['reserved', 'ipv4', '192.88.99.0', 24], // 6to4 relay anycast
  ['private', 'ipv4', '192.168.0.0', 16],
  ['reserved', 'ipv4', '198.18.0.0', 15], // benchmarking
  ['reserved', 'ipv4', '198.51.100.0', 24], // documentation
  ['reserved', 'ipv4', '203.0.113.0', 24], // documentation
  ['multicast', 'ipv4', '224.0.0.0', 4],
  ['reserved', 'ipv4', '240.0.0.0', 4], // incl. 255.255.255.255
  ['unspecified', 'ipv6', '::', 128],
  ['loopback', 'ipv6', '::1', 128],
  ['reserved', 'ipv6', '::', 96], // IPv4-compatible (deprecated)
  ['reserved', 'ipv6', '100::', 64], // discard
  ['reserved', 'ipv6', '2001::', 32], // Teredo
  ['reserved', 'ipv6', '2001:db8::', 32], // documentation
  ['private', 'ipv6', 'fc00::', 7], // unique local
  ['link-local', 'ipv6', 'fe80::', 10],
  ['private', 'ipv6', 'fec0::', 10], // site-local (deprecated)
  ['multicast', 'ipv6', 'ff00::', 8],
];

/** One block list per class, built once; checked in this order (::1 is loopback before it is "reserved"). */
const LISTS: ReadonlyMap<AddressClass, BlockList> = (() => {
  const lists = new Map<AddressClass, BlockList>();
  for (const [kind, type, network, prefix] of RANGES) {
    const list = lists.get(kind) ?? new BlockList();
    list.addSubnet(network, prefix, type);
    lists.set(kind, list);
  }
  return lists;
})();

/** IPv6 forms that carry an IPv4 address, which is what they reach: mapped, NAT64, 6to4. */
function embeddedIPv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0{1,4}:)?|64:ff9b::)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:(?:0{1,4}:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) return hexPairToIPv4(hex[1]!, hex[2]!);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4})(?::|$)/.exec(lower);
  if (sixToFour) return hexPairToIPv4(sixToFour[1]!, sixToFour[2]!);
  return undefined;
}

function hexPairToIPv4(high: string, low: string): string {
  const h = parseInt(high, 16);
  const l = parseInt(low, 16);
  return [h >> 8, h & 0xff, l >> 8, l & 0xff].join('.');
}

/** Classifies an IPv4 or IPv6 address (an IPv6 zone like `%eth0` is never public). */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '');
  if (bare.includes('%')) return 'link-local';
  const version = isIP(bare);
  if (version === 0) return 'invalid';
  const v4 = version === 6 ? embeddedIPv4(bare) : bare;
  if (v4 !== undefined && v4 !== bare) return isIPv4(v4) ? classifyAddress(v4) : 'invalid';
  const type = version === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of LISTS) if (list.check(bare, type)) return kind;
  return 'public';
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}
