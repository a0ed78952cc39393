/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, made per
 * test run (smtp-server's bundled certificate has expired); and server certificates from the same
 * authority for other host names (a peer that plays login.microsoftonline.com).
 */
import { generate } from 'selfsigned'

export interface TestCertificates {
  /** The authority's certificate: what a client must trust. */
  ca: string
  key: string
  cert: string
}

interface Authority {
  key: string
  cert: string
  notAfterDate: Date
}

let authority: Promise<Authority> | undefined
let cached: Promise<TestCertificates> | undefined
const issued = new Map<string, Promise<{ key: string, cert: string }>>()

async function testAuthority (): Promise<Authority> {
  authority ??= (async () => {
    const notAfterDate = new Date(Date.now() + 24 * 60 * 60 * 1000)
    const made = await generate([{ name: 'commonName', value: 'Integration Hub Test CA' }], {
      keySize: 2048,
      notAfterDate,
      extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]
    })
    return { key: made.private, cert: made.cert, notAfterDate }
  })()
  return await authority
}

async function issue (names: string[], ips: string[]): Promise<{ key: string, cert: string }> {
  const { key, cert, notAfterDate } = await testAuthority()
  const server = await generate([{ name: 'commonName', value: names[0] ?? ips[0] ?? 'localhost' }], {
    keySize: 2048,
    notAfterDate,
    ca: { key, cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...names.map(value => ({ type: 2 as const, value })), ...ips.map(ip => ({ type: 7 as const, ip }))] }
    ]
  })
  return { key: server.private, cert: server.cert }
}

export async function testCertificates (): Promise<TestCertificates> {
  cached ??= (async () => {
    const { key, cert } = await issue(['localhost'], ['127.0.0.1'])
    return { ca: (await testAuthority()).cert, key, cert }
  })()
  return await cached
}

/**
 * A server certificate for `hostNames`, from the authority of `testCertificates()` (so a hub that
 * trusts its `ca` trusts this one too). Made once per set of names in a test process.
 */
export async function serverCertificate (hostNames: string[]): Promise<TestCertificates> {
  const id = [...hostNames].sort().join(' ')
  let made = issued.get(id)
  if (made === undefined) {
    made = issue(hostNames, [])
    issued.set(id, made)
  }
  return { ...await made, ca: (await testAuthority()).cert }
}
