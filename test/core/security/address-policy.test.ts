import t from 'tap'
import { describeAllowance, networkAllowance, refusalReason, specialPurpose } from '../../../core/security/address-policy.js'

t.test('every non-public address is refused by default, with its reason', async t => {
  const table: Array<[string, string | undefined]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private network'],
    ['172.16.0.1', 'private network'],
    ['172.31.255.255', 'private network'],
    ['192.168.1.1', 'private network'],
    ['100.64.0.1', 'shared (CGNAT) network'],
    ['169.254.169.254', 'cloud metadata service'],
    ['fd00:ec2::254', 'cloud metadata service'],
    ['169.254.1.1', 'link-local network'],
    ['fe80::1', 'link-local network'],
    ['fc00::1', 'private network'],
    ['fd12:3456::1', 'private network'],
    ['0.0.0.0', 'unspecified address'],
    ['::', 'unspecified address'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'cloud metadata service'],
    ['[::1]', 'loopback'],
    ['224.0.0.1', 'multicast'],
    ['8.8.8.8', undefined],
    ['172.32.0.1', undefined],
    ['2606:4700:4700::1111', undefined]
  ]
  for (const [address, reason] of table) {
    t.equal(specialPurpose(address), reason, address)
    t.equal(refusalReason(address, networkAllowance(false)), reason, `${address} refused by default`)
  }
})

t.test('"1" opens the private networks only: loopback, metadata, link-local, unspecified and multicast stay closed', async t => {
  const privateOnly = networkAllowance(true)
  const table: Array<[string, string | undefined]> = [
    ['10.1.2.3', undefined],
    ['172.16.0.1', undefined],
    ['192.168.1.1', undefined],
    ['100.64.0.1', undefined],
    ['fd12:3456::1', undefined],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['169.254.169.254', 'cloud metadata service'],
    ['fd00:ec2::254', 'cloud metadata service'],
    ['169.254.1.1', 'link-local network'],
    ['0.0.0.0', 'unspecified address'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast']
  ]
  for (const [address, reason] of table) t.equal(refusalReason(address, privateOnly), reason, address)
  t.match(describeAllowance(privateOnly), /private networks/)
  t.equal(describeAllowance(networkAllowance(false)), 'the public internet only')
})

t.test('loopback and metadata open only when named, and an IPv6 range never opens IPv4 addresses', async t => {
  const named = networkAllowance(['127.0.0.1/32', '169.254.169.254'])
  t.equal(refusalReason('127.0.0.1', named), undefined)
  t.equal(refusalReason('127.0.0.2', named), 'loopback')
  t.equal(refusalReason('169.254.169.254', named), undefined)
  t.equal(refusalReason('10.1.2.3', named), 'private network', 'naming ranges does not open the private networks')
  t.match(describeAllowance(named), '127.0.0.1/32, 169.254.169.254/32')
  const everyIpv6 = networkAllowance(['::/0'])
  t.equal(refusalReason('fd12::1', everyIpv6), undefined)
  for (const address of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '::ffff:127.0.0.1']) t.not(refusalReason(address, everyIpv6), undefined, `::/0 leaves ${address} closed`)
  t.throws(() => networkAllowance(['10.0.0.0/33']), /bad prefix/)
  t.throws(() => networkAllowance(['example.com']), /not an IP range/)
})

t.test('the operator can open some private ranges', async t => {
  const onPremise = networkAllowance(['10.20.0.0/16', 'fd12::/16'])
  t.equal(refusalReason('10.20.5.5', onPremise), undefined)
  t.equal(refusalReason('10.21.5.5', onPremise), 'private network')
  t.equal(refusalReason('169.254.169.254', onPremise), 'cloud metadata service')
  t.equal(refusalReason('fd12::5', onPremise), undefined)
})
