import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Bff } from './bff'
import { describe, formValues, getDraft, itemDetail, materialsToUpload, patiently, person, photos, signIn } from './citizen'
import { expectStatus, http, multipart } from './http'
import type { Findings } from './report'
import { freePort } from './report'

/**
 * Drill 3: the disk of the uploaded files is full. DATA_DIR/files (where the BFF keeps uploads) is a small tmpfs of
 * its own — the database stays on the ordinary disk, as on a server whose upload volume fills up. A ballast file
 * fills the tmpfs; an upload must then answer 503 STORAGE_UNAVAILABLE with a Chinese message, leave no partial file,
 * and leave the draft as it was (values, earlier uploads). With the ballast gone, the same upload succeeds and the
 * draft can be submitted.
 */
export interface DiskDrillResult {
  mounted: string
  fullAnswer: string
  fullAnswerMs: number
  partialWriteAnswer: string
  draftIntact: boolean
  leftoverTempFiles: number
  afterSpaceReturns: string
  submitted: string
  seconds: number
}

// a manual item whose seed guide (003 §7.3.5.4) asks for two uploads beyond the shared identity check
const ITEM = 'chronic-disease-filing'
const REGION = '331102'

function walk(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...walk(p))
    else out.push(p)
  }
  return out
}

/** Writes 64 KiB ballast files until the file system refuses (ENOSPC); returns them. */
function fill(dir: string): string[] {
  const chunk = Buffer.alloc(64 * 1024, 7)
  const files: string[] = []
  for (let i = 0; ; i++) {
    const p = join(dir, `ballast-${i}`)
    const fd = openSync(p, 'w')
    try {
      const n = writeSync(fd, chunk)
      files.push(p)
      if (n < chunk.length) return files
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
      files.push(p)
      return files
    } finally {
      closeSync(fd)
    }
  }
}

export async function runDiskFullDrill(opts: { root: string; findings: Findings; log: (s: string) => void }): Promise<DiskDrillResult> {
  const t0 = performance.now()
  const f = opts.findings
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-faults-disk-'))
  const filesDir = join(dataDir, 'files')
  const ballastDir = join(filesDir, 'zz-ballast')
  mkdirSync(filesDir)
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=0755', 'tmpfs', filesDir], { stdio: 'pipe' })
  } catch (err) {
    throw new Error(
      `drill 3 needs a small file system of its own for DATA_DIR/files: \`mount -t tmpfs\` failed (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}). ` +
        'Run the drills as root (CI does), or in a container with CAP_SYS_ADMIN.'
    )
  }
  const port = await freePort()
  const bff = new Bff({ root: opts.root, dataDir, port, logFile: join(dataDir, 'bff.log') })
  try {
    mkdirSync(ballastDir)
    await bff.start()
    const c = await patiently(() => signIn(port, person(4, 0)))
    const item = await itemDetail(port, ITEM, REGION)
    const created = expectStatus(await http(port, { method: 'POST', path: '/api/v1/drafts', token: c.token, json: { itemId: ITEM, region: REGION } }), [201], 'create draft').json as { id: string; version: number; sharedVerified: string[] }
    const values = formValues(item, c)
    expectStatus(await http(port, { method: 'PUT', path: `/api/v1/drafts/${created.id}`, token: c.token, json: { values, step: 'materials', baseVersion: created.version } }), [200], 'save draft')
    const [m1, m2] = materialsToUpload(item, created.sharedVerified)
    if (!m2) throw new Error(`${ITEM} needs two uploads for this drill`)
    const [p1, p2] = await photos(2, 1400, 1000)
    const upload = (m: string, bytes: Buffer) => {
      const mp = multipart(`${m}.jpg`, bytes)
      return http(port, { method: 'POST', path: `/api/v1/drafts/${created.id}/materials/${m}`, token: c.token, body: mp.body, headers: mp.headers, timeoutMs: 30_000 })
    }
    expectStatus(await upload(m1, p1), [200], `upload ${m1} with space`)
    const before = await getDraft(port, c, created.id)

    const isStorageFull = (a: { status: number; json: { code?: string; message?: string } | null }): boolean =>
      a.status === 503 && a.json?.code === 'STORAGE_UNAVAILABLE' && /[\u4e00-\u9fff]/.test(a.json?.message ?? '')

    // 1) the file system is full to the last block
    let ballast = fill(ballastDir)
    const full = await upload(m2, p2)
    const fullAnswer = describe(full)
    if (!isStorageFull(full)) f.violation(`upload on a full disk answered ${fullAnswer}, not 503 STORAGE_UNAVAILABLE with a Chinese message`)
    if (full.ms > 10_000) f.violation(`upload on a full disk took ${Math.round(full.ms)} ms to answer`)

    // 2) some room, less than the file: the write starts and fails part way
    rmSync(ballast.pop()!, { force: true })
    rmSync(ballast.pop()!, { force: true })
    const partial = await upload(m2, p2)
    const partialWriteAnswer = describe(partial)
    if (!isStorageFull(partial)) f.violation(`upload that fills the disk part way answered ${partialWriteAnswer}, not 503 STORAGE_UNAVAILABLE`)

    // the draft as it was; no half-written file left behind
    const after = await getDraft(port, c, created.id)
    let draftIntact = true
    for (const [k, v] of Object.entries(values)) if (after.values[k] !== v) {
      draftIntact = false
      f.violation(`disk full: draft value ${k} changed (${after.values[k]} ≠ ${v})`)
    }
    if (JSON.stringify(after.uploads) !== JSON.stringify(before.uploads)) {
      draftIntact = false
      f.violation(`disk full: the draft's uploads changed: ${JSON.stringify(after.uploads.map((u) => u.materialId))}`)
    }
    const leftovers = walk(filesDir).filter((p) => !p.startsWith(ballastDir) && (/\.tmp-/.test(p) || statSync(p).size === 0))
    if (leftovers.length) f.violation(`disk full: partial or temporary files left behind: ${leftovers.join(', ')}`)

    // 3) space returns: the same upload goes through, the draft is complete and can be submitted
    for (const p of ballast) rmSync(p, { force: true })
    ballast = []
    const again = await upload(m2, p2)
    const afterSpaceReturns = describe(again)
    if (again.status !== 200) f.violation(`upload after space returned answered ${afterSpaceReturns}`)
    const done = await getDraft(port, c, created.id)
    for (const m of [m1, m2]) if (!done.uploads.some((u) => u.materialId === m)) f.violation(`after space returned, ${m} is not in the draft`)
    const sub = await http(port, { method: 'POST', path: `/api/v1/drafts/${created.id}/submit`, token: c.token, json: item.guide.materials.some((m) => m.paper) ? { paperPledge: true } : {}, headers: { 'idempotency-key': 'disk-full-drill-0001' } })
    if (sub.status !== 201) f.violation(`submit after space returned answered ${describe(sub)}`)
    if (bff.crashed) f.violation(`the BFF died during the disk-full drill: ${bff.crashed}`)
    return {
      mounted: 'tmpfs 3 MiB on DATA_DIR/files',
      fullAnswer,
      fullAnswerMs: Math.round(full.ms),
      partialWriteAnswer,
      draftIntact,
      leftoverTempFiles: leftovers.length,
      afterSpaceReturns,
      submitted: describe(sub),
      seconds: Math.round((performance.now() - t0) / 100) / 10
    }
  } finally {
    await bff.stop()
    try {
      execFileSync('umount', [filesDir], { stdio: 'pipe' })
    } catch {
      execFileSync('umount', ['-l', filesDir], { stdio: 'pipe' })
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
}
