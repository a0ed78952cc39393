/**
 * The key convention every backend relies on (documented on `HubStore`): partitions, the key range a
 * prefix covers, and key order.
 */

/** A key's partition: its first two segments and the slash after them; undefined for a key with fewer than two `/`. */
export function partitionOf (key: string): string | undefined {
  const first = key.indexOf('/')
  if (first === -1) return undefined
  const second = key.indexOf('/', first + 1)
  return second === -1 ? undefined : key.slice(0, second + 1)
}

/** The partition a `list` or `deletePrefix` prefix lies in; a TypeError for a prefix that lies in none. */
export function prefixPartition (prefix: string): string {
  const partition = typeof prefix === 'string' ? partitionOf(prefix) : undefined
  if (partition === undefined) {
    throw new TypeError(`A store prefix must be a partition or lie inside one (at least two "/", like "ws/acme/"); got ${JSON.stringify(prefix)}`)
  }
  return partition
}

/**
 * The first string after every string that starts with `prefix`, in code point order (which is the
 * byte order of UTF-8): `key >= prefix AND key < prefixEnd(prefix)` is the prefix as an index range.
 */
export function prefixEnd (prefix: string): string {
  const points = Array.from(prefix)
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!
    if (last < 0x10FFFF) {
      // The surrogates are no code points of their own: the next one after U+D7FF is U+E000.
      return points.join('') + String.fromCodePoint(last === 0xD7FF ? 0xE000 : last + 1)
    }
  }
  throw new TypeError(`No key range follows ${JSON.stringify(prefix)}`)
}

/** Key order: the byte order of UTF-8, as SQLite, PostgreSQL (collation "C") and Redis sort. */
export function compareKeys (a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}
