import { createCanvas, loadImage, type Canvas, type Image } from '@napi-rs/canvas'
import type { ApiEnv } from './shared'

/**
 * `createOffscreenCanvas` of both platforms (WeChat base library ≥ 2.16.1, Alipay ≥ 2.7.0), on a real 2d canvas
 * (@napi-rs/canvas: Skia, as in Chromium and the platforms' own canvases), so what the app does with it — load a
 * photo, draw it scaled, read the pixels back — runs on real decoding and real scaling, not on numbers the host makes
 * up.
 *  - `{ type: '2d', width, height }`: getContext('2d') answers only on a canvas made with type '2d' (WeChat's default
 *    type is webgl; the host has no WebGL, so getContext('webgl') is null);
 *  - `canvas.createImage()` is the platforms' image: its `src` is a path the platform handed out (chooseImage /
 *    chooseMedia / compressImage temp files, saved files, the user data folder); it loads asynchronously and calls
 *    `onload` (width/height then the photo's) or `onerror` on the app's timers — a file that does not exist or does
 *    not decode is an error, as on a phone. Network URLs are not loaded (the app draws only its own files);
 *  - drawImage takes such an image or another offscreen canvas; getImageData gives RGBA in the app's realm.
 * Recorded: `createOffscreenCanvas` (its options), `canvas.createImage.load` (src, size, ok) and
 * `canvas.getImageData` (size), so a test can tell a pre-check that ran from one that was skipped.
 */
export function offscreenCanvas(env: ApiEnv, o: Record<string, unknown> = {}): Record<string, unknown> {
  const { device } = env
  const type = String(o.type ?? 'webgl')
  const width = Math.max(1, Math.round(Number(o.width) || 300))
  const height = Math.max(1, Math.round(Number(o.height) || 150))
  device.record('createOffscreenCanvas', { type, width, height }, env.route())
  const native = createCanvas(width, height)
  let ctx: Record<string, unknown> | null = null

  const canvas: Record<string, unknown> = {
    get width() {
      return native.width
    },
    set width(v: number) {
      native.width = v
    },
    get height() {
      return native.height
    },
    set height(v: number) {
      native.height = v
    },
    getContext(kind: string) {
      if (kind !== '2d' || type !== '2d') return null
      return (ctx ??= context(env, native))
    },
    createImage: () => image(env),
    toDataURL: (mime?: string, quality?: number) => (mime === 'image/jpeg' ? native.toDataURL('image/jpeg', quality) : native.toDataURL('image/png'))
  }
  natives.set(canvas, native)
  return canvas
}

/** what the app's image and canvas objects stand for, for drawImage */
const natives = new WeakMap<object, Image | Canvas>()

function image(env: ApiEnv): Record<string, unknown> {
  let src = ''
  let loading = 0
  const img: Record<string, unknown> = {
    width: 0,
    height: 0,
    onload: null,
    onerror: null,
    get src() {
      return src
    },
    set src(v: string) {
      src = String(v ?? '')
      const attempt = ++loading
      const fail = (why: string): void => {
        env.device.record('canvas.createImage.load', { src, ok: false, why }, env.route())
        env.later(() => {
          if (attempt === loading) (img.onerror as ((e: unknown) => void) | null)?.(env.realm.json({ type: 'error', errMsg: `image load fail: ${why}` }))
        })
      }
      const bytes = env.device.read(src)
      if (!bytes) {
        fail('file not found')
        return
      }
      loadImage(bytes).then(
        (decoded) => {
          env.device.record('canvas.createImage.load', { src, ok: true, width: decoded.width, height: decoded.height }, env.route())
          env.later(() => {
            if (attempt !== loading) return
            natives.set(img, decoded)
            img.width = decoded.width
            img.height = decoded.height
            ;(img.onload as (() => void) | null)?.()
          })
        },
        () => fail('not an image')
      )
    }
  }
  return img
}

/** The native 2d context, its drawImage taking the app's image / canvas objects, getImageData recorded. */
function context(env: ApiEnv, canvas: Canvas): Record<string, unknown> {
  const native = canvas.getContext('2d')
  return new Proxy(native as unknown as Record<string | symbol, unknown>, {
    get(target, key) {
      if (key === 'canvas') return canvas
      if (key === 'drawImage') {
        return (source: object, ...rest: number[]) => {
          const drawable = natives.get(source)
          // a browser throws TypeError for an image that is not loaded or not an image
          if (!drawable) throw new TypeError('drawImage: the image is not loaded (or is not an image / canvas)')
          ;(native.drawImage as (s: Image | Canvas, ...r: number[]) => void)(drawable, ...rest)
        }
      }
      if (key === 'getImageData') {
        return (...args: [number, number, number, number]) => {
          const data = native.getImageData(...args)
          env.device.record('canvas.getImageData', { width: data.width, height: data.height }, env.route())
          // handed over in the app's realm, as the platform's own canvas does
          return { width: data.width, height: data.height, data: env.realm.pixels(data.data) }
        }
      }
      const v = Reflect.get(target, key, target) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target)
    }
  })
}
