/**
 * Security headers for the hub's pages and files. helmet decides them; since they depend only on the
 * configuration, they are computed once at start and then set as a plain object on each reply
 * (helmet's middleware would rebuild the Content-Security-Policy on every request).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'

export function securityHeaders (options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: string | number) => { headers[name.toLowerCase()] = String(value) },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()] }
  }
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {})
  return headers
}

/**
 * The headers of an API answer: data, not a document. OWASP's REST Security Cheat Sheet set (the
 * rest of helmet's concern HTML): never cached, since answers hold settings; not to be framed or
 * sniffed; and the document set's resource policy and HSTS, when it has them.
 */
export function apiSecurityHeaders (documentHeaders: Record<string, string>): Record<string, string> {
  const shared = ['cross-origin-resource-policy', 'strict-transport-security'].filter(name => name in documentHeaders)
  return {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    ...Object.fromEntries(shared.map(name => [name, documentHeaders[name]!]))
  }
}
