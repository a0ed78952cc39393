/**
 * Scrubs known secret values from text that leaves the hub (messages, details, log lines),
 * including the encodings a remote may echo them back in: percent- and form-encoded (a password
 * grant's body), JSON-escaped, and base64 — of the secret alone or inside a longer value such as
 * `Basic base64(user:secret)` or SMTP's `AUTH PLAIN base64(\0user\0secret)`. For base64 the
 * secret may start at any of three byte alignments, so each alignment gives its own needle: the
 * characters that depend on the secret's bytes alone.
 */
const REDACTED = '[redacted]'
/** A needle shorter than this would match ordinary text. */
const SHORTEST_NEEDLE = 4

/** The base64 characters that encode `secret` alone when it sits at byte offset 0, 1 or 2 of a longer value. */
function base64Needles (secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  const needles: string[] = []
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes])
    const encoded = padded.toString('base64')
    // The first group mixes in the bytes before the secret, the last (partial) one those after it.
    const core = encoded.slice(offset === 0 ? 0 : 4, 4 * Math.floor(padded.length / 3))
    if (core.length >= SHORTEST_NEEDLE * 2) needles.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  // The secret on its own, padding included.
  needles.push(bytes.toString('base64'), bytes.toString('base64url'))
  return needles
}

export function redactor (secrets: string[]): (text: string) => string {
  const needles = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < SHORTEST_NEEDLE) continue
    needles.add(secret)
    needles.add(encodeURIComponent(secret))
    needles.add(new URLSearchParams({ s: secret }).toString().slice(2))
    needles.add(JSON.stringify(secret).slice(1, -1))
    for (const needle of base64Needles(secret)) needles.add(needle)
  }
  const ordered = [...needles].filter(needle => needle.length >= SHORTEST_NEEDLE).sort((a, b) => b.length - a.length)
  if (ordered.length === 0) return text => text
  return (text) => {
    let result = text
    for (const needle of ordered) if (result.includes(needle)) result = result.split(needle).join(REDACTED)
    return result
  }
}
