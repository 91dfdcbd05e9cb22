/**
 * The photo pre-check's decode alternatives in chromium (`npx tsx bench/photo-decode.ts`; PHOTO_DECODE_ROUNDS, default
 * 9): the same 12 MP JPEG as bench/photo-check.ts turned into the check's pixels in each way a browser offers
 * (bench/photo-decode.browser.ts: createImageBitmap's resizeQuality, resizing by the long or the short side or to
 * the exact target, a bitmaprenderer transfer, an <img> with decode(), getImageData with or without
 * willReadFrequently, the checks in a Worker), then checked. The variants run interleaved, one of each per round, so
 * the machine's load falls on all alike; the first round is a warm-up. Prints per variant the median and spread of
 * the time to pixels, the checks, the total and the main thread's busy time.
 * Then the three photo families of bench/photo-set.ts through chromium's two H5 paths, createImageBitmap and the
 * app's ImageDecoder path, with what each check found and its false alarms per path, and the photos whose verdicts
 * differ: a faster decode must not change what the citizen is told (PHOTO_DECODE_FAMILIES=0 skips this); before
 * that, the 12 MP photo stored sideways with an EXIF orientation through both paths (both must turn it upright).
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { PHOTO_ISSUES, type PhotoIssue } from '../domain/photo-check'
import { bundlePage, median, twelveMegapixelJpeg, withChromiumPage } from './photo-check'
import type { VariantName, VariantTiming } from './photo-decode.browser'
import { makeHeldOutSet, makePhotoSet, makeTestSet, type TestPhoto } from './photo-set'

export async function runPhotoDecodeBench(rounds = Number(process.env.PHOTO_DECODE_ROUNDS ?? 9)): Promise<void> {
  const script = await bundlePage(join(__dirname, 'photo-decode.browser.ts'))
  const checks = await bundlePage(join(__dirname, '..', 'domain', 'photo-check', 'index.ts'), 'photoCheckModule')
  const big = await twelveMegapixelJpeg()
  const runs = await withChromiumPage(script, async (page) => {
    const timings = await page.evaluate(
      async ([b64, checkBundle, n]) => {
        const w = window as unknown as {
          runVariant: (name: string, blob: Blob, size: { width: number; height: number }, checkBundle: string) => Promise<VariantTiming>
          VARIANTS: string[]
        }
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
        const out: Record<string, VariantTiming[]> = {}
        for (let r = 0; r < n; r++) {
          for (const name of w.VARIANTS) {
            const blob = new Blob([bytes], { type: 'image/jpeg' })
            const t = await w.runVariant(name, blob, { width: 3000, height: 4000 }, checkBundle)
            if (r > 0) (out[name] ??= []).push(t)
          }
        }
        return out
      },
      [big.toString('base64'), checks, rounds + 1] as const
    )
    // the same photo stored 4000 × 3000 with EXIF orientation 6 (turn 90° clockwise to show), as phones store it
    const sideways = await sharp(big).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 90 }).toBuffer()
    for (const [label, jpeg] of [['upright', big], ['stored sideways, EXIF orientation 6', sideways]] as const) {
      const r = await page.evaluate((b64) => (window as unknown as { uprightBoth: (b: string) => Promise<object> }).uprightBoth(b64), jpeg.toString('base64'))
      console.log(`12 MP ${label}: ImageDecoder path vs createImageBitmap path ${JSON.stringify(r)}`)
    }
    if (process.env.PHOTO_DECODE_FAMILIES !== '0') {
      await compareFamily(page, 'tuning set', await makePhotoSet())
      await compareFamily(page, 'held-out (validation) set', await makeHeldOutSet())
      await compareFamily(page, 'test set', await makeTestSet())
    }
    return timings
  })
  if (!runs) return
  const spread = (xs: number[]): string => `${median(xs)} (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`
  console.log(`\n=== photo pre-check in chromium, 12 MP JPEG (3000 × 4000): ways to the pixels, ${rounds} interleaved rounds, median (min–max) ms ===`)
  console.table(
    Object.entries(runs).map(([name, ts]) => ({
      way: name as VariantName,
      size: `${ts[0]!.width}×${ts[0]!.height}`,
      pixels: spread(ts.map((t) => t.pixelsMs)),
      checks: spread(ts.map((t) => t.checksMs)),
      total: spread(ts.map((t) => t.totalMs)),
      'main thread': spread(ts.map((t) => t.mainMs))
    }))
  )
}

/** One family through both H5 paths in the page: per check, found and false alarms by each; photos that differ. */
async function compareFamily(page: Page, title: string, set: TestPhoto[]): Promise<void> {
  const got: Record<'bitmap' | 'decoder', PhotoIssue[][]> = { bitmap: [], decoder: [] }
  const differ: string[] = []
  for (const photo of set) {
    const b64 = photo.jpeg.toString('base64')
    for (const way of ['bitmap', 'decoder'] as const) {
      got[way].push(await page.evaluate(([data, w]) => (window as unknown as { verdicts: (b: string, w: string) => Promise<PhotoIssue[]> }).verdicts(data, w), [b64, way] as const))
    }
    const [a, b] = [got.bitmap.at(-1)!, got.decoder.at(-1)!]
    if (a.join() !== b.join()) differ.push(`${photo.name}: ${a.join(',') || 'ok'} → ${b.join(',') || 'ok'}`)
  }
  const rows = PHOTO_ISSUES.filter((i) => i !== 'duplicate').map((issue) => {
    const count = (way: 'bitmap' | 'decoder', made: boolean): number =>
      set.filter((p, i) => p.expected.includes(issue) === made && got[way][i]!.includes(issue)).length
    return {
      issue,
      made: set.filter((p) => p.expected.includes(issue)).length,
      'found (createImageBitmap → ImageDecoder)': `${count('bitmap', true)} → ${count('decoder', true)}`,
      'false alarms': `${count('bitmap', false)} → ${count('decoder', false)}`
    }
  })
  const goodWarned = (way: 'bitmap' | 'decoder'): number => set.filter((p, i) => p.condition === 'good' && got[way][i]!.length > 0).length
  console.log(`\n=== ${title} in chromium: createImageBitmap path → ImageDecoder path (${set.length} photos) ===`)
  console.table(rows)
  console.log(`good photos with any warning: ${goodWarned('bitmap')} → ${goodWarned('decoder')} of ${set.filter((p) => p.condition === 'good').length}`)
  console.log(`photos whose verdicts differ: ${differ.length}${differ.length ? `\n  ${differ.join('\n  ')}` : ''}`)
}

if (process.argv[1] && /photo-decode\.ts$/.test(process.argv[1])) {
  void runPhotoDecodeBench()
}
