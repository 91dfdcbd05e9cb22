import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { BuildOptions } from '../../src/app'
import { testApp } from '../helpers'

/** A clock tests move by hand (BuildOptions.clock). Starts on a Monday morning, Shanghai time. */
export function testClock(start = '2026-03-02T01:00:00.000Z'): { now: () => Date; advance: (ms: number) => void } {
  let t = Date.parse(start)
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms
    }
  }
}

export const SECOND = 1000
export const MINUTE = 60 * SECOND

/** An app on a fresh data folder with a movable clock. */
export async function authApp(opts: BuildOptions = {}): Promise<{
  app: FastifyInstance
  clock: ReturnType<typeof testClock>
  dataDir: string
  cleanup: () => Promise<void>
}> {
  const clock = testClock()
  const t = await testApp({ clock: clock.now, ...opts })
  return { ...t, clock }
}

export function post(app: FastifyInstance, url: string, payload: unknown, token?: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} })
}

export function getAuthed(app: FastifyInstance, url: string, token?: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} })
}

export interface OutboxMessage {
  phone: string
  text: string
  code: string | null
  sentAt: string
}

export async function outbox(app: FastifyInstance, phone: string): Promise<OutboxMessage[]> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/dev/outbox?phone=${phone}` })
  if (res.statusCode !== 200) throw new Error(`outbox ${res.statusCode} ${res.body}`)
  return (res.json() as { messages: OutboxMessage[] }).messages
}

/** Asks for a code and reads it from the dev outbox. */
export async function requestCode(app: FastifyInstance, phone: string): Promise<string> {
  const res = await post(app, '/api/v1/auth/sms-code', { phone })
  if (res.statusCode !== 200) throw new Error(`sms-code ${res.statusCode} ${res.body}`)
  const code = (await outbox(app, phone))[0]?.code
  if (!code) throw new Error('no code in the outbox')
  return code
}

export interface Session {
  accessToken: string
  refreshToken: string
  expiresIn: number
  user: { id: string; phone: string; realName: { name: string; idNumber: string; verifiedAt: string } | null; platforms: string[] }
}

/** Phone + SMS code → a session (creates the account on first sign-in). */
export async function signIn(app: FastifyInstance, phone: string, bindTicket?: string): Promise<Session> {
  const code = await requestCode(app, phone)
  const res = await post(app, '/api/v1/auth/login', bindTicket ? { phone, code, bindTicket } : { phone, code })
  if (res.statusCode !== 200) throw new Error(`login ${res.statusCode} ${res.body}`)
  return res.json() as Session
}

/** A code other than `code` (for wrong tries). */
export function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000'
}
