import fp from 'fastify-plugin'
import { createCaseSystem, type CaseSystem } from '../../adapters/casesystem'
import { CertificateStore } from '../../adapters/record/certificates'
import { ApplyService } from '../../services/apply'
import { withAssignment } from '../../services/assignment'
import { StoredFiles } from '../../services/files'
import { QueryService } from '../../services/queries'
import { ReminderService } from '../../services/reminders'
import { Throttles } from '../../services/throttle'
import { calendarCoverage, calendarSource, shanghaiDate } from '../../../../domain/calendar'
import { CalendarService } from '../../services/calendar'

/** how often abandoned drafts are looked for (DRAFT_RETENTION_DAYS) */
const RETENTION_SWEEP_MS = 6 * 3600_000
/** 000 §6.1.2.1.2: how often the agency's reminder proposals are pushed to real-named accounts */
const REMINDER_SWEEP_MS = 3600_000

declare module 'fastify' {
  interface FastifyInstance {
    /** drafts (001 §5.1) */
    apply: ApplyService
    /** query items, answered at once and kept as query cases (001 §5.2.1) */
    queries: QueryService
    /** the agency's case system: cases, staff actions, 补正, results (001 §5.2–5.3); a new manual case is assigned */
    cases: CaseSystem
    /** the same case system without the assignment on submit (what the assignment itself calls) */
    caseSystem: CaseSystem
    /** 参保证明 (verified by the same route as result documents) */
    certificates: CertificateStore
    reminders: ReminderService
    /** the State Council's holiday arrangements the agency imported, counted by every due date */
    calendar: CalendarService
    /** the retention sweep (abandoned drafts and their files), as the scheduler runs it */
    retention: (now: Date) => Promise<{ drafts: number }>
  }
}

/** Applying and following a case (001 §5): drafts, the case-system seam, 提醒办 and the retention of drafts. */
export const casesPlugin = fp(
  async (app) => {
    const { config, db, clock, catalog, storage, dataSharing, agency, notifications, family } = app
    const publicBaseUrl = config.publicBaseUrl ?? `http://127.0.0.1:${config.port}`
    const certificates = new CertificateStore({ db, storage, publicBaseUrl })
    const applyDeps = {
      access: family,
      files: new StoredFiles({ db, storage, warn: (msg, err) => app.log.warn({ err }, msg) }),
      otherDocuments: certificates,
      db,
      catalog,
      storage,
      dataSharing,
      agency,
      notifications,
      now: clock,
      defaultRegion: config.defaultRegion,
      publicBaseUrl,
      log: app.log
    }
    const apply = new ApplyService(applyDeps)
    const caseSystem = createCaseSystem(config.caseSystem, { ...applyDeps, drafts: apply })
    const accountOf = db.prepare<[string], { id: string }>('SELECT id FROM users WHERE real_id_number = ?')
    const reminders = new ReminderService({
      db,
      catalog,
      agency,
      dataSharing,
      apply,
      cases: caseSystem,
      notifications,
      now: clock,
      accountOf: async (idNumber) => (await accountOf.get(idNumber))?.id ?? null
    })
    // retention: drafts nobody touched for DRAFT_RETENTION_DAYS go with their files; expired throttle rows too
    const throttles = new Throttles(db)
    const retention = async (now: Date): Promise<{ drafts: number }> => {
      const drafts = await apply.removeAbandonedDrafts(new Date(now.getTime() - config.draftRetentionDays * 86_400_000))
      await throttles.purge(now.getTime())
      if (drafts) app.log.info({ drafts }, 'abandoned drafts removed (DRAFT_RETENTION_DAYS)')
      return { drafts }
    }
    app.scheduler.every({ name: 'retention', periodMs: RETENTION_SWEEP_MS, run: () => retention(clock()) })
    app.scheduler.every({ name: 'reminder-sweep', periodMs: REMINDER_SWEEP_MS, run: () => reminders.sweep() })
    // 000 §6.1.2.1.2 超时未反对默认办理: reminders past their objection deadline are handled, once across instances
    app.scheduler.every({ name: 'deemed-consent-sweep', periodMs: REMINDER_SWEEP_MS, run: () => reminders.sweepDeemedConsent() })
    // the imported holiday arrangements count from the first request; warn while next year has none (due dates then
    // ignore 调休)
    const calendar = new CalendarService({ db, now: clock })
    for (const problem of await calendar.reload()) app.log.error({ problem }, 'a stored holiday calendar was not loaded')
    const calendarWarning = calendar.warning()
    if (calendarWarning) app.log.warn({ coverage: calendarCoverage(), nextYear: calendarSource(Number(shanghaiDate(clock()).slice(0, 4)) + 1) }, calendarWarning)
    app.decorate('calendar', calendar)
    app.decorate('apply', apply)
    app.decorate('queries', new QueryService({ db, apply, agency, dataSharing, cases: caseSystem, now: clock, defaultRegion: config.defaultRegion }))
    app.decorate('caseSystem', caseSystem)
    // a new manual case is assigned before its submit answers (the assignment is decorated by the staff plugin)
    app.decorate(
      'cases',
      withAssignment(caseSystem, () => app.assignment)
    )
    app.decorate('certificates', certificates)
    app.decorate('reminders', reminders)
    app.decorate('retention', retention)
  },
  { name: 'yb-cases', dependencies: ['yb-infrastructure', 'yb-catalog', 'yb-accounts'] }
)
