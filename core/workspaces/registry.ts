/**
 * The workspaces: the `default` one that always exists and those an operator creates. Each has its
 * own data key (sealed under the master key), which seals its secrets: deleting a workspace destroys
 * the key, so nothing of it can be decrypted again; rotating the master key re-seals data keys only.
 * Each also has an epoch, written into every record it owns, so a record left behind by a deleted
 * workspace is never taken for the data of a new workspace of the same id.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { WorkspaceView } from '../api/types.js'
import { DEFAULT_WORKSPACE } from '../contract/names.js'
import { errors } from '../errors.js'
import { SecretBox } from '../security/secret-box.js'
import { cachedValue } from '../storage/cached.js'
import { keys, workspacePartition } from '../storage/keys.js'
import type { Frozen, HubStore } from '../storage/store.js'

interface WorkspaceRecord {
  id: string
  name: string
  epoch: string
  createdAt: string
  updatedAt: string
  /** The data key, sealed under the master key. */
  dataKey: string
  /** Set while the workspace is being deleted: it answers 404 from then on. */
  deleting?: boolean
}

/** A workspace as requests use it: who it is, its epoch, and the box that seals its secrets. */
export interface Workspace {
  readonly id: string
  readonly epoch: string
  /** Opened when first needed: reading a catalog needs no key. */
  box(): SecretBox
  /**
   * The box to seal new secrets with. When the data key cannot be opened any more (the master key
   * that sealed it is gone) and nothing sealed with it is left, a new data key takes its place, so a
   * workspace whose secrets were lost can be set up again; while sealed secrets remain it refuses, so
   * restoring the old master key still recovers them.
   */
  sealingBox(): Promise<SecretBox>
}

const dataKeyPlace = (id: string): string => `workspace/${id}/data-key`

export class Workspaces {
  readonly #store: HubStore
  readonly #master: SecretBox
  /** Opened data keys by their sealed form: a rotation or a new workspace is a new entry. */
  readonly #boxes = new Map<string, SecretBox>()
  readonly #byRecord = new WeakMap<object, Workspace>()
  /** The key of each workspace's record, built once (see `isCurrent`). */
  readonly #keys = new WeakMap<Workspace, string>()
  readonly #onDeleted: (id: string) => void

  constructor (options: { store: HubStore, master: SecretBox, onDeleted?: (id: string) => void }) {
    this.#store = options.store
    this.#master = options.master
    this.#onDeleted = options.onDeleted ?? (() => {})
  }

  /** Creates `default` when it does not exist yet, and finishes deletions a stopped instance left. */
  async open (): Promise<void> {
    await this.#store.update<WorkspaceRecord>(keys.workspace(DEFAULT_WORKSPACE), current => current ?? this.#newRecord(DEFAULT_WORKSPACE, 'Default'))
    for (const { value } of await this.#store.list<WorkspaceRecord>(keys.workspaces)) {
      if (value.deleting === true) await this.#erase(value.id)
    }
  }

  /** The workspace, or undefined when there is none of that id (or it is being deleted). */
  async get (id: string): Promise<Workspace | undefined> {
    const key = keys.workspace(id)
    const record = await this.#store.get<WorkspaceRecord>(key)
    if (record === undefined || record.deleting === true) return undefined
    // The store hands out one frozen record until it changes: one Workspace per record, not per request.
    let workspace = this.#byRecord.get(record)
    if (workspace === undefined) {
      workspace = { id: record.id, epoch: record.epoch, box: () => this.#box(record), sealingBox: async () => await this.#sealingBox(record) }
      this.#byRecord.set(record, workspace)
      this.#keys.set(workspace, key)
    }
    return workspace
  }

  /** Whether `get` would answer `workspace` again, as far as the store's read cache knows without reading (false when it does not know). */
  isCurrent (workspace: Workspace): boolean {
    const record = cachedValue<WorkspaceRecord>(this.#store, this.#keys.get(workspace) ?? keys.workspace(workspace.id))?.value
    return record !== undefined && record.deleting !== true && this.#byRecord.get(record) === workspace
  }

  async view (id: string): Promise<WorkspaceView | undefined> {
    const record = await this.#store.get<WorkspaceRecord>(keys.workspace(id))
    return record === undefined || record.deleting === true ? undefined : viewOf(record)
  }

  async list (): Promise<WorkspaceView[]> {
    return (await this.#store.list<WorkspaceRecord>(keys.workspaces)).map(({ value }) => value).filter(record => record.deleting !== true).map(viewOf)
  }

  async create (id: string, name: string): Promise<WorkspaceView> {
    const existing = await this.#store.get<WorkspaceRecord>(keys.workspace(id))
    if (existing !== undefined) throw errors.workspaceExists(id)
    // Whatever a deleted namesake left behind (a write that raced its deletion) goes first.
    await this.#store.deletePrefix(workspacePartition(id))
    const { next, previous } = await this.#store.update<WorkspaceRecord>(keys.workspace(id), current => current ?? this.#newRecord(id, name))
    if (previous !== undefined) throw errors.workspaceExists(id)
    return viewOf(next!)
  }

  async rename (id: string, name: string): Promise<WorkspaceView> {
    const { next } = await this.#store.update<WorkspaceRecord>(keys.workspace(id), current =>
      current === undefined || current.deleting === true ? current : { ...current, name, updatedAt: new Date().toISOString() })
    if (next === undefined || next.deleting === true) throw errors.unknownWorkspace(id)
    return viewOf(next)
  }

  /**
   * Deletes a workspace and everything it owns. It is marked first (every instance answers 404 for
   * it from that write on), then its partition goes, then its record with the data key.
   */
  async remove (id: string): Promise<void> {
    if (id === DEFAULT_WORKSPACE) throw errors.workspaceProtected()
    const { next } = await this.#store.update<WorkspaceRecord>(keys.workspace(id), current => current === undefined ? undefined : { ...current, deleting: true })
    if (next === undefined) throw errors.unknownWorkspace(id)
    await this.#erase(id)
  }

  /**
   * Seals every data key again under the master key's active key (after `HUB_ENCRYPTION_KEY` gained a
   * new first key); resolves to how many were re-sealed. A data key no key of the ring opens is named.
   */
  async resealDataKeys (): Promise<{ resealed: number, unreadable: string[] }> {
    let resealed = 0
    const unreadable: string[] = []
    for (const { value } of await this.#store.list<WorkspaceRecord>(keys.workspaces)) {
      if (SecretBox.keyIdOf(value.dataKey) === this.#master.activeKeyId) continue
      try {
        this.#master.open(value.dataKey, dataKeyPlace(value.id))
      } catch {
        unreadable.push(value.id)
        continue
      }
      await this.#store.update<WorkspaceRecord>(keys.workspace(value.id), current => current === undefined
        ? undefined
        : { ...current, dataKey: this.#master.seal(this.#master.open(current.dataKey, dataKeyPlace(current.id)), dataKeyPlace(current.id)) })
      resealed++
    }
    return { resealed, unreadable }
  }

  async #erase (id: string): Promise<void> {
    this.#onDeleted(id)
    await this.#store.deletePrefix(workspacePartition(id))
    await this.#store.update<WorkspaceRecord>(keys.workspace(id), current => current?.deleting === true ? undefined : current)
  }

  #newRecord (id: string, name: string): WorkspaceRecord {
    const now = new Date().toISOString()
    return { id, name, epoch: randomUUID(), createdAt: now, updatedAt: now, dataKey: this.#master.seal(randomBytes(32).toString('base64'), dataKeyPlace(id)) }
  }

  async #sealingBox (record: Frozen<WorkspaceRecord>): Promise<SecretBox> {
    try {
      return this.#box(record)
    } catch (error) {
      const records = await this.#store.list<{ epoch: string, connections: Record<string, { sealed: string[] }> }>(`${workspacePartition(record.id)}integration/`)
      const sealed = records.some(({ value }) => value.epoch === record.epoch && Object.values(value.connections).some(connection => connection.sealed.length > 0))
      if (sealed) throw error
      const { next } = await this.#store.update<WorkspaceRecord>(keys.workspace(record.id), current => current === undefined || current.epoch !== record.epoch || current.dataKey !== record.dataKey
        ? current
        : { ...current, dataKey: this.#newRecord(record.id, record.name).dataKey, updatedAt: new Date().toISOString() })
      if (next === undefined) throw errors.unknownWorkspace(record.id)
      return this.#box(next)
    }
  }

  #box (record: Frozen<WorkspaceRecord>): SecretBox {
    let box = this.#boxes.get(record.dataKey)
    if (box === undefined) {
      try {
        box = new SecretBox([Buffer.from(this.#master.open(record.dataKey, dataKeyPlace(record.id)), 'base64')])
      } catch (error) {
        throw errors.secretUnreadable(`the workspace “${record.id}”`, error)
      }
      this.#boxes.set(record.dataKey, box)
    }
    return box
  }
}

function viewOf (record: Frozen<WorkspaceRecord>): WorkspaceView {
  return { id: record.id, name: record.name, createdAt: record.createdAt, updatedAt: record.updatedAt }
}
