import fp from 'fastify-plugin'
import { createStaffNotifier } from '../../adapters/staffnotices'
import { AssignmentService } from '../../services/assignment'
import { StaffAccounts } from '../../staff/accounts'
import { resolveStaffToken } from '../../staff/token'
import { registerStaffAuth } from '../staff'

/** how often waiting cases are assigned again and the 科长 alerted about those waiting too long */
const ASSIGNMENT_SWEEP_MS = 60_000

declare module 'fastify' {
  interface FastifyInstance {
    /** the token that creates the first administrator and where it came from (STAFF_TOKEN, a development file, or none) */
    staffBootstrap: { token: string | null; source: 'env' | 'dev-file' | 'none' }
    /** staff accounts, sign-in and tokens */
    staffAccounts: StaffAccounts
    /** the client address as the staff audit trail keeps it (a keyed hash, never the address) */
    staffIpHash: (ip: string) => string
    /** assigning new manual cases by the agency's rules, and the staff's notices (001 §5.2.3.1) */
    assignment: AssignmentService
  }
}

/**
 * The agency's staff: accounts (one per person, argon2id + TOTP, tokens of their own), the staff guard with its audit
 * trail on every staff request, and the assignment of cases.
 */
export const staffPlugin = fp(
  async (app) => {
    const { config, db, clock, catalog, auth } = app
    const regionName = (code: string): string | null => catalog.servedRegion(code)?.fullName ?? null
    const staff = resolveStaffToken(config)
    if (staff.source === 'none') app.log.info('STAFF_TOKEN is not set: staff accounts are opened by an administrator only (no bootstrap)')
    const accounts = new StaffAccounts({
      db,
      now: clock,
      tokenSecret: auth.tokens.secretForDerivation,
      regionName: (code) => regionName(code) ?? (code === '330000' ? '浙江省' : null)
    })
    const ipHash = (ip: string): string => auth.tokens.hmac(`ip:${ip}`)
    registerStaffAuth(app, { accounts, db, now: clock, ipHash })
    const assignment = new AssignmentService({
      db,
      cases: app.caseSystem,
      accounts,
      notifier: createStaffNotifier('embedded', { db }),
      now: clock,
      alertMinutes: config.unassignedAlertMinutes,
      regionName: (code) => regionName(code) ?? code,
      warn: (msg, err) => app.log.warn({ err }, msg)
    })
    app.scheduler.every({ name: 'assignment-sweep', periodMs: ASSIGNMENT_SWEEP_MS, run: () => assignment.sweep() })
    app.decorate('staffBootstrap', staff)
    app.decorate('staffAccounts', accounts)
    app.decorate('staffIpHash', ipHash)
    app.decorate('assignment', assignment)
  },
  { name: 'yb-staff', dependencies: ['yb-infrastructure', 'yb-catalog', 'yb-accounts', 'yb-cases'] }
)
