import { create, type StoreApi, type UseBoundStore } from 'zustand'
import { toAppError } from '@/shared/api/errors'
import { withRetryKey } from '@/shared/api/idempotency'
import { UPLOAD_CANCELED, type UploadTransport } from '@/shared/api/upload'
import { makeThumbnail, prepareForUpload, type PickedFile } from '@/shared/media'
import { uploadMaterial } from './api'
import { useDraftStore, type DraftStore } from './draftStore'
import { createCanceler, type Canceler } from '@/shared/api/cancel'

/**
 * Files on their way to the BFF (001 §5.1.2 上传材料): compress on the device, upload with a progress bar, cancel in
 * flight, retry after a failure. Kept in memory only — a file being uploaded is not a draft value; what has been
 * uploaded is part of the draft (its `uploads`), with a small preview kept in the draft store.
 */
export type UploadTaskState = 'preparing' | 'uploading' | 'failed'

export interface UploadTask {
  localId: string
  draftId: string
  materialId: string
  /** the picked file, then the compressed one */
  file: PickedFile
  prepared: boolean
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
}

let seq = 0

/** `deps` may be a function: read at each upload (the app's queue can be given a test transport). */
export function createUploadQueue(depsOrGetter: UploadQueueDeps | (() => UploadQueueDeps) = {}): UploadQueue {
  const current = (): UploadQueueDeps => (typeof depsOrGetter === 'function' ? depsOrGetter() : depsOrGetter)
  const draftsStore = (): DraftStore => current().drafts ?? useDraftStore
  const prepare = (f: PickedFile): Promise<PickedFile> => (current().prepare ?? prepareForUpload)(f)
  const thumbnail = (f: PickedFile): Promise<string | null> => (current().thumbnail ?? makeThumbnail)(f)
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
            tasks[localId] = { localId, draftId, materialId, file, prepared: false, preview: null, state: 'preparing', progress: 0 }
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
