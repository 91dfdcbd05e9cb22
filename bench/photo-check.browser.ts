/**
 * The on-device timing's page script (bundled by bench/photo-check.ts with esbuild): the app's H5 pixel reader and
 * the domain checks, exactly as the materials screen runs them.
 */
import { checkPhoto } from '../domain/photo-check'
import { photoPixels } from '../src/features/apply/photoPixels.h5'

async function photoCheckTimed(blob: Blob): Promise<{ decodeDrawMs: number; checksMs: number; totalMs: number }> {
  const t0 = performance.now()
  const px = await photoPixels({ path: '', name: 'p.jpg', size: blob.size, mime: blob.type, kind: 'image', blob })
  const t1 = performance.now()
  if (!px) throw new Error('no pixels')
  checkPhoto(px)
  const t2 = performance.now()
  return { decodeDrawMs: t1 - t0, checksMs: t2 - t1, totalMs: t2 - t0 }
}

const page = window as unknown as { photoCheckTimed: typeof photoCheckTimed }
page.photoCheckTimed = photoCheckTimed
