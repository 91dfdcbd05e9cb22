import { STORAGE_ITEM_MAX, STORAGE_TOTAL_MAX } from '../device'
import {
  audioContext,
  bodyOf,
  compressPhoto,
  counted,
  extOfMime,
  http,
  imageInfo,
  isPdf,
  mimeOf,
  NetworkFailure,
  appListeners,
  interfaceCalls,
  settle,
  withQuery,
  type ApiEnv
} from './shared'
import { offscreenCanvas } from './canvas'

/**
 * `wx` as the WeChat base library gives it to a mini-program (the parts this app and Taro's runtime use), with
 * WeChat's own signatures and answers:
 *  - wx.request answers every HTTP status through `success` ({statusCode, data, header}); `fail` only when there was
 *    no answer; `data` is JSON-parsed when dataType is json and it parses; responseType arraybuffer gives an
 *    ArrayBuffer; GET data becomes the query string;
 *  - wx.uploadFile hands back `data` as a string; wx.downloadFile writes any answer to a temp file and reports its
 *    statusCode;
 *  - storage keeps JSON-round-tripped values, 1 MB per key and 10 MB in all (beyond: the call throws);
 *  - chooseMedia hands out the album's fixture photos (none left = the person cancels: `chooseMedia:fail cancel`);
 *  - createOffscreenCanvas is a real 2d canvas whose images load the temp files (platform/canvas.ts);
 *  - showModal / showActionSheet are answered as the test says; the rest of the UI calls are recorded.
 */
export function createWx(env: ApiEnv): Record<string, unknown> {
  const { device, realm } = env
  const rec = (api: string, args: object = {}) => device.record(api, JSON.parse(JSON.stringify(args ?? {})) as Record<string, unknown>, env.route())
  const ok = (api: string, res: object = {}) => Promise.resolve({ ok: true as const, res: { errMsg: `${api}:ok`, ...res } })
  const fail = (api: string, reason: string, extra: object = {}) => Promise.resolve({ ok: false as const, res: { errMsg: `${api}:fail ${reason}`, ...extra } })
  type Opts = Record<string, unknown> & { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void }
  /** an async API recorded with its arguments that simply succeeds */
  const recorded = (api: string, res: (o: Opts) => object = () => ({})) => (o: Opts = {}) => {
    rec(api, strip(o))
    return settle(env, o, () => ok(api, res(o)))
  }

  const storageGet = (key: string): unknown => {
    const v = device.storage.get(String(key))
    return v === undefined ? '' : realm.json(JSON.parse(v) as unknown)
  }
  const storageSet = (key: string, data: unknown): void => {
    if (typeof key !== 'string' || key === '') throw new Error('setStorageSync:fail parameter error: key should be a non-empty string')
    const json = JSON.stringify(data === undefined ? '' : data)
    if (Buffer.byteLength(json) > STORAGE_ITEM_MAX) throw new Error('setStorageSync:fail exceed storage item max length')
    const before = device.storage.get(key)
    device.storage.set(key, json)
    if (device.storageBytes() > STORAGE_TOTAL_MAX) {
      if (before === undefined) device.storage.delete(key)
      else device.storage.set(key, before)
      throw new Error('setStorageSync:fail exceed storage max size 10Mb')
    }
  }

  const systemInfo = {
    brand: 'devtools', model: 'iPhone 12', pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753,
    statusBarHeight: 47, language: 'zh_CN', version: '8.0.50', system: 'iOS 17.0', platform: 'ios', fontSizeSetting: 17, SDKVersion: '3.4.10',
    safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 }, theme: 'light'
  }

  const nav = (api: 'navigateTo' | 'redirectTo' | 'reLaunch') => (o: Opts = {}) =>
    settle(env, o, () => env.nav[api](String(o.url ?? '')).then(() => ok(api), (e: Error) => fail(api, e.message)))

  const wx: Record<string, unknown> = {
    env: { USER_DATA_PATH: device.userDataPath },
    canIUse: (what: string) => typeof wx[String(what).split('.')[0]] !== 'undefined',
    getSystemInfoSync: () => realm.json(systemInfo),
    getSystemInfo: (o: Opts = {}) => settle(env, o, () => ok('getSystemInfo', systemInfo)),
    getWindowInfo: () => realm.json({ pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753, statusBarHeight: 47, safeArea: systemInfo.safeArea }),
    getDeviceInfo: () => realm.json({ brand: 'devtools', model: 'iPhone 12', system: 'iOS 17.0', platform: 'ios', pixelRatio: 3 }),
    getAppBaseInfo: () => realm.json({ SDKVersion: '3.4.10', language: 'zh_CN', version: '8.0.50', theme: 'light', fontSizeSetting: 17, fontSizeScaleFactor: 1, host: { env: 'WeChat' } }),
    getSystemSetting: () => realm.json({ bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true, deviceOrientation: 'portrait' }),
    getAccountInfoSync: () => realm.json({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' } }),
    getLaunchOptionsSync: () => realm.json({ path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {} }),
    getEnterOptionsSync: () => realm.json({ path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {} }),
    nextTick: (fn: () => void) => env.later(fn),
    ...appListeners(),
    onPageNotFound: () => undefined,
    onMemoryWarning: () => undefined,
    getUpdateManager: () => ({ onCheckForUpdate: () => undefined, onUpdateReady: () => undefined, onUpdateFailed: () => undefined, applyUpdate: () => undefined }),
    reportAnalytics: () => undefined,
    reportEvent: () => undefined,
    reportPerformance: () => undefined,
    getPerformance: () => ({ now: () => Date.now(), createObserver: () => ({ observe: () => undefined, disconnect: () => undefined }) }),

    // ---------- storage ----------
    getStorageSync: (key: string) => storageGet(key),
    setStorageSync: (key: string, data: unknown) => storageSet(key, data),
    removeStorageSync: (key: string) => void device.storage.delete(String(key)),
    clearStorageSync: () => device.storage.clear(),
    getStorageInfoSync: () => realm.json({ keys: [...device.storage.keys()], currentSize: Math.ceil(device.storageBytes() / 1024), limitSize: STORAGE_TOTAL_MAX / 1024 }),
    getStorage: (o: Opts) => settle(env, o, () => (device.storage.has(String(o.key)) ? ok('getStorage', { data: storageGet(String(o.key)) }) : fail('getStorage', 'data not found'))),
    setStorage: (o: Opts) =>
      settle(env, o, () => {
        try {
          storageSet(String(o.key), o.data)
          return ok('setStorage')
        } catch (e) {
          return fail('setStorage', (e as Error).message)
        }
      }),
    removeStorage: (o: Opts) => settle(env, o, () => (device.storage.delete(String(o.key)), ok('removeStorage'))),
    clearStorage: (o: Opts = {}) => settle(env, o, () => (device.storage.clear(), ok('clearStorage'))),

    // ---------- network ----------
    request(o: Opts) {
      const controller = new AbortController()
      const method = String(o.method ?? 'GET').toUpperCase()
      const header: Record<string, string> = {}
      for (const [k, v] of Object.entries((o.header as Record<string, unknown>) ?? {})) if (v !== undefined && !/^referer$/i.test(k)) header[k] = String(v)
      const contentType = Object.entries(header).find(([k]) => /^content-type$/i.test(k))?.[1] ?? 'application/json'
      if (!Object.keys(header).some((k) => /^content-type$/i.test(k))) header['content-type'] = contentType
      header.referer = 'https://servicewechat.com/wx0000000000000000/devtools/page-frame.html'
      const url = method === 'GET' ? withQuery(String(o.url ?? ''), o.data) : String(o.url ?? '')
      const body = method === 'GET' || method === 'HEAD' ? undefined : bodyOf(o.data, contentType, realm)
      void settle(env, o, () =>
        counted(env, () => http({ url: env.resolveUrl(url), method, headers: header, body, timeoutMs: Number(o.timeout ?? 60_000), signal: controller.signal })).then(
          (r) => {
            let data: unknown
            if (o.responseType === 'arraybuffer') data = realm.arrayBuffer(r.body)
            else {
              const text = r.body.toString('utf8')
              data = text
              if ((o.dataType ?? 'json') === 'json') {
                try {
                  data = JSON.parse(text)
                } catch {
                  data = text
                }
              }
            }
            return { ok: true as const, res: { errMsg: 'request:ok', statusCode: r.status, header: r.headers, data, cookies: [] } }
          },
          (e: Error) => fail('request', e instanceof NetworkFailure && e.message === 'timeout' ? 'timeout' : e.message === 'abort' ? 'abort' : `-2:net::ERR_CONNECTION_REFUSED ${e.message}`)
        )
      ).catch(() => undefined)
      return { abort: () => controller.abort(), onHeadersReceived: () => undefined, offHeadersReceived: () => undefined, onChunkReceived: () => undefined }
    },
    uploadFile(o: Opts) {
      const controller = new AbortController()
      const progress: Array<(r: object) => void> = []
      const bytes = device.read(String(o.filePath ?? ''))
      const name = String(o.name ?? '')
      const run = async () => {
        if (!bytes) return fail('uploadFile', `file not found ${String(o.filePath)}`)
        if (!name) return fail('uploadFile', 'parameter error: parameter.name should be String')
        const form = new FormData()
        for (const [k, v] of Object.entries((o.formData as Record<string, unknown>) ?? {})) form.append(k, String(v))
        const fileName = String(o.filePath).split('/').pop() ?? 'file'
        form.append(name, new Blob([new Uint8Array(bytes)], { type: mimeOf(fileName) }), fileName)
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries((o.header as Record<string, unknown>) ?? {})) if (v !== undefined) headers[k] = String(v)
        try {
          const r = await counted(env, () => http({ url: env.resolveUrl(String(o.url ?? '')), method: 'POST', headers, body: form, timeoutMs: Number(o.timeout ?? 60_000), signal: controller.signal }))
          progress.forEach((cb) => env.later(() => cb({ progress: 100, totalBytesSent: bytes.length, totalBytesExpectedToSend: bytes.length })))
          return ok('uploadFile', { statusCode: r.status, data: r.body.toString('utf8'), header: r.headers })
        } catch (e) {
          return fail('uploadFile', (e as Error).message)
        }
      }
      void settle(env, o, run).catch(() => undefined)
      return { abort: () => controller.abort(), onProgressUpdate: (cb: (r: object) => void) => void progress.push(cb), offProgressUpdate: () => undefined, onHeadersReceived: () => undefined }
    },
    downloadFile(o: Opts) {
      const controller = new AbortController()
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries((o.header as Record<string, unknown>) ?? {})) if (v !== undefined) headers[k] = String(v)
      void settle(env, o, async () => {
        try {
          const r = await counted(env, () => http({ url: env.resolveUrl(String(o.url ?? '')), method: 'GET', headers, timeoutMs: Number(o.timeout ?? 60_000), signal: controller.signal }))
          const tempFilePath = device.tempFile(r.body, extOfMime(r.headers['content-type'] ?? ''))
          rec('downloadFile', { url: o.url, statusCode: r.status, bytes: r.body.length })
          return ok('downloadFile', { tempFilePath, statusCode: r.status })
        } catch (e) {
          return fail('downloadFile', (e as Error).message)
        }
      }).catch(() => undefined)
      return { abort: () => controller.abort(), onProgressUpdate: () => undefined, offProgressUpdate: () => undefined }
    },
    getNetworkType: (o: Opts = {}) => settle(env, o, () => ok('getNetworkType', { networkType: 'wifi', signalStrength: 4, hasSystemProxy: false })),
    onNetworkStatusChange: () => undefined,
    offNetworkStatusChange: () => undefined,

    // ---------- files and media ----------
    getFileSystemManager: () => ({
      readFileSync(path: string, encoding?: string) {
        const bytes = device.read(String(path))
        if (!bytes) throw new Error(`readFileSync:fail no such file or directory, open ${String(path)}`)
        return encoding ? bytes.toString(encoding === 'utf-8' ? 'utf8' : (encoding as BufferEncoding)) : realm.arrayBuffer(bytes)
      },
      writeFileSync(path: string, data: unknown, encoding?: string) {
        const bytes = typeof data === 'string' ? Buffer.from(data, (encoding as BufferEncoding) ?? 'utf8') : realm.bytesOf(data)
        if (!bytes || !device.write(String(path), bytes)) throw new Error(`writeFileSync:fail permission denied, open ${String(path)}`)
      },
      writeFile(o: Opts) {
        const bytes = typeof o.data === 'string' ? Buffer.from(o.data, (o.encoding as BufferEncoding) ?? 'utf8') : realm.bytesOf(o.data)
        void settle(env, o, () => (bytes && device.write(String(o.filePath), bytes) ? ok('writeFile') : fail('writeFile', 'permission denied'))).catch(() => undefined)
      },
      readFile(o: Opts) {
        const bytes = device.read(String(o.filePath))
        void settle(env, o, () => (bytes ? ok('readFile', { data: o.encoding ? bytes.toString(o.encoding as BufferEncoding) : realm.arrayBuffer(bytes) }) : fail('readFile', 'no such file or directory'))).catch(
          () => undefined
        )
      },
      accessSync(path: string) {
        if (!device.read(String(path))) throw new Error(`accessSync:fail no such file or directory ${String(path)}`)
      },
      access(o: Opts) {
        void settle(env, o, () => (device.read(String(o.path)) ? ok('access') : fail('access', 'no such file or directory'))).catch(() => undefined)
      },
      unlink(o: Opts) {
        void settle(env, o, () => ok('unlink')).catch(() => undefined)
      },
      unlinkSync: () => undefined,
      getFileInfo(o: Opts) {
        const bytes = device.read(String(o.filePath))
        void settle(env, o, () => (bytes ? ok('getFileInfo', { size: bytes.length }) : fail('getFileInfo', 'no such file or directory'))).catch(() => undefined)
      }
    }),
    getFileInfo: (o: Opts) => {
      const bytes = device.read(String(o.filePath))
      return settle(env, o, () => (bytes ? ok('getFileInfo', { size: bytes.length, digest: '' }) : fail('getFileInfo', 'file not exist')))
    },
    saveFile: (o: Opts) => {
      rec('saveFile', strip(o))
      const saved = device.save(String(o.tempFilePath ?? ''))
      return settle(env, o, () => (saved ? ok('saveFile', { savedFilePath: saved }) : fail('saveFile', 'file not exist')))
    },
    openDocument: (o: Opts) => {
      const bytes = device.read(String(o.filePath ?? ''))
      rec('openDocument', { ...strip(o), bytes: bytes?.length ?? 0, pdf: isPdf(bytes) })
      if (!bytes) return settle(env, o, () => fail('openDocument', 'file not exist'))
      if (o.fileType === 'pdf' && !isPdf(bytes)) return settle(env, o, () => fail('openDocument', 'filetype not supported'))
      return settle(env, o, () => ok('openDocument'))
    },
    chooseMedia: (o: Opts = {}) => {
      rec('chooseMedia', strip(o))
      const count = Number(o.count ?? 9)
      const files: object[] = []
      for (let i = 0; i < count; i++) {
        const p = device.pickPhoto()
        if (!p) break
        files.push({ tempFilePath: p.path, size: p.size, fileType: 'image', width: 0, height: 0 })
      }
      return settle(env, o, () => (files.length ? ok('chooseMedia', { tempFiles: files, type: 'image' }) : fail('chooseMedia', 'cancel')))
    },
    chooseImage: (o: Opts = {}) => {
      rec('chooseImage', strip(o))
      const p = device.pickPhoto()
      return settle(env, o, () => (p ? ok('chooseImage', { tempFilePaths: [p.path], tempFiles: [{ path: p.path, size: p.size }] }) : fail('chooseImage', 'cancel')))
    },
    chooseMessageFile: (o: Opts = {}) => {
      rec('chooseMessageFile', strip(o))
      return settle(env, o, () => fail('chooseMessageFile', 'cancel'))
    },
    compressImage: (o: Opts) => {
      rec('compressImage', strip(o))
      return settle(env, o, async () => {
        const out = await compressPhoto(device, String(o.src ?? ''), Number(o.quality ?? 80), { width: Number(o.compressedWidth) || undefined, height: Number(o.compressedHeight) || undefined })
        return out ? ok('compressImage', { tempFilePath: out }) : fail('compressImage', 'file not exist')
      })
    },
    getImageInfo: (o: Opts) =>
      settle(env, o, async () => {
        const info = await imageInfo(device, String(o.src ?? ''))
        return info ? ok('getImageInfo', info) : fail('getImageInfo', 'file not exist')
      }),
    createOffscreenCanvas: (o: Opts = {}) => offscreenCanvas(env, strip(o)),
    previewImage: recorded('previewImage'),
    createInnerAudioContext: () => audioContext(env, 'createInnerAudioContext.play'),

    // ---------- account ----------
    login: (o: Opts = {}) => {
      rec('login')
      return settle(env, o, () => ok('login', { code: `wx-${device.platformUser}` }))
    },
    checkSession: (o: Opts = {}) => settle(env, o, () => ok('checkSession')),
    requestSubscribeMessage: (o: Opts) => {
      rec('requestSubscribeMessage', strip(o))
      const ids = (o.tmplIds as string[]) ?? []
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > 3) return settle(env, o, () => fail('requestSubscribeMessage', 'invalid tmplIds', { errCode: 20001 }))
      return settle(env, o, () => ok('requestSubscribeMessage', Object.fromEntries(ids.map((id) => [id, 'accept']))))
    },

    // ---------- interface ----------
    showToast: recorded('showToast'),
    hideToast: recorded('hideToast'),
    showLoading: recorded('showLoading'),
    hideLoading: (o: Opts = {}) => settle(env, o, () => ok('hideLoading')),
    showModal: (o: Opts) => {
      rec('showModal', strip(o))
      const answer = device.answers.modal.shift() ?? 'confirm'
      const confirm = answer === 'confirm' || o.showCancel === false
      return settle(env, o, () => ok('showModal', { confirm, cancel: !confirm }))
    },
    showActionSheet: (o: Opts) => {
      rec('showActionSheet', strip(o))
      const i = device.answers.actionSheet.shift()
      return settle(env, o, () => (i === undefined ? fail('showActionSheet', 'cancel') : ok('showActionSheet', { tapIndex: i })))
    },
    setNavigationBarTitle: (o: Opts) => {
      env.setTitle(String(o.title ?? ''))
      return settle(env, o, () => ok('setNavigationBarTitle'))
    },
    setNavigationBarColor: recorded('setNavigationBarColor'),
    ...interfaceCalls(env, recorded),

    // ---------- device ----------
    makePhoneCall: recorded('makePhoneCall'),
    setClipboardData: (o: Opts) => {
      device.clipboard = String(o.data ?? '')
      return recorded('setClipboardData')(o)
    },
    getClipboardData: (o: Opts = {}) => settle(env, o, () => ok('getClipboardData', { data: device.clipboard })),
    setScreenBrightness: (o: Opts) => {
      const v = Number(o.value)
      if (!(v >= 0 && v <= 1)) return settle(env, o, () => fail('setScreenBrightness', 'invalid value'))
      device.brightness = v
      return recorded('setScreenBrightness')(o)
    },
    getScreenBrightness: (o: Opts = {}) => settle(env, o, () => ok('getScreenBrightness', { value: device.brightness })),
    setKeepScreenOn: (o: Opts) => {
      device.keepScreenOn = Boolean(o.keepScreenOn)
      return recorded('setKeepScreenOn')(o)
    },
    setVisualEffectOnCapture: recorded('setVisualEffectOnCapture'),
    onUserCaptureScreen: () => undefined,
    offUserCaptureScreen: () => undefined,
    navigateToMiniProgram: recorded('navigateToMiniProgram'),

    // ---------- navigation ----------
    navigateTo: nav('navigateTo'),
    redirectTo: nav('redirectTo'),
    reLaunch: nav('reLaunch'),
    switchTab: (o: Opts = {}) => settle(env, o, () => fail('switchTab', `can not switch to no-tabBar page`)),
    navigateBack: (o: Opts = {}) => settle(env, o, () => env.nav.navigateBack(Number(o.delta ?? 1)).then(() => ok('navigateBack'), (e: Error) => fail('navigateBack', e.message)))
  }
  return wx
}

/** the options without their callbacks (what is recorded) */
export function strip(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o ?? {})) if (typeof v !== 'function') out[k] = v
  return out
}
