import t from 'tap'
import { parseNetworkList, refusalReason, specialPurpose } from '../../../core/security/address-policy.js'

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
    t.equal(refusalReason(address, false), reason, `${address} refused by default`)
  }
})

t.test('the operator can open every private range or only some', async t => {
  t.equal(refusalReason('10.1.2.3', true), undefined)
  const onPremise = parseNetworkList(['10.20.0.0/16', 'fd12::/16'])
  t.equal(refusalReason('10.20.5.5', onPremise), undefined)
  t.equal(refusalReason('10.21.5.5', onPremise), 'private network')
  t.equal(refusalReason('169.254.169.254', onPremise), 'cloud metadata service')
  t.equal(refusalReason('fd12::5', onPremise), undefined)
})
