import { caseHandlingMode } from '../../../../domain/answers'
import { nationalRegions } from '../../services/national-regions'
import type { AuthUser } from '../../services/auth-user'
import { createHash, createHmac } from 'node:crypto'
import { z } from 'zod'
import {
  ApplicationDetailSchema,
  ApplicationSummarySchema,
  IDEMPOTENCY_KEY_PATTERN,
  QUERY_REPEAT_MINUTES,
  ResultVerificationSchema,
  type ApplicationDetail,
  type ApplicationResult,
  type ApplicationStatus,
  type ApplicationsResponse,
  type ResultVerification,
  type StaffAction,
  type Supplement,
  type Upload
} from '../../../../contract/apply'
import { maskFieldValue } from '../../../../contract/forms'
import { maskName } from '../../../../contract/identity'
import { regionCovers } from '../../../../contract/staff'
import { StaffCaseSummarySchema, type StaffCaseSummary } from '../../../../contract/workbench'
import { shanghaiDate } from '../../../../domain/calendar'
import { planStaffAction } from '../../../../domain/case-actions'
import { checkSubmission, type StaffStep } from '../../../../domain/cases'
import type { ErrorCode } from '../../../../contract/common'
import { AppError, errors } from '../../../../domain/errors'
import type { Db } from '../../db'
import type { PersonAccess } from '../../services/access'
import { requireRealName, type ApplyService } from '../../services/apply'
import { inspectUpload } from '../../uploads/inspect'
import { UPSTREAM_TIMEOUT_MS } from '../http'
import type { FileStorage } from '../storage/types'
import type { CaseSystem, QueryRecord, SourceCase } from './types'

/**
 * CASE_SYSTEM=http: the agency's own case system over HTTP — the worked example of README "Connecting an agency's
 * own systems". Drafts stay in the BFF; a submit sends the checked case to the agency, and every read and step after
 * that is the agency's. The agency answers in the contract's shapes (contract/apply.ts) with whole personal data; this
 * adapter decides who may see a case (PersonAccess grants, on the applicant the agency names) and masks what citizens
 * see.
 *
 * Every request carries `X-Yb-Timestamp` (ms) and `X-Yb-Signature` = hex HMAC-SHA256 under CASE_SYSTEM_KEY of
 * `<timestamp>\n<METHOD> <path and query>\n<body>`, so the agency can tell it came from this BFF. The routes:
 *   POST /cases                        {applicant, submittedBy, item, values, sharedVerified, paperPledge, files[]}
 *                                      (Idempotency-Key: the same key answers the same case) → 201|200 CaseAnswer;
 *                                      `item.guideVersion` {version, publishedAt} | null: the guide the case is filed
 *                                      under, answered back as `case.guideVersion` (its 补正 and rejections cite it)
 *   GET  /cases?applicant=&status=     → {applications: ApplicationSummary[]}
 *   GET  /cases?status=&region=        (staff: the cases of a region prefix) → the same
 *   GET  /cases/:id                    → CaseAnswer
 *   POST /cases/from-source            {reminderId, remindedAt, by, applicant, submittedBy, item, values} (Idempotency-Key:
 *                                      reminder-<id>) → 201|200 CaseAnswer: 000 图4, made and decided by the agency's rules
 *   POST /cases/:id/actions            StaffAction & {by, recorded}  → CaseAnswer   (409 {code, message} when refused)
 *                                      `recorded`: what the step records, as the BFF's rules planned it
 *                                      (domain/case-actions.ts), for the agency to keep and answer back —
 *                                      {note}: the step's timeline note (event.note; an extension's new limit and
 *                                      reason, a 补正's materials with their guide entries, a late step's lateness);
 *                                      {supplement}: requestSupplement's Supplement with `basis` (case.supplement);
 *                                      {result: {decision, text, basis?}}: complete/reject, `basis` the guide's
 *                                      conditions a rejection cites (case.result); {timeLimitDays}: extendTimeLimit's
 *                                      new limit (case.timeLimitDays)
 *   POST /cases/:id/materials/:mid     {fileName, mime, sha256, contentBase64} → CaseAnswer
 *   POST /cases/:id/resubmit           {values?, by} (Idempotency-Key) → CaseAnswer
 *   GET  /cases/:id/result.pdf         → application/pdf
 *   GET  /results/:code                → ResultVerification
 *   POST /queries                      {applicant, askedBy, item, answer, repeatWithinMinutes} → {id, caseNo, refreshed}
 *                                      (a query answered by the agency, kept as a completed query case; the same
 *                                      applicant, item and region within repeatWithinMinutes of that case's making
 *                                      refreshes its answer instead — domain/queries.ts)
 * where CaseAnswer = {case: ApplicationDetail, applicantIdNumber, submittedBy: accountId | null}. A 4xx answer with
 * `{code, message}` is passed to the citizen as it is; a network failure, a timeout or a 5xx is 503 UPSTREAM_UNAVAILABLE.
 */
export interface HttpCaseSystemDeps {
  url: string
  key: string
  db: Db
  drafts: ApplyService
  access: PersonAccess
  storage: FileStorage
  now: () => Date
}

const CaseAnswerSchema = z.object({ case: ApplicationDetailSchema, applicantIdNumber: z.string(), submittedBy: z.string().nullable() })
type CaseAnswer = z.infer<typeof CaseAnswerSchema>
const ListSchema = z.object({ applications: z.array(ApplicationSummarySchema) })
const WorkSchema = z.object({ applications: z.array(StaffCaseSummarySchema) })
const ChangesSchema = z.object({ applicationIds: z.array(z.string()) })
const QueryKeptSchema = z.object({ id: z.string().min(1), caseNo: z.string().min(1), refreshed: z.boolean() })
const UpstreamErrorSchema = z.object({ code: z.string().min(1), message: z.string().min(1) })

export class HttpCaseSystem implements CaseSystem {
  constructor(private readonly d: HttpCaseSystemDeps) {}

  /** One signed request; JSON in and out (`raw` for bytes). */
  private async call(method: string, path: string, opts: { body?: unknown; key?: string; raw?: boolean } = {}): Promise<{ status: number; body: unknown }> {
    const text = opts.body === undefined ? '' : JSON.stringify(opts.body)
    const ts = String(this.d.now().getTime())
    const signature = createHmac('sha256', this.d.key).update(`${ts}\n${method} ${path}\n${text}`).digest('hex')
    let res: Response
    try {
      res = await fetch(`${this.d.url}${path}`, {
        method,
        headers: {
          'x-yb-timestamp': ts,
          'x-yb-signature': signature,
          ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
          ...(opts.key ? { 'idempotency-key': opts.key } : {})
        },
        body: text || undefined,
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)
      })
    } catch (err) {
      throw Object.assign(errors.unavailable(), { cause: err })
    }
    if (res.status >= 500) throw Object.assign(errors.unavailable(), { cause: new Error(`${method} ${path} answered ${res.status}`) })
    if (opts.raw && res.ok) return { status: res.status, body: Buffer.from(await res.arrayBuffer()) }
    let body: unknown = null
    try {
      const answer = await res.text()
      body = answer ? JSON.parse(answer) : null
    } catch (err) {
      throw Object.assign(errors.unavailable(), { cause: err })
    }
    if (!res.ok) {
      const e = UpstreamErrorSchema.safeParse(body)
      if (res.status === 404 && path.startsWith('/cases/')) throw errors.applicationUnknown()
      throw e.success && res.status < 500 ? new AppError(res.status, e.data.code as ErrorCode, e.data.message) : errors.unavailable()
    }
    return { status: res.status, body }
  }

  private parse<S extends z.ZodTypeAny>(schema: S, body: unknown): z.output<S> {
    const r = schema.safeParse(body)
    if (!r.success) throw Object.assign(errors.unavailable(), { cause: r.error })
    return r.data as z.output<S>
  }

  private async caseAnswer(method: string, path: string, opts: { body?: unknown; key?: string } = {}): Promise<CaseAnswer> {
    return this.parse(CaseAnswerSchema, (await this.call(method, path, opts)).body)
  }

  /** The same rule as the embedded system: the applicant's grant, or the submitting account while it may still apply. */
  private async mayAccess(user: AuthUser, a: CaseAnswer, scope: 'cases' | 'apply'): Promise<boolean> {
    if (await this.d.access.allows(user.id, a.applicantIdNumber, scope)) return true
    return scope === 'cases' && a.submittedBy === user.id && this.d.access.allows(user.id, a.applicantIdNumber, 'apply')
  }

  /** What a citizen sees: names and the values of personal fields masked, as the embedded system shows them. */
  private citizenView(c: ApplicationDetail): ApplicationDetail {
    const item = this.d.drafts.itemOrNull(c.itemId, c.region.code)
    const field = (key: string) => item?.form?.fields.find((f) => f.key === key)
    return {
      ...c,
      applicantName: maskName(c.applicantName),
      actorName: maskName(c.actorName),
      fields: c.fields.map((f) => ({ ...f, value: maskFieldValue(field(f.key), f.value) })),
      events: c.events.map((e) => (e.actor.kind === 'citizen' ? { ...e, actor: { ...e.actor, name: maskName(e.actor.name) } } : e))
    }
  }

  private async ownCase(user: AuthUser, id: string, scope: 'cases' | 'apply' = 'cases'): Promise<CaseAnswer> {
    const a = await this.caseAnswer('GET', `/cases/${encodeURIComponent(id)}`)
    if (!(await this.mayAccess(user, a, scope))) throw errors.applicationUnknown()
    return a
  }

  /** The version of the item's guide a case filed now is held to, with its date (the agency keeps it on the case). */
  private guideVersion(itemId: string): ApplicationDetail['guideVersion'] {
    return this.d.drafts.guideVersionOf(itemId, this.d.drafts.currentGuideVersion(itemId))
  }

  private checkKey(key: string | undefined): string {
    if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) throw errors.idempotencyKeyRequired()
    return key
  }

  async recordQuery(user: AuthUser, q: QueryRecord): Promise<{ applicationId: string; caseNo: string; refreshed: boolean }> {
    const kept = this.parse(
      QueryKeptSchema,
      (
        await this.call('POST', '/queries', {
          body: {
            applicant: { name: q.person.name, idNumber: q.person.idNumber },
            askedBy: { accountId: user.id, name: user.realName?.name ?? '本人' },
            item: { id: q.item.id, name: q.item.name, region: q.item.region.code },
            answer: q.answer,
            repeatWithinMinutes: QUERY_REPEAT_MINUTES
          }
        })
      ).body
    )
    if (!kept.refreshed) await this.d.access.logProxyAction(user, q.person, 'application.query', `代为查询“${q.item.name}”`, kept.id)
    return { applicationId: kept.id, caseNo: kept.caseNo, refreshed: kept.refreshed }
  }

  async submit(user: AuthUser, draftId: string, key: string | undefined, body: { paperPledge?: boolean }): Promise<{ application: ApplicationDetail; created: boolean }> {
    const idemKey = this.checkKey(key)
    // a repeat of a submit that reached the agency: the same case (the agency also answers a repeated key alike)
    const seen = await this.d.db
      .prepare<[string, string], { scope: string; target_id: string; application_id: string }>('SELECT scope, target_id, application_id FROM idempotency_keys WHERE user_id = ? AND key = ?')
      .get(user.id, idemKey)
    if (seen) {
      if (seen.scope !== 'submit' || seen.target_id !== draftId) throw errors.idempotencyKeyReused()
      return { application: await this.get(user, seen.application_id), created: false }
    }
    const row = await this.d.drafts.openDraftRow(user, draftId)
    const self = requireRealName(user)
    const item = this.d.drafts.applyableItem(row.item_id, row.region_code)
    const shared = await this.d.drafts.sharedVerified(item, row.applicant_id_number)
    const uploads = await this.d.drafts.uploadsOf('draft', draftId)
    const check = checkSubmission(item, {
      values: this.d.drafts.valuesWithPrefill(item.form, row, user),
      sharedVerified: shared,
      uploadedMaterialIds: uploads.map((u) => u.material_id),
      paperPledge: body.paperPledge,
      now: this.d.now(),
      nationalPlace: nationalRegions.isPlace
    })
    const files = []
    for (const u of uploads) {
      const bytes = await this.d.storage.get(u.storage_key)
      if (!bytes) throw errors.storageUnavailable()
      files.push({ materialId: u.material_id, fileName: u.file_name, mime: u.mime, sha256: u.sha256, contentBase64: bytes.toString('base64') })
    }
    const answer = await this.call('POST', '/cases', {
      key: idemKey,
      body: {
        applicant: { name: row.applicant_name, idNumber: row.applicant_id_number },
        submittedBy: { accountId: user.id, name: self.name },
        item: { id: item.id, name: item.name, region: item.region.code, handlingMode: caseHandlingMode(item, check.values), guideVersion: this.guideVersion(item.id) },
        values: check.values,
        sharedVerified: shared,
        paperPledge: Boolean(body.paperPledge),
        files
      }
    })
    const made = this.parse(CaseAnswerSchema, answer.body)
    // the draft is done once the agency holds the case (a repeat of the key finds the same case upstream)
    const at = this.d.now().toISOString()
    await this.d.db.tx(async () => {
      await this.d.db.prepare("UPDATE drafts SET application_id = ?, step = 'confirm', updated_at = ? WHERE id = ? AND application_id IS NULL").run(made.case.id, at, draftId)
      await this.d.db
        .prepare('INSERT INTO idempotency_keys (user_id, key, scope, target_id, application_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(user.id, idemKey, 'submit', draftId, made.case.id, at)
    })
    return { application: this.citizenView(made.case), created: answer.status === 201 }
  }

  async submitFromSource(c: SourceCase): Promise<{ applicationId: string; created: boolean }> {
    const item = this.d.drafts.applyableItem(c.itemId, c.region)
    const answer = await this.call('POST', '/cases/from-source', {
      key: `reminder-${c.reminderId}`,
      body: {
        reminderId: c.reminderId,
        remindedAt: c.remindedAt,
        by: c.by,
        applicant: c.applicant,
        submittedBy: { accountId: c.userId },
        item: { id: item.id, name: item.name, region: item.region.code, guideVersion: this.guideVersion(item.id) },
        values: c.values
      }
    })
    return { applicationId: this.parse(CaseAnswerSchema, answer.body).case.id, created: answer.status === 201 }
  }

  async list(user: AuthUser, status?: ApplicationStatus, person?: { idNumber: string; memberId: string | null }): Promise<ApplicationsResponse> {
    const applicant = person?.idNumber ?? requireRealName(user).idNumber
    const q = new URLSearchParams({ applicant, ...(status ? { status } : {}) })
    const { applications } = this.parse(ListSchema, (await this.call('GET', `/cases?${q}`)).body)
    return { applications: applications.map((a) => ({ ...a, applicantName: maskName(a.applicantName) })) }
  }

  async get(user: AuthUser, id: string): Promise<ApplicationDetail> {
    return this.citizenView((await this.ownCase(user, id)).case)
  }

  async addSupplementUpload(user: AuthUser, id: string, materialId: string, file: { fileName: string; bytes: Buffer }): Promise<ApplicationDetail> {
    const a = await this.ownCase(user, id, 'apply')
    const material = this.d.drafts.item(a.case.itemId, a.case.region.code).guide.materials.find((m) => m.id === materialId)
    if (!material) throw errors.materialUnknown()
    const inspected = await inspectUpload(file.bytes, { accept: material.accept ?? ['image'], fileName: file.fileName })
    const answer = await this.caseAnswer('POST', `/cases/${encodeURIComponent(id)}/materials/${encodeURIComponent(materialId)}`, {
      body: { fileName: inspected.fileName, mime: inspected.mime, sha256: inspected.sha256, contentBase64: inspected.bytes.toString('base64') }
    })
    return this.citizenView(answer.case)
  }

  async resubmit(user: AuthUser, id: string, key: string | undefined, body: { values?: Record<string, string> }): Promise<ApplicationDetail> {
    const idemKey = this.checkKey(key)
    await this.ownCase(user, id, 'apply')
    const answer = await this.caseAnswer('POST', `/cases/${encodeURIComponent(id)}/resubmit`, { key: idemKey, body: { values: body.values, by: user.realName?.name ?? '本人' } })
    return this.citizenView(answer.case)
  }

  async resultPdf(user: AuthUser, id: string): Promise<{ pdf: Buffer; fileName: string }> {
    const a = await this.ownCase(user, id)
    const res = await this.call('GET', `/cases/${encodeURIComponent(id)}/result.pdf`, { raw: true })
    return { pdf: res.body as Buffer, fileName: `${a.case.caseNo}.pdf` }
  }

  async verify(code: string, pdf?: Buffer): Promise<ResultVerification> {
    const v = this.parse(ResultVerificationSchema, (await this.call('GET', `/results/${encodeURIComponent(code)}`)).body)
    if (!pdf) {
      const { unaltered: _ignored, ...rest } = v
      return rest
    }
    return { ...v, unaltered: createHash('sha256').update(pdf).digest('hex') === v.sha256 }
  }

  /** GET /cases/:id/materials/:uploadId → the bytes the citizen uploaded (as POST /cases/:id/materials/:mid sent them) */
  async staffUpload(id: string, uploadId: string, scope: string): Promise<{ bytes: Buffer; mime: Upload['mime']; fileName: string }> {
    const c = await this.staffGet(id, scope)
    const u = c.uploads.find((x) => x.id === uploadId)
    if (!u) throw errors.uploadUnknown()
    const res = await this.call('GET', `/cases/${encodeURIComponent(id)}/materials/${encodeURIComponent(uploadId)}`, { raw: true })
    return { bytes: res.body as Buffer, mime: u.mime, fileName: u.fileName }
  }

  async staffList(status?: ApplicationStatus, scope = '000000'): Promise<ApplicationsResponse> {
    const q = new URLSearchParams({ region: scope, ...(status ? { status } : {}) })
    return this.parse(ListSchema, (await this.call('GET', `/cases?${q}`)).body)
  }

  async staffGet(id: string, scope = '000000'): Promise<ApplicationDetail> {
    const a = await this.caseAnswer('GET', `/cases/${encodeURIComponent(id)}`)
    if (scope !== '000000' && !regionCovers(scope, a.case.region.code)) throw errors.applicationUnknown()
    return a.case
  }

  /**
   * The step is planned by the BFF's rules on the case as the agency holds it and filed it (the guide version it
   * answers), as the embedded system plans it: the agency is sent what to keep — the guide entries a 补正 or a
   * rejection cites, an extension's limit and reason — not left to word them anew (or not at all).
   */
  async staffAct(id: string, a: StaffAction, by: { name: string; regionCode: string }): Promise<ApplicationDetail> {
    const c = await this.staffGet(id, by.regionCode)
    const now = this.d.now()
    const item = this.d.drafts.itemAsFiled(c.itemId, c.region.code, c.guideVersion?.version ?? null)
    const { step } = planStaffAction(c, a, { item, today: shanghaiDate(now), at: now.toISOString() })
    return (await this.caseAnswer('POST', `/cases/${encodeURIComponent(id)}/actions`, { body: { ...a, by: by.name, recorded: recordedStep(step) } })).case
  }

  /** GET /cases?region=&open=true[&assignee=]: the agency's system keeps who a case is assigned to */
  async staffWork(q: { scope: string; assigneeId?: string }): Promise<StaffCaseSummary[]> {
    const p = new URLSearchParams({ region: q.scope, open: 'true', ...(q.assigneeId ? { assignee: q.assigneeId } : {}) })
    return this.parse(WorkSchema, (await this.call('GET', `/cases?${p}`)).body).applications
  }

  /** GET /cases/changes?region=&since=[&assignee=] */
  async staffChanges(q: { scope: string; since: string; assigneeId?: string }): Promise<string[]> {
    const p = new URLSearchParams({ region: q.scope, since: q.since, ...(q.assigneeId ? { assignee: q.assigneeId } : {}) })
    return this.parse(ChangesSchema, (await this.call('GET', `/cases/changes?${p}`)).body).applicationIds
  }
}

/** What POST /cases/:id/actions asks the agency to keep of a planned step (the header's `recorded`). */
function recordedStep(step: StaffStep): { note: string | null; supplement?: Supplement; result?: Pick<ApplicationResult, 'decision' | 'text' | 'basis'>; timeLimitDays?: number } {
  const r = step.result
  return {
    note: step.note,
    ...(step.supplement ? { supplement: step.supplement } : {}),
    ...(r ? { result: { decision: r.decision, text: r.text, ...(r.basis ? { basis: r.basis } : {}) } } : {}),
    ...(step.timeLimitDays !== undefined ? { timeLimitDays: step.timeLimitDays } : {})
  }
}
