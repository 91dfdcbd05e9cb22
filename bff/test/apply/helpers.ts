import type { FastifyInstance } from 'fastify'
import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import type { ItemDetail } from '../../../contract/catalog'
import { exampleValues } from '../../../catalog/examples'
import { applicableMaterials } from '../../../domain/answers'
import persons from '../../src/adapters/sample/persons.json'
import { testApp } from '../helpers'

export const SAMPLE = {
  /** 张丽华: 丽水莲都, employee insured, a newborn not yet enrolled */
  zhang: persons.persons[0],
  /** 王建国: 青田, 75, resident insured */
  wang: persons.persons[1]
}

export interface Session {
  token: string
  refreshToken: string
  headers: { authorization: string }
}

/** After the test clock moved past the access token's 15 minutes: a fresh one through the refresh route. */
export async function refresh(app: FastifyInstance, s: Session): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: s.refreshToken } })
  if (res.statusCode !== 200) throw new Error(`refresh ${res.statusCode} ${res.body}`)
  const body = res.json() as { accessToken: string; refreshToken: string }
  s.token = body.accessToken
  s.refreshToken = body.refreshToken
  s.headers.authorization = `Bearer ${body.accessToken}`
}

/** Phone + SMS code (read from the dev outbox) → tokens; then real-name when a person is given (001 §3.1.2). */
export async function signIn(app: FastifyInstance, phone: string, person?: { name: string; idNumber: string }): Promise<Session> {
  const sent = await app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone } })
  if (sent.statusCode !== 200) throw new Error(`sms-code ${sent.statusCode} ${sent.body}`)
  const outbox = await app.inject({ method: 'GET', url: `/api/v1/dev/outbox?phone=${phone}` })
  const code = (outbox.json() as { messages: Array<{ code: string | null }> }).messages[0]?.code
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, code } })
  if (login.statusCode !== 200) throw new Error(`login ${login.statusCode} ${login.body}`)
  const { accessToken: token, refreshToken } = login.json() as { accessToken: string; refreshToken: string }
  const headers = { authorization: `Bearer ${token}` }
  if (person) {
    const rn = await app.inject({ method: 'POST', url: '/api/v1/auth/realname', headers, payload: { name: person.name, idNumber: person.idNumber } })
    if (rn.statusCode !== 200) throw new Error(`realname ${rn.statusCode} ${rn.body}`)
  }
  return { token, refreshToken, headers }
}

/** A multipart/form-data body with one file in the field `file`. */
export function multipart(fileName: string, bytes: Buffer, mime = 'application/octet-stream'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----yb${randomUUID().replace(/-/g, '')}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`,
    'utf8'
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** A legible-size photo of a paper (noise so it compresses like a real one). */
export async function photo(width = 1200, height = 900): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 80 })
    .toBuffer()
}

export async function itemDetail(app: FastifyInstance, itemId: string, region: string): Promise<ItemDetail> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/items/${itemId}?region=${region}` })
  return res.json() as ItemDetail
}

/**
 * Starts a draft, fills the form with valid example values, uploads one photo for every required material that is
 * neither shared-verified nor a mailed original. Returns the draft id.
 */
export async function preparedDraft(
  app: FastifyInstance,
  s: Session,
  itemId: string,
  region: string,
  applicant: { name: string; idNumber: string; phone: string },
  /** a family member id when a proxy applies */
  insuredId?: string,
  /** the test's clock, for dates the form wants in the past (default: today) */
  now?: Date,
  /** answers that replace the example values (a select's other option…) */
  answers: Record<string, string> = {}
): Promise<string> {
  const created = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: s.headers, payload: { itemId, region, ...(insuredId ? { insuredId } : {}) } })
  if (created.statusCode >= 300) throw new Error(`draft ${created.statusCode} ${created.body}`)
  const draft = created.json() as { id: string; version: number; sharedVerified: string[] }
  const item = await itemDetail(app, itemId, region)
  const values = { ...exampleValues(item.form!, applicant, now), ...answers }
  for (const f of item.form!.fields) if (f.readonly) delete values[f.key]
  const put = await app.inject({
    method: 'PUT',
    url: `/api/v1/drafts/${draft.id}`,
    headers: s.headers,
    payload: { values, step: 'materials', baseVersion: draft.version }
  })
  if (put.statusCode !== 200) throw new Error(`put ${put.statusCode} ${put.body}`)
  const img = await photo()
  // what applies to these answers; a mailed original is photographed too (domain/cases.ts checkSubmission)
  for (const m of applicableMaterials(item, values)) {
    if (!m.required || draft.sharedVerified.includes(m.id)) continue
    const mp = multipart(`${m.id}.jpg`, img, 'image/jpeg')
    const up = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draft.id}/materials/${m.id}`, headers: { ...s.headers, ...mp.headers }, payload: mp.payload })
    if (up.statusCode !== 200) throw new Error(`upload ${m.id} ${up.statusCode} ${up.body}`)
  }
  return draft.id
}

/** A BFF on a fixed clock with 张丽华 signed in and real-named (the citizen most tests follow). */
export async function appWithZhang(now: Date): Promise<{ app: FastifyInstance; cleanup: () => Promise<void>; zhang: Session }> {
  const t = await testApp({ clock: () => now })
  return { app: t.app, cleanup: t.cleanup, zhang: await signIn(t.app, SAMPLE.zhang.phone, SAMPLE.zhang) }
}
