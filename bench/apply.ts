/**
 * Apply benchmark: submit latency p50/p99 and upload throughput of the real BFF over HTTP on 127.0.0.1,
 * with the embedded adapters on a fresh data folder. Setup (sign-in, drafts, form values) goes through inject and
 * is not measured. Figures are printed, not asserted. Alone: `npx tsx bench/apply.ts` (BENCH_SUBMITS, BENCH_UPLOADS).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { buildApp } from '../bff/src/app'
import { SAMPLE, multipart, photo, preparedDraft, signIn, type Session } from '../bff/test/apply/helpers'

export interface ApplyBenchResult {
  submitSmart: { n: number; p50ms: number; p99ms: number }
  submitManual: { n: number; p50ms: number; p99ms: number }
  idempotent10: { ms: number; cases: number }
  upload1mp: { n: number; inKB: number; p50ms: number; filesPerSec: number; mbPerSec: number }
  upload12mp: { n: number; inKB: number; outKB: number; p50ms: number; filesPerSec: number; mbPerSec: number }
}

function pct(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 100) / 100
}
const stats = (xs: number[]): { p50ms: number; p99ms: number } => {
  const s = [...xs].sort((a, b) => a - b)
  return { p50ms: pct(s, 50), p99ms: pct(s, 99) }
}

export async function runApplyBench(): Promise<ApplyBenchResult> {
  const submits = Number(process.env.BENCH_SUBMITS ?? 60)
  const uploads = Number(process.env.BENCH_UPLOADS ?? 20)
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-bench-apply-'))
  const app = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'none'), config: { staffToken: 'bench-staff-token-0123456789' } })
  try {
    await app.listen({ port: 0, host: '127.0.0.1' })
    const addr = app.server.address()
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    const zhang = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }
    const s: Session = await signIn(app, zhang.phone, zhang)

    const submitOnce = async (itemId: string, key: string): Promise<number> => {
      const draftId = await preparedDraft(app, s, itemId, '331102', zhang)
      const t = performance.now()
      const res = await fetch(`${base}/api/v1/drafts/${draftId}/submit`, {
        method: 'POST',
        headers: { ...s.headers, 'content-type': 'application/json', 'idempotency-key': key },
        body: '{}'
      })
      await res.arrayBuffer()
      const ms = performance.now() - t
      if (res.status !== 201) throw new Error(`submit ${res.status}`)
      return ms
    }

    console.log(`\n=== apply: ${submits} submits per handling mode, ${uploads} uploads per photo size ===`)
    // smart: the agency's rule check and the PDF result document are part of the submit
    const smart: number[] = []
    for (let i = 0; i < submits; i++) smart.push(await submitOnce('referral-filing', `bench-smart-${i}-${Date.now()}`))
    const manual: number[] = []
    for (let i = 0; i < submits; i++) manual.push(await submitOnce('offsite-care-filing', `bench-manual-${i}-${Date.now()}`))

    // ten identical submits at once (a double-tapping citizen on a bad network): one case
    const draftId = await preparedDraft(app, s, 'offsite-care-filing', '331102', zhang)
    const t0 = performance.now()
    const all = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${base}/api/v1/drafts/${draftId}/submit`, {
          method: 'POST',
          headers: { ...s.headers, 'content-type': 'application/json', 'idempotency-key': 'bench-same-key-0001' },
          body: '{}'
        }).then(async (r) => ((await r.json()) as { id: string }).id)
      )
    )
    const idem = { ms: Math.round(performance.now() - t0), cases: new Set(all).size }

    // uploads: a phone photo (~1 MP) and a 12-megapixel camera photo with EXIF, re-encoded by the BFF
    const created = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: s.headers, payload: { itemId: 'special-drug-filing', region: '331102' } })
    const uploadDraft = (created.json() as { id: string }).id
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 92 })
      .toBuffer()
    const small = await photo(1280, 960)
    const measureUploads = async (bytes: Buffer): Promise<{ times: number[]; outKB: number; wall: number }> => {
      const times: number[] = []
      let outKB = 0
      const w0 = performance.now()
      for (let i = 0; i < uploads; i++) {
        const mp = multipart('诊断证明.jpg', bytes, 'image/jpeg')
        const t = performance.now()
        const res = await fetch(`${base}/api/v1/drafts/${uploadDraft}/materials/disease-proof`, {
          method: 'POST',
          headers: { ...s.headers, ...mp.headers },
          body: new Uint8Array(mp.payload)
        })
        const draft = (await res.json()) as { uploads: Array<{ id: string; size: number }> }
        times.push(performance.now() - t)
        if (res.status !== 200) throw new Error(`upload ${res.status} ${JSON.stringify(draft)}`)
        const up = draft.uploads[draft.uploads.length - 1]
        outKB = Math.round(up.size / 1024)
        await app.inject({ method: 'DELETE', url: `/api/v1/drafts/${uploadDraft}/uploads/${up.id}`, headers: s.headers })
      }
      return { times, outKB, wall: performance.now() - w0 }
    }
    const u1 = await measureUploads(small)
    const u12 = await measureUploads(big)
    const rate = (bytes: Buffer, r: { times: number[] }) => {
      const total = r.times.reduce((a, b) => a + b, 0) / 1000
      return {
        filesPerSec: Math.round((uploads / total) * 10) / 10,
        mbPerSec: Math.round(((bytes.length * uploads) / 1024 / 1024 / total) * 10) / 10
      }
    }
    const result: ApplyBenchResult = {
      submitSmart: { n: submits, ...stats(smart) },
      submitManual: { n: submits, ...stats(manual) },
      idempotent10: idem,
      upload1mp: { n: uploads, inKB: Math.round(small.length / 1024), p50ms: stats(u1.times).p50ms, ...rate(small, u1) },
      upload12mp: { n: uploads, inKB: Math.round(big.length / 1024), outKB: u12.outKB, p50ms: stats(u12.times).p50ms, ...rate(big, u12) }
    }
    console.table({
      'submit smart (rule check + PDF)': result.submitSmart,
      'submit manual': result.submitManual
    })
    console.log(`10 identical submits at once: ${idem.ms} ms, ${idem.cases} case(s)`)
    console.table({ 'upload ~1 MP photo': result.upload1mp, 'upload 12 MP photo': result.upload12mp })
    return result
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  runApplyBench().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
