import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import type { Answers, ApiCall, Platform } from './types'

/**
 * The phone the mini-program runs on: what outlives the app being killed and started again — its storage (WeChat:
 * 10 MB per mini-program, 1 MB per key), its files (temp files, saved files, the user data folder), the platform
 * account (the code `wx.login` / `my.getAuthCode` hands out), the screen brightness — plus what the test tells it
 * (the photos in the album, how a person answers a modal) and what it saw (recorded API calls).
 */
export const STORAGE_ITEM_MAX = 1024 * 1024
export const STORAGE_TOTAL_MAX = 10 * 1024 * 1024

export class Device {
  readonly platform: Platform
  /** key → the JSON of the stored value (values round-trip through JSON, as on the platforms) */
  readonly storage = new Map<string, string>()
  readonly calls: ApiCall[] = []
  readonly answers: Answers = { modal: [], actionSheet: [] }
  /** photos the album or camera hands out next (disk paths), in order; none left = the person cancels */
  readonly album: string[] = []
  brightness = 0.5
  keepScreenOn = false
  clipboard = ''
  /** the platform account signed in to WeChat / Alipay on this phone */
  platformUser: string
  private readonly dir: string
  private readonly files = new Map<string, string>()

  constructor(platform: Platform, platformUser = `user-${randomBytes(6).toString('hex')}`) {
    this.platform = platform
    this.platformUser = platformUser
    this.dir = mkdtempSync(join(tmpdir(), `yb-mini-${platform}-`))
    mkdirSync(join(this.dir, 'usr'))
  }

  /** the user data folder's virtual path (wx.env.USER_DATA_PATH / my.env.USER_DATA_PATH) */
  get userDataPath(): string {
    return this.platform === 'weapp' ? 'wxfile://usr' : 'https://usr'
  }

  /** A new temp file with these bytes; returns its virtual path (wxfile://tmp_… / https://resource/apml….ext). */
  tempFile(bytes: Buffer, ext: string): string {
    const id = randomBytes(16).toString('hex')
    const virtual = this.platform === 'weapp' ? `wxfile://tmp_${id}${ext}` : `https://resource/apml${id}${ext}`
    const disk = join(this.dir, `tmp_${id}${ext}`)
    writeFileSync(disk, bytes)
    this.files.set(virtual, disk)
    return virtual
  }

  /** A fixture photo from disk, as the album hands it out (copied, so the app cannot touch the fixture). */
  pickPhoto(): { path: string; size: number } | null {
    const src = this.album.shift()
    if (!src) return null
    const bytes = readFileSync(src)
    return { path: this.tempFile(bytes, extname(src) || '.jpg'), size: bytes.length }
  }

  /** The disk path behind a virtual path, or null when the app names a file that does not exist. */
  resolve(virtual: string): string | null {
    const known = this.files.get(virtual)
    if (known && existsSync(known)) return known
    const usr = `${this.userDataPath}/`
    if (virtual.startsWith(usr)) return join(this.dir, 'usr', virtual.slice(usr.length).replace(/\.\.+/g, ''))
    return null
  }

  read(virtual: string): Buffer | null {
    const disk = this.resolve(virtual)
    return disk && existsSync(disk) && statSync(disk).isFile() ? readFileSync(disk) : null
  }

  write(virtual: string, bytes: Buffer): boolean {
    const disk = this.resolve(virtual)
    if (!disk) return false
    writeFileSync(disk, bytes)
    return true
  }

  /** saveFile: a temp file made permanent under a new path. */
  save(virtual: string): string | null {
    const disk = this.resolve(virtual)
    if (!disk) return null
    const id = randomBytes(16).toString('hex')
    const ext = extname(disk)
    const saved = this.platform === 'weapp' ? `wxfile://store_${id}${ext}` : `https://resource/apml${id}${ext}`
    const dest = join(this.dir, `store_${id}${ext}`)
    copyFileSync(disk, dest)
    this.files.set(saved, dest)
    return saved
  }

  storageBytes(): number {
    let n = 0
    for (const [k, v] of this.storage) n += Buffer.byteLength(k) + Buffer.byteLength(v)
    return n
  }

  record(api: string, args: Record<string, unknown>, page: string): void {
    this.calls.push({ api, args, page, at: Date.now() })
  }

  callsOf(api: string): ApiCall[] {
    return this.calls.filter((c) => c.api === api)
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
