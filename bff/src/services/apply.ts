import type { AuthUser } from './auth-user'
import { randomUUID } from 'node:crypto'
import type { Draft, ResultVerification, UpdateDraftRequest } from '../../../contract/apply'
import type { FormSchema, ItemDetail, Material } from '../../../contract/catalog'
import { maskFieldValue } from '../../../contract/forms'
import { maskIdNumber, maskName } from '../../../contract/identity'
import type { AgencyAdapter } from '../adapters/agency/types'
import { sharedVerifiedMaterialIds } from '../adapters/datasharing'
import type { DataSharingAdapter } from '../adapters/datasharing/types'
import type { FileStorage } from '../adapters/storage/types'
import type { Db } from '../db'
import { AppError, errors, fieldsError } from '../../../domain/errors'
import { inspectUpload } from '../uploads/inspect'
import { judgePhoto } from '../../../domain/photo-check'
import { caseHandlingMode } from '../../../domain/answers'
import { applyableItem, materialOf, projectedDueDate } from '../../../domain/cases'
import { uploadView, type UploadRow } from '../adapters/casesystem/views'
import type { PersonAccess } from './access'
import type { CatalogService } from './catalog'
import type { StoredFiles } from './files'
import type { NotificationService } from './notifications'
import { v7 as uuidv7 } from 'uuid'


export interface Person {
  name: string
  idNumber: string
}

export interface ApplyDeps {
  db: Db
  catalog: CatalogService
  storage: FileStorage
  dataSharing: DataSharingAdapter
  agency: AgencyAdapter
  notifications: NotificationService
  now: () => Date
  /** the region a draft is for when the app does not say (丽水市, the city of 001) */
  defaultRegion: string
  /** where people verify result documents, e.g. https://ybzsb.example.gov.cn (the QR on the PDF points there) */
  publicBaseUrl: string
  /** who may act for whom (family proxies and their grants) */
  access: PersonAccess
  /** where a result document rebuilt with other bytes than issued is reported */
  log?: { warn(obj: object, msg: string): void }
  /** other verifiable documents (参保证明, services/record.ts CertificateStore): asked when a code is not a result's */
  otherDocuments?: { verify(code: string, pdf?: Buffer): Promise<ResultVerification | null> }
  /** removes files no record refers to any more (a deleted draft or material) */
  files: StoredFiles
}

export interface DraftRow {
  id: string
  user_id: string
  applicant_id_number: string
  applicant_name: string
  item_id: string
  region_code: string
  values_json: string
  step: Draft['step']
  version: number
  reminder_id: string | null
  /** the family member id when a proxy applies */
  member_id: string | null
  application_id: string | null
  created_at: string
  updated_at: string
}

export function requireRealName(user: AuthUser): Person {
  if (!user.realName) throw new AppError(403, 'REALNAME_REQUIRED', '请先完成实名认证')
  return user.realName
}

/**
 * Drafts and their uploads up to the submit (001 §5.1); the case a submit makes
 * belongs to the case system (adapters/casesystem).
 * Every write that decides on what it read runs in one transaction (`db.tx`) that first locks what it decides about
 * — `draft:<id>` (its uploads, submit, deletion), `application:<id>` (every step of a case, 补正 uploads) — and reads
 * again under the lock, so ten identical submits at once, in one process or in several BFF instances on the same
 * database, make one case, while writes about different drafts and cases run side by side. The submit re-checks its
 * idempotency key under the lock. Upstream calls (agency, storage, SMS) stay outside transactions.
 */
export class ApplyService {
  constructor(private readonly d: ApplyDeps) {}

  get db(): Db {
    return this.d.db
  }

  private nowIso(): string {
    return this.d.now().toISOString()
  }

  // ---------- items ----------

  item(itemId: string, region: string): ItemDetail {
    return this.d.catalog.itemDetail(itemId, region)
  }

  itemOrNull(itemId: string, region: string): ItemDetail | null {
    try {
      return this.item(itemId, region)
    } catch {
      return null
    }
  }

  /** The item as a case filed under `version` of its guide knows it (CatalogService.itemAsFiled), or null. */
  itemAsFiled(itemId: string, region: string, version: number | null): ItemDetail | null {
    try {
      return this.d.catalog.itemAsFiled(itemId, region, version)
    } catch {
      return null
    }
  }

  /** The guide version a case filed under (`version` null: before versions were kept, version 1) with its date. */
  guideVersionOf(itemId: string, version: number | null): { version: number; publishedAt: string } | null {
    const v = this.d.catalog.guideVersion(itemId, version)
    return v ? { version: v.version, publishedAt: v.publishedAt } : null
  }

  /** The version of the item's guide a case filed now is held to. */
  currentGuideVersion(itemId: string): number | null {
    return this.d.catalog.currentGuideVersion(itemId)?.version ?? null
  }

  applyableItem(itemId: string, region: string): ItemDetail & { form: FormSchema } {
    return applyableItem(this.item(itemId, region))
  }

  async sharedVerified(item: ItemDetail, idNumber: string): Promise<string[]> {
    const held = await this.d.dataSharing.heldDocuments(idNumber)
    return sharedVerifiedMaterialIds(item.guide.materials, held)
  }

  // ---------- drafts ----------

  private async draftRow(user: AuthUser, id: string): Promise<DraftRow> {
    const row = await this.db.prepare<[string, string], DraftRow>('SELECT * FROM drafts WHERE id = ? AND user_id = ?').get(id, user.id)
    if (!row) throw errors.draftUnknown()
    // a draft for a family member: the grant to apply for them must still hold (a revocation takes effect at once)
    if (!(await this.d.access.allows(user.id, row.applicant_id_number, 'apply'))) throw errors.grantRequired('代为申办')
    return row
  }

  async openDraftRow(user: AuthUser, id: string): Promise<DraftRow> {
    const row = await this.draftRow(user, id)
    if (row.application_id) throw errors.draftSubmitted()
    return row
  }

  /** in the order they were given: the time, then the id (made in order, a UUIDv7, time-ordered) for uploads of one instant */
  uploadsOf(kind: 'draft' | 'application', ownerId: string): Promise<UploadRow[]> {
    return this.db
      .prepare<[string, string], UploadRow>('SELECT * FROM uploads WHERE owner_kind = ? AND owner_id = ? ORDER BY uploaded_at, id')
      .all(kind, ownerId)
  }

  /** Values a draft holds plus the verified identity values of prefilled read-only fields (never taken from the client). */
  valuesWithPrefill(form: FormSchema, row: DraftRow, user: AuthUser): Record<string, string> {
    const values = JSON.parse(row.values_json) as Record<string, string>
    for (const f of form.fields) {
      const v =
        f.prefill === 'applicantName'
          ? row.applicant_name
          : f.prefill === 'applicantIdNumber'
            ? row.applicant_id_number
            : f.prefill === 'applicantPhone'
              ? user.phone
              : undefined
      if (v === undefined) continue
      if (f.readonly || values[f.key] === undefined) values[f.key] = v
    }
    return values
  }

  private async draftView(row: DraftRow, user: AuthUser): Promise<Draft> {
    const item = this.item(row.item_id, row.region_code)
    const form = item.form ?? { fields: [] }
    const values = this.valuesWithPrefill(form, row, user)
    // read-only identity values are shown masked; what the citizen typed comes back whole so it can be edited
    const shown: Record<string, string> = {}
    for (const f of form.fields) {
      const v = values[f.key]
      if (v === undefined) continue
      shown[f.key] = f.readonly ? maskFieldValue(f, v) : v
    }
    return {
      id: row.id,
      itemId: row.item_id,
      itemName: item.name,
      // the mode these answers take (a smart sub-path decides at once, domain/answers.ts)
      handlingMode: caseHandlingMode(item, values),
      region: { code: item.region.code, name: item.region.name },
      applicant: { name: maskName(row.applicant_name), idNumber: maskIdNumber(row.applicant_id_number) },
      insuredId: row.member_id ?? 'self',
      values: shown,
      uploads: (await this.uploadsOf('draft', row.id)).map(uploadView),
      sharedVerified: await this.sharedVerified(item, row.applicant_id_number),
      step: row.step,
      version: row.version,
      projectedDueDate: projectedDueDate(item, values, this.d.now()),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      applicationId: row.application_id
    }
  }

  async listDrafts(user: AuthUser): Promise<Draft[]> {
    const rows = await this.db
      .prepare<[string], DraftRow>('SELECT * FROM drafts WHERE user_id = ? AND application_id IS NULL ORDER BY updated_at DESC, id DESC')
      .all(user.id)
    const out: Draft[] = []
    for (const r of rows) {
      if (!this.itemOrNull(r.item_id, r.region_code)) continue
      if (!(await this.d.access.allows(user.id, r.applicant_id_number, 'apply'))) continue
      out.push(await this.draftView(r, user))
    }
    return out
  }

  async getDraft(user: AuthUser, id: string): Promise<Draft> {
    return this.draftView(await this.draftRow(user, id), user)
  }

  /**
   * A draft for the signed-in person (or, from a reminder, the person it names). An open draft of the same item for
   * the same applicant is resumed rather than duplicated, so opening the item on another device finds it.
   */
  async createDraft(
    user: AuthUser,
    req: { itemId: string; region?: string; reminderId?: string },
    applicant?: Person & { memberId?: string | null }
  ): Promise<{ draft: Draft; created: boolean }> {
    const self = requireRealName(user)
    const person = applicant ?? self
    const region = req.region ?? this.d.defaultRegion
    this.applyableItem(req.itemId, region)
    const at = this.nowIso()
    // two devices opening the item at once resume one draft: the look-up and the insert under one lock
    const made = await this.db.tx(async (): Promise<{ existing: DraftRow } | { id: string }> => {
      await this.db.lock(`open-draft:${user.id}:${req.itemId}:${person.idNumber}:${region}`)
      const existing = await this.db
        .prepare<[string, string, string, string], DraftRow>(
          'SELECT * FROM drafts WHERE user_id = ? AND item_id = ? AND applicant_id_number = ? AND region_code = ? AND application_id IS NULL ORDER BY updated_at DESC, id DESC LIMIT 1'
        )
        .get(user.id, req.itemId, person.idNumber, region)
      if (existing) return { existing }
      const id = randomUUID()
      await this.db
        .prepare(
          `INSERT INTO drafts (id, user_id, applicant_id_number, applicant_name, item_id, region_code, values_json, step, version, reminder_id, member_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, '{}', 'notice', 1, ?, ?, ?, ?)`
        )
        .run(id, user.id, person.idNumber, person.name, req.itemId, region, req.reminderId ?? null, applicant?.memberId ?? null, at, at)
      return { id }
    })
    if ('existing' in made) return { draft: await this.draftView(made.existing, user), created: false }
    const { id } = made
    const item = this.item(req.itemId, region)
    await this.d.access.logProxyAction(user, { ...person, memberId: null }, 'draft.create', `开始代为申办“${item.name}”`)
    return { draft: await this.getDraft(user, id), created: true }
  }

  /** Saves the citizen's values and step. Every save is a new version; a save based on an old version is refused. */
  async updateDraft(user: AuthUser, id: string, req: UpdateDraftRequest): Promise<Draft> {
    const row = await this.openDraftRow(user, id)
    const item = this.applyableItem(row.item_id, row.region_code)
    if (req.baseVersion !== row.version) throw errors.draftConflict()
    let valuesJson = row.values_json
    if (req.values) {
      const known = new Map(item.form.fields.map((f) => [f.key, f]))
      const unknown = Object.keys(req.values).filter((k) => !known.has(k))
      if (unknown.length) {
        throw fieldsError(Object.fromEntries(unknown.map((k) => [k, '表单中没有这一项，请刷新后重试'])))
      }
      const kept: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.values)) if (!known.get(k)?.readonly) kept[k] = v
      valuesJson = JSON.stringify(kept)
    }
    const r = await this.db
      .prepare('UPDATE drafts SET values_json = ?, step = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?')
      .run(valuesJson, req.step ?? row.step, this.nowIso(), id, row.version)
    if (r.changes === 0) throw errors.draftConflict()
    return this.getDraft(user, id)
  }

  async deleteDraft(user: AuthUser, id: string): Promise<void> {
    await this.openDraftRow(user, id)
    await this.removeDrafts([id])
  }

  /**
   * Deletes open drafts with their uploads, then the files no record refers to any more (disk or S3). Used when the
   * citizen deletes a draft or the account, and by the retention sweep for drafts abandoned DRAFT_RETENTION_DAYS.
   */
  async removeDrafts(ids: string[]): Promise<number> {
    const keys: string[] = []
    let removed = 0
    for (const id of ids) {
      await this.db.tx(async () => {
        // a submit of this draft may commit meanwhile: a submitted draft is never deleted
        await this.db.lock(`draft:${id}`)
        const open = await this.db.prepare<[string], { id: string }>('SELECT id FROM drafts WHERE id = ? AND application_id IS NULL').get(id)
        if (!open) return
        for (const u of await this.uploadsOf('draft', id)) keys.push(u.storage_key)
        await this.db.prepare("DELETE FROM uploads WHERE owner_kind = 'draft' AND owner_id = ?").run(id)
        await this.db.prepare('DELETE FROM drafts WHERE id = ?').run(id)
        removed++
      })
    }
    await this.d.files.releaseUnused(keys)
    return removed
  }

  /** The retention sweep: open drafts untouched since `before` go, with their files. */
  async removeAbandonedDrafts(before: Date): Promise<number> {
    const rows = await this.db
      .prepare<[string], { id: string }>('SELECT id FROM drafts WHERE application_id IS NULL AND updated_at < ? ORDER BY updated_at LIMIT 1000')
      .all(before.toISOString())
    return this.removeDrafts(rows.map((r) => r.id))
  }

  /** Locks an open draft for the rest of the transaction: 409 DRAFT_SUBMITTED once submitted, 404 once deleted. */
  private async lockOpenDraft(id: string): Promise<void> {
    await this.db.lock(`draft:${id}`)
    const current = await this.db.prepare<[string], { application_id: string | null }>('SELECT application_id FROM drafts WHERE id = ?').get(id)
    if (!current) throw errors.draftUnknown()
    if (current.application_id) throw errors.draftSubmitted()
  }

  /**
   * Checks the bytes (magic bytes, size, pixels), re-encodes, stores by content hash, then records the upload in a
   * transaction that holds the owner's lock (`lockOwner`, which also re-checks the owner still takes uploads) and
   * counts again: two uploads at once never exceed the material's number of files, and none lands on a draft that was
   * submitted meanwhile.
   */
  async storeUpload(
    kind: 'draft' | 'application',
    ownerId: string,
    material: Material,
    file: { fileName: string; bytes: Buffer },
    counted: { count: () => Promise<number>; lockOwner: () => Promise<void> }
  ): Promise<void> {
    const max = material.maxFiles ?? 1
    // counted once before the work (a full material answers at once), and again under the lock
    if ((await counted.count()) >= max) throw errors.uploadTooMany(material.name, max)
    const inspected = await inspectUpload(file.bytes, { accept: material.accept ?? ['image'], fileName: file.fileName })
    const { key } = await this.d.storage.put(inspected.bytes)
    const at = this.nowIso()
    await this.db.tx(async () => {
      await counted.lockOwner()
      if ((await counted.count()) >= max) throw errors.uploadTooMany(material.name, max)
      // the photo pre-check's warnings, judged under the lock: a duplicate is the same photo already given for
      // another material of this draft or case (001 §5.1.2 asks a photo of each paper)
      let warnings: string | null = null
      if (inspected.photo) {
        const others = (await this.uploadsOf(kind, ownerId))
          .filter((u) => u.material_id !== material.id && u.photo_hash)
          .map((u) => ({ materialId: u.material_id, hash: u.photo_hash! }))
        warnings = JSON.stringify(judgePhoto(inspected.photo, others))
      }
      await this.db
        .prepare(
          `INSERT INTO uploads (id, owner_kind, owner_id, material_id, file_name, mime, size, width, height, sha256, storage_key, uploaded_at,
             photo_warnings_json, photo_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          uuidv7(),
          kind,
          ownerId,
          material.id,
          inspected.fileName.slice(0, 200),
          inspected.mime,
          inspected.size,
          inspected.width,
          inspected.height,
          inspected.sha256,
          key,
          at,
          warnings,
          inspected.photo?.hash ?? null
        )
      await this.db.prepare(`UPDATE ${kind === 'draft' ? 'drafts' : 'applications'} SET updated_at = ? WHERE id = ?`).run(at, ownerId)
    })
  }

  async addDraftUpload(user: AuthUser, id: string, materialId: string, file: { fileName: string; bytes: Buffer }): Promise<Draft> {
    const row = await this.openDraftRow(user, id)
    const item = this.applyableItem(row.item_id, row.region_code)
    const material = materialOf(item, materialId)
    if ((await this.sharedVerified(item, row.applicant_id_number)).includes(material.id)) {
      throw errors.materialSharedVerified(material.name)
    }
    await this.storeUpload('draft', id, material, file, {
      count: async () => (await this.uploadsOf('draft', id)).filter((u) => u.material_id === materialId).length,
      lockOwner: () => this.lockOpenDraft(id)
    })
    return this.getDraft(user, id)
  }

  async removeDraftUpload(user: AuthUser, id: string, uploadId: string): Promise<Draft> {
    await this.openDraftRow(user, id)
    const upload = await this.db
      .prepare<[string, string], { storage_key: string }>("SELECT storage_key FROM uploads WHERE id = ? AND owner_kind = 'draft' AND owner_id = ?")
      .get(uploadId, id)
    const r = await this.db.prepare("DELETE FROM uploads WHERE id = ? AND owner_kind = 'draft' AND owner_id = ?").run(uploadId, id)
    if (r.changes === 0 || !upload) throw errors.uploadUnknown()
    await this.d.files.releaseUnused([upload.storage_key])
    return this.getDraft(user, id)
  }
}
