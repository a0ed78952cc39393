/**
 * Whether the hub will send to a webhook's URL, checked when the webhook is saved: an http(s) address,
 * without credentials, on a port fetch may call, and — when its host is a literal address — one the
 * outbound guard lets through. A host name is judged when it is resolved, at each delivery.
 */
import type { Outbound } from '../security/outbound.js'

/** Ports fetch never calls, whatever the host (the Fetch standard, "block bad port"). */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111,
  113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548,
  554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
  6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080
])

/** Why the hub will not send to this URL, in words; undefined when it may. */
export function urlProblem (outbound: Outbound, text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'Enter a full address starting with https:// (or http://), e.g. https://example.com/hooks/hub.'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `Webhooks are sent over https or http, not ${url.protocol.slice(0, -1)}.`
  if (url.username !== '' || url.password !== '') return 'Leave the user name and password out of the address: every delivery is signed instead.'
  if (BAD_PORTS.has(Number(url.port))) return `Port ${url.port} belongs to another protocol, and HTTP clients never call it: use another port.`
  const reason = outbound.refusal(url.hostname)
  if (reason !== undefined) return `${url.hostname} is not on the public internet (${reason}); the hub calls such addresses only when the operator allows them (HUB_ALLOW_PRIVATE_NETWORK).`
  return undefined
}
