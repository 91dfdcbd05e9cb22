import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../../../domain/errors'
import type { AuthService, AuthUser } from '../services/auth'

export type { AuthUser } from '../services/auth'

/** The signed-in account of a request that passed requireUser / requireRealName (401 if a route forgot the preHandler). */
export function userOf(req: FastifyRequest): AuthUser {
  if (!req.user) throw errors.unauthorized()
  return req.user
}

/** A preHandler that authenticates the request (sets req.user) or answers 401/403. */
export type AuthPreHandler = (req: FastifyRequest, reply: FastifyReply) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: a valid access token (Bearer) → req.user; else 401 UNAUTHORIZED or 401 TOKEN_EXPIRED */
    requireUser: AuthPreHandler
    /** preHandler: as requireUser, and 403 REALNAME_REQUIRED when the account is not real-named (001 §3.1.2) */
    requireRealName: AuthPreHandler
  }
  interface FastifyRequest {
    /** the signed-in account (whole phone, name and 身份证号: server side only); null before requireUser ran */
    user: AuthUser | null
  }
}

/**
 * Sign-in plumbing for every route: `{ preHandler: app.requireUser }` or `{ preHandler: app.requireRealName }`.
 * Decorates the root instance (called from buildApp, not registered as an encapsulated plugin) so all routes see it.
 */
export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('user', null)
  const requireUser: AuthPreHandler = async (req) => {
    req.user = await auth.authenticate(req.headers.authorization)
  }
  const requireRealName: AuthPreHandler = async (req, reply) => {
    await requireUser(req, reply)
    if (!req.user?.realName) throw errors.realnameRequired()
  }
  app.decorate('requireUser', requireUser)
  app.decorate('requireRealName', requireRealName)
}
