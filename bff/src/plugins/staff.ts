import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { STAFF_ROLE_LABELS, staffMay, type StaffPermission } from '../../../contract/staff'
import { randomUUID } from 'node:crypto'
import type { Db } from '../db'
import { errors } from '../../../domain/errors'
import type { StaffAccounts, StaffActor } from '../staff/accounts'
import { toArray } from './security'

export type { StaffActor } from '../staff/accounts'

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook (before the body is read): a valid staff token (→ req.staff) holding `permission` (null: any signed-in staff member) */
    staffGuard: (permission: StaffPermission | null) => (req: FastifyRequest) => Promise<void>
  }
  interface FastifyRequest {
    /** the signed-in staff member; null before staffGuard ran */
    staff: StaffActor | null
    /** the record a staff request creates or names outside its URL (a new terminal's id): the audit entry's target */
    staffAuditTarget: string | null
  }
}

/** The staff member of a request that passed staffGuard (401 if a route forgot it). */
export function staffOf(req: FastifyRequest): StaffActor {
  if (!req.staff) throw errors.staffUnauthorized()
  return req.staff
}

/**
 * Staff sign-in for every /api/v1/staff route (decorates the root instance) and the audit trail: every request to a
 * staff route — signed in or not, allowed or refused — is recorded with who made it, what, on which record and the
 * status (OWASP ASVS 5.0 V16: security events with the actor), once the answer has gone out. Staff routes must be
 * registered after this (buildApp registers the staff plugin before any route).
 */
export function registerStaffAuth(app: FastifyInstance, opts: { accounts: StaffAccounts; db: Db; now: () => Date; ipHash: (ip: string) => string }): void {
  app.decorateRequest('staff', null)
  app.decorateRequest('staffAuditTarget', null)
  app.decorate('staffGuard', (permission: StaffPermission | null) => async (req: FastifyRequest) => {
    const staff = await opts.accounts.authenticate(req.headers.authorization)
    if (!staff) throw errors.staffUnauthorized()
    req.staff = staff
    if (permission && !staffMay(staff.role, permission)) throw errors.staffForbidden(STAFF_ROLE_LABELS[staff.role])
  })
  const insert = opts.db.prepare(
    'INSERT INTO staff_audit (id, at, staff_id, staff_name, role, method, route, target_id, status, ip_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
  )
  const audit = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const route = req.routeOptions.url ?? ''
    const params = (req.params ?? {}) as Record<string, string | undefined>
    const body = (req.body ?? {}) as { username?: unknown }
    const who = req.staff?.name ?? (typeof body.username === 'string' ? `(${body.username.slice(0, 40)})` : '(未登录)')
    try {
      await insert.run(
        randomUUID(),
        opts.now().toISOString(),
        req.staff?.id ?? null,
        who,
        req.staff?.role ?? null,
        req.method,
        route,
        params.id ?? req.staffAuditTarget ?? null,
        reply.statusCode,
        opts.ipHash(req.ip)
      )
    } catch (err) {
      req.log.error({ err }, 'staff audit entry not written')
    }
  }
  // an onResponse hook of each staff route (registered after this), not of every route: the citizens' and the public
  // catalog's answers do not pay for it
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1/staff/')) route.onResponse = [...toArray(route.onResponse), audit]
  })
}
