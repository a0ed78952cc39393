/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, made per
 * test run (smtp-server's bundled certificate has expired).
 */
import { generate } from 'selfsigned'

export interface TestCertificates {
  /** The authority's certificate: what a client must trust. */
  ca: string
  key: string
  cert: string
}

let cached: Promise<TestCertificates> | undefined

export async function testCertificates (): Promise<TestCertificates> {
  cached ??= (async () => {
    const notAfterDate = new Date(Date.now() + 24 * 60 * 60 * 1000)
    const authority = await generate([{ name: 'commonName', value: 'Integration Hub Test CA' }], {
      keySize: 2048,
      notAfterDate,
      extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]
    })
    const server = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      notAfterDate,
      ca: { key: authority.private, cert: authority.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }
      ]
    })
    return { ca: authority.cert, key: server.private, cert: server.cert }
  })()
  return await cached
}
