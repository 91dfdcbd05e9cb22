import type { FastifyInstance } from 'fastify'
import { join } from 'node:path'
import { ApplicationDetailSchema, CaseGuideSchema, type ApplicationDetail } from '../../../contract/apply'
import { ErrorCode } from '../../../contract/common'
import { loadRepoCatalog, type CatalogSeed } from '../../src/adapters/catalog'
import { buildApp } from '../../src/app'
import { SAMPLE, signIn, type Session } from '../apply/helpers'
import { tempDir } from '../helpers'
import { staffAuth, submitReimbursement } from './helpers'
import { rmSync } from 'node:fs'

/**
 * The guide is a contract, enforced by the BFF (domain/guide-contract.ts): 补正 only for the guide's materials (001
 * §4.1.2 申请材料目录, §5.2.3.5; 003 §5.1.1 一次性告知制), 不予办理 citing a condition of the guide (003 §7.2.1.5 a)
 * 不符合受理条件的一次性告知原因), no extension or 补正 after the due date (001 §5.2.3.4; 003 §7.4.1.7), and a case held to
 * the guide version it was filed under when a new catalog release changes the guide.
 */
let clock = new Date('2026-11-02T02:00:00Z') // Monday 10:00 in Shanghai
const dataDir = tempDir()
let app: FastifyInstance
let zhang: Session

const boot = async (loadCatalog?: () => CatalogSeed): Promise<void> => {
  app = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'none'), clock: () => clock, ...(loadCatalog ? { loadCatalog } : {}) })
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
}
const chief = () => staffAuth(app, { role: 'chief', region: '331100', name: '丽水科长', enrolled: true })
const post = async (id: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: `/api/v1/staff/applications/${id}/actions`, headers: await chief(), payload })
const act = async (id: string, payload: Record<string, unknown>): Promise<ApplicationDetail> => {
  const res = await post(id, payload)
  expect([res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([200, ''])
  return ApplicationDetailSchema.parse(res.json())
}
const refusedWith = async (id: string, payload: Record<string, unknown>, status: number, code: string): Promise<void> => {
  const res = await post(id, payload)
  expect([res.statusCode, res.json().code]).toEqual([status, code])
}
/** a case accepted (originals received) and in review */
const inReview = async (): Promise<ApplicationDetail> => {
  const c = await submitReimbursement(app, zhang, clock)
  if (c.status === 'submitted') await act(c.id, { action: 'assign', staffName: '丽水科长' })
  await act(c.id, { action: 'preAccept' })
  await act(c.id, { action: 'receivePaper' })
  return act(c.id, { action: 'startReview' })
}

beforeAll(() => boot())
afterAll(async () => {
  await app.close()
  rmSync(dataDir, { recursive: true, force: true })
})

it('补正 names only materials of the guide, each by its number there; anything else is 400 SUPPLEMENT_NOT_IN_GUIDE', async () => {
  const c = await inReview()
  const guide = CaseGuideSchema.parse((await app.inject({ url: `/api/v1/applications/${c.id}/guide`, headers: zhang.headers })).json())
  expect(guide.guideVersion).toEqual(c.guideVersion)
  await refusedWith(c.id, { action: 'requestSupplement', materialIds: ['bank-statement'], note: '请补交银行流水' }, 400, ErrorCode.SUPPLEMENT_NOT_IN_GUIDE)
  const given = c.uploads[0].materialId
  const asked = await act(c.id, { action: 'requestSupplement', materialIds: [given], betterCopy: [given], note: '照片模糊' })
  const no = guide.item.guide.materials.findIndex((m) => m.id === given) + 1
  expect(asked.supplement?.basis).toEqual([{ part: 'materials', no, materialId: given, text: guide.item.guide.materials[no - 1].name, betterCopy: true }])
  // the citizen's own view carries the citation too
  const mine = ApplicationDetailSchema.parse((await app.inject({ url: `/api/v1/applications/${c.id}`, headers: zhang.headers })).json())
  expect(mine.supplement?.basis?.[0].no).toBe(no)
  expect(mine.events.at(-1)?.note).toContain(`依据办事指南第 ${no} 项申请材料`)
})

it('不予办理 without a condition of the guide is 400 REJECTION_WITHOUT_GUIDE_CONDITION; with one, the citizen reads it', async () => {
  const c = await inReview()
  await refusedWith(c.id, { action: 'reject', reason: '不符合条件' }, 400, ErrorCode.REJECTION_WITHOUT_GUIDE_CONDITION)
  await refusedWith(c.id, { action: 'reject', reason: '不符合条件', conditions: [{ part: 'requirements', no: 99 }] }, 400, ErrorCode.REJECTION_WITHOUT_GUIDE_CONDITION)
  await act(c.id, { action: 'reject', reason: '费用发生在境外', conditions: [{ part: 'prohibitions', no: 4 }] })
  const mine = ApplicationDetailSchema.parse((await app.inject({ url: `/api/v1/applications/${c.id}`, headers: zhang.headers })).json())
  expect(mine.result?.basis).toMatchObject([{ part: 'prohibitions', no: 4 }])
  expect(mine.result?.text).toContain('依据办事指南第 4 项禁止性要求')
})

it('past the due date without an extension: extension and 补正 are 409 TIME_LIMIT_PASSED, the decision is recorded as late', async () => {
  const c = await inReview()
  const start = clock
  try {
    clock = new Date(Date.parse(`${c.dueDate}T02:00:00Z`) + 3 * 86_400_000)
    const late = ApplicationDetailSchema.parse((await app.inject({ url: `/api/v1/staff/applications/${c.id}`, headers: await chief() })).json())
    expect(late.overdue).toBe(true)
    await refusedWith(c.id, { action: 'extendTimeLimit', reason: '需调取外省病历' }, 409, ErrorCode.TIME_LIMIT_PASSED)
    await refusedWith(c.id, { action: 'requestSupplement', materialIds: [c.uploads[0].materialId], note: '补' }, 409, ErrorCode.TIME_LIMIT_PASSED)
    const done = await act(c.id, { action: 'complete', amountFen: 12_000 })
    expect(done.events.at(-1)?.note).toContain(`已超过办理期限（${c.dueDate}），未办理延期`)
  } finally {
    clock = start
  }
})

it('a new catalog release makes a dated guide version; a case keeps the one it was filed under and is checked against it', async () => {
  const before = await inReview()
  expect(before.guideVersion?.version).toBe(1)
  await app.close()
  // the agency's release adds a material to the claim's guide
  const repo = loadRepoCatalog()
  const items = repo.files.items.map((i) =>
    i.id !== 'medical-reimbursement'
      ? i
      : { ...i, guide: { ...i.guide, materials: [...i.guide.materials, { ...i.guide.materials[0], id: 'bank-card', name: '本人银行卡', required: false, paper: false, sharedVerifiable: false }] } }
  )
  clock = new Date(clock.getTime() + 86_400_000)
  await boot(() => ({ ...repo, files: { ...repo.files, items } }))
  const after = await inReview()
  expect(after.guideVersion?.version).toBe(2)
  expect(after.guideVersion!.publishedAt > before.guideVersion!.publishedAt).toBe(true)
  const old = ApplicationDetailSchema.parse((await app.inject({ url: `/api/v1/staff/applications/${before.id}`, headers: await chief() })).json())
  expect(old.guideVersion).toEqual(before.guideVersion)
  // the old case's guide, as it was: without the new material, and a 补正 of it refused
  const oldGuide = CaseGuideSchema.parse((await app.inject({ url: `/api/v1/staff/applications/${before.id}/guide`, headers: await chief() })).json())
  expect(oldGuide.item.guide.materials.map((m) => m.id)).not.toContain('bank-card')
  await refusedWith(before.id, { action: 'requestSupplement', materialIds: ['bank-card'], note: '请补交银行卡' }, 400, ErrorCode.SUPPLEMENT_NOT_IN_GUIDE)
  const asked = await act(after.id, { action: 'requestSupplement', materialIds: ['bank-card'], note: '请补交银行卡' })
  expect(asked.supplement?.basis?.[0]).toMatchObject({ materialId: 'bank-card', no: oldGuide.item.guide.materials.length + 1 })
})
