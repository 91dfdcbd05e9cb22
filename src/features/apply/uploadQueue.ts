import { create, type StoreApi, type UseBoundStore } from 'zustand'
import { toAppError } from '@/shared/api/errors'
import { withRetryKey } from '@/shared/api/idempotency'
import { UPLOAD_CANCELED, type UploadTransport } from '@/shared/api/upload'
import { makeThumbnail, prepareForUpload, type PickedFile } from '@/shared/media'
import { uploadMaterial } from './api'
import { useDraftStore, type DraftStore } from './draftStore'
import { createCanceler, type Canceler } from '@/shared/api/cancel'
import { checkPhoto, type OtherPhoto, type PhotoWarning } from '../../../domain/photo-check'
import { photoPixels } from './photoPixels'

/**
 * Files on their way to the BFF (001 §5.1.2 上传材料): compress on the device, upload with a progress bar, cancel in
 * flight, retry after a failure. Kept in memory only — a file being uploaded is not a draft value; what has been
 * uploaded is part of the draft (its `uploads`), with a small preview kept in the draft store.
 *
 * Before a photo is compressed or sent, the photo pre-check (domain/photo-check) looks at it on the device: too dark,
 * blurred, cut off, a photo of a screen, the same photo as another material's. If it finds something the task waits
 * in 'review' — the screen says what is wrong beside the guide's 示范 and 常见错误 — until the person takes another
 * photo (remove) or sends this one anyway (sendAnyway). Nothing else on the screen is touched meanwhile.
 */
export type UploadTaskState = 'checking' | 'review' | 'preparing' | 'uploading' | 'failed'

export interface UploadTask {
  localId: string
  draftId: string
  materialId: string
  /** the picked file, then the compressed one */
  file: PickedFile
  prepared: boolean
  /** the pre-check has run (and, if it found something, the person chose 仍然上传) */
  checked: boolean
  /** what the pre-check found (state 'review') */
  warnings: PhotoWarning[]
  preview: string | null
  state: UploadTaskState
  /** 0…1 */
  progress: number
  error?: { code: string; message: string }
}

export interface UploadQueueState {
  tasks: Record<string, UploadTask>
  add: (draftId: string, materialId: string, files: PickedFile[]) => void
  retry: (localId: string) => void
  /** 「仍然上传」: send a photo the pre-check warned about */
  sendAnyway: (localId: string) => void
  cancel: (localId: string) => void
  remove: (localId: string) => void
}

export type UploadQueue = UseBoundStore<StoreApi<UploadQueueState>>

export interface UploadQueueDeps {
  drafts?: DraftStore
  /** the upload transport (tests pass a fake one) */
  transport?: UploadTransport
  prepare?: (f: PickedFile) => Promise<PickedFile>
  thumbnail?: (f: PickedFile) => Promise<string | null>
  /** the photo pre-check (tests pass a fake one); `others`: the photos already given for the draft's other materials */
  check?: (f: PickedFile, others: OtherPhoto[]) => Promise<PhotoWarning[]>
}

/**
 * The pre-check on this platform's canvas. A platform or file it cannot read (no canvas API, HEIC in a browser that
 * cannot decode it, a PDF) is skipped silently: the BFF checks every stored photo again.
 */
export async function precheckPhoto(file: PickedFile, others: OtherPhoto[]): Promise<PhotoWarning[]> {
  if (file.kind !== 'image') return []
  try {
    // a canvas that never answers (an image that never loads) must not hold the upload: skipped after PRECHECK_MS
    let timer: ReturnType<typeof setTimeout> | undefined
    const px = await Promise.race([photoPixels(file), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), PRECHECK_MS)))])
    clearTimeout(timer)
    return px ? checkPhoto(px, others).warnings : []
  } catch {
    return []
  }
}

/** the most the pre-check's decoding may take before the photo goes on unchecked */
const PRECHECK_MS = 4000

let seq = 0

/** `deps` may be a function: read at each upload (the app's queue can be given a test transport). */
export function createUploadQueue(depsOrGetter: UploadQueueDeps | (() => UploadQueueDeps) = {}): UploadQueue {
  const current = (): UploadQueueDeps => (typeof depsOrGetter === 'function' ? depsOrGetter() : depsOrGetter)
  const draftsStore = (): DraftStore => current().drafts ?? useDraftStore
  const prepare = (f: PickedFile): Promise<PickedFile> => (current().prepare ?? prepareForUpload)(f)
  const thumbnail = (f: PickedFile): Promise<string | null> => (current().thumbnail ?? makeThumbnail)(f)
  const check = (f: PickedFile, others: OtherPhoto[]): Promise<PhotoWarning[]> => (current().check ?? precheckPhoto)(f, others)
  const controllers = new Map<string, Canceler>()

  return create<UploadQueueState>()((set, get) => {
    const patch = (localId: string, p: Partial<UploadTask>): void =>
      set((s) => (s.tasks[localId] ? { tasks: { ...s.tasks, [localId]: { ...s.tasks[localId], ...p } } } : s))
    const drop = (localId: string): void =>
      set((s) => {
        const tasks = { ...s.tasks }
        delete tasks[localId]
        return { tasks }
      })

    const run = async (localId: string): Promise<void> => {
      const task = get().tasks[localId]
      if (!task) return
      const ctrl = createCanceler()
      controllers.set(localId, ctrl)
      try {
        let file = task.file
        if (!task.checked) {
          patch(localId, { state: 'checking', progress: 0, error: undefined })
          const others = (draftsStore().getState().drafts[task.draftId]?.server.uploads ?? [])
            .filter((u) => u.materialId !== task.materialId && u.photoHash)
            .map((u) => ({ materialId: u.materialId, hash: u.photoHash! }))
          const warnings = await check(task.file, others).catch(() => [])
          if (ctrl.signal.aborted) return
          if (warnings.length > 0) {
            patch(localId, { state: 'review', warnings })
            return
          }
          patch(localId, { checked: true })
        }
        if (!task.prepared) {
          patch(localId, { state: 'preparing', progress: 0, error: undefined })
          file = await prepare(task.file)
          if (ctrl.signal.aborted) return
          const preview = await thumbnail(file).catch(() => null)
          patch(localId, { file, prepared: true, preview })
        }
        patch(localId, { state: 'uploading', progress: 0, error: undefined })
        const drafts = draftsStore()
        const before = new Set((drafts.getState().drafts[task.draftId]?.server.uploads ?? []).map((u) => u.id))
        // one key per file until it is answered: 重试 after a lost answer does not add the file twice
        const draft = await withRetryKey(`material:${task.draftId}:${localId}`, (idempotencyKey) =>
          uploadMaterial(task.draftId, task.materialId, file, {
            transport: current().transport,
            signal: ctrl.signal,
            idempotencyKey,
            onProgress: (f) => {
              if (!ctrl.signal.aborted) patch(localId, { progress: f })
            }
          })
        )
        const d = drafts.getState()
        // the new upload: not there when this one started, without a preview yet, the one with this file's name
        // first (several uploads of a material may be answered in any order, each answer listing all of them)
        const known = d.drafts[task.draftId]
        const fresh = draft.uploads.filter((u) => u.materialId === task.materialId && !before.has(u.id) && !known?.previews[u.id])
        const added = fresh.find((u) => u.fileName === file.name) ?? fresh[fresh.length - 1]
        d.adopt(draft)
        const preview = get().tasks[localId]?.preview
        if (added && preview) d.setPreview(task.draftId, added.id, preview)
        drop(localId)
      } catch (e) {
        const err = toAppError(e)
        if (err.code === UPLOAD_CANCELED || ctrl.signal.aborted) {
          drop(localId)
          return
        }
        // UPLOAD_* codes carry the BFF's own message (too large, wrong type, unreadable…): shown as it is
        patch(localId, { state: 'failed', error: { code: err.code, message: err.message } })
      } finally {
        if (controllers.get(localId) === ctrl) controllers.delete(localId)
      }
    }

    return {
      tasks: {},
      add(draftId, materialId, files) {
        const added: string[] = []
        set((s) => {
          const tasks = { ...s.tasks }
          for (const file of files) {
            seq += 1
            const localId = `u${Date.now().toString(36)}${seq}`
            tasks[localId] = { localId, draftId, materialId, file, prepared: false, checked: false, warnings: [], preview: null, state: 'checking', progress: 0 }
            added.push(localId)
          }
          return { tasks }
        })
        for (const id of added) void run(id)
      },
      retry(localId) {
        const t = get().tasks[localId]
        if (!t || t.state !== 'failed') return
        void run(localId)
      },
      sendAnyway(localId) {
        const t = get().tasks[localId]
        if (!t || t.state !== 'review') return
        patch(localId, { checked: true })
        void run(localId)
      },
      cancel(localId) {
        controllers.get(localId)?.abort()
        drop(localId)
      },
      remove: drop
    }
  })
}

let appDeps: UploadQueueDeps = {}
/** Replaces the transport / compression of the app's queue (tests; a platform that needs another transport). */
export function configureUploadQueue(deps: UploadQueueDeps): void {
  appDeps = deps
}

export const useUploadQueue: UploadQueue = createUploadQueue(() => appDeps)
