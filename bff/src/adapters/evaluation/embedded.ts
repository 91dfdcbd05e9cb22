// Over 400 lines: the embedded 好差评 system: ratings, the sweep and the loop share one transaction discipline and row shapes.
import { randomUUID } from 'node:crypto'
import { PLATFORM_RECORD_KINDS, type EvaluationSystem, type PlatformRecord } from './types'
import { APPLICATION_STATUS_LABEL } from '../../../../contract/apply'
import {
  CITIZEN_LOOP_STATE_LABEL,
  DEFAULTED_LABEL,
  EVALUATION_DEFAULT_AFTER_DAYS,
  EVALUATION_LEVEL_LABEL,
  EVALUATION_REASON_LABEL,
  FOLLOW_UP_RESULT_LABEL,
  LOOP_STATE_LABEL,
  isBadLevel,
  type Evaluation,
  type EvaluationEvent,
  type EvaluationLevel,
  type LoopAction,
  type EvaluationReason,
  type EvaluationStatus,
  type FeedbackRequest,
  type LoopState,
  type PendingEvaluation,
  type RateRequest,
  type StaffEvaluation,
  type StaffEvaluationAction
} from '../../../../contract/evaluation'
import { maskName } from '../../../../contract/identity'
import { regionCovers, regionPrefix } from '../../../../contract/staff'
import type { FileStorage } from '../storage/types'
import { isUniqueViolation, type Db } from '../../db'
import { errors } from '../../../../domain/errors'
import { inspectUpload } from '../../uploads/inspect'
import { addWorkingDays, isOverdue, shanghaiDate } from '../../../../domain/calendar'
import { FINAL_STATUSES, type ApplicationRow } from '../casesystem/views'
import type { AuthUser } from '../../services/auth-user'
import type { NotificationService } from '../../services/notifications'

/**
 * The embedded 好差评 system: the citizen's rating of a decided case (一事一评, 002; the five levels of 国办发〔2019〕51号),
 * the reminder and the default rating, and the bad-rating loop 回访 → 核实 → 整改 | 解释说明 → 反馈 (000 §8.2.1), kept
 * in the BFF's database; with the exchange of 000 §8.1.3 (`platformRecords`). The rules are domain/evaluation.ts.
 */

// ---------- who may act ----------

/** The one authorisation decision (PersonAccess.allows): may `userId` rate cases of the person `applicantIdNumber`? */
export interface EvaluationGrants {
  allows(userId: string, applicantIdNumber: string, scope: 'rate'): Promise<boolean> | boolean
}

export interface EvaluationDeps {
  db: Db
  storage: FileStorage
  notifications: NotificationService
  now: () => Date
  /** EVALUATION_RECTIFY_DAYS: working days to rectify or explain a 差评, from the rating (a dispute starts a new round) */
  rectifyDays: number
  grants: EvaluationGrants
}

import { FINAL_ACTIONS, LOOP_ACTION_LABEL, STAFF_TURN, allowedStaffActions, citizenState, loopStep, ratingWindow, type LoopFacts } from '../../../../domain/evaluation'

export { LOOP_ACTION_LABEL, allowedStaffActions, citizenState, loopStep, ratingWindow, type LoopFacts, type LoopOutcome, type LoopStep, type StaffLoopAction } from '../../../../domain/evaluation'

// ---------- rows ----------

export interface EvaluationRow {
  id: string
  application_id: string
  actor_user_id: string | null
  actor_name: string
  applicant_id_number: string
  applicant_name: string
  level: EvaluationLevel
  reasons_json: string
  text: string | null
  defaulted: number
  rated_at: string
  photo_mime: 'image/jpeg' | 'image/png' | null
  photo_size: number | null
  photo_width: number | null
  photo_height: number | null
  photo_sha256: string | null
  photo_storage_key: string | null
  photo_uploaded_at: string | null
  comment_text: string | null
  comment_at: string | null
  comment_user_id: string | null
  loop_state: LoopState | null
  loop_state_before_appeal: LoopState | null
  due_date: string | null
  first_due_date: string | null
  substantiated: number | null
  feedback_kind: 'rectified' | 'explained' | null
  feedback_note: string | null
  feedback_at: string | null
  feedback_by: string | null
  first_feedback_at: string | null
  dispute_text: string | null
  disputed_at: string | null
  accepted_at: string | null
  appeal_reason: string | null
  appeal_by: string | null
  appeal_at: string | null
  appeal_decision: 'pending' | 'upheld' | 'rejected' | null
  appeal_decided_by: string | null
  appeal_decided_at: string | null
  appeal_note: string | null
  excluded: number
  updated_at: string
}

interface EvaluationEventRow {
  id: string
  evaluation_id: string
  seq: number
  at: string
  actor_kind: 'citizen' | 'staff' | 'system'
  actor_name: string
  actor_user_id: string | null
  action: EvaluationEvent['action']
  label: string
  note: string | null
  public: number
}

function facts(e: EvaluationRow): LoopFacts {
  return {
    state: e.loop_state ?? 'accepted',
    substantiated: e.substantiated === null ? null : e.substantiated === 1,
    appealed: e.appeal_decision !== null,
    disputed: e.disputed_at !== null,
    stateBeforeAppeal: e.loop_state_before_appeal
  }
}

function photoView(e: EvaluationRow): Evaluation['photo'] {
  if (!e.photo_mime || !e.photo_uploaded_at) return null
  return { mime: e.photo_mime, size: e.photo_size ?? 0, width: e.photo_width, height: e.photo_height, uploadedAt: e.photo_uploaded_at }
}

function eventView(r: EvaluationEventRow, citizen: boolean): EvaluationEvent {
  const name = citizen && r.actor_kind === 'citizen' ? maskName(r.actor_name) : r.actor_name
  return {
    id: r.id,
    at: r.at,
    actor: { kind: r.actor_kind, name },
    action: r.action,
    label: r.label,
    // the 核实 finding stays inside the agency; the citizen sees whether it was substantiated (the label)
    note: citizen && r.action === 'verify' ? null : r.note
  }
}

/**
 * Ratings and the bad-rating loop. Every write is one transaction (`db.tx`); notifications are recorded inside it and
 * their SMS sent after it committed (a failed SMS never undoes a step; a retried transaction never sends twice).
 */
export class EmbeddedEvaluationSystem implements EvaluationSystem {
  constructor(private readonly d: EvaluationDeps) {}

  private get db(): Db {
    return this.d.db
  }

  // ---------- access ----------

  /**
   * The access decision for ratings: the applicant themselves, or an account holding the applicant's 'rate' grant
   * (代为评价) now. The account that submitted the case is not exempt: without the grant it neither reads nor writes
   * the rating. Everything a citizen does with a rating (read, list, rate, photo, 追评, accept/dispute) goes through here.
   */
  private async canAct(userId: string, row: ApplicationRow): Promise<boolean> {
    return this.d.grants.allows(userId, row.applicant_id_number, 'rate')
  }

  /** The accounts to tell about a case's rating: the applicant's own, and others (submitter, rater) still granted 'rate'. */
  private async raters(row: ApplicationRow, others: Array<string | null>): Promise<string[]> {
    const out: string[] = []
    const own = await this.db.prepare<[string], { id: string }>('SELECT id FROM users WHERE real_id_number = ?').get(row.applicant_id_number)
    if (own) out.push(own.id)
    for (const u of others) if (u && !out.includes(u) && (await this.canAct(u, row))) out.push(u)
    return out
  }

  /** The case, if this account may act on its rating; else 404 as for a case that does not exist. */
  private async caseFor(user: AuthUser, applicationId: string): Promise<ApplicationRow> {
    const row = await this.db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?').get(applicationId)
    if (!row || !(await this.canAct(user.id, row))) throw errors.applicationUnknown()
    return row
  }

  private async caseRow(applicationId: string): Promise<ApplicationRow> {
    const row = await this.db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?').get(applicationId)
    if (!row) throw errors.applicationUnknown()
    return row
  }

  private async evaluationOf(applicationId: string): Promise<EvaluationRow | null> {
    return (await this.db.prepare<[string], EvaluationRow>('SELECT * FROM evaluations WHERE application_id = ?').get(applicationId)) ?? null
  }

  /**
   * In a transaction: holds the rating of a case (and its bad-rating loop) for the rest of it, so a step decided on the
   * rating read next — 追评 once, a dispute once, a staff step from the state it is in — cannot be taken twice at once.
   */
  private lockRating(applicationId: string): Promise<void> {
    return this.db.lock(`rating:${applicationId}`)
  }

  private async evaluationById(id: string): Promise<EvaluationRow> {
    const row = await this.db.prepare<[string], EvaluationRow>('SELECT * FROM evaluations WHERE id = ?').get(id)
    if (!row) throw errors.evaluationUnknown()
    return row
  }

  /** When the case was decided: its first complete/reject event (null while it is not final). */
  private async decidedAt(row: ApplicationRow): Promise<string | null> {
    if (!FINAL_STATUSES.includes(row.status)) return null
    const r = await this.db
      .prepare<[string, ...string[]], { at: string | null }>(
        `SELECT MIN(at) AS at FROM application_events WHERE application_id = ? AND action IN (${FINAL_ACTIONS.map(() => '?').join(', ')})`
      )
      .get(row.id, ...FINAL_ACTIONS)
    return r?.at ?? row.updated_at
  }

  // ---------- writes ----------

  private async addEvent(
    evaluationId: string,
    e: { actorKind: 'citizen' | 'staff' | 'system'; actorName: string; actorUserId?: string | null; action: EvaluationEvent['action']; label: string; note?: string | null; internal?: boolean },
    at: string
  ): Promise<void> {
    const seq =
      ((await this.db.prepare<[string], { s: number | null }>('SELECT MAX(seq) AS s FROM evaluation_events WHERE evaluation_id = ?').get(evaluationId))?.s ?? 0) + 1
    await this.db
      .prepare(
        `INSERT INTO evaluation_events (id, evaluation_id, seq, at, actor_kind, actor_name, actor_user_id, action, label, note, public)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(randomUUID(), evaluationId, seq, at, e.actorKind, e.actorName, e.actorUserId ?? null, e.action, e.label, e.note ?? null, e.internal ? 0 : 1)
  }

  private async update(id: string, set: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(set)
    await this.db.prepare(`UPDATE evaluations SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => set[c]), id)
  }

  /**
   * Reminds unrated decided cases once (24 h after the decision) and records 基本满意 by default for those still
   * unrated after their window (see `ratingWindow`). Safe to run at the same moment in several instances on one
   * database: each case is claimed in its own transaction by a conditional insert (the reminder table's key; the
   * ratings' unique case), and only the transaction whose insert took the row acts — records the in-app message or the
   * default's event — and sends the SMS after it committed. A default rating is dated at the end of the window, not
   * when the sweep happened to run. Runs on a timer (app.ts) and before every read that depends on it.
   */
  async sweep(now: Date = this.d.now()): Promise<{ reminded: number; defaulted: number }> {
    // read first: most runs find nothing to do and take no write lock
    const candidates = await this.db
      .prepare<[], ApplicationRow & { decided_at: string | null; reminded_at: string | null }>(
        `SELECT a.*,
           (SELECT MIN(e.at) FROM application_events e WHERE e.application_id = a.id AND e.action IN ('complete', 'reject', 'autoComplete', 'autoReject', 'answerQuery')) AS decided_at,
           r.reminded_at AS reminded_at
         FROM applications a
         LEFT JOIN evaluations v ON v.application_id = a.id
         LEFT JOIN evaluation_reminders r ON r.application_id = a.id
         WHERE a.status IN ('completed', 'rejected') AND v.id IS NULL
         ORDER BY a.id`
      )
      .all()
    const due = candidates
      .map((row) => ({ row, w: ratingWindow(row.decided_at ?? row.updated_at) }))
      .filter(({ row, w }) => now.getTime() >= w.defaultAt.getTime() || (now.getTime() >= w.remindAt.getTime() && !row.reminded_at))
    let reminded = 0
    let defaulted = 0
    for (const { row, w } of due) {
      // the app is closing (a timer's run): leave the rest to the next sweep
      if (!this.db.open) break
      if (now.getTime() >= w.defaultAt.getTime()) {
        if (await this.claimDefault(row, w)) defaulted++
      } else {
        const send = await this.claimReminder(row, w, now)
        if (send) {
          reminded++
          await send()
        }
      }
    }
    return { reminded, defaulted }
  }

  /** Records the default rating of one case, unless it was rated (or defaulted by another run) since the read. */
  private claimDefault(row: ApplicationRow, w: { defaultAt: Date }): Promise<boolean> {
    const at = w.defaultAt.toISOString()
    return this.db.tx(async () => {
      const id = randomUUID()
      // the claim: the ratings' unique case lets one insert through, whoever else (a citizen, another instance) tries
      const r = await this.db
        .prepare(
          `INSERT INTO evaluations (id, application_id, actor_user_id, actor_name, applicant_id_number, applicant_name, level, reasons_json, defaulted, rated_at, updated_at)
           VALUES (?, ?, NULL, '系统', ?, ?, 'basic', '[]', 1, ?, ?)
           ON CONFLICT DO NOTHING`
        )
        .run(id, row.id, row.applicant_id_number, row.applicant_name, at, at)
      if (r.changes !== 1) return false
      await this.addEvent(id, { actorKind: 'system', actorName: '系统', action: 'default', label: `${DEFAULTED_LABEL}（基本满意）`, note: `办结后 ${EVALUATION_DEFAULT_AFTER_DAYS} 日内未评价` }, at)
      return true
    })
  }

  /**
   * Reminds one case once: claims its reminder row (only while it is still unrated) and records the in-app message in
   * the same transaction; returns the SMS to send once that committed, or null when there is nothing to do.
   */
  private async claimReminder(row: ApplicationRow, w: { deadline: string }, now: Date): Promise<(() => Promise<void>) | null> {
    return this.db.tx(async () => {
      if (await this.evaluationOf(row.id)) return null
      const r = await this.db
        .prepare('INSERT INTO evaluation_reminders (application_id, reminded_at) VALUES (?, ?) ON CONFLICT DO NOTHING')
        .run(row.id, now.toISOString())
      if (r.changes !== 1) return null
      const sends: Array<() => Promise<void>> = []
      for (const userId of await this.raters(row, [row.user_id])) {
        const n = await this.d.notifications.record(userId, {
          title: '请评价本次办事服务',
          body: `${userId === row.user_id ? '您申请的' : ''}“${row.item_name}”（${row.case_no}）已有办理结果，欢迎对本次服务作出评价；${w.deadline} 前未评价的，将默认记为“基本满意”。`,
          applicationId: row.id,
          sms: true
        })
        sends.push(n.send)
      }
      return sends.length ? async () => { for (const s of sends) await s() } : null
    })
  }

  /** 一事一评: the rating of a decided case, once (a second → 409 EVALUATION_EXISTS). A 差评 opens the loop. */
  async rate(user: AuthUser, applicationId: string, req: RateRequest): Promise<Evaluation> {
    const row = await this.caseFor(user, applicationId)
    if (!FINAL_STATUSES.includes(row.status)) throw errors.evaluationNotOpen(APPLICATION_STATUS_LABEL[row.status])
    // a case past its window is defaulted first, so a late rating meets EVALUATION_EXISTS, not a second record
    await this.sweep()
    const now = this.d.now()
    const at = now.toISOString()
    const bad = isBadLevel(req.level)
    const reasons = bad ? [...new Set(req.reasons ?? [])] : []
    const text = req.text ? req.text : null
    const actorName = user.realName?.name ?? '本人'
    const id = randomUUID()
    try {
      await this.db.tx(async () => {
        await this.lockRating(applicationId)
        if (await this.evaluationOf(applicationId)) throw errors.evaluationExists()
        const due = bad ? addWorkingDays(shanghaiDate(now), this.d.rectifyDays) : null
        await this.db
          .prepare(
            `INSERT INTO evaluations (id, application_id, actor_user_id, actor_name, applicant_id_number, applicant_name, level, reasons_json, text, defaulted, rated_at,
               loop_state, due_date, first_due_date, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`
          )
          .run(id, applicationId, user.id, actorName, row.applicant_id_number, row.applicant_name, req.level, JSON.stringify(reasons), text, at, bad ? 'awaitingFollowUp' : null, due, due, at)
        const reasonText = reasons.map((r) => EVALUATION_REASON_LABEL[r]).join('、')
        await this.addEvent(
          id,
          { actorKind: 'citizen', actorName, actorUserId: user.id, action: 'rate', label: `已评价：${EVALUATION_LEVEL_LABEL[req.level]}`, note: [reasonText, text].filter(Boolean).join('；') || null },
          at
        )
      })
    } catch (err) {
      // a rating (or the default) inserted by a concurrent request on another connection won the unique case
      if (isUniqueViolation(err)) throw errors.evaluationExists()
      throw err
    }
    return this.citizenView(await this.evaluationById(id), row)
  }

  /** The one photo of a rating (any level), checked and re-encoded like material photos (bff/src/uploads/inspect.ts). */
  async addPhoto(user: AuthUser, applicationId: string, file: { fileName: string; bytes: Buffer }): Promise<Evaluation> {
    const row = await this.caseFor(user, applicationId)
    const ev = await this.evaluationOf(applicationId)
    if (!ev) throw errors.evaluationUnknown()
    if (ev.defaulted) throw errors.evaluationStepNotAllowed(DEFAULTED_LABEL, '上传照片', '系统默认评价不能补充照片，如有意见可追评或投诉')
    if (ev.photo_storage_key) throw errors.evaluationPhotoExists()
    const inspected = await inspectUpload(file.bytes, { accept: ['image'], fileName: file.fileName })
    const { key } = await this.d.storage.put(inspected.bytes)
    const at = this.d.now().toISOString()
    const r = await this.db
      .prepare(
        `UPDATE evaluations SET photo_mime = ?, photo_size = ?, photo_width = ?, photo_height = ?, photo_sha256 = ?, photo_storage_key = ?, photo_uploaded_at = ?, updated_at = ?
         WHERE id = ? AND photo_storage_key IS NULL`
      )
      .run(inspected.mime, inspected.size, inspected.width, inspected.height, inspected.sha256, key, at, at, ev.id)
    if (r.changes === 0) throw errors.evaluationPhotoExists()
    return this.citizenView(await this.evaluationById(ev.id), row)
  }

  async photo(user: AuthUser | null, ref: { applicationId?: string; evaluationId?: string; staffScope?: string }): Promise<{ bytes: Buffer; mime: string }> {
    let ev: EvaluationRow | null
    if (ref.applicationId !== undefined) {
      if (!user) throw errors.unauthorized()
      await this.caseFor(user, ref.applicationId)
      ev = await this.evaluationOf(ref.applicationId)
    } else {
      ev = await this.evaluationById(ref.evaluationId ?? '')
      if (ref.staffScope) await this.staffGet(ev.id, ref.staffScope)
    }
    if (!ev?.photo_storage_key || !ev.photo_mime) throw errors.notFound()
    const bytes = await this.d.storage.get(ev.photo_storage_key)
    if (!bytes) throw errors.notFound()
    return { bytes, mime: ev.photo_mime }
  }

  /** 追评: one follow-up comment on a rating (defaulted ones too). */
  async comment(user: AuthUser, applicationId: string, text: string): Promise<Evaluation> {
    const row = await this.caseFor(user, applicationId)
    const at = this.d.now().toISOString()
    const actorName = user.realName?.name ?? '本人'
    const ev = await this.db.tx(async () => {
      await this.lockRating(applicationId)
      const e = await this.evaluationOf(applicationId)
      if (!e) throw errors.evaluationUnknown()
      if (e.comment_at) throw errors.evaluationCommentExists()
      await this.update(e.id, { comment_text: text, comment_at: at, comment_user_id: user.id, updated_at: at })
      await this.addEvent(e.id, { actorKind: 'citizen', actorName, actorUserId: user.id, action: 'comment', label: '追评', note: text }, at)
      return e
    })
    return this.citizenView(await this.evaluationById(ev.id), row)
  }

  /** The citizen accepts the feedback on a 差评, or disputes it once (a new round with a new due date). */
  async answerFeedback(user: AuthUser, applicationId: string, req: FeedbackRequest): Promise<Evaluation> {
    const row = await this.caseFor(user, applicationId)
    const now = this.d.now()
    const at = now.toISOString()
    const actorName = user.realName?.name ?? '本人'
    const id = await this.db.tx(async () => {
      await this.lockRating(applicationId)
      const e = await this.evaluationOf(applicationId)
      if (!e) throw errors.evaluationUnknown()
      const step = req.accept ? 'accept' : 'dispute'
      const f = facts(e)
      const shown = citizenState(f.state, f.stateBeforeAppeal)
      if (!e.loop_state) throw errors.evaluationStepNotAllowed(EVALUATION_LEVEL_LABEL[e.level], LOOP_ACTION_LABEL[step], '该评价不是差评，没有需要确认的处理结果')
      const out = loopStep(f, step)
      if (!out.ok) {
        if (out.disputeUsed) throw errors.evaluationDisputeUsed()
        throw errors.evaluationStepNotAllowed(CITIZEN_LOOP_STATE_LABEL[shown], LOOP_ACTION_LABEL[step], out.hint)
      }
      if (req.accept) {
        await this.update(e.id, { loop_state: out.state, accepted_at: at, updated_at: at })
        await this.addEvent(e.id, { actorKind: 'citizen', actorName, actorUserId: user.id, action: 'accept', label: '评价人认可处理结果', note: req.text ?? null }, at)
      } else {
        const due = addWorkingDays(shanghaiDate(now), this.d.rectifyDays)
        await this.update(e.id, { loop_state: out.state, dispute_text: req.text ?? '', disputed_at: at, due_date: due, updated_at: at })
        await this.addEvent(e.id, { actorKind: 'citizen', actorName, actorUserId: user.id, action: 'dispute', label: '评价人对处理结果有异议', note: req.text ?? null }, at)
      }
      return e.id
    })
    return this.citizenView(await this.evaluationById(id), row)
  }

  /**
   * A step of the loop by the signed-in staff member (illegal → 409 EVALUATION_STEP_NOT_ALLOWED), recorded under their
   * account's name; a rating outside their region is 404.
   */
  async staffAct(id: string, a: StaffEvaluationAction, actor: { name: string; regionCode: string }): Promise<StaffEvaluation> {
    await this.staffGet(id, actor.regionCode)
    await this.sweep()
    const now = this.d.now()
    const at = now.toISOString()
    const { application_id: applicationId } = await this.evaluationById(id)
    // collected anew by each run of the transaction (it may be retried), sent once it committed
    const sends = await this.db.tx(async () => {
      const sends: Array<() => Promise<void>> = []
      await this.lockRating(applicationId)
      const e = await this.evaluationById(id)
      if (!e.loop_state) {
        throw errors.evaluationStepNotAllowed(EVALUATION_LEVEL_LABEL[e.level], LOOP_ACTION_LABEL[a.action], '只有“不满意”“非常不满意”的评价需要回访整改或申诉')
      }
      const f = facts(e)
      const out = loopStep(f, a.action, a.action === 'decideAppeal' ? { upheld: a.upheld } : {})
      if (!out.ok) throw errors.evaluationStepNotAllowed(LOOP_STATE_LABEL[f.state], LOOP_ACTION_LABEL[a.action], out.hint)
      const staff = { actorKind: 'staff' as const }
      switch (a.action) {
        case 'followUp':
          await this.update(id, { loop_state: out.state, updated_at: at })
          await this.addEvent(id, { ...staff, actorName: actor.name, action: 'followUp', label: `已回访（${FOLLOW_UP_RESULT_LABEL[a.result]}）`, note: a.note }, at)
          break
        case 'verify':
          await this.update(id, { loop_state: out.state, substantiated: a.substantiated ? 1 : 0, updated_at: at })
          await this.addEvent(id, { ...staff, actorName: actor.name, action: 'verify', label: a.substantiated ? '已核实：反映的问题属实' : '已核实：反映的问题不属实', note: a.finding }, at)
          break
        case 'rectify':
        case 'explain': {
          const kind = a.action === 'rectify' ? 'rectified' : 'explained'
          await this.update(id, {
            loop_state: out.state,
            feedback_kind: kind,
            feedback_note: a.note,
            feedback_at: at,
            feedback_by: actor.name,
            first_feedback_at: e.first_feedback_at ?? at,
            updated_at: at
          })
          const label = a.action === 'rectify' ? '已整改并反馈' : '已解释说明并反馈'
          await this.addEvent(id, { ...staff, actorName: actor.name, action: a.action, label, note: a.note }, at)
          const app = await this.caseRow(e.application_id)
          // the applicant's own account and, while they still hold the 'rate' grant, the submitter and the rater
          for (const userId of await this.raters(app, [app.user_id, e.actor_user_id])) {
            const n = await this.d.notifications.record(userId, {
              title: '评价处理结果已反馈',
              body: `您对“${app.item_name}”（${app.case_no}）的评价，工作人员已${a.action === 'rectify' ? '整改' : '作出解释说明'}：${a.note}。请在办件的评价中确认是否认可。`,
              applicationId: app.id,
              sms: true
            })
            sends.push(n.send)
          }
          break
        }
        case 'appeal':
          await this.update(id, { loop_state: out.state, loop_state_before_appeal: e.loop_state, appeal_reason: a.reason, appeal_by: actor.name, appeal_at: at, appeal_decision: 'pending', updated_at: at })
          await this.addEvent(id, { ...staff, actorName: actor.name, action: 'appeal', label: '已提出申诉（恶意差评）', note: a.reason, internal: true }, at)
          break
        case 'decideAppeal': {
          if (e.appeal_by && e.appeal_by.trim() === actor.name.trim()) {
            throw errors.evaluationStepNotAllowed(LOOP_STATE_LABEL[f.state], LOOP_ACTION_LABEL.decideAppeal, '复核人不能是申诉人本人')
          }
          await this.update(id, {
            loop_state: out.state,
            loop_state_before_appeal: null,
            appeal_decision: a.upheld ? 'upheld' : 'rejected',
            appeal_decided_by: actor.name,
            appeal_decided_at: at,
            appeal_note: a.note,
            excluded: a.upheld ? 1 : 0,
            updated_at: at
          })
          await this.addEvent(
            id,
            { ...staff, actorName: actor.name, action: 'decideAppeal', label: a.upheld ? '申诉成立：不计入满意度统计' : '申诉不成立：继续办理', note: a.note, internal: true },
            at
          )
          break
        }
      }
      return sends
    })
    for (const s of sends) await s()
    return this.staffGet(id, actor.regionCode)
  }

  // ---------- reads ----------

  private async events(evaluationId: string, citizen: boolean): Promise<EvaluationEvent[]> {
    const rows = await this.db
      .prepare<[string], EvaluationEventRow>('SELECT * FROM evaluation_events WHERE evaluation_id = ? ORDER BY seq')
      .all(evaluationId)
    return rows.filter((r) => !citizen || r.public === 1).map((r) => eventView(r, citizen))
  }

  private async citizenView(e: EvaluationRow, app: ApplicationRow): Promise<Evaluation> {
    const reasons = JSON.parse(e.reasons_json) as EvaluationReason[]
    let loop: Evaluation['loop'] = null
    if (e.loop_state) {
      const f = facts(e)
      const state = citizenState(f.state, f.stateBeforeAppeal)
      loop = {
        state,
        stateLabel: CITIZEN_LOOP_STATE_LABEL[state],
        dueDate: e.due_date ?? '',
        feedback: e.feedback_kind && e.feedback_note && e.feedback_at ? { kind: e.feedback_kind, note: e.feedback_note, at: e.feedback_at, by: e.feedback_by ?? '' } : null,
        canAccept: state === 'feedbackReady',
        canDispute: state === 'feedbackReady' && !f.disputed,
        dispute: e.disputed_at ? { text: e.dispute_text ?? '', at: e.disputed_at } : null,
        acceptedAt: e.accepted_at,
        events: (await this.events(e.id, true)).filter((x) => x.action !== 'rate' && x.action !== 'comment' && x.action !== 'default')
      }
    }
    return {
      id: e.id,
      applicationId: e.application_id,
      caseNo: app.case_no,
      itemName: app.item_name,
      level: e.level,
      levelLabel: EVALUATION_LEVEL_LABEL[e.level],
      reasons,
      reasonLabels: reasons.map((r) => EVALUATION_REASON_LABEL[r]),
      text: e.text,
      photo: photoView(e),
      defaulted: e.defaulted === 1,
      defaultedLabel: e.defaulted === 1 ? DEFAULTED_LABEL : null,
      ratedAt: e.rated_at,
      actorName: e.actor_user_id ? maskName(e.actor_name) : e.actor_name,
      applicantName: maskName(e.applicant_name),
      comment: e.comment_text && e.comment_at ? { text: e.comment_text, at: e.comment_at } : null,
      canComment: e.comment_at === null,
      canAddPhoto: e.defaulted === 0 && e.photo_storage_key === null,
      loop
    }
  }

  private async staffView(e: EvaluationRow, app: ApplicationRow, now: Date): Promise<StaffEvaluation> {
    const c = await this.citizenView(e, app)
    const phone =
      (await this.db.prepare<[string], { phone: string }>('SELECT phone FROM users WHERE id = ?').get(e.actor_user_id ?? app.user_id))?.phone ?? null
    let loop: StaffEvaluation['loop'] = null
    if (e.loop_state) {
      const f = facts(e)
      loop = {
        state: e.loop_state,
        stateLabel: LOOP_STATE_LABEL[e.loop_state],
        dueDate: e.due_date ?? '',
        overdue: STAFF_TURN.includes(e.loop_state) && e.due_date !== null && isOverdue(e.due_date, now),
        allowedActions: allowedStaffActions(f),
        substantiated: f.substantiated,
        feedback: c.loop?.feedback ?? null,
        dispute: c.loop?.dispute ?? null,
        acceptedAt: e.accepted_at,
        appeal:
          e.appeal_decision && e.appeal_reason && e.appeal_at
            ? {
                reason: e.appeal_reason,
                by: e.appeal_by ?? '',
                at: e.appeal_at,
                decision: e.appeal_decision,
                decidedBy: e.appeal_decided_by,
                decidedAt: e.appeal_decided_at,
                note: e.appeal_note
              }
            : null,
        events: await this.events(e.id, false)
      }
    }
    return {
      id: e.id,
      applicationId: e.application_id,
      caseNo: app.case_no,
      itemId: app.item_id,
      itemName: app.item_name,
      region: { code: app.region_code, name: app.region_name },
      caseStatus: app.status === 'rejected' ? 'rejected' : 'completed',
      level: e.level,
      levelLabel: c.levelLabel,
      reasons: c.reasons,
      reasonLabels: c.reasonLabels,
      text: e.text,
      photo: c.photo,
      defaulted: c.defaulted,
      defaultedLabel: c.defaultedLabel,
      ratedAt: e.rated_at,
      actorName: e.actor_name,
      applicantName: e.applicant_name,
      contactPhone: phone,
      comment: c.comment,
      excluded: e.excluded === 1,
      loop
    }
  }

  /** GET /api/v1/applications/:id/evaluation: whether the case can be rated now, and its rating. */
  async status(user: AuthUser, applicationId: string): Promise<EvaluationStatus> {
    const row = await this.caseFor(user, applicationId)
    await this.sweep()
    const e = await this.evaluationOf(applicationId)
    const decided = await this.decidedAt(row)
    const window = decided ? ratingWindow(decided) : null
    const open = !!window && !e && this.d.now().getTime() < window.defaultAt.getTime()
    return {
      applicationId,
      rateable: open,
      notRateableReason: e || open ? null : window ? '评价期已过' : `办件当前为“${APPLICATION_STATUS_LABEL[row.status]}”，办结后才能评价`,
      deadline: window?.deadline ?? null,
      evaluation: e ? await this.citizenView(e, row) : null
    }
  }

  async get(user: AuthUser, applicationId: string): Promise<Evaluation> {
    const row = await this.caseFor(user, applicationId)
    const e = await this.evaluationOf(applicationId)
    if (!e) throw errors.evaluationUnknown()
    return this.citizenView(e, row)
  }

  /** Ratings of cases the account may rate now: its own, and those of people it holds the 'rate' grant of; newest first. */
  async list(user: AuthUser): Promise<Evaluation[]> {
    await this.sweep()
    const rows = await this.db
      .prepare<[string, string, string, string], EvaluationRow>(
        `SELECT v.* FROM evaluations v JOIN applications a ON a.id = v.application_id
         WHERE a.user_id = ? OR v.actor_user_id = ? OR v.applicant_id_number = ?
            OR v.applicant_id_number IN (SELECT id_number FROM family_members WHERE proxy_user_id = ? AND status = 'active')
         ORDER BY v.rated_at DESC, v.id DESC LIMIT 200`
      )
      .all(user.id, user.id, user.realName?.idNumber ?? '', user.id)
    const out: Evaluation[] = []
    for (const e of rows) {
      const row = await this.caseRow(e.application_id)
      if (await this.canAct(user.id, row)) out.push(await this.citizenView(e, row))
    }
    return out
  }

  /** Decided cases the account may rate now that still await a rating, with the last day to rate. */
  async pending(user: AuthUser): Promise<PendingEvaluation[]> {
    await this.sweep()
    const candidates = await this.db
      .prepare<[string, string], ApplicationRow>(
        `SELECT a.* FROM applications a LEFT JOIN evaluations v ON v.application_id = a.id
         WHERE (a.user_id = ? OR a.applicant_id_number = ?) AND a.status IN ('completed', 'rejected') AND v.id IS NULL ORDER BY a.updated_at DESC, a.case_no DESC`
      )
      .all(user.id, user.realName?.idNumber ?? '')
    const out: PendingEvaluation[] = []
    for (const r of candidates) {
      if (!(await this.canAct(user.id, r))) continue
      const decidedAt = (await this.decidedAt(r)) ?? r.updated_at
      out.push({
        applicationId: r.id,
        caseNo: r.case_no,
        itemName: r.item_name,
        status: r.status === 'rejected' ? 'rejected' : 'completed',
        applicantName: maskName(r.applicant_name),
        decidedAt,
        deadline: ratingWindow(decidedAt).deadline
      })
    }
    return out
  }

  /** Ratings of cases in the staff member's region (`scope`, contract/staff.ts regionCovers), newest first. */
  async staffList(q: { state?: LoopState; level?: EvaluationLevel; overdue?: boolean } = {}, scope = '000000'): Promise<StaffEvaluation[]> {
    await this.sweep()
    const where: string[] = [`application_id IN (SELECT id FROM applications WHERE region_code LIKE ?)`]
    const args: string[] = [scope === '000000' ? '%' : `${regionPrefix(scope)}%`]
    if (q.state) {
      where.push('loop_state = ?')
      args.push(q.state)
    }
    if (q.level) {
      where.push('level = ?')
      args.push(q.level)
    }
    const rows = await this.db
      .prepare<string[], EvaluationRow>(`SELECT * FROM evaluations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rated_at DESC, id DESC LIMIT 500`)
      .all(...args)
    const now = this.d.now()
    const views: StaffEvaluation[] = []
    for (const e of rows) views.push(await this.staffView(e, await this.caseRow(e.application_id), now))
    return q.overdue === undefined ? views : views.filter((v) => (v.loop?.overdue ?? false) === q.overdue)
  }

  /** One rating; outside the staff member's region it is 404, as if it did not exist. */
  async staffGet(id: string, scope = '000000'): Promise<StaffEvaluation> {
    const e = await this.evaluationById(id)
    const app = await this.caseRow(e.application_id)
    if (scope !== '000000' && !regionCovers(scope, app.region_code)) throw errors.evaluationUnknown()
    return this.staffView(e, app, this.d.now())
  }

  /** 000 §8.1.3: the ratings and every step after them recorded since `since`, each with its kind (types.ts). */
  async platformRecords(since: Date): Promise<PlatformRecord[]> {
    const rows = await this.db
      .prepare<
        [string],
        { event_id: string; action: LoopAction; at: string; id: string; case_no: string; item_id: string; region_code: string; level: EvaluationLevel; defaulted: number; appeal_decision: string | null }
      >(
        `SELECT x.id AS event_id, x.action, x.at, v.id, a.case_no, a.item_id, a.region_code, v.level, v.defaulted, v.appeal_decision
         FROM evaluation_events x JOIN evaluations v ON v.id = x.evaluation_id JOIN applications a ON a.id = v.application_id
         WHERE x.at >= ? ORDER BY x.at, x.evaluation_id, x.seq`
      )
      .all(since.toISOString())
    return rows.map((r) => ({
      recordId: r.event_id,
      ratingId: r.id,
      kind: PLATFORM_RECORD_KINDS[r.action],
      at: r.at,
      caseNo: r.case_no,
      itemId: r.item_id,
      regionCode: r.region_code,
      level: r.level,
      defaulted: r.defaulted === 1,
      // one appeal per rating: its decision is the rating's
      upheld: r.action === 'decideAppeal' ? r.appeal_decision === 'upheld' : null,
      channel: 'app' as const
    }))
  }
}
