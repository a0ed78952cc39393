/**
 * The Save benchmark's SMTP server, in a process of its own as a real mail server is: the work it
 * does for each session must not run on the event loop being measured. Prints one line,
 * `{"host","port","ca"}`, once it listens; exits when its stdin closes.
 */
import { startSmtpPeer } from '../test/support/peers/smtp.js'
import { testCertificates } from '../test/support/peers/certificates.js'

const { ca } = await testCertificates()
const peer = await startSmtpPeer()
process.stdout.write(`${JSON.stringify({ host: peer.host, port: peer.port, ca })}\n`)
process.stdin.resume()
process.stdin.once('end', () => { void peer.close().then(() => process.exit(0)) })
