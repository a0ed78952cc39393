/**
 * Scrubs known secret values from text that leaves the hub (messages, details, log lines),
 * including their common encodings, since a remote may echo a secret back in any of them.
 */
const REDACTED = '[redacted]'

export function redactor (secrets: string[]): (text: string) => string {
  const needles = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < 4) continue
    needles.add(secret)
    needles.add(encodeURIComponent(secret))
    needles.add(Buffer.from(secret).toString('base64'))
    needles.add(JSON.stringify(secret).slice(1, -1))
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length)
  if (ordered.length === 0) return text => text
  return (text) => {
    let result = text
    for (const needle of ordered) result = result.split(needle).join(REDACTED)
    return result
  }
}
