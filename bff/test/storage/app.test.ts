import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import type { FastifyInstance } from 'fastify'
import { ApplicationDetailSchema, DraftSchema, type Draft } from '../../../contract/apply'
import { ErrorCode } from '../../../contract/common'
import { SAMPLE, itemDetail, multipart, photo, preparedDraft, signIn, type Session } from '../apply/helpers'
import { testApp } from '../helpers'
import { S3RVER_CREDENTIALS, startS3, type S3TestServer } from '../../../scripts/s3rver'

/**
 * The whole BFF with STORAGE=s3 against s3rver: materials uploaded through the HTTP API and the result document
 * land in the bucket (nothing under DATA_DIR/files) and come back out of it; with the store down an upload answers
 * 503 STORAGE_UNAVAILABLE and the draft stays as it was.
 */
const now = new Date('2026-11-23T02:00:00Z') // a Monday, 10:00 in Shanghai (as in apply.test.ts)
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }

let s3: S3TestServer
let app: FastifyInstance
let dataDir: string
let cleanup: () => Promise<void>
let zhang: Session

beforeAll(async () => {
  s3 = await startS3('yb-app')
  const t = await testApp({
    clock: () => now,
    config: {
      storage: 's3',
      s3: {
        endpoint: s3.endpoint,
        region: 'us-east-1',
        bucket: 'yb-app',
        ...S3RVER_CREDENTIALS,
        forcePathStyle: true,
        prefix: 'lishui'
      }
    }
  })
  app = t.app
  dataDir = t.dataDir
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
})
afterAll(async () => {
  await cleanup()
  await s3.cleanup()
})

async function bucketKeys(): Promise<string[]> {
  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
  try {
    return ((await client.send(new ListObjectsV2Command({ Bucket: 'yb-app' }))).Contents ?? []).map((o) => o.Key!)
  } finally {
    client.destroy()
  }
}

async function draft(id: string): Promise<Draft> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/drafts/${id}`, headers: zhang.headers })
  expect(res.statusCode).toBe(200)
  return DraftSchema.parse(res.json())
}

describe('STORAGE=s3: the BFF keeps files in the object store', () => {
  it('uploaded materials and the result PDF go to the bucket and are read back from it', async () => {
    const draftId = await preparedDraft(app, zhang, 'referral-filing', '331102', applicant)
    const d = await draft(draftId)
    expect(d.uploads.length).toBeGreaterThan(0)
    const keys = await bucketKeys()
    for (const u of d.uploads) {
      // the key is the sha256 the draft shows, under S3_PREFIX; the bytes read back are those bytes
      expect(keys).toContain(`lishui/${u.sha256}`)
      const bytes = await app.storage.get(u.sha256)
      expect(bytes && sha256(bytes)).toBe(u.sha256)
      expect(bytes?.length).toBe(u.size)
    }
    expect(existsSync(join(dataDir, 'files'))).toBe(false)

    // a smart item is decided at once: its result PDF is stored in the bucket and downloaded from it
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/v1/drafts/${draftId}/submit`,
      headers: { ...zhang.headers, 'idempotency-key': `k-storage-${Date.now()}` },
      payload: {}
    })
    expect(submitted.statusCode).toBe(201)
    const a = ApplicationDetailSchema.parse(submitted.json())
    expect(a.status).toBe('completed')
    const pdf = await app.inject({ method: 'GET', url: `/api/v1/applications/${a.id}/result.pdf`, headers: zhang.headers })
    expect(pdf.statusCode).toBe(200)
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    expect(await bucketKeys()).toContain(`lishui/${sha256(pdf.rawPayload)}`)
    const gets = s3.requests.filter((r) => r.method === 'GET' && r.path === `/yb-app/lishui/${sha256(pdf.rawPayload)}`)
    expect(gets.length).toBeGreaterThan(0)
    expect(existsSync(join(dataDir, 'files'))).toBe(false)
  })

  it('with the store down an upload answers 503 STORAGE_UNAVAILABLE and leaves the draft unchanged', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: zhang.headers, payload: { itemId: 'referral-filing', region: '331102' } })
    expect(created.statusCode).toBeLessThan(300)
    const before = await draft((created.json() as { id: string }).id)
    const item = await itemDetail(app, 'referral-filing', '331102')
    const material = item.guide.materials.find((m) => !m.paper && !before.sharedVerified.includes(m.id))!
    expect(material).toBeDefined()
    const bucketBefore = await bucketKeys()

    await s3.stop()
    // a photo the store has never seen (the noise differs every time)
    const mp = multipart('证明.jpg', await photo(1000, 800), 'image/jpeg')
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/drafts/${before.id}/materials/${material.id}`,
      headers: { ...zhang.headers, ...mp.headers },
      payload: mp.payload
    })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ code: ErrorCode.STORAGE_UNAVAILABLE, message: '文件暂时无法保存，请稍后重新上传，已填写的内容不会丢失' })

    const after = await draft(before.id)
    expect(after).toEqual(before)
    expect(after.uploads).toEqual([])
    expect(existsSync(join(dataDir, 'files'))).toBe(false)

    // nothing half-written in the bucket; with the store back the same upload succeeds
    await s3.restart()
    expect(await bucketKeys()).toEqual(bucketBefore)
    const retry = await app.inject({
      method: 'POST',
      url: `/api/v1/drafts/${before.id}/materials/${material.id}`,
      headers: { ...zhang.headers, ...mp.headers },
      payload: mp.payload
    })
    expect(retry.statusCode).toBe(200)
    const done = DraftSchema.parse(retry.json())
    expect(done.uploads.map((u) => u.materialId)).toEqual([material.id])
    expect(await bucketKeys()).toContain(`lishui/${done.uploads[0].sha256}`)
  })
})
