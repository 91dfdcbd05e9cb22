// Over 400 lines: the embedded case system is one transaction discipline (locks, idempotency, notifications after commit) shared by every step.
import type { AuthUser } from '../../services/auth-user'
import { nationalRegions } from '../../services/national-regions'
import { createHash, randomUUID } from 'node:crypto'
import {
  IDEMPOTENCY_KEY_PATTERN,
  type ApplicationDetail,
  type ApplicationStatus,
  type ApplicationsResponse,
  type ResultVerification,
  type StaffAction,
  type Upload
} from '../../../../contract/apply'
import { ErrorCode } from '../../../../contract/common'
import { maskIdNumber, maskName } from '../../../../contract/identity'
import { regionCovers, regionPrefix } from '../../../../contract/staff'
import { caseHandlingMode, caseTimeLimitDays } from '../../../../domain/answers'
import { shanghaiDate } from '../../../../domain/calendar'
import {
  checkSubmission,
  checkSupplementUpload,
  clockAfterStep,
  messageWhose,
  progressMessage,
  resubmitValues,
  submitLabel,
  submitMessage,
  supplementMissing
} from '../../../../domain/cases'
import { planStaffAction } from '../../../../domain/case-actions'
import { QUERY_ACTOR_NAME, answeredQueryCase, refreshesQueryCase } from '../../../../domain/queries'
import { AppError, errors, fieldsError } from '../../../../domain/errors'
import { applyAction, type CaseState, type WorkflowAction } from '../../../../domain/workflow'
import { ARCHIVE_ACTOR, ARCHIVE_LABEL, archivedMaterials, caseEnded, sourceDataMaterial } from '../../../../domain/archive'
import { SOURCE_CASE_ACTOR, sourceCaseLabel, sourceCaseNote } from '../../../../domain/reminders'
import { checkForm } from '../../../../contract/forms'
import type { Db } from '../../db'
import { requireRealName, type ApplyDeps, type ApplyService, type DraftRow } from '../../services/apply'
import { newVerifyCode, normalizeVerifyCode, renderResultPdf } from './result-pdf'
import type { CaseSystem, QueryRecord, SourceCase } from './types'
import type { StaffCaseSummary } from '../../../../contract/workbench'
import {
  FINAL_STATUSES,
  detailView,
  parseJson,
  summaryView,
  type ApplicationRow,
  type EventRow,
  type ResultDocRow,
  type StoredResult
} from './views'

/** a case made from a source has no draft: its `draft_id` (unique) is this and the reminder's id, so it is made once */
const SOURCE_DRAFT_PREFIX = 'reminder:'

export interface EmbeddedCaseSystemDeps extends ApplyDeps {
  /** the drafts a submit takes its values and uploads from */
  drafts: ApplyService
}

/**
 * The embedded case system (the agency's 经办 back office when it has none of its own): cases made from submitted
 * drafts, every step of the workflow (001 §5.2.3) decided by domain/workflow.ts and domain/cases.ts, staff actions,
 * 补正 and resubmit, and the result documents (001 §5.3), kept in the BFF's database.
 * Every write that decides on what it read runs in one transaction (`db.tx`) that first locks what it decides about
 * — `draft:<id>` (submit), `application:<id>` (every step of a case, 补正 uploads) — and reads again under the lock, so
 * ten identical submits at once, in one process or in several BFF instances on the same database, make one case.
 * The submit re-checks its idempotency key under the lock. Upstream calls (agency, storage, SMS) stay outside
 * transactions.
 */
export class EmbeddedCaseSystem implements CaseSystem {
  constructor(private readonly d: EmbeddedCaseSystemDeps) {}

  private get db(): Db {
    return this.d.db
  }

  private get drafts(): ApplyService {
    return this.d.drafts
  }

  // ---------- submit ----------

  private checkIdempotencyKey(key: string | undefined): string {
    if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) throw errors.idempotencyKeyRequired()
    return key
  }

  /** The application a key already made for this account, or null. A key used for something else is refused. */
  private async keyedApplication(user: AuthUser, key: string, scope: string, targetId: string): Promise<string | null> {
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
   * 000 §6.1.5 归档, inside the transaction of the step that ended the case (domain/archive.ts caseEnded): the archive
   * entry — item, the digest of the guide it was handled under, the materials with their digests, the outcome — and
   * the 已归档 node. The entry's key is the case: a step run again (a PostgreSQL retry) archives nothing twice.
   */
  private async archiveIfEnded(appId: string, before: CaseState | null, after: CaseState, at: string): Promise<void> {
    if ((before && caseEnded(before)) || !caseEnded(after)) return
    const row = await this.appRow(appId)
    const item = this.drafts.itemOrNull(row.item_id, row.region_code)
    const uploads = await this.drafts.uploadsOf('application', appId)
    const materials = archivedMaterials(
      item?.guide.materials ?? [],
      uploads.map((u) => ({ materialId: u.material_id, sha256: u.sha256 })),
      parseJson<string[]>(row.shared_verified_json) ?? []
    )
    // a case made from a department's data (图4): that data is its application, archived by its digest
    if (row.draft_id.startsWith(SOURCE_DRAFT_PREFIX)) materials.push(sourceDataMaterial(createHash('sha256').update(row.values_json).digest('hex')))
    const stored = parseJson<StoredResult>(row.result_json)
    const r = await this.db
      .prepare(
        `INSERT INTO case_archive (application_id, archived_at, item_id, item_name, guide_sha256, materials_json, outcome, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
      )
      .run(
        appId,
        at,
        row.item_id,
        row.item_name,
        createHash('sha256').update(JSON.stringify(item?.guide ?? null)).digest('hex'),
        JSON.stringify(materials),
        after.status === 'completed' ? 'approved' : 'rejected',
        stored?.decidedAt ?? null
      )
    if (r.changes === 0) return
    await this.addEvent(appId, { actorKind: 'system', actorName: ARCHIVE_ACTOR, action: 'archive', label: ARCHIVE_LABEL, from: after.status, to: after.status, note: null }, at)
  }

  /**
   * Submits a draft (001 §5.2). Validates the form with the same schema as the app, requires every required material
   * not verified through data sharing, and the paper pledge where originals are mailed. Smart items are decided at
   * once by the agency's rule check (001 §5.2.2, §5.3.1); manual items wait for window staff.
   * The Idempotency-Key makes repeats return the same case (200) instead of a new one.
   */
  async submit(
    user: AuthUser,
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
    user: AuthUser,
    draftId: string,
    idemKey: string,
    body: { paperPledge?: boolean }
  ): Promise<{ application: ApplicationDetail; created: boolean }> {
    const row = await this.drafts.openDraftRow(user, draftId)
    requireRealName(user)
    const item = this.drafts.applyableItem(row.item_id, row.region_code)
    const shared = await this.drafts.sharedVerified(item, row.applicant_id_number)
    const uploads = await this.drafts.uploadsOf('draft', draftId)
    const check = checkSubmission(item, {
      values: this.drafts.valuesWithPrefill(item.form, row, user),
      sharedVerified: shared,
      uploadedMaterialIds: uploads.map((u) => u.material_id),
      paperPledge: body.paperPledge,
      now: this.d.now(),
      nationalPlace: nationalRegions.isPlace
    })
    const paper = check.needsPaper

    // the agency's instant decision for smart items, computed before the write so the write is one transaction
    // holding no upstream call
    let decision: { approved: boolean; text: string } | null = null
    // a manual item's smart sub-path (003 §7.6.3.5 b) is decided like a smart item (domain/answers.ts)
    const mode = caseHandlingMode(item, check.values)
    if (mode === 'smart') {
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
        handlingMode: mode,
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
             result_json, draft_id, guide_version, submitted_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?, ?)`
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
          mode,
          item.region.code,
          item.region.name,
          item.guide.authority.accepting,
          JSON.stringify(check.values),
          JSON.stringify(shared),
          paper ? 1 : 0,
          // every manual case has a clock: the tier its answers choose, 即时办结 = 0, or the agency's default
          caseTimeLimitDays(item, check.values),
          stored ? JSON.stringify(stored) : null,
          draftId,
          // the guide it is filed under: its 补正 and rejections are held to this version (domain/guide-contract.ts)
          this.drafts.currentGuideVersion(item.id),
          at,
          at
        )
      const label = submitLabel(row.applicant_id_number !== user.realName?.idNumber)
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
      // a smart decision ends the case at once (000 §6.1.5): archived with the uploads it now owns
      await this.archiveIfEnded(appId, null, state, at)
      await this.db
        .prepare('INSERT INTO idempotency_keys (user_id, key, scope, target_id, application_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(user.id, idemKey, 'submit', draftId, appId, at)
      const recipients = await this.caseRecipients(await this.appRow(appId))
      const caseNo = await this.nextCaseNo(row.region_code, now)
      await this.db.prepare('UPDATE applications SET case_no = ? WHERE id = ?').run(caseNo, appId)
      for (const to of recipients) {
        const whose = messageWhose({ proxy: to.proxy, self: to.userId === user.id }, { applicant: row.applicant_name, actor: actorName })
        const n = await this.d.notifications.record(to.userId, {
          ...submitMessage({ whose, itemName: item.name, caseNo, decision }),
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

  /**
   * 000 图4 自动办结 (SourceCase): the form filled from the source and the applicant's record (免提交), the materials the
   * platform verifies, the agency's rule deciding at once (§6.1.3), the citizen told, the case archived (§6.1.5). Made
   * once per reminder: the draft key `reminder:<id>` is unique and checked under the reminder's lock.
   */
  async submitFromSource(c: SourceCase): Promise<{ applicationId: string; created: boolean }> {
    const draftKey = `${SOURCE_DRAFT_PREFIX}${c.reminderId}`
    const existing = async (): Promise<string | null> =>
      (await this.db.prepare<[string], { id: string }>('SELECT id FROM applications WHERE draft_id = ?').get(draftKey))?.id ?? null
    const already = await existing()
    if (already) return { applicationId: already, created: false }
    const item = this.drafts.applyableItem(c.itemId, c.region)
    const person = await this.d.dataSharing.person(c.applicant.idNumber)
    // the platform's name when it knows the person (a staff proposal names nobody)
    const applicant = { name: person?.name ?? c.applicant.name, idNumber: c.applicant.idNumber }
    const filled: Record<string, string> = { ...c.values }
    for (const f of item.form.fields) {
      const v = f.prefill === 'applicantName' ? applicant.name : f.prefill === 'applicantIdNumber' ? applicant.idNumber : f.prefill === 'applicantPhone' ? person?.phone : undefined
      if (v) filled[f.key] = v
    }
    const now = this.d.now()
    const form = checkForm(item.form, filled, now)
    // the source did not supply what the form needs: no case is made on a guess (the caller falls back to a draft)
    if (!form.ok) throw fieldsError(form.errors)
    const shared = await this.drafts.sharedVerified(item, c.applicant.idNumber)
    const decision = await this.d.agency.smartCheck({ itemId: item.id, itemName: item.name, applicant, values: form.values, person, now })
    const at = now.toISOString()
    const remindedOn = shanghaiDate(new Date(c.remindedAt))
    const written = await this.db.tx(async (): Promise<{ appId: string; created: boolean; sends: Array<() => Promise<void>> }> => {
      const sends: Array<() => Promise<void>> = []
      await this.db.lock(`reminder-case:${c.reminderId}`)
      const raced = await existing()
      if (raced) return { appId: raced, created: false, sends }
      const appId = randomUUID()
      const stored: StoredResult = { decision: decision.approved ? 'approved' : 'rejected', text: decision.text, decidedAt: at }
      await this.db
        .prepare(
          `INSERT INTO applications (id, case_no, user_id, actor_name, applicant_id_number, applicant_name, item_id, item_name, handling_mode,
             region_code, region_name, agency_name, values_json, shared_verified_json, status, needs_paper, time_limit_days,
             result_json, draft_id, submitted_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'smart', ?, ?, ?, ?, ?, 'submitted', 0, NULL, ?, ?, ?, ?)`
        )
        .run(appId, `pending-${appId}`, c.userId, SOURCE_CASE_ACTOR[c.by], applicant.idNumber, applicant.name, item.id, item.name, item.region.code, item.region.name, item.guide.authority.accepting, JSON.stringify(form.values), JSON.stringify(shared), JSON.stringify(stored), draftKey, at, at)
      const submitted: CaseState = { status: 'submitted', handlingMode: 'smart', needsPaper: false, paperReceived: false, supplementReturnTo: null, delivered: false, materialsReturned: false }
      await this.addEvent(appId, { actorKind: 'system', actorName: SOURCE_CASE_ACTOR[c.by], action: 'submit', label: sourceCaseLabel(c.by), from: null, to: 'submitted', note: sourceCaseNote(c.by, remindedOn) }, at)
      const step = applyAction(submitted, decision.approved ? 'autoComplete' : 'autoReject')
      await this.addEvent(appId, { actorKind: 'system', actorName: '系统（智能办理）', action: decision.approved ? 'autoComplete' : 'autoReject', label: step.label, from: 'submitted', to: step.state.status, note: decision.text }, at)
      await this.db.prepare('UPDATE applications SET status = ? WHERE id = ?').run(step.state.status, appId)
      await this.archiveIfEnded(appId, submitted, step.state, at)
      const caseNo = await this.nextCaseNo(item.region.code, now)
      await this.db.prepare('UPDATE applications SET case_no = ? WHERE id = ?').run(caseNo, appId)
      for (const to of await this.caseRecipients(await this.appRow(appId))) {
        const whose = to.proxy ? messageWhose({ proxy: true, self: false }, { applicant: applicant.name, actor: '' }) : '您的'
        const n = await this.d.notifications.record(to.userId, { ...submitMessage({ whose, itemName: item.name, caseNo, decision }), applicationId: appId, sms: true })
        sends.push(n.send)
      }
      return { appId, created: true, sends }
    })
    for (const s of written.sends) await s()
    if (written.created) await this.issueResultDocumentIfStorable(written.appId)
    return { applicationId: written.appId, created: written.created }
  }

  // ---------- query cases (001 §5.2.1) ----------

  async recordQuery(user: AuthUser, q: QueryRecord): Promise<{ applicationId: string; caseNo: string; refreshed: boolean }> {
    const now = this.d.now()
    const at = now.toISOString()
    const answer = JSON.stringify(q.answer)
    const kept = await this.db.tx(async (): Promise<{ applicationId: string; caseNo: string; refreshed: boolean }> => {
      // two identical queries at once make one case: the second waits here and then finds the first
      await this.db.lock(`query:${q.person.idNumber}:${q.item.id}:${q.item.region.code}`)
      const last = await this.db
        .prepare<[string, string, string], ApplicationRow>(
          "SELECT * FROM applications WHERE handling_mode = 'query' AND applicant_id_number = ? AND item_id = ? AND region_code = ? ORDER BY submitted_at DESC LIMIT 1"
        )
        .get(q.person.idNumber, q.item.id, q.item.region.code)
      if (last && refreshesQueryCase(last.submitted_at, now)) {
        await this.db.prepare('UPDATE applications SET query_answer_json = ?, updated_at = ? WHERE id = ?').run(answer, at, last.id)
        return { applicationId: last.id, caseNo: last.case_no, refreshed: true }
      }
      const appId = randomUUID()
      const made = answeredQueryCase()
      await this.db
        .prepare(
          `INSERT INTO applications (id, case_no, user_id, actor_name, applicant_id_number, applicant_name, item_id, item_name, handling_mode,
             region_code, region_name, agency_name, values_json, shared_verified_json, status, needs_paper, time_limit_days,
             result_json, draft_id, query_answer_json, submitted_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'query', ?, ?, ?, '{}', '[]', ?, 0, NULL, NULL, ?, ?, ?, ?)`
        )
        .run(
          appId,
          `pending-${appId}`,
          user.id,
          user.realName?.name ?? '本人',
          q.person.idNumber,
          q.person.name,
          q.item.id,
          q.item.name,
          q.item.region.code,
          q.item.region.name,
          q.item.agencyName,
          made.state.status,
          // a query case comes from no draft; the column is unique per case
          `query:${appId}`,
          answer,
          at,
          at
        )
      await this.addEvent(appId, { actorKind: 'system', actorName: QUERY_ACTOR_NAME, action: 'answerQuery', label: made.label, from: 'submitted', to: made.state.status }, at)
      const caseNo = await this.nextCaseNo(q.item.region.code, now)
      await this.db.prepare('UPDATE applications SET case_no = ? WHERE id = ?').run(caseNo, appId)
      return { applicationId: appId, caseNo, refreshed: false }
    })
    if (!kept.refreshed) await this.d.access.logProxyAction(user, q.person, 'application.query', `代为查询“${q.item.name}”`, kept.applicationId)
    return kept
  }

  /** The detail once any result document it needs exists (issued at most once, whoever asks first). */
  private async finishedDetail(user: AuthUser, appId: string): Promise<ApplicationDetail> {
    await this.issueResultDocumentIfStorable(appId)
    return this.get(user, appId)
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
    const submitter = { id: row.user_id } as AuthUser
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
  private async ownAppRow(user: AuthUser, id: string, scope: 'cases' | 'apply' = 'cases'): Promise<ApplicationRow> {
    const row = await this.appRow(id)
    if (!(await this.mayAccess(user, row, scope))) throw errors.applicationUnknown()
    return row
  }

  /**
   * Reading a case needs the `cases` grant of its applicant; the account that submitted it may also read it while it
   * holds the `apply` grant (following up what it applied for). Acting on it (补正) needs `apply`. Having submitted it
   * is never enough on its own.
   */
  private async mayAccess(user: AuthUser, row: ApplicationRow, scope: 'cases' | 'apply'): Promise<boolean> {
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
      // the item as the case was filed: material names and the paper list of its own guide version
      item: this.drafts.itemAsFiled(row.item_id, row.region_code, row.guide_version),
      guideVersion: this.drafts.guideVersionOf(row.item_id, row.guide_version),
      events,
      uploads: await this.drafts.uploadsOf('application', row.id),
      resultDoc,
      now: this.d.now(),
      unmasked,
      regionName: (code) => this.d.catalog.regionFullName(code) ?? nationalRegions.fullName(code)
    })
  }

  /**
   * 我的办件. For oneself: the cases one is the applicant of, and the cases one submitted for others while one still
   * may. For a family member (`person`, already checked for the `cases` grant): every case the member is applicant of.
   */
  async list(
    user: AuthUser,
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
      applications: rows.filter((r) => !status || r.status === status).map((r) => summaryView(r, this.drafts.itemOrNull(r.item_id, r.region_code), now))
    }
  }

  async get(user: AuthUser, id: string): Promise<ApplicationDetail> {
    return this.detail(await this.ownAppRow(user, id))
  }

  /** 补正 uploads go to the case itself (001 §5.2.3.5: the citizen resubmits into the same case). */
  async addSupplementUpload(
    user: AuthUser,
    id: string,
    materialId: string,
    file: { fileName: string; bytes: Buffer }
  ): Promise<ApplicationDetail> {
    const row = await this.ownAppRow(user, id, 'apply')
    if (row.status !== 'supplementRequested') throw errors.supplementNotRequested()
    const s = parseJson<{ materialIds: string[]; requestedAt: string }>(row.supplement_json) ?? { materialIds: [], requestedAt: '' }
    const count = async (): Promise<number> =>
      (await this.drafts.uploadsOf('application', id)).filter((u) => u.material_id === materialId && u.uploaded_at >= s.requestedAt).length
    const material = checkSupplementUpload(this.drafts.item(row.item_id, row.region_code), s, materialId, 0)
    await this.drafts.storeUpload('application', id, material, file, {
      count,
      // the case's lock (as every step of it): a resubmit or a staff action that committed meanwhile ends the 补正
      lockOwner: async () => {
        await this.db.lock(`application:${id}`)
        const now = await this.appRow(id)
        if (now.status !== 'supplementRequested' || now.supplement_json !== row.supplement_json) throw errors.supplementNotRequested()
      }
    })
    return this.get(user, id)
  }

  async resubmit(user: AuthUser, id: string, key: string | undefined, body: { values?: Record<string, string> }): Promise<ApplicationDetail> {
    const idemKey = this.checkIdempotencyKey(key)
    if (await this.keyedApplication(user, idemKey, 'resubmit', id)) return this.get(user, id)
    const done = await this.unlessKeyed(user, idemKey, 'resubmit', id, () => this.resubmitOnce(user, id, idemKey, body))
    return done ?? this.get(user, id)
  }

  /**
   * Runs `write`; when it is refused (an AppError) because a request with the same key did the work meanwhile — the
   * draft is no longer open, the 补正 no longer asked — answers null (the caller answers as for a repeat) instead of
   * that refusal.
   */
  private async unlessKeyed<T>(user: AuthUser, key: string, scope: string, targetId: string, write: () => Promise<T>): Promise<T | null> {
    try {
      return await write()
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && (await this.keyedApplication(user, key, scope, targetId))) return null
      throw err
    }
  }

  private async resubmitOnce(user: AuthUser, id: string, idemKey: string, body: { values?: Record<string, string> }): Promise<ApplicationDetail> {
    const row = await this.ownAppRow(user, id, 'apply')
    if (row.status !== 'supplementRequested') throw errors.supplementNotRequested()
    const s = parseJson<{ materialIds: string[]; materials: string[]; requestedAt: string }>(row.supplement_json)
    const item = this.drafts.item(row.item_id, row.region_code)
    const uploads = (await this.drafts.uploadsOf('application', id)).map((u) => ({ materialId: u.material_id, uploadedAt: u.uploaded_at }))
    const missing = supplementMissing(s ?? { materialIds: [], requestedAt: '' }, uploads)
    if (missing.length) throw errors.materialsMissing(missing.map((m) => item.guide.materials.find((x) => x.id === m)?.name ?? m))
    const values = resubmitValues(item, JSON.parse(row.values_json) as Record<string, string>, body.values, this.d.now())
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
    return this.get(user, id)
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
      note?: string | null
      set?: (today: string, at: string, row: ApplicationRow) => Record<string, unknown>
      extra?: (at: string) => Promise<void>
      guard?: () => Promise<boolean>
      /** a step the machine leaves the status as it is (a 收到原件 with originals still awaited): this node's label */
      stay?: string
    } = {}
  ): Promise<void> {
    const now = this.d.now()
    const at = now.toISOString()
    const today = shanghaiDate(now)
    // may run more than once on PostgreSQL (a deadlock): each run starts its own list of SMS to send
    const sends = await this.db.tx(async (): Promise<Array<() => Promise<void>>> => {
      const sends: Array<() => Promise<void>> = []
      // every step of a case — staff, citizen, system — decides on the state it reads under this lock
      await this.db.lock(`application:${id}`)
      if (opts.guard && !(await opts.guard())) return sends
      const row = await this.appRow(id)
      const before = this.caseState(row)
      const { state, label } = opts.stay ? { state: before, label: opts.stay } : applyAction(before, action)
      const set: Record<string, unknown> = {
        status: state.status,
        supplement_return_to: state.supplementReturnTo,
        paper_received: state.paperReceived ? 1 : 0,
        delivered: state.delivered ? 1 : 0,
        updated_at: at,
        ...(opts.set ? opts.set(today, at, row) : {})
      }
      // the time limit counts from acceptance (受理); 补正 time does not count (001 §5.2.3.5)
      const clock = clockAfterStep(
        { clockStartDate: row.clock_start_date, pausedSinceDate: row.paused_since_date, pausedWorkingDays: row.paused_working_days },
        { action, from: before.status, to: state.status, today }
      )
      set.clock_start_date = clock.clockStartDate
      set.paused_since_date = clock.pausedSinceDate
      set.paused_working_days = clock.pausedWorkingDays
      if (action === 'resubmit') set.supplement_json = null
      const cols = Object.keys(set)
      await this.db.prepare(`UPDATE applications SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => set[c]), id)
      await this.addEvent(id, { actorKind: actor.kind, actorName: actor.name, action, label, from: before.status, to: state.status, note: opts.note ?? null }, at)
      await opts.extra?.(at)
      await this.archiveIfEnded(id, before, state, at)
      if (actor.kind !== 'citizen') {
        // the account that applied, and the applicant's own account when a proxy applied for them
        for (const to of await this.caseRecipients(row)) {
          const n = await this.d.notifications.record(to.userId, {
            ...progressMessage({ proxy: to.proxy, applicantName: row.applicant_name, itemName: row.item_name, caseNo: row.case_no, label, note: opts.note ?? null }),
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
    return { applications: rows.map((r) => summaryView(r, this.drafts.itemOrNull(r.item_id, r.region_code), now)) }
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
    const c = await this.staffGet(id, by.regionCode)
    const actor = { kind: 'staff' as const, name: by.name }
    const now = this.d.now()
    // out of turn is refused as such (409) before anything else is asked for (domain/case-actions.ts)
    const plan = planStaffAction(c, a, { item: this.drafts.itemAsFiled(c.itemId, c.region.code, c.guideVersion?.version ?? null), today: shanghaiDate(now), at: now.toISOString() })
    const step = plan.step
    const set: Record<string, unknown> = {}
    if (step.staffName) set.staff_name = step.staffName
    // whose 待办 the case is in: the staff account it was assigned to (a name alone: nobody's)
    if (a.action === 'assign' || a.action === 'reassign') {
      set.assignee_id = a.staffId ?? null
      set.assigned_at = now.toISOString()
    }
    if (step.supplement) set.supplement_json = JSON.stringify(step.supplement)
    if (step.result) set.result_json = JSON.stringify(step.result)
    if (step.delivery) set.delivery_json = JSON.stringify(step.delivery)
    if (step.materialsReturnedAt) set.materials_returned_at = step.materialsReturnedAt
    if (step.timeLimitDays !== undefined) set.time_limit_days = step.timeLimitDays
    if (plan.paperArrived) set.paper_json = JSON.stringify(plan.paperArrived)
    await this.transition(id, plan.action ?? a.action, actor, {
      note: step.note,
      set: () => set,
      // a transition is decided again under the case's lock; a partial 收到原件 checks the case still awaits originals
      ...(plan.action
        ? {}
        : {
            stay: plan.label,
            guard: async () => {
              const now = await this.appRow(id)
              if (now.status !== 'preAccepted') applyAction(this.caseState(now), 'receivePaper')
              return true
            }
          })
    })
    if (step.result) await this.issueResultDocumentIfStorable(id)
    return this.staffGet(id, by.regionCode)
  }

  async staffUpload(id: string, uploadId: string, scope: string): Promise<{ bytes: Buffer; mime: Upload['mime']; fileName: string }> {
    await this.staffRow(id, scope)
    const u = (await this.drafts.uploadsOf('application', id)).find((x) => x.id === uploadId)
    if (!u) throw errors.uploadUnknown()
    const bytes = await this.d.storage.get(u.storage_key)
    if (!bytes) throw errors.uploadUnknown()
    return { bytes, mime: u.mime, fileName: u.file_name }
  }

  /**
   * Manual cases of a region (and of an assignee); `open`: only those someone still has to act on (not yet decided, or
   * decided and not yet delivered).
   * The change feed takes decided ones too: a case leaving a list is a change of it.
   */
  private workWhere(q: { scope: string; assigneeId?: string }, open: boolean): { sql: string; args: string[] } {
    const args = [...(open ? FINAL_STATUSES : []), q.scope === '000000' ? '%' : `${regionPrefix(q.scope)}%`]
    // a decided case stays someone's work until its result is delivered (送达, 001 §5.2.3.7)
    let sql = `a.handling_mode = 'manual'${open ? ` AND (a.status NOT IN (${FINAL_STATUSES.map(() => '?').join(', ')}) OR a.delivered = 0)` : ''} AND a.region_code LIKE ?`
    if (q.assigneeId) {
      sql += ' AND a.assignee_id = ?'
      args.push(q.assigneeId)
    }
    return { sql, args }
  }

  async staffWork(q: { scope: string; assigneeId?: string }): Promise<StaffCaseSummary[]> {
    const w = this.workWhere(q, true)
    const rows = await this.db.prepare<string[], ApplicationRow>(`SELECT a.* FROM applications a WHERE ${w.sql} ORDER BY a.submitted_at, a.case_no LIMIT 2000`).all(...w.args)
    const now = this.d.now()
    return rows.map((r) => ({
      ...summaryView(r, this.drafts.itemOrNull(r.item_id, r.region_code), now),
      assignee: r.staff_name ? { id: r.assignee_id, name: r.staff_name } : null
    }))
  }

  async staffChanges(q: { scope: string; since: string; assigneeId?: string }): Promise<string[]> {
    const w = this.workWhere(q, false)
    const rows = await this.db
      .prepare<string[], { application_id: string }>(
        `SELECT DISTINCT e.application_id FROM application_events e JOIN applications a ON a.id = e.application_id WHERE e.at >= ? AND ${w.sql}`
      )
      .all(q.since, ...w.args)
    return rows.map((r) => r.application_id)
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

  async resultPdf(user: AuthUser, id: string): Promise<{ pdf: Buffer; fileName: string }> {
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
}
