/**
 * Which network addresses outbound calls may reach. Everything that is not the public internet
 * is refused unless the operator opens it (HUB_ALLOW_PRIVATE_NETWORK).
 */
import { BlockList, isIP } from 'node:net'

/** Special-purpose ranges (IANA registries), each with the reason a person reads. */
const specialRanges: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified address'],
  ['10.0.0.0', 8, 'ipv4', 'private network'],
  ['100.64.0.0', 10, 'ipv4', 'shared (CGNAT) network'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.169.254', 32, 'ipv4', 'cloud metadata service'],
  ['169.254.0.0', 16, 'ipv4', 'link-local network'],
  ['172.16.0.0', 12, 'ipv4', 'private network'],
  ['192.0.0.0', 24, 'ipv4', 'reserved network'],
  ['192.0.2.0', 24, 'ipv4', 'documentation network'],
  ['192.88.99.0', 24, 'ipv4', 'reserved network'],
  ['192.168.0.0', 16, 'ipv4', 'private network'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking network'],
  ['198.51.100.0', 24, 'ipv4', 'documentation network'],
  ['203.0.113.0', 24, 'ipv4', 'documentation network'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved network'],
  ['::', 128, 'ipv6', 'unspecified address'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64 network'],
  ['64:ff9b:1::', 48, 'ipv6', 'NAT64 network'],
  ['100::', 64, 'ipv6', 'discard network'],
  // 6to4 and Teredo addresses carry an IPv4 address inside, private ones included.
  ['2001::', 32, 'ipv6', 'Teredo tunnel'],
  ['2002::', 16, 'ipv6', '6to4 tunnel'],
  ['2001:db8::', 32, 'ipv6', 'documentation network'],
  ['3fff::', 20, 'ipv6', 'documentation network'],
  ['fc00::', 7, 'ipv6', 'private network'],
  ['fd00:ec2::254', 128, 'ipv6', 'cloud metadata service'],
  ['fe80::', 10, 'ipv6', 'link-local network'],
  ['fec0::', 10, 'ipv6', 'private network'],
  ['ff00::', 8, 'ipv6', 'multicast']
]

const rangesByReason = new Map<string, BlockList>()
for (const [network, prefix, family, reason] of specialRanges) {
  let list = rangesByReason.get(reason)
  if (list === undefined) rangesByReason.set(reason, list = new BlockList())
  list.addSubnet(network, prefix, family)
}
// The metadata address sits inside link-local: check the more specific reason first.
const reasonOrder = ['cloud metadata service', ...[...rangesByReason.keys()].filter(reason => reason !== 'cloud metadata service')]
// The public IPv6 internet is 2000::/3; nothing outside it (IPv4-compatible ::a.b.c.d, IPv4-translated
// ::ffff:0:a.b.c.d, unassigned space) is. A list of its own: BlockList matches IPv4 against IPv6 rules.
const globalUnicast = new BlockList()
globalUnicast.addSubnet('2000::', 3, 'ipv6')

/** Turns `::ffff:10.0.0.1` (and its hex form) into `10.0.0.1`, so IPv4 rules apply to it. */
export function normalizeAddress (address: string): { address: string, family: 'ipv4' | 'ipv6' } {
  const unbracketed = address.replace(/^\[(.*)\]$/, '$1')
  if (isIP(unbracketed) === 4) return { address: unbracketed, family: 'ipv4' }
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(.+)$/i.exec(unbracketed)
  if (mapped !== null) {
    const tail = mapped[1]!
    if (isIP(tail) === 4) return { address: tail, family: 'ipv4' }
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail)
    if (hex !== null) {
      const high = parseInt(hex[1]!, 16)
      const low = parseInt(hex[2]!, 16)
      return { address: [high >> 8, high & 255, low >> 8, low & 255].join('.'), family: 'ipv4' }
    }
  }
  return { address: unbracketed, family: 'ipv6' }
}

/** Why an address is not on the public internet, or undefined when it is. */
export function specialPurpose (address: string): string | undefined {
  const normalized = normalizeAddress(address)
  const reason = reasonOrder.find(reason => rangesByReason.get(reason)!.check(normalized.address, normalized.family))
  if (reason !== undefined || normalized.family === 'ipv4') return reason
  return globalUnicast.check(normalized.address, 'ipv6') ? undefined : 'non-public IPv6 range'
}

/**
 * What the operator opens besides the public internet: `true` (HUB_ALLOW_PRIVATE_NETWORK=1) opens the
 * private networks only — RFC 1918, unique-local and shared (CGNAT) ranges, where on-premise services
 * live; loopback, link-local, metadata and the rest open only when named as ranges (`127.0.0.1/32`),
 * with `private` among them for both.
 */
export type AllowPrivate = boolean | string[]

/** Reasons `privateRanges` lets through. */
const privateReasons = new Set(['private network', 'shared (CGNAT) network'])

export interface NetworkAllowance {
  privateRanges: boolean
  /** Named ranges, one list per family: an IPv6 range never opens an IPv4 address (BlockList would match `::/0` against every IPv4 address). */
  v4: BlockList
  v6: BlockList
  /** The ranges as named, for the start-up log. */
  named: string[]
}

/** The allowance an option names; throws a plain Error naming a range that does not parse. */
export function networkAllowance (option: AllowPrivate): NetworkAllowance {
  const entries = option === true ? ['private'] : option === false ? [] : option
  const allowance: NetworkAllowance = { privateRanges: false, v4: new BlockList(), v6: new BlockList(), named: [] }
  for (const entry of entries) {
    if (entry === 'private') {
      allowance.privateRanges = true
      continue
    }
    const [network = '', prefixText] = entry.split('/')
    const family = isIP(network)
    if (family === 0) throw new Error(`"${entry}" is not an IP range`)
    const max = family === 4 ? 32 : 128
    const prefix = prefixText === undefined ? max : Number(prefixText)
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`"${entry}" has a bad prefix length`)
    if (family === 4) allowance.v4.addSubnet(network, prefix, 'ipv4')
    else allowance.v6.addSubnet(network, prefix, 'ipv6')
    allowance.named.push(`${network}/${prefix}`)
  }
  return allowance
}

/** What outbound calls may reach, in words, for the start-up log. */
export function describeAllowance (allowance: NetworkAllowance): string {
  const opened = [
    ...(allowance.privateRanges ? ['private networks (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7)'] : []),
    ...allowance.named
  ]
  return opened.length === 0 ? 'the public internet only' : `the public internet and ${opened.join(', ')}`
}

/** The reason an address is refused under the operator's allowance, or undefined when it may be reached. */
export function refusalReason (address: string, allowance: NetworkAllowance): string | undefined {
  const reason = specialPurpose(address)
  if (reason === undefined) return undefined
  if (allowance.privateRanges && privateReasons.has(reason)) return undefined
  const normalized = normalizeAddress(address)
  const list = normalized.family === 'ipv4' ? allowance.v4 : allowance.v6
  return list.check(normalized.address, normalized.family) ? undefined : reason
}
