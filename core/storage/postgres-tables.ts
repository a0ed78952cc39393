/**
 * The PostgreSQL store's tables and the statements on them. Keys and log names are `text COLLATE "C"`
 * (byte order), so a prefix is a range of the primary key, or of the log index:
 * `key >= $1 AND key < $2`, with `$2` the prefix's end (partitions.ts).
 *
 * Names come from a prefix (default `hub`): `<prefix>_record`, `<prefix>_log`, the sequence
 * `<prefix>_revision` that numbers every write (never reused, so a compare-and-set cannot mistake a
 * record deleted and written again for the one it read), and the channel `<prefix>_changes`.
 *
 * Every statement that changes a record also notifies that channel (`pg_notify`, with the change's
 * text from change-feed.ts as its last parameter), in the same statement, only when it changed a row:
 * PostgreSQL delivers the notification when the statement's transaction commits, never if it rolls back.
 */

export const DEFAULT_TABLE_PREFIX = 'hub'
const TABLE_PREFIX = /^[a-z_][a-z0-9_]{0,39}$/

export interface Statements {
  /** Creates what is missing; run it with the advisory lock `lockName` held, so two instances can start at once. */
  create: string[]
  lockName: string
  /** What the writes notify; LISTEN to it for the changes. */
  channel: string
  /** $1 key → value, expires, revision (expired or not). */
  read: string
  /** $1 keys, $2 now → key, value, expires of the live ones. */
  readMany: string
  /** $1 key, $2 value, $3 expires, $4 notification. */
  put: string
  /** $1 key, $2 notification. */
  delete: string
  /** $1 key, $2 notification → value, expires. */
  take: string
  /** $1 prefix, $2 its end, $3 now, $4 limit (null: none) → key, value, expires. */
  list: string
  /** $1 prefix, $2 its end, $3 now, $4 notification → deleted: live records plus logs. */
  deletePrefix: string
  /** $1 log, $2 entry, $3 capacity → one row. */
  append: string
  /** $1 log, $2 limit → entry, newest first. */
  recent: string
  /** $1 now. */
  sweep: string
  /** Compare-and-set, run through `swapping`: $1 key, $2 value, $3 expires. */
  insertIfMissing: string
  /** $1 key, $2 value, $3 expires, $4 revision. */
  updateIfRevision: string
  /** $1 key, $2 revision. */
  deleteIfRevision: string
  /**
   * `swap` (one of the three above) as one statement that returns a row only if it wrote, and then
   * notifies; with `appending`, also appends a log entry and trims the log if it wrote. The
   * parameters after `swap`'s `count`: the notification, then the entry's log, entry and capacity.
   */
  swapping: (swap: string, count: number, appending: boolean) => string
}

export function statements (prefix: string): Statements {
  if (!TABLE_PREFIX.test(prefix)) throw new TypeError(`A PostgreSQL table prefix is lowercase letters, digits and _ (at most 40), got ${JSON.stringify(prefix)}`)
  const record = `${prefix}_record`
  const log = `${prefix}_log`
  const revision = `${prefix}_revision`
  const channel = `${prefix}_changes`
  const notify = (param: string): string => `pg_notify('${channel}', ${param})`
  const live = '(expires IS NULL OR expires > $3)'
  /**
   * Common table expressions that append the entry selected from `source` and keep the newest
   * `capacity`: the trim sees the log as it was before the statement (one snapshot), so it keeps
   * capacity - 1 older entries. The statement ends `SELECT 1 FROM appended`.
   */
  const appendFrom = (source: string, logParam: string, entryParam: string, capacityParam: string): string => `
    appended AS (INSERT INTO ${log} (log, entry) SELECT ${logParam}, ${entryParam} FROM ${source} RETURNING id),
    trimmed AS (
      DELETE FROM ${log} WHERE log = ${logParam} AND EXISTS (SELECT 1 FROM appended)
        AND id <= (SELECT id FROM ${log} WHERE log = ${logParam} ORDER BY id DESC OFFSET ${capacityParam}::bigint - 1 LIMIT 1)
    )`
  return {
    create: [
      `CREATE SEQUENCE IF NOT EXISTS ${revision}`,
      `CREATE TABLE IF NOT EXISTS ${record} (
        key text COLLATE "C" PRIMARY KEY,
        value text NOT NULL,
        expires bigint,
        revision bigint NOT NULL DEFAULT nextval('${revision}')
      )`,
      `CREATE INDEX IF NOT EXISTS ${record}_by_expiry ON ${record} (expires) WHERE expires IS NOT NULL`,
      `CREATE TABLE IF NOT EXISTS ${log} (id bigserial PRIMARY KEY, log text COLLATE "C" NOT NULL, entry text NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${log}_by_log ON ${log} (log, id)`
    ],
    lockName: `integration-hub:${prefix}`,
    channel,
    read: `SELECT value, expires, revision FROM ${record} WHERE key = $1`,
    readMany: `SELECT key, value, expires FROM ${record} WHERE key = ANY($1::text[]) AND (expires IS NULL OR expires > $2)`,
    put: `WITH written AS (INSERT INTO ${record} (key, value, expires) VALUES ($1, $2, $3)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires, revision = nextval('${revision}') RETURNING 1)
      SELECT ${notify('$4')} FROM written`,
    delete: `WITH deleted AS (DELETE FROM ${record} WHERE key = $1 RETURNING 1) SELECT ${notify('$2')} FROM deleted`,
    take: `WITH taken AS (DELETE FROM ${record} WHERE key = $1 RETURNING value, expires) SELECT value, expires, ${notify('$2')} FROM taken`,
    list: `SELECT key, value, expires FROM ${record} WHERE key >= $1 AND key < $2 AND ${live} ORDER BY key LIMIT $4`,
    deletePrefix: `
      WITH records AS (DELETE FROM ${record} WHERE key >= $1 AND key < $2 RETURNING expires),
      logs AS (DELETE FROM ${log} WHERE log >= $1 AND log < $2 RETURNING log)
      SELECT (SELECT count(*) FROM records WHERE ${live}) + (SELECT count(DISTINCT log) FROM logs) AS deleted,
        (SELECT ${notify('$4')} FROM records LIMIT 1) AS notified`,
    append: `WITH ${appendFrom('(VALUES (1)) AS one', '$1', '$2', '$3')} SELECT 1 FROM appended`,
    recent: `SELECT entry FROM ${log} WHERE log = $1 ORDER BY id DESC LIMIT $2`,
    sweep: `DELETE FROM ${record} WHERE expires <= $1`,
    insertIfMissing: `INSERT INTO ${record} (key, value, expires) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
    updateIfRevision: `UPDATE ${record} SET value = $2, expires = $3, revision = nextval('${revision}') WHERE key = $1 AND revision = $4`,
    deleteIfRevision: `DELETE FROM ${record} WHERE key = $1 AND revision = $2`,
    swapping: (swap, count, appending) => appending
      ? `WITH swapped AS (${swap} RETURNING 1), ${appendFrom('swapped', `$${count + 2}`, `$${count + 3}`, `$${count + 4}`)} SELECT ${notify(`$${count + 1}`)} FROM appended`
      : `WITH swapped AS (${swap} RETURNING 1) SELECT ${notify(`$${count + 1}`)} FROM swapped`
  }
}
