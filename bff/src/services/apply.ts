import { createHash, randomUUID } from 'node:crypto'
import {
  IDEMPOTENCY_KEY_PATTERN,
  PAYMENT_WORKING_DAYS,
  type ApplicationDetail,
  type ApplicationStatus,
  type ApplicationsResponse,
  type Draft,
  type QueryAnswer,
  type ResultVerification,
  type StaffAction,
  type UpdateDraftRequest
} from '../../../contract/apply'
import type { FormSchema, ItemDetail, Material } from '../../../contract/catalog'
import { checkForm, maskFieldValue, payoutFields } from '../../../contract/forms'
import { maskIdNumber, maskName } from '../../../contract/identity'
import { regionCovers, regionPrefix } from '../../../contract/staff'
import type { AgencyAdapter } from '../adapters/agency/types'
import { sharedVerifiedMaterialIds } from '../adapters/datasharing'
import type { DataSharingAdapter } from '../adapters/datasharing/types'
import type { FileStorage } from '../adapters/storage/types'
import type { Db } from '../db'
import { AppError, errors, fieldsError } from '../errors'
import { ErrorCode, yuan } from '../../../contract/common'
import { newVerifyCode, normalizeVerifyCode, renderResultPdf } from '../results/pdf'
import { inspectUpload } from '../uploads/inspect'
import { applyAction, type CaseState, type WorkflowAction } from '../workflow/machine'
import { addWorkingDays, shanghaiDate, workingDaysBetween } from '../workflow/calendar'
import {
  FINAL_STATUSES,
  detailView,
  parseJson,
  summaryView,
  uploadView,
  type ApplicationRow,
  type EventRow,
  type ResultDocRow,
  type StoredResult,
  type UploadRow
} from './apply-views'
import type { PersonAccess } from './access'
import type { CatalogService } from './catalog'
import type { StoredFiles } from './files'
import type { NotificationService } from './notifications'
import { v7 as uuidv7 } from 'uuid'

/** The signed-in account acting (req.user). */
export interface ActingUser {
  id: string
  phone: string
  realName: { name: string; idNumber: string } | null
}

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
  /** who may act for whom (family proxies and their grants, issue 4) */
  access: PersonAccess
  /** where a result document rebuilt with other bytes than issued is reported */
  log?: { warn(obj: object, msg: string): void }
  /** other verifiable documents (参保证明, services/record.ts CertificateStore): asked when a code is not a result's */
  otherDocuments?: { verify(code: string, pdf?: Buffer): Promise<ResultVerification | null> }
  /** removes files no record refers to any more (a deleted draft or material) */
  files: StoredFiles
}

interface DraftRow {
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
  /** the family member id when a proxy applies (issue 4) */
  member_id: string | null
  application_id: string | null
  created_at: string
  updated_at: string
}

/** Paper originals are awaited when the item mails originals (001 §5.1.4). */
function needsPaper(item: ItemDetail): boolean {
  return item.mailing !== null && item.guide.materials.some((m) => m.paper)
}

function requireRealName(user: ActingUser): Person {
  if (!user.realName) throw new AppError(403, 'REALNAME_REQUIRED', '请先完成实名认证')
  return user.realName
}

/**
 * Drafts, submission and the life of a case (001 §5.1–5.3, 000 §6.1; ARCHITECTURE.md "the life of a case").
 * Every write that decides on what it read runs in one transaction (`db.tx`) that first locks what it decides about
 * — `draft:<id>` (its uploads, submit, deletion), `application:<id>` (every step of a case, 补正 uploads) — and reads
 * again under the lock, so ten identical submits at once, in one process or in several BFF instances on the same
 * database, make one case, while writes about different drafts and cases run side by side. The submit re-checks its
 * idempotency key under the lock. Upstream calls (agency, storage, SMS) stay outside transactions.
 */
export class ApplyService {
  constructor(private readonly d: ApplyDeps) {}

  private get db(): Db {
    return this.d.db
  }

  private nowIso(): string {
    return this.d.now().toISOString()
  }

  // ---------- items ----------

  private item(itemId: string, region: string): ItemDetail {
    return this.d.catalog.itemDetail(itemId, region)
  }

  private itemOrNull(itemId: string, region: string): ItemDetail | null {
    try {
      return this.item(itemId, region)
    } catch {
      return null
    }
  }

  private applyableItem(itemId: string, region: string): ItemDetail & { form: FormSchema } {
    const item = this.item(itemId, region)
    if (!item.onlineApply || !item.form || item.handlingMode === 'query') throw errors.itemNotApplyable(item.name)
    return item as ItemDetail & { form: FormSchema }
  }

  private async sharedVerified(item: ItemDetail, idNumber: string): Promise<string[]> {
    const held = await this.d.dataSharing.heldDocuments(idNumber)
    return sharedVerifiedMaterialIds(item.guide.materials, held)
  }

  // ---------- drafts ----------

  private async draftRow(user: ActingUser, id: string): Promise<DraftRow> {
    const row = await this.db.prepare<[string, string], DraftRow>('SELECT * FROM drafts WHERE id = ? AND user_id = ?').get(id, user.id)
    if (!row) throw errors.draftUnknown()
    // a draft for a family member: the grant to apply for them must still hold (a revocation takes effect at once)
    if (!(await this.d.access.allows(user.id, row.applicant_id_number, 'apply'))) throw errors.grantRequired('代为申办')
    return row
  }

  private async openDraftRow(user: ActingUser, id: string): Promise<DraftRow> {
    const row = await this.draftRow(user, id)
    if (row.application_id) throw errors.draftSubmitted()
    return row
  }

  /** in the order they were given: the time, then the id (made in order, a UUIDv7, time-ordered) for uploads of one instant */
  private uploadsOf(kind: 'draft' | 'application', ownerId: string): Promise<UploadRow[]> {
    return this.db
      .prepare<[string, string], UploadRow>('SELECT * FROM uploads WHERE owner_kind = ? AND owner_id = ? ORDER BY uploaded_at, id')
      .all(kind, ownerId)
  }

  /** Values a draft holds plus the verified identity values of prefilled read-only fields (never taken from the client). */
  private valuesWithPrefill(form: FormSchema, row: DraftRow, user: ActingUser): Record<string, string> {
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

  private async draftView(row: DraftRow, user: ActingUser): Promise<Draft> {
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
    const days = item.guide.timeLimit.workingDays
    return {
      id: row.id,
      itemId: row.item_id,
      itemName: item.name,
      handlingMode: item.handlingMode,
      region: { code: item.region.code, name: item.region.name },
      applicant: { name: maskName(row.applicant_name), idNumber: maskIdNumber(row.applicant_id_number) },
      insuredId: row.member_id ?? 'self',
      values: shown,
      uploads: (await this.uploadsOf('draft', row.id)).map(uploadView),
      sharedVerified: await this.sharedVerified(item, row.applicant_id_number),
      step: row.step,
      version: row.version,
      projectedDueDate:
        item.handlingMode === 'manual' && days !== null && days > 0 ? addWorkingDays(shanghaiDate(this.d.now()), days) : null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      applicationId: row.application_id
    }
  }

  async listDrafts(user: ActingUser): Promise<Draft[]> {
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

  async getDraft(user: ActingUser, id: string): Promise<Draft> {
    return this.draftView(await this.draftRow(user, id), user)
  }

  /**
   * A draft for the signed-in person (or, from a reminder, the person it names). An open draft of the same item for
   * the same applicant is resumed rather than duplicated, so opening the item on another device finds it.
   */
  async createDraft(
    user: ActingUser,
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
  async updateDraft(user: ActingUser, id: string, req: UpdateDraftRequest): Promise<Draft> {
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

  async deleteDraft(user: ActingUser, id: string): Promise<void> {
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

  private material(item: ItemDetail, materialId: string): Material {
    const m = item.guide.materials.find((x) => x.id === materialId)
    if (!m) throw errors.materialUnknown()
    return m
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
  private async storeUpload(
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
      await this.db
        .prepare(
          `INSERT INTO uploads (id, owner_kind, owner_id, material_id, file_name, mime, size, width, height, sha256, storage_key, uploaded_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(uuidv7(), kind, ownerId, material.id, inspected.fileName.slice(0, 200), inspected.mime, inspected.size, inspected.width, inspected.height, inspected.sha256, key, at)
      await this.db.prepare(`UPDATE ${kind === 'draft' ? 'drafts' : 'applications'} SET updated_at = ? WHERE id = ?`).run(at, ownerId)
    })
  }

  async addDraftUpload(user: ActingUser, id: string, materialId: string, file: { fileName: string; bytes: Buffer }): Promise<Draft> {
    const row = await this.openDraftRow(user, id)
    const item = this.applyableItem(row.item_id, row.region_code)
    const material = this.material(item, materialId)
    if ((await this.sharedVerified(item, row.applicant_id_number)).includes(material.id)) {
      throw errors.materialSharedVerified(material.name)
    }
    await this.storeUpload('draft', id, material, file, {
      count: async () => (await this.uploadsOf('draft', id)).filter((u) => u.material_id === materialId).length,
      lockOwner: () => this.lockOpenDraft(id)
    })
    return this.getDraft(user, id)
  }

  async removeDraftUpload(user: ActingUser, id: string, uploadId: string): Promise<Draft> {
    await this.openDraftRow(user, id)
    const upload = await this.db
      .prepare<[string, string], { storage_key: string }>("SELECT storage_key FROM uploads WHERE id = ? AND owner_kind = 'draft' AND owner_id = ?")
      .get(uploadId, id)
    const r = await this.db.prepare("DELETE FROM uploads WHERE id = ? AND owner_kind = 'draft' AND owner_id = ?").run(uploadId, id)
    if (r.changes === 0 || !upload) throw errors.uploadUnknown()
    await this.d.files.releaseUnused([upload.storage_key])
    return this.getDraft(user, id)
  }

  // ---------- submit ----------

  private checkIdempotencyKey(key: string | undefined): string {
    if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) throw errors.idempotencyKeyRequired()
    return key
  }

  /** The application a key already made for this account, or null. A key used for something else is refused. */
  private async keyedApplication(user: ActingUser, key: string, scope: string, targetId: string): Promise<string | null> {
    const k = await this.db
      .prepare<[string, string], { scope: string; target_id: string; application_id: string }>(
        'SELECT scope, target_id, application_id FROM idempotency_keys WHERE user_id = ? AND key = ?'
      )
      .get(user.id, key)
    if (!k) return null
    if (k.scope !== scope || k.target_id !== targetId) throw errors.idempotencyKeyReused()
    return k.application_id
  }

  /** The next case number of the region and Shanghai day: one atomic upsert (inside the submit's transaction). */
  private async nextCaseNo(region: string, at: Date): Promise<string> {
    const day = shanghaiDate(at).replace(/-/g, '')
    const row = await this.db
      .prepare<[string, string], { n: number }>(
        'INSERT INTO case_counters (region_code, day, n) VALUES (?, ?, 1) ON CONFLICT (region_code, day) DO UPDATE SET n = case_counters.n + 1 RETURNING n'
      )
      .get(region, day)
    if (!row) throw errors.internal()
    return `YB${region}${day}${String(row.n).padStart(5, '0')}`
  }

  /** Appends an event to a case's history (inside the transaction that changes the case). */
  private async addEvent(
    appId: string,
    e: { actorKind: 'citizen' | 'staff' | 'system'; actorName: string; action: string; label: string; from: ApplicationStatus | null; to: ApplicationStatus; note?: string | null },
    at: string
  ): Promise<void> {
    const last = await this.db
      .prepare<[string], { s: number | null }>('SELECT MAX(seq) AS s FROM application_events WHERE application_id = ?')
      .get(appId)
    const seq = (last?.s ?? 0) + 1
    await this.db
      .prepare(
        `INSERT INTO application_events (id, application_id, seq, at, actor_kind, actor_name, action, label, from_status, to_status, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(randomUUID(), appId, seq, at, e.actorKind, e.actorName, e.action, e.label, e.from, e.to, e.note ?? null)
  }

  /**
   * Submits a draft (001 §5.2). Validates the form with the same schema as the app, requires every required material
   * not verified through data sharing, and the paper pledge where originals are mailed. Smart items are decided at
   * once by the agency's rule check (001 §5.2.2, §5.3.1); manual items wait for window staff.
   * The Idempotency-Key makes repeats return the same case (200) instead of a new one.
   */
  async submitDraft(
    user: ActingUser,
    draftId: string,
    key: string | undefined,
    body: { paperPledge?: boolean }
  ): Promise<{ application: ApplicationDetail; created: boolean }> {
    const idemKey = this.checkIdempotencyKey(key)
    const again = await this.keyedApplication(user, idemKey, 'submit', draftId)
    if (again) return { application: await this.finishedDetail(user, again), created: false }
    const done = await this.unlessKeyed(user, idemKey, 'submit', draftId, () => this.submitOnce(user, draftId, idemKey, body))
    if (done) return done
    const made = await this.keyedApplication(user, idemKey, 'submit', draftId)
    return { application: await this.finishedDetail(user, made!), created: false }
  }

  private async submitOnce(
    user: ActingUser,
    draftId: string,
    idemKey: string,
    body: { paperPledge?: boolean }
  ): Promise<{ application: ApplicationDetail; created: boolean }> {
    const row = await this.openDraftRow(user, draftId)
    requireRealName(user)
    const item = this.applyableItem(row.item_id, row.region_code)
    const values = this.valuesWithPrefill(item.form, row, user)
    const check = checkForm(item.form, values, this.d.now())
    if (!check.ok) {
      throw fieldsError(check.errors)
    }
    const shared = await this.sharedVerified(item, row.applicant_id_number)
    const uploads = await this.uploadsOf('draft', draftId)
    const missing = item.guide.materials.filter(
      (m) => m.required && !m.paper && !shared.includes(m.id) && !uploads.some((u) => u.material_id === m.id)
    )
    if (missing.length) throw errors.materialsMissing(missing.map((m) => m.name))
    const paper = needsPaper(item)
    if (paper && !body.paperPledge) throw errors.paperPledgeRequired()

    // the agency's instant decision for smart items, computed before the write so the write is one transaction
    // holding no upstream call
    let decision: { approved: boolean; text: string } | null = null
    if (item.handlingMode === 'smart') {
      const person = await this.d.dataSharing.person(row.applicant_id_number)
      decision = await this.d.agency.smartCheck({
        itemId: item.id,
        itemName: item.name,
        applicant: { name: row.applicant_name, idNumber: row.applicant_id_number },
        values: check.values,
        person,
        now: this.d.now()
      })
    }

    const now = this.d.now()
    const at = now.toISOString()
    const actorName = user.realName?.name ?? '本人'
    // The key check and everything the case is made of, in one transaction under the draft's lock: a concurrent submit
    // of this draft (in this process or another BFF instance) waits for it and then finds the key, or the draft
    // submitted. Only database work in here; the SMS go out after the commit.
    const written = await this.db.tx(async (): Promise<{ appId: string; created: boolean; sends: Array<() => Promise<void>> }> => {
      const sends: Array<() => Promise<void>> = []
      await this.db.lock(`draft:${draftId}`)
      const raced = await this.keyedApplication(user, idemKey, 'submit', draftId)
      if (raced) return { appId: raced, created: false, sends }
      const current = await this.db.prepare<[string], DraftRow>('SELECT * FROM drafts WHERE id = ?').get(draftId)
      if (!current || current.application_id) throw errors.draftSubmitted()
      const appId = randomUUID()
      let state: CaseState = {
        status: 'submitted',
        handlingMode: item.handlingMode,
        needsPaper: paper,
        paperReceived: false,
        supplementReturnTo: null,
        delivered: false,
        materialsReturned: false
      }
      const stored: StoredResult | null = decision
        ? { decision: decision.approved ? 'approved' : 'rejected', text: decision.text, decidedAt: at }
        : null
      await this.db
        .prepare(
          `INSERT INTO applications (id, case_no, user_id, actor_name, applicant_id_number, applicant_name, item_id, item_name, handling_mode,
             region_code, region_name, agency_name, values_json, shared_verified_json, status, needs_paper, time_limit_days,
             result_json, draft_id, submitted_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?)`
        )
        .run(
          appId,
          // the case number is drawn last (below): its counter is one row for every submit of the region and day,
          // locked from the draw to the commit, so the draw comes when nothing but two short statements is left
          `pending-${appId}`,
          user.id,
          actorName,
          row.applicant_id_number,
          row.applicant_name,
          item.id,
          item.name,
          item.handlingMode,
          item.region.code,
          item.region.name,
          item.guide.authority.accepting,
          JSON.stringify(check.values),
          JSON.stringify(shared),
          paper ? 1 : 0,
          item.guide.timeLimit.workingDays,
          stored ? JSON.stringify(stored) : null,
          draftId,
          at,
          at
        )
      const label = row.applicant_id_number === user.realName?.idNumber ? '已提交申请' : '亲友代为提交申请'
      await this.addEvent(appId, { actorKind: 'citizen', actorName, action: 'submit', label, from: null, to: 'submitted' }, at)
      if (decision) {
        const step = applyAction(state, decision.approved ? 'autoComplete' : 'autoReject')
        await this.addEvent(
          appId,
          { actorKind: 'system', actorName: '系统（智能办理）', action: decision.approved ? 'autoComplete' : 'autoReject', label: step.label, from: state.status, to: step.state.status, note: decision.text },
          at
        )
        state = step.state
        await this.db.prepare('UPDATE applications SET status = ? WHERE id = ?').run(state.status, appId)
      }
      await this.db
        .prepare("UPDATE uploads SET owner_kind = 'application', owner_id = ? WHERE owner_kind = 'draft' AND owner_id = ?")
        .run(appId, draftId)
      await this.db.prepare("UPDATE drafts SET application_id = ?, step = 'confirm', updated_at = ? WHERE id = ?").run(appId, at, draftId)
      await this.db
        .prepare('INSERT INTO idempotency_keys (user_id, key, scope, target_id, application_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(user.id, idemKey, 'submit', draftId, appId, at)
      const recipients = await this.caseRecipients(await this.appRow(appId))
      const caseNo = await this.nextCaseNo(row.region_code, now)
      await this.db.prepare('UPDATE applications SET case_no = ? WHERE id = ?').run(caseNo, appId)
      for (const to of recipients) {
        const whose = to.proxy ? `${maskName(row.applicant_name)}的` : to.userId === user.id ? '您申请的' : `${maskName(actorName)}为您申请的`
        const n = await this.d.notifications.record(to.userId, {
          title: decision ? (decision.approved ? '办件已办结' : '办件不予办理') : '申请已提交',
          body: decision
            ? `${whose}“${item.name}”（${caseNo}）${decision.approved ? '已办结' : '未通过'}：${decision.text}`
            : `${whose}“${item.name}”已提交，办件编号 ${caseNo}，工作人员受理后将通知您。`,
          applicationId: appId,
          sms: true
        })
        sends.push(n.send)
      }
      return { appId, created: true, sends }
    })
    const { appId } = written
    // a concurrent submit with the same key made the case while this one was checking: the same answer as a repeat
    if (!written.created) return { application: await this.finishedDetail(user, appId), created: false }
    await this.d.access.logProxyAction(
      user,
      { name: row.applicant_name, idNumber: row.applicant_id_number, memberId: null },
      'application.submit',
      `代为申办“${item.name}”`,
      appId
    )
    for (const s of written.sends) await s()
    return { application: await this.finishedDetail(user, appId), created: true }
  }

  /** The detail once any result document it needs exists (issued at most once, whoever asks first). */
  private async finishedDetail(user: ActingUser, appId: string): Promise<ApplicationDetail> {
    await this.issueResultDocumentIfStorable(appId)
    return this.getApplication(user, appId)
  }

  /**
   * After a decision has committed: issue its result document now if the file store takes it. A store that is down or
   * full (logged by the storage adapter) must not turn a decided case into an error answer — the decision stands, and
   * the document is issued on the first download (resultPdf) once the store is back.
   */
  private async issueResultDocumentIfStorable(appId: string): Promise<void> {
    try {
      await this.ensureResultDocument(appId)
    } catch (err) {
      if (!(err instanceof AppError && err.code === ErrorCode.STORAGE_UNAVAILABLE)) throw err
    }
  }

  // ---------- cases ----------

  private async appRow(id: string): Promise<ApplicationRow> {
    const row = await this.db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?').get(id)
    if (!row) throw errors.applicationUnknown()
    return row
  }

  /**
   * Who hears of a case's progress: the applicant's own account, and the account that applied for them while it still
   * may follow the case (a revoked grant ends the messages too).
   */
  private async caseRecipients(row: ApplicationRow): Promise<Array<{ userId: string; proxy: boolean }>> {
    const proxied = row.applicant_id_number !== (await this.realIdOf(row.user_id))
    if (!proxied) return [{ userId: row.user_id, proxy: false }]
    const out: Array<{ userId: string; proxy: boolean }> = []
    const submitter = { id: row.user_id } as ActingUser
    if (await this.mayAccess(submitter, row, 'cases')) out.push({ userId: row.user_id, proxy: true })
    const applicant = await this.db.prepare<[string], { id: string }>('SELECT id FROM users WHERE real_id_number = ?').get(row.applicant_id_number)
    if (applicant) out.push({ userId: applicant.id, proxy: false })
    return out
  }

  private async realIdOf(userId: string): Promise<string | null> {
    const row = await this.db.prepare<[string], { real_id_number: string | null }>('SELECT real_id_number FROM users WHERE id = ?').get(userId)
    return row?.real_id_number ?? null
  }

  /**
   * A case the user may see ('cases') or act on ('apply'): the applicant's own account; the account that submitted it
   * while it may still apply for the applicant; or a proxy holding that grant. Others: 404, as if it did not exist.
   */
  private async ownAppRow(user: ActingUser, id: string, scope: 'cases' | 'apply' = 'cases'): Promise<ApplicationRow> {
    const row = await this.appRow(id)
    if (!(await this.mayAccess(user, row, scope))) throw errors.applicationUnknown()
    return row
  }

  /**
   * Reading a case needs the `cases` grant of its applicant; the account that submitted it may also read it while it
   * holds the `apply` grant (following up what it applied for). Acting on it (补正) needs `apply`. Having submitted it
   * is never enough on its own.
   */
  private async mayAccess(user: ActingUser, row: ApplicationRow, scope: 'cases' | 'apply'): Promise<boolean> {
    if (await this.d.access.allows(user.id, row.applicant_id_number, scope)) return true
    return scope === 'cases' && row.user_id === user.id && this.d.access.allows(user.id, row.applicant_id_number, 'apply')
  }

  private async detail(row: ApplicationRow, unmasked = false): Promise<ApplicationDetail> {
    const events = await this.db
      .prepare<[string], EventRow>('SELECT * FROM application_events WHERE application_id = ? ORDER BY seq')
      .all(row.id)
    const resultDoc =
      (await this.db.prepare<[string], ResultDocRow>('SELECT * FROM result_documents WHERE application_id = ?').get(row.id)) ?? null
    return detailView({
      row,
      item: this.itemOrNull(row.item_id, row.region_code),
      events,
      uploads: await this.uploadsOf('application', row.id),
      resultDoc,
      now: this.d.now(),
      unmasked,
      regionName: (code) => this.d.catalog.regionFullName(code)
    })
  }

  /**
   * 我的办件. For oneself: the cases one is the applicant of, and the cases one submitted for others while one still
   * may. For a family member (`person`, already checked for the `cases` grant): every case the member is applicant of.
   */
  async listApplications(
    user: ActingUser,
    status?: ApplicationStatus,
    person?: { idNumber: string; memberId: string | null }
  ): Promise<ApplicationsResponse> {
    const member = person && person.memberId !== null ? person.idNumber : null
    let rows: ApplicationRow[]
    if (member) {
      rows = await this.db
        .prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE applicant_id_number = ? ORDER BY submitted_at DESC, case_no DESC')
        .all(member)
    } else {
      const all = await this.db
        .prepare<[string, string], ApplicationRow>(
          'SELECT * FROM applications WHERE user_id = ? OR applicant_id_number = ? ORDER BY submitted_at DESC, case_no DESC'
        )
        .all(user.id, user.realName?.idNumber ?? '')
      rows = []
      for (const r of all) if (await this.mayAccess(user, r, 'cases')) rows.push(r)
    }
    const now = this.d.now()
    return {
      applications: rows.filter((r) => !status || r.status === status).map((r) => summaryView(r, this.itemOrNull(r.item_id, r.region_code), now))
    }
  }

  async getApplication(user: ActingUser, id: string): Promise<ApplicationDetail> {
    return this.detail(await this.ownAppRow(user, id))
  }

  /** 补正 uploads go to the case itself (001 §5.2.3.5: the citizen resubmits into the same case). */
  async addSupplementUpload(
    user: ActingUser,
    id: string,
    materialId: string,
    file: { fileName: string; bytes: Buffer }
  ): Promise<ApplicationDetail> {
    const row = await this.ownAppRow(user, id, 'apply')
    if (row.status !== 'supplementRequested') throw errors.supplementNotRequested()
    const s = parseJson<{ materialIds: string[]; requestedAt: string }>(row.supplement_json)
    const item = this.item(row.item_id, row.region_code)
    const material = this.material(item, materialId)
    if (!s?.materialIds.includes(materialId)) throw errors.materialUnknown()
    await this.storeUpload('application', id, material, file, {
      count: async () => (await this.uploadsOf('application', id)).filter((u) => u.material_id === materialId && u.uploaded_at >= s.requestedAt).length,
      // the case's lock (as every step of it): a resubmit or a staff action that committed meanwhile ends the 补正
      lockOwner: async () => {
        await this.db.lock(`application:${id}`)
        const now = await this.appRow(id)
        if (now.status !== 'supplementRequested' || now.supplement_json !== row.supplement_json) throw errors.supplementNotRequested()
      }
    })
    return this.getApplication(user, id)
  }

  async resubmit(user: ActingUser, id: string, key: string | undefined, body: { values?: Record<string, string> }): Promise<ApplicationDetail> {
    const idemKey = this.checkIdempotencyKey(key)
    if (await this.keyedApplication(user, idemKey, 'resubmit', id)) return this.getApplication(user, id)
    const done = await this.unlessKeyed(user, idemKey, 'resubmit', id, () => this.resubmitOnce(user, id, idemKey, body))
    return done ?? this.getApplication(user, id)
  }

  /**
   * Runs `write`; when it is refused (an AppError) because a request with the same key did the work meanwhile — the
   * draft is no longer open, the 补正 no longer asked — answers null (the caller answers as for a repeat) instead of
   * that refusal.
   */
  private async unlessKeyed<T>(user: ActingUser, key: string, scope: string, targetId: string, write: () => Promise<T>): Promise<T | null> {
    try {
      return await write()
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && (await this.keyedApplication(user, key, scope, targetId))) return null
      throw err
    }
  }

  private async resubmitOnce(user: ActingUser, id: string, idemKey: string, body: { values?: Record<string, string> }): Promise<ApplicationDetail> {
    const row = await this.ownAppRow(user, id, 'apply')
    if (row.status !== 'supplementRequested') throw errors.supplementNotRequested()
    const s = parseJson<{ materialIds: string[]; materials: string[]; requestedAt: string }>(row.supplement_json)
    const item = this.item(row.item_id, row.region_code)
    const uploads = await this.uploadsOf('application', id)
    const missing = (s?.materialIds ?? []).filter((m) => !uploads.some((u) => u.material_id === m && u.uploaded_at >= (s?.requestedAt ?? '')))
    if (missing.length) throw errors.materialsMissing(missing.map((m) => item.guide.materials.find((x) => x.id === m)?.name ?? m))
    let values = JSON.parse(row.values_json) as Record<string, string>
    if (body.values && item.form) {
      const merged = { ...values }
      for (const [k, v] of Object.entries(body.values)) {
        const f = item.form.fields.find((x) => x.key === k)
        if (f && !f.readonly) merged[k] = v
      }
      const check = checkForm(item.form, merged, this.d.now())
      if (!check.ok) {
        throw fieldsError(check.errors)
      }
      values = check.values
    }
    const actorName = user.realName?.name ?? '本人'
    await this.transition(row.id, 'resubmit', { kind: 'citizen', name: actorName }, {
      note: `已补正：${(s?.materials ?? []).join('、')}`,
      extra: async (at) => {
        await this.db.prepare('UPDATE applications SET values_json = ? WHERE id = ?').run(JSON.stringify(values), row.id)
        await this.db
          .prepare('INSERT INTO idempotency_keys (user_id, key, scope, target_id, application_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(user.id, idemKey, 'resubmit', id, id, at)
      },
      guard: async () => !(await this.keyedApplication(user, idemKey, 'resubmit', id))
    })
    return this.getApplication(user, id)
  }

  private caseState(row: ApplicationRow): CaseState {
    return {
      status: row.status,
      handlingMode: row.handling_mode,
      needsPaper: row.needs_paper === 1,
      paperReceived: row.paper_received === 1,
      supplementReturnTo: row.supplement_return_to,
      delivered: row.delivered === 1,
      materialsReturned: row.materials_returned_at !== null
    }
  }

  /**
   * One step of the workflow in one transaction: the state machine decides (illegal → 409 TRANSITION_NOT_ALLOWED),
   * the row and an event are written, the citizen is told in-app (in the transaction) and by SMS (after it).
   */
  private async transition(
    id: string,
    action: WorkflowAction,
    actor: { kind: 'citizen' | 'staff' | 'system'; name: string },
    opts: {
      /** the node's note (the citizen reads it): text, or made from the day of the action */
      note?: string | null | ((today: string) => string)
      set?: (today: string, at: string, row: ApplicationRow) => Record<string, unknown>
      extra?: (at: string) => Promise<void>
      guard?: () => Promise<boolean>
    } = {}
  ): Promise<void> {
    const now = this.d.now()
    const at = now.toISOString()
    const today = shanghaiDate(now)
    const note = typeof opts.note === 'function' ? opts.note(today) : (opts.note ?? null)
    // may run more than once on PostgreSQL (a deadlock): each run starts its own list of SMS to send
    const sends = await this.db.tx(async (): Promise<Array<() => Promise<void>>> => {
      const sends: Array<() => Promise<void>> = []
      // every step of a case — staff, citizen, system — decides on the state it reads under this lock
      await this.db.lock(`application:${id}`)
      if (opts.guard && !(await opts.guard())) return sends
      const row = await this.appRow(id)
      const before = this.caseState(row)
      const { state, label } = applyAction(before, action)
      const set: Record<string, unknown> = {
        status: state.status,
        supplement_return_to: state.supplementReturnTo,
        paper_received: state.paperReceived ? 1 : 0,
        delivered: state.delivered ? 1 : 0,
        updated_at: at,
        ...(opts.set ? opts.set(today, at, row) : {})
      }
      // the time limit counts from acceptance (受理); 补正 time does not count (ARCHITECTURE.md, 001 §5.2.3)
      if (state.status === 'accepted' && row.clock_start_date === null) set.clock_start_date = today
      if (state.status === 'supplementRequested' && before.status !== 'supplementRequested') set.paused_since_date = today
      if (action === 'resubmit' && row.paused_since_date) {
        set.paused_working_days = row.paused_working_days + workingDaysBetween(row.paused_since_date, today)
        set.paused_since_date = null
        set.supplement_json = null
      }
      const cols = Object.keys(set)
      await this.db.prepare(`UPDATE applications SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => set[c]), id)
      await this.addEvent(id, { actorKind: actor.kind, actorName: actor.name, action, label, from: before.status, to: state.status, note }, at)
      await opts.extra?.(at)
      if (actor.kind !== 'citizen') {
        // the account that applied, and the applicant's own account when a proxy applied for them
        for (const to of await this.caseRecipients(row)) {
          const n = await this.d.notifications.record(to.userId, {
            title: `办件进度：${label}`,
            body: `${to.proxy ? `${maskName(row.applicant_name)}的` : '您申请的'}“${row.item_name}”（${row.case_no}）${label}${note ? `：${note}` : ''}`,
            applicationId: id,
            sms: true
          })
          sends.push(n.send)
        }
      }
      return sends
    })
    for (const s of sends) await s()
  }

  // ---------- staff ----------

  /** Cases of the staff member's region (`scope`, contract/staff.ts): by status oldest first, else the newest 500. */
  async staffList(status?: ApplicationStatus, scope = '000000'): Promise<ApplicationsResponse> {
    const like = scope === '000000' ? '%' : `${regionPrefix(scope)}%`
    const rows = status
      ? await this.db
          .prepare<[string, string], ApplicationRow>('SELECT * FROM applications WHERE status = ? AND region_code LIKE ? ORDER BY submitted_at, case_no')
          .all(status, like)
      : await this.db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE region_code LIKE ? ORDER BY submitted_at DESC, case_no DESC LIMIT 500').all(like)
    const now = this.d.now()
    return { applications: rows.map((r) => summaryView(r, this.itemOrNull(r.item_id, r.region_code), now)) }
  }

  /** A case, whole, for staff of its region; outside their region it is 404 as if it did not exist. */
  async staffGet(id: string, scope = '000000'): Promise<ApplicationDetail> {
    return this.detail(await this.staffRow(id, scope), true)
  }

  private async staffRow(id: string, scope: string): Promise<ApplicationRow> {
    const row = await this.appRow(id)
    if (scope !== '000000' && !regionCovers(scope, row.region_code)) throw errors.applicationUnknown()
    return row
  }

  /**
   * A staff action (001 §5.2.3) by the signed-in staff member, recorded under their account's name. Illegal
   * transitions are refused with 409 TRANSITION_NOT_ALLOWED; a case outside their region is 404.
   */
  async staffAct(id: string, a: StaffAction, by: { name: string; regionCode: string }): Promise<ApplicationDetail> {
    const row = await this.staffRow(id, by.regionCode)
    const actor = { kind: 'staff' as const, name: by.name }
    switch (a.action) {
      case 'assign':
        await this.transition(id, 'assign', actor, { note: `由 ${a.staffName} 经办`, set: () => ({ staff_name: a.staffName }) })
        break
      case 'requestSupplement': {
        const item = this.item(row.item_id, row.region_code)
        const unknown = a.materialIds.filter((m) => !item.guide.materials.some((x) => x.id === m))
        if (unknown.length) throw errors.materialUnknown()
        const names = a.materialIds.map((m) => item.guide.materials.find((x) => x.id === m)?.name ?? m)
        await this.transition(id, 'requestSupplement', actor, {
          note: `${a.note}（需补正：${names.join('、')}）`,
          set: (today, at) => ({
            supplement_json: JSON.stringify({
              materialIds: a.materialIds,
              materials: names,
              note: a.note,
              deadline: addWorkingDays(today, a.deadlineDays ?? 5),
              requestedAt: at
            })
          })
        })
        break
      }
      case 'complete':
      case 'reject': {
        const text =
          a.action === 'reject' ? a.reason : (a.note ?? `您申请的“${row.item_name}”已审核通过，办理完毕。`)
        // an item that pays money is decided with the amount (the citizen is told how much, where to, by when)
        const pays = a.action === 'complete' && payoutFields(this.itemOrNull(row.item_id, row.region_code)?.form) !== null
        // a step out of turn is refused as such (409) before the amount is asked for
        applyAction(this.caseState(row), a.action)
        if (pays && a.action === 'complete' && a.amountFen === undefined) throw errors.paymentAmountRequired(row.item_name)
        const payment = (today: string) =>
          pays && a.action === 'complete' && a.amountFen !== undefined
            ? { amountFen: a.amountFen, expectedDate: a.paymentDate ?? addWorkingDays(today, PAYMENT_WORKING_DAYS) }
            : undefined
        await this.transition(id, a.action, actor, {
          note: (today) => {
            const p = payment(today)
            return p ? `${text}（支付金额 ${yuan(p.amountFen)} 元，预计 ${p.expectedDate} 前到账）` : text
          },
          set: (today, at) => ({
            result_json: JSON.stringify({
              decision: a.action === 'complete' ? 'approved' : 'rejected',
              text,
              decidedAt: at,
              ...(payment(today) ? { payment: payment(today) } : {})
            } satisfies StoredResult)
          })
        })
        await this.issueResultDocumentIfStorable(id)
        break
      }
      case 'deliver':
        await this.transition(id, 'deliver', actor, {
          note: `${{ pickup: '窗口领取', mail: '邮寄送达', online: '在线送达' }[a.method]}${a.trackingNo ? `，运单号 ${a.trackingNo}` : ''}${a.note ? `；${a.note}` : ''}`,
          set: (_t, at) => ({
            delivery_json: JSON.stringify({ method: a.method, at, trackingNo: a.trackingNo ?? null, note: a.note ?? null })
          })
        })
        break
      case 'returnMaterials':
        await this.transition(id, 'returnMaterials', actor, { note: a.note ?? '纸质材料原件已退还', set: (_t, at) => ({ materials_returned_at: at }) })
        break
      default:
        await this.transition(id, a.action, actor, { note: a.note ?? null })
    }
    return this.staffGet(id, by.regionCode)
  }

  // ---------- result documents (001 §5.3) ----------

  /** The result document of a decided case as it is issued: the same data, code and time give the same bytes (pdf.ts). */
  private renderResult(row: ApplicationRow, stored: StoredResult, verifyCode: string, issuedAt: string): Promise<Buffer> {
    return renderResultPdf({
      title: stored.decision === 'approved' ? '办理结果通知书' : '不予办理通知书',
      caseNo: row.case_no,
      itemName: row.item_name,
      regionName: row.region_name,
      agencyName: row.agency_name,
      applicantName: row.applicant_name,
      applicantIdNumber: maskIdNumber(row.applicant_id_number),
      decision: stored.decision,
      decisionText: stored.text,
      submittedAt: row.submitted_at,
      decidedAt: stored.decidedAt,
      issuedAt,
      verifyCode,
      verifyUrl: `${this.d.publicBaseUrl}/api/v1/results/verify/${verifyCode}`
    })
  }

  /** Issues the result document of a decided case once: renders the PDF, stores it, records its hash and code. */
  async ensureResultDocument(appId: string): Promise<void> {
    const has = await this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM result_documents WHERE application_id = ?').get(appId)
    if (has && has.n > 0) return
    const row = await this.appRow(appId)
    const stored = parseJson<StoredResult>(row.result_json)
    if (!stored || !FINAL_STATUSES.includes(row.status)) return
    const verifyCode = newVerifyCode()
    const pdf = await this.renderResult(row, stored, verifyCode, stored.decidedAt)
    const { key } = await this.d.storage.put(pdf)
    // two first askers at once: both render and store, one row wins (the other PDF is an unreferenced blob)
    await this.db
      .prepare(
        'INSERT INTO result_documents (verify_code, application_id, sha256, storage_key, decision, issued_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'
      )
      .run(verifyCode, appId, createHash('sha256').update(pdf).digest('hex'), key, stored.decision, stored.decidedAt)
  }

  /**
   * The issued document's bytes. A document the file store does not have (lost, or kept by another instance's disk
   * before the store was shared) is rendered again from the database — the case, the decision, the code and time it
   * was issued with — which gives the same bytes, so the verification of its hash still holds; it is stored again.
   */
  private async resultBytes(row: ApplicationRow, doc: ResultDocRow): Promise<Buffer> {
    const kept = await this.d.storage.get(doc.storage_key)
    if (kept) return kept
    const stored = parseJson<StoredResult>(row.result_json)
    if (!stored) throw errors.resultUnknown()
    const pdf = await this.renderResult(row, stored, doc.verify_code, doc.issued_at)
    const { key } = await this.d.storage.put(pdf)
    if (key !== doc.storage_key) {
      // not the bytes that were issued (PUBLIC_BASE_URL or the fonts changed since): served, and said in the log, as
      // the verification of this copy's hash will say it was altered
      this.d.log?.warn({ applicationId: row.id, verifyCode: doc.verify_code }, 'a result document rebuilt from the database differs from the one issued')
    }
    return pdf
  }

  async resultPdf(user: ActingUser, id: string): Promise<{ pdf: Buffer; fileName: string }> {
    const row = await this.ownAppRow(user, id)
    await this.ensureResultDocument(id)
    const doc = await this.db.prepare<[string], ResultDocRow>('SELECT * FROM result_documents WHERE application_id = ?').get(id)
    if (!doc) throw errors.resultUnknown()
    return { pdf: await this.resultBytes(await this.appRow(id), doc), fileName: `${row.case_no}.pdf` }
  }

  /** Anyone holding a document can check it: the code says it was issued; the bytes say whether it was altered. */
  async verify(code: string, pdf?: Buffer): Promise<ResultVerification> {
    const doc = await this.db
      .prepare<[string], ResultDocRow>('SELECT * FROM result_documents WHERE verify_code = ?')
      .get(normalizeVerifyCode(code))
    if (!doc) {
      const other = (await this.d.otherDocuments?.verify(code, pdf)) ?? null
      if (other) return other
      throw errors.resultUnknown()
    }
    const row = await this.appRow(doc.application_id)
    return {
      genuine: true,
      ...(pdf ? { unaltered: createHash('sha256').update(pdf).digest('hex') === doc.sha256 } : {}),
      caseNo: row.case_no,
      itemName: row.item_name,
      applicantName: maskName(row.applicant_name),
      decision: doc.decision,
      issuedAt: doc.issued_at,
      sha256: doc.sha256
    }
  }

  // ---------- query items (001 §5.2.1) ----------

  async query(user: ActingUser, itemId: string, region?: string): Promise<QueryAnswer> {
    const self = requireRealName(user)
    const item = this.item(itemId, region ?? this.d.defaultRegion)
    if (item.handlingMode !== 'query') throw errors.itemNotApplyable(item.name)
    const person = await this.d.dataSharing.person(self.idNumber)
    const now = this.d.now()
    const answer = await this.d.agency.answerQuery({ itemId: item.id, itemName: item.name, applicant: self, person, now })
    await this.db
      .prepare('INSERT INTO query_audit (id, user_id, applicant_id_number, item_id, at) VALUES (?, ?, ?, ?, ?)')
      .run(randomUUID(), user.id, self.idNumber, item.id, now.toISOString())
    return { itemId: item.id, itemName: item.name, answeredAt: now.toISOString(), rows: answer.rows, note: answer.note }
  }
}
