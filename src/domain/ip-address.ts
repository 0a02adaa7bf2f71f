/**
 * Where on the network an IP address points: the public internet, or a private, loopback,
 * link-local or otherwise reserved range (RFC 6890 and the IANA special-purpose registries).
 * Webhooks are refused for anything but `public` unless configuration allows it, so that an
 * admin's URL cannot reach the city's own network or a cloud metadata address. Pure.
 */
export type AddressClass = 'public' | 'private' | 'loopback' | 'link_local' | 'reserved';

/** The class of an IPv4 or IPv6 literal (brackets and zone allowed); null if not an address. */
export function classifyAddress(address: string): AddressClass | null {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const v4 = parseIPv4(bare);
  if (v4 !== null) return classifyIPv4(v4);
  const v6 = parseIPv6(bare.replace(/%.*$/, ''));

  return v6 ? classifyIPv6(v6) : null;
}

/**
 * The part of an address that names one client, for counting requests and failed logins: an
 * IPv4 address as it is (also when written IPv4-mapped, `::ffff:a.b.c.d`), and for IPv6 its
 * /64, since one subscriber usually holds a whole /64 and could otherwise count afresh from
 * each of its addresses. Anything else is returned unchanged.
 */
export function clientBucket(address: string): string {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (parseIPv4(bare) !== null) return bare;
  const g = parseIPv6(bare);
  if (!g) return address;
  if (g.slice(0, 5).every((part) => part === 0) && g[5] === 0xffff) {
    return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
  }

  return `${g.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}

// --- IPv4 -----------------------------------------------------------------------------------

const IPV4_RANGES: [string, number, AddressClass][] = [
  ['0.0.0.0', 8, 'reserved'], // "this network"
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'], // includes cloud metadata 169.254.169.254
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'reserved'], // multicast
  ['240.0.0.0', 4, 'reserved'], // future use and broadcast
];

function classifyIPv4(value: number): AddressClass {
  for (const [base, bits, kind] of IPV4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if (((value & mask) >>> 0) === parseIPv4(base)) return kind;
  }

  return 'public';
}

function parseIPv4(text: string): number | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const parts = match.slice(1).map(Number);
  if (parts.some((part) => part > 255)) return null;

  return parts.reduce((sum, part) => sum * 256 + part, 0);
}

// --- IPv6 -----------------------------------------------------------------------------------

function classifyIPv6(g: number[]): AddressClass {
  const embeddedV4 = (hi: number, lo: number) => classifyIPv4(hi * 65536 + lo);
  const zeros = (from: number, to: number) => g.slice(from, to).every((part) => part === 0);

  if (zeros(0, 8)) return 'reserved'; // unspecified ::
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  if (zeros(0, 5) && g[5] === 0xffff) return embeddedV4(g[6]!, g[7]!); // IPv4-mapped
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embeddedV4(g[6]!, g[7]!); // NAT64
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private'; // local-use NAT64
  if ((g[0]! & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link_local';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'private'; // old site-local
  if ((g[0]! & 0xe000) !== 0x2000) return 'reserved'; // outside global unicast 2000::/3
  if (g[0] === 0x2001 && (g[1]! < 0x0200 || g[1] === 0x0db8)) return 'reserved'; // IETF, docs
  if (g[0] === 0x2002) return embeddedV4(g[1]!, g[2]!); // 6to4 carries an IPv4 address

  return 'public';
}

/** Eight 16-bit groups, or null. Accepts `::` compression and a dotted IPv4 tail. */
function parseIPv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  let tail: number[] = [];
  let head = text;
  const v4Tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const v4 = parseIPv4(v4Tail[2]!);
    if (v4 === null) return null;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    head = v4Tail[1]!.endsWith('::') ? v4Tail[1]! : v4Tail[1]!.slice(0, -1);
  }

  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...left, ...right].some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return null;

  const given = left.length + right.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const fill = new Array<number>(8 - given).fill(0);

  const hex = (group: string) => parseInt(group, 16);

  return [...left.map(hex), ...fill, ...right.map(hex), ...tail];
}
