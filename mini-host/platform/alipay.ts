import { STORAGE_ITEM_MAX, STORAGE_TOTAL_MAX } from '../device'
import { appListeners, audioContext, bodyOf, compressPhoto, counted, extOfMime, http, imageInfo, interfaceCalls, isPdf, mimeOf, settle, withQuery, type ApiEnv } from './shared'
import { strip } from './weapp'
import { offscreenCanvas } from './canvas'

/**
 * `my` as Alipay's base library gives it (the parts this app and Taro's Alipay runtime use), with Alipay's own
 * signatures and answers — Taro's Alipay runtime translates the app's wx-style calls into these, and the host
 * checks that translation end to end:
 *  - storage takes objects: my.setStorageSync({key, data}), my.getStorageSync({key}) → {data} (null when absent);
 *  - my.request takes `headers` (not header), answers {status, headers, data}; an HTTP status outside 2xx arrives in
 *    `fail` as error 19 with the status and body; `dataType` json/text/arraybuffer (there is no responseType);
 *  - my.uploadFile needs `fileName` and `fileType` (image/video/audio) and fails without them; non-2xx → fail;
 *  - my.downloadFile → {apFilePath, tempFilePath}; non-2xx → fail;
 *  - my.chooseImage → {apFilePaths, tempFilePaths, tempFiles}; my.compressImage({apFilePaths, compressLevel});
 *  - my.createOffscreenCanvas({type, width, height}) is a real 2d canvas whose images load the temp files
 *    (platform/canvas.ts);
 *  - my.getAuthCode({scopes}) → {authCode}; my.confirm / my.alert instead of showModal; my.showToast({content, type});
 *    my.setNavigationBar({title}); my.setClipboard({text}); my.makePhoneCall({number});
 *    my.setScreenBrightness({brightness}) / my.getScreenBrightness() → {brightness}.
 * Failures carry Alipay's {error, errorMessage}.
 */
export function createMy(env: ApiEnv): Record<string, unknown> {
  const { device, realm } = env
  const rec = (api: string, args: object = {}) => device.record(api, JSON.parse(JSON.stringify(args ?? {})) as Record<string, unknown>, env.route())
  const ok = (res: object = {}) => Promise.resolve({ ok: true as const, res })
  const fail = (error: number, errorMessage: string, extra: object = {}) => Promise.resolve({ ok: false as const, res: { error, errorMessage, ...extra } })
  type Opts = Record<string, unknown> & { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void }
  const recorded = (api: string, res: (o: Opts) => object = () => ({})) => (o: Opts = {}) => {
    rec(api, strip(o))
    return settle(env, o, () => ok(res(o)))
  }
  const headersOf = (h: unknown): Record<string, string> => {
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries((h as Record<string, unknown>) ?? {})) if (v !== undefined) out[k] = String(v)
    return out
  }
  const storageSet = (key: unknown, data: unknown): void => {
    if (typeof key !== 'string' || key === '') throw new Error('setStorageSync: key must be a string')
    const json = JSON.stringify(data === undefined ? null : data)
    if (Buffer.byteLength(json) > STORAGE_ITEM_MAX) throw new Error('setStorageSync: a single key is limited to 200 KB… 1 MB')
    device.storage.set(key, json)
    if (device.storageBytes() > STORAGE_TOTAL_MAX) {
      device.storage.delete(key)
      throw new Error('setStorageSync: storage is full (10 MB)')
    }
  }
  const systemInfo = {
    brand: 'iPhone', model: 'iPhone 12', pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753,
    statusBarHeight: 47, language: 'zh-Hans', version: '10.5.0', system: '17.0', platform: 'iOS', fontSizeSetting: 16, SDKVersion: '2.9.0', app: 'alipay'
  }
  const nav = (api: 'navigateTo' | 'redirectTo' | 'reLaunch') => (o: Opts = {}) =>
    settle(env, o, () => env.nav[api](String(o.url ?? '')).then(() => ok(), (e: Error) => fail(1, e.message)))

  const my: Record<string, unknown> = {
    env: { USER_DATA_PATH: device.userDataPath },
    canIUse: (what: string) => typeof my[String(what).split('.')[0]] !== 'undefined',
    getSystemInfoSync: () => realm.json(systemInfo),
    getSystemInfo: (o: Opts = {}) => settle(env, o, () => ok(systemInfo)),
    getWindowInfo: () => realm.json({ pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753, statusBarHeight: 47 }),
    getLaunchOptionsSync: () => realm.json({ path: 'pages/home/index', query: {}, scene: 1001 }),
    getEnterOptionsSync: () => realm.json({ path: 'pages/home/index', query: {}, scene: 1001 }),
    ...appListeners(),
    reportAnalytics: () => undefined,

    // ---------- storage ----------
    getStorageSync: (o: { key?: unknown }) => {
      const v = device.storage.get(String(o?.key))
      return realm.json({ data: v === undefined ? null : (JSON.parse(v) as unknown) })
    },
    setStorageSync: (o: { key?: unknown; data?: unknown }) => {
      storageSet(o?.key, o?.data)
      return realm.json({ success: true })
    },
    removeStorageSync: (o: { key?: unknown }) => {
      device.storage.delete(String(o?.key))
      return realm.json({ success: true })
    },
    clearStorageSync: () => {
      device.storage.clear()
      return realm.json({ success: true })
    },
    getStorageInfoSync: () => realm.json({ keys: [...device.storage.keys()], currentSize: Math.ceil(device.storageBytes() / 1024), limitSize: STORAGE_TOTAL_MAX / 1024 }),
    getStorage: (o: Opts) => settle(env, o, () => ok({ data: device.storage.has(String(o.key)) ? (JSON.parse(device.storage.get(String(o.key))!) as unknown) : null })),
    setStorage: (o: Opts) =>
      settle(env, o, () => {
        try {
          storageSet(o.key, o.data)
          return ok({ success: true })
        } catch (e) {
          return fail(14, (e as Error).message)
        }
      }),
    removeStorage: (o: Opts) => settle(env, o, () => (device.storage.delete(String(o.key)), ok({ success: true }))),
    clearStorage: (o: Opts = {}) => settle(env, o, () => (device.storage.clear(), ok({ success: true }))),

    // ---------- network ----------
    request(o: Opts) {
      const controller = new AbortController()
      const method = String(o.method ?? 'GET').toUpperCase()
      const headers = headersOf(o.headers)
      // Alipay reads `headers`; a WeChat-style `header` is ignored
      const contentType = Object.entries(headers).find(([k]) => /^content-type$/i.test(k))?.[1] ?? 'application/x-www-form-urlencoded'
      const url = method === 'GET' ? withQuery(String(o.url ?? ''), o.data) : String(o.url ?? '')
      const body = method === 'GET' || method === 'HEAD' ? undefined : bodyOf(o.data, contentType, realm)
      if (!Object.keys(headers).some((k) => /^content-type$/i.test(k))) headers['content-type'] = contentType
      void settle(env, o, () =>
        counted(env, () => http({ url: env.resolveUrl(url), method, headers, body, timeoutMs: Number(o.timeout ?? 30_000), signal: controller.signal })).then(
          (r) => {
            const dataType = String(o.dataType ?? 'json').toLowerCase()
            const text = r.body.toString('utf8')
            let data: unknown = text
            if (dataType === 'arraybuffer') data = realm.arrayBuffer(r.body)
            else if (dataType === 'base64') data = r.body.toString('base64')
            else if (dataType === 'json') {
              try {
                data = JSON.parse(text)
              } catch {
                return { ok: false as const, res: { error: 14, errorMessage: 'JSON 解析错误', status: r.status, headers: r.headers, data: text } }
              }
            }
            if (r.status < 200 || r.status >= 300) return { ok: false as const, res: { error: 19, errorMessage: 'http status error', status: r.status, headers: r.headers, data } }
            return { ok: true as const, res: { status: r.status, headers: r.headers, data } }
          },
          (e: Error) => fail(e.message === 'timeout' ? 13 : 12, e.message === 'timeout' ? '请求超时' : `网络出错 ${e.message}`)
        )
      ).catch(() => undefined)
      return { abort: () => controller.abort(), onHeadersReceived: () => undefined, offHeadersReceived: () => undefined }
    },
    httpRequest(o: Opts) {
      return (my.request as (o: Opts) => unknown)(o)
    },
    uploadFile(o: Opts) {
      const controller = new AbortController()
      const progress: Array<(r: object) => void> = []
      const bytes = device.read(String(o.filePath ?? ''))
      const run = async () => {
        if (!o.fileName) return fail(2, '参数错误: fileName 必填')
        if (!['image', 'video', 'audio'].includes(String(o.fileType))) return fail(2, '参数错误: fileType 必须是 image / video / audio')
        if (!bytes) return fail(4, `文件不存在 ${String(o.filePath)}`)
        const form = new FormData()
        for (const [k, v] of Object.entries((o.formData as Record<string, unknown>) ?? {})) form.append(k, String(v))
        const name = String(o.filePath).split('/').pop() ?? 'file'
        form.append(String(o.fileName), new Blob([new Uint8Array(bytes)], { type: mimeOf(name) }), name)
        try {
          const r = await counted(env, () => http({ url: env.resolveUrl(String(o.url ?? '')), method: 'POST', headers: headersOf(o.header), body: form, timeoutMs: Number(o.timeout ?? 60_000), signal: controller.signal }))
          progress.forEach((cb) => env.later(() => cb({ progress: 100, totalBytesWritten: bytes.length, totalBytesExpectedToWrite: bytes.length })))
          const data = r.body.toString('utf8')
          if (r.status < 200 || r.status >= 300) return fail(19, 'http status error', { statusCode: r.status, data })
          return ok({ statusCode: r.status, data, header: r.headers })
        } catch (e) {
          return fail(12, `上传失败 ${(e as Error).message}`)
        }
      }
      void settle(env, o, run).catch(() => undefined)
      return { abort: () => controller.abort(), onProgressUpdate: (cb: (r: object) => void) => void progress.push(cb), offProgressUpdate: () => undefined }
    },
    downloadFile(o: Opts) {
      const controller = new AbortController()
      void settle(env, o, async () => {
        try {
          const r = await counted(env, () => http({ url: env.resolveUrl(String(o.url ?? '')), method: 'GET', headers: headersOf(o.header), timeoutMs: Number(o.timeout ?? 60_000), signal: controller.signal }))
          rec('downloadFile', { url: o.url, statusCode: r.status, bytes: r.body.length })
          if (r.status < 200 || r.status >= 300) return fail(19, 'http status error', { status: r.status })
          const path = device.tempFile(r.body, extOfMime(r.headers['content-type'] ?? ''))
          return ok({ apFilePath: path, tempFilePath: path })
        } catch (e) {
          return fail(12, `下载失败 ${(e as Error).message}`)
        }
      }).catch(() => undefined)
      return { abort: () => controller.abort(), onProgressUpdate: () => undefined, offProgressUpdate: () => undefined }
    },
    getNetworkType: (o: Opts = {}) => settle(env, o, () => ok({ networkType: 'WIFI', networkAvailable: true })),
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,

    // ---------- files and media ----------
    getFileSystemManager: () => ({
      readFileSync(path: string, encoding?: string) {
        const bytes = device.read(String(path))
        if (!bytes) throw new Error(`readFileSync: 文件不存在 ${String(path)}`)
        return encoding ? bytes.toString(encoding === 'utf-8' ? 'utf8' : (encoding as BufferEncoding)) : realm.arrayBuffer(bytes)
      },
      writeFileSync(path: string, data: unknown, encoding?: string) {
        const bytes = typeof data === 'string' ? Buffer.from(data, (encoding as BufferEncoding) ?? 'utf8') : realm.bytesOf(data)
        if (!bytes || !device.write(String(path), bytes)) throw new Error(`writeFileSync: 没有权限 ${String(path)}`)
      },
      writeFile(o: Opts) {
        const bytes = typeof o.data === 'string' ? Buffer.from(o.data, (o.encoding as BufferEncoding) ?? 'utf8') : realm.bytesOf(o.data)
        void settle(env, o, () => (bytes && device.write(String(o.filePath), bytes) ? ok() : fail(10022, '没有权限'))).catch(() => undefined)
      },
      readFile(o: Opts) {
        const bytes = device.read(String(o.filePath))
        void settle(env, o, () => (bytes ? ok({ data: o.encoding ? bytes.toString(o.encoding as BufferEncoding) : realm.arrayBuffer(bytes) }) : fail(10024, '文件不存在'))).catch(() => undefined)
      },
      access(o: Opts) {
        void settle(env, o, () => (device.read(String(o.path)) ? ok() : fail(10024, '文件不存在'))).catch(() => undefined)
      },
      accessSync(path: string) {
        if (!device.read(String(path))) throw new Error('accessSync: 文件不存在')
      },
      unlink: (o: Opts) => void settle(env, o, () => ok()).catch(() => undefined),
      unlinkSync: () => undefined
    }),
    getFileInfo: (o: Opts) => {
      const bytes = device.read(String(o.apFilePath ?? o.filePath ?? ''))
      return settle(env, o, () => (bytes ? ok({ size: bytes.length, digest: '' }) : fail(4, '文件不存在')))
    },
    saveFile: (o: Opts) => {
      rec('saveFile', strip(o))
      const saved = device.save(String(o.apFilePath ?? o.tempFilePath ?? ''))
      return settle(env, o, () => (saved ? ok({ apFilePath: saved }) : fail(4, '文件不存在')))
    },
    openDocument: (o: Opts) => {
      const bytes = device.read(String(o.filePath ?? ''))
      rec('openDocument', { ...strip(o), bytes: bytes?.length ?? 0, pdf: isPdf(bytes) })
      if (!bytes) return settle(env, o, () => fail(4, '文件不存在'))
      if (!['pdf'].includes(String(o.fileType ?? 'pdf')) || !isPdf(bytes)) return settle(env, o, () => fail(4011, '文件格式不支持'))
      return settle(env, o, () => ok())
    },
    chooseImage: (o: Opts = {}) => {
      rec('chooseImage', strip(o))
      const paths: string[] = []
      const files: object[] = []
      for (let i = 0; i < Number(o.count ?? 1); i++) {
        const p = device.pickPhoto()
        if (!p) break
        paths.push(p.path)
        files.push({ path: p.path, size: p.size })
      }
      return settle(env, o, () => (paths.length ? ok({ apFilePaths: paths, tempFilePaths: paths, tempFiles: files }) : fail(11, '用户取消操作')))
    },
    compressImage: (o: Opts) => {
      rec('compressImage', strip(o))
      const srcs = (o.apFilePaths as string[]) ?? []
      if (!Array.isArray(srcs) || srcs.length === 0) return settle(env, o, () => fail(2, '参数错误: apFilePaths 必填'))
      const level = Number(o.compressLevel ?? 4)
      const quality = level >= 4 ? 90 : level === 3 ? 85 : level === 2 ? 80 : level === 1 ? 60 : 40
      return settle(env, o, async () => {
        const out: string[] = []
        for (const s of srcs) {
          const p = await compressPhoto(device, String(s), quality)
          if (!p) return fail(4, '文件不存在')
          out.push(p)
        }
        return ok({ apFilePaths: out })
      })
    },
    getImageInfo: (o: Opts) =>
      settle(env, o, async () => {
        const info = await imageInfo(device, String(o.src ?? ''))
        return info ? ok(info) : fail(4, '文件不存在')
      }),
    createOffscreenCanvas: (o: Opts = {}) => offscreenCanvas(env, strip(o)),
    previewImage: recorded('previewImage'),
    createInnerAudioContext: () => audioContext(env, 'createInnerAudioContext.play'),

    // ---------- account ----------
    getAuthCode: (o: Opts = {}) => {
      rec('getAuthCode', strip(o))
      return settle(env, o, () => ok({ authCode: `ap-${device.platformUser}` }))
    },

    // ---------- interface ----------
    showToast: recorded('showToast'),
    hideToast: recorded('hideToast'),
    showLoading: recorded('showLoading'),
    hideLoading: (o: Opts = {}) => settle(env, o, () => ok()),
    confirm: (o: Opts) => {
      rec('confirm', strip(o))
      const confirm = (device.answers.modal.shift() ?? 'confirm') === 'confirm'
      return settle(env, o, () => ok({ confirm }))
    },
    alert: (o: Opts) => {
      rec('alert', strip(o))
      device.answers.modal.shift()
      return settle(env, o, () => ok({ success: true }))
    },
    showActionSheet: (o: Opts) => {
      rec('showActionSheet', strip(o))
      const i = device.answers.actionSheet.shift()
      return settle(env, o, () => ok({ index: i ?? -1 }))
    },
    setNavigationBar: (o: Opts) => {
      if (o.title !== undefined) env.setTitle(String(o.title))
      return settle(env, o, () => ok())
    },
    ...interfaceCalls(env, recorded),

    // ---------- device ----------
    makePhoneCall: (o: Opts) => {
      if (!o.number) return settle(env, o, () => fail(2, '参数错误: number 必填'))
      return recorded('makePhoneCall')(o)
    },
    setClipboard: (o: Opts) => {
      device.clipboard = String(o.text ?? '')
      return recorded('setClipboard')(o)
    },
    getClipboard: (o: Opts = {}) => settle(env, o, () => ok({ text: device.clipboard })),
    setScreenBrightness: (o: Opts) => {
      const v = Number(o.brightness)
      if (!(v >= 0 && v <= 1)) return settle(env, o, () => fail(2, '参数错误: brightness 取值 0~1'))
      device.brightness = v
      return recorded('setScreenBrightness')(o)
    },
    getScreenBrightness: (o: Opts = {}) => settle(env, o, () => ok({ brightness: device.brightness })),
    setKeepScreenOn: (o: Opts) => {
      device.keepScreenOn = Boolean(o.keepScreenOn)
      return recorded('setKeepScreenOn')(o)
    },
    navigateToMiniProgram: recorded('navigateToMiniProgram'),

    // ---------- navigation ----------
    navigateTo: nav('navigateTo'),
    redirectTo: nav('redirectTo'),
    reLaunch: nav('reLaunch'),
    switchTab: (o: Opts = {}) => settle(env, o, () => fail(1, 'switchTab: 目标页面不是 tabBar 页面')),
    navigateBack: (o: Opts = {}) => settle(env, o, () => env.nav.navigateBack(Number(o.delta ?? 1)).then(() => ok(), (e: Error) => fail(1, e.message)))
  }
  return my
}
