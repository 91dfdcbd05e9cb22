import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import { DraftSchema, type Draft } from '../../../contract/apply'
import { testApp } from '../helpers'
import { SAMPLE, itemDetail, multipart, preparedDraft, signIn, type Session } from './helpers'

/**
 * The photo pre-check in the BFF (domain/photo-check on the re-encoded photo): its warnings and hash are stored with
 * the upload (migration 023) and come back with it — to the citizen's draft and to staff.
 */
let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }

beforeAll(async () => {
  const t = await testApp({})
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
})
afterAll(async () => cleanup())

/** a page of "print" on a darker table, as a phone photographs it; `gain` < 1 darkens the whole photo */
async function paperPhoto(gain = 1, seed = 0): Promise<Buffer> {
  // rows at uneven pitch too: an even 36 px line pitch puts its harmonics in the screen check's band (a known
  // weakness, README: photo pre-check)
  const rowY = (i: number) => 200 + i * 36 + ((i * i * 5 + seed * 3) % 13)
  const lines = Array.from({ length: 14 }, (_, i) => {
    const w = 300 + ((i * 97 + seed * 131) % 360)
    return `<rect x="${300 + ((seed * 37) % 40)}" y="${rowY(i)}" width="${w}" height="9" fill="#222"/>` +
      // strokes at uneven spacing, as characters of different widths are (an even 22 px grid reads as a screen's moiré)
      Array.from({ length: 30 }, (_, k) => {
        let x = 300
        for (let j = 0; j < k; j++) x += 12 + ((j * 37 + i * 53 + seed * 11) % 19)
        return `<rect x="${x}" y="${rowY(i) + 12}" width="${2 + ((k + i) % 3)}" height="10" fill="#222"/>`
      }).join('')
  }).join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900"><rect width="1200" height="900" fill="#4a3c30"/>` +
    `<rect x="240" y="140" width="760" height="600" fill="#f4f4ef"/>${lines}</svg>`
  return sharp(Buffer.from(svg)).linear(gain, 0).jpeg({ quality: 88 }).toBuffer()
}

async function getDraft(id: string): Promise<Draft> {
  return DraftSchema.parse((await app.inject({ method: 'GET', url: `/api/v1/drafts/${id}`, headers: zhang.headers })).json())
}

async function upload(draftId: string, materialId: string, bytes: Buffer): Promise<Draft> {
  const mp = multipart('photo.jpg', bytes, 'image/jpeg')
  const res = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/materials/${materialId}`, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })
  expect(res.statusCode).toBe(200)
  return DraftSchema.parse(res.json())
}

describe('photo pre-check of stored photos (001 §5.1.2)', () => {
  it('stores the warnings and the hash with each photo; the same photo for a second material is a duplicate', async () => {
    const draftId = await preparedDraft(app, zhang, 'medical-reimbursement', '331102', applicant)
    const item = await itemDetail(app, 'medical-reimbursement', '331102')
    const draft0 = await getDraft(draftId)
    const [a, b] = item.guide.materials.filter((m) => !draft0.sharedVerified.includes(m.id) && (m.accept ?? ['image']).includes('image'))
    expect(a && b).toBeTruthy()

    const good = await paperPhoto(1)
    // the photo just given (preparedDraft already gave its fixture photo for the required materials)
    const given = (d: Draft, before: Draft, materialId: string) => d.uploads.find((u) => u.materialId === materialId && !before.uploads.some((x) => x.id === u.id))!
    let draft = await upload(draftId, a!.id, good)
    const first = given(draft, draft0, a!.id)
    expect(first.photoWarnings).toEqual([])
    expect(first.photoHash).toMatch(/^[0-9a-f]{16}$/)

    const before = draft
    draft = await upload(draftId, b!.id, good)
    const second = given(draft, before, b!.id)
    expect(second.photoWarnings).toContainEqual({ issue: 'duplicate', materialId: a!.id })

    // a dark photo of another paper, in another draft: dark, and no duplicate
    const other = await preparedDraft(app, zhang, 'referral-filing', '331102', applicant)
    const shared = (await getDraft(other)).sharedVerified
    const m = (await itemDetail(app, 'referral-filing', '331102')).guide.materials.find((x) => !shared.includes(x.id) && (x.accept ?? ['image']).includes('image'))!
    draft = await upload(other, m.id, await paperPhoto(0.25, 3))
    const issues = draft.uploads.filter((u) => u.materialId === m.id).at(-1)!.photoWarnings?.map((w) => w.issue)
    expect(issues).toContain('dark')
    expect(issues).not.toContain('duplicate')
  })
})
