// Over 400 lines: one state machine of a draft on the device (save queue, conflicts, offline replay) whose parts only make sense together.
import { create, type StoreApi, type UseBoundStore } from 'zustand'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import { ErrorCode, type ApplicationDetail, type Draft, type DraftStep, type ItemDetail } from '@contract'
import { appError, ClientErrorCode, toAppError, type AppError } from '@/shared/api/errors'
import { keepsKey, newIdempotencyKey } from '@/shared/api/idempotency'
import { taroStateStorage } from '@/shared/storage'
import { draftApi, type DraftApi } from './api'
import { platformNetwork, type NetworkWatcher } from './network'

/**
 * Drafts that never lose anything (001 §5.1.2–5.1.3).
 *
 *  - Every change is written to device storage at once (zustand persist on Taro storage, which is synchronous), so
 *    killing the app or losing the network loses nothing.
 *  - Changes are sent to the BFF debounced (PUT /drafts/:id with the version they started from). Without network the
 *    save is queued: retried when the device is back online (Taro.onNetworkStatusChange / the `online` event) and on
 *    a back-off timer, since those events are only hints.
 *  - 409 DRAFT_CONFLICT (changed on another device): the stored draft is fetched and the newer of the two by time of
 *    change wins; the citizen is told in one line.
 *  - Opening the item on another device resumes the server's draft (adopt()).
 *  - Submitting keeps its Idempotency-Key here until it is answered: a retry after a lost answer makes no second case.
 */
export const DRAFT_STORAGE_KEY = 'yb.apply-drafts'
export const SYNC_DEBOUNCE_MS = 800
export const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000]
/** submitted cases kept for the done screen */
export const RESULTS_KEPT = 10

export type SyncState = 'saved' | 'pending' | 'saving' | 'offline' | 'error'

export interface LocalDraft {
  id: string
  itemId: string
  regionCode: string
  /** for whom: 'self' or a family member id */
  insuredId: string
  /** the last copy of the draft the BFF confirmed (version, uploads, sharedVerified, projectedDueDate…) */
  server: Draft
  /** the item with its form and materials, kept so the screens work offline */
  item: ItemDetail | null
  /** the citizen's values: on this device these are the truth */
  values: Record<string, string>
  step: DraftStep
  /** when the citizen last changed something here (ISO) */
  changedAt: string
  /** counts local changes; `syncedRev` is the last one the BFF has */
  rev: number
  syncedRev: number
  /** the Idempotency-Key of the submit attempt under way, kept until it is answered */
  submitKey: string | null
  /** 001 §5.1.4: the citizen's pledge to mail the paper originals */
  paperPledge: boolean
  /** small previews of uploaded files by upload id (H5: data URLs; mini-programs: local paths) */
  previews: Record<string, string>
}

export interface SyncStatus {
  state: SyncState
  message?: string
}

export interface DraftStoreState {
  drafts: Record<string, LocalDraft>
  /** `${itemId}|${regionCode}` → draft id */
  byItem: Record<string, string>
  /** submitted cases by application id (the done screen shows them at once) */
  results: Record<string, ApplicationDetail>
  /** draft id → the application made from it: a submitted draft is never edited again */
  submitted: Record<string, string>
  /** not persisted: how the sync of each draft stands */
  status: Record<string, SyncStatus>
  /** not persisted: one line to tell the citizen (a conflict resolved…) */
  notes: Record<string, string>

  /**
   * Takes a draft the BFF sent (create, resume, upload…); unsaved local changes win when they are newer.
   * A draft already submitted (applicationId set) is not kept for editing: null, and `submitted` records it.
   */
  adopt: (draft: Draft, item?: ItemDetail | null) => LocalDraft | null
  setItem: (id: string, item: ItemDetail) => void
  setValue: (id: string, key: string, value: string) => void
  setValues: (id: string, values: Record<string, string>) => void
  setStep: (id: string, step: DraftStep) => void
  setPaperPledge: (id: string, v: boolean) => void
  setPreview: (id: string, uploadId: string, preview: string) => void
  deleteUpload: (id: string, uploadId: string) => Promise<void>
  dismissNote: (id: string) => void
  /** sends unsaved changes now and waits; rejects with an AppError when they could not be saved */
  flush: (id: string) => Promise<void>
  /** submits (after flush) with the kept Idempotency-Key; the draft is replaced by the case in `results` */
  submit: (id: string) => Promise<ApplicationDetail>
  /** starts syncing: queued drafts now, and whenever the device comes back online (idempotent) */
  startSync: () => void
  /** forgets everything on this device (sign-out) */
  clear: () => void
}

export type DraftStore = UseBoundStore<StoreApi<DraftStoreState>>

export interface DraftStoreDeps {
  api?: DraftApi
  storage?: StateStorage
  storageKey?: string
  debounceMs?: number
  retryDelaysMs?: number[]
  network?: NetworkWatcher
  now?: () => Date
  newKey?: () => string
}

/** One open draft per item, region and person acted for. */
export const itemKey = (itemId: string, regionCode: string, insuredId = 'self'): string =>
  insuredId === 'self' ? `${itemId}|${regionCode}` : `${itemId}|${regionCode}|${insuredId}`

const isDirty = (d: LocalDraft): boolean => d.rev !== d.syncedRev

/** Values the BFF takes (read-only identity fields are the BFF's own and shown masked here). */
export function editableValues(d: Pick<LocalDraft, 'values' | 'item'>): Record<string, string> {
  const readonly = new Set((d.item?.form?.fields ?? []).filter((f) => f.readonly).map((f) => f.key))
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(d.values)) if (!readonly.has(k)) out[k] = v
  return out
}

const time = (iso: string): number => {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? 0 : t
}

export const SYNC_MESSAGES = {
  offline: '网络不给力，修改已保存在本机，联网后自动同步',
  theirsNewer: '此草稿已在其他设备上更新，已载入较新的内容，请核对',
  oursNewer: '此草稿在其他设备上也改过，已保留本机较新的内容',
  notSaved: '草稿还没有保存到服务器，请稍后重试',
  submitOffline: '网络不给力，申请还没有提交。草稿已保存在本机，请联网后重试（重试不会重复提交）',
  /** the BFF answered 5xx (its database restarting: 503 DB_UNAVAILABLE, a store full…): the network is fine */
  serverBusy: '服务暂时繁忙，修改已保存在本机，稍后自动同步',
  submitServerBusy: '服务暂时繁忙，申请还没有提交。草稿已保存在本机，请稍后重试（重试不会重复提交）'
} as const

function isNetworkish(e: AppError): boolean {
  return e.code === ClientErrorCode.NETWORK || (e.status ?? 0) >= 500
}

/** What the line under the form says while a save is kept on the device: no network, or the service busy. */
function keptMessage(e: AppError): string {
  return e.code === ClientErrorCode.NETWORK ? SYNC_MESSAGES.offline : SYNC_MESSAGES.serverBusy
}

export function createDraftStore(deps: DraftStoreDeps = {}): DraftStore {
  const api = deps.api ?? draftApi
  const debounceMs = deps.debounceMs ?? SYNC_DEBOUNCE_MS
  const retryDelays = deps.retryDelaysMs ?? RETRY_DELAYS_MS
  const now = deps.now ?? (() => new Date())
  const newKey = deps.newKey ?? newIdempotencyKey
  let network: NetworkWatcher | null = deps.network ?? null
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const retryTimers = new Map<string, ReturnType<typeof setTimeout>>()
  const attempts = new Map<string, number>()
  const inFlight = new Map<string, Promise<void>>()
  let started = false

  const store = create<DraftStoreState>()(
    persist(
      (set, get) => {
        const patch = (id: string, fn: (d: LocalDraft) => LocalDraft | null): void => {
          set((s) => {
            const d = s.drafts[id]
            if (!d) return s
            const next = fn(d)
            return next === null || next === d ? s : { drafts: { ...s.drafts, [id]: next } }
          })
        }
        const setStatus = (id: string, state: SyncState, message?: string): void => {
          set((s) => ({ status: { ...s.status, [id]: message ? { state, message } : { state } } }))
        }
        const setNote = (id: string, note: string): void => {
          set((s) => ({ notes: { ...s.notes, [id]: note } }))
        }

        const clearTimer = (id: string): void => {
          const t = timers.get(id)
          if (t) clearTimeout(t)
          timers.delete(id)
        }
        const clearRetry = (id: string): void => {
          const t = retryTimers.get(id)
          if (t) clearTimeout(t)
          retryTimers.delete(id)
          attempts.delete(id)
        }
        const schedule = (id: string, delay = debounceMs): void => {
          clearTimer(id)
          timers.set(
            id,
            setTimeout(() => {
              timers.delete(id)
              void run(id)
            }, delay)
          )
        }
        const scheduleRetry = (id: string): void => {
          const n = attempts.get(id) ?? 0
          attempts.set(id, n + 1)
          const t = retryTimers.get(id)
          if (t) clearTimeout(t)
          retryTimers.set(
            id,
            setTimeout(() => {
              retryTimers.delete(id)
              void run(id)
            }, retryDelays[Math.min(n, retryDelays.length - 1)])
          )
        }

        /** One save at a time per draft; a call during a save runs again after it. */
        const run = (id: string): Promise<void> => {
          const current = inFlight.get(id)
          if (current) return current.then(() => run(id))
          const p = save(id).finally(() => inFlight.delete(id))
          inFlight.set(id, p)
          return p
        }

        const save = async (id: string): Promise<void> => {
          const d = get().drafts[id]
          if (!d) return
          if (!isDirty(d)) {
            setStatus(id, 'saved')
            return
          }
          const rev = d.rev
          setStatus(id, 'saving')
          try {
            const saved = await api.updateDraft(id, { values: editableValues(d), step: d.step, baseVersion: d.server.version })
            patch(id, (cur) => ({ ...cur, server: saved, syncedRev: Math.max(cur.syncedRev, rev) }))
            clearRetry(id)
            const after = get().drafts[id]
            if (after && isDirty(after)) {
              setStatus(id, 'pending')
              schedule(id)
            } else setStatus(id, 'saved')
          } catch (e) {
            const err = toAppError(e)
            if (isNetworkish(err)) {
              setStatus(id, 'offline', keptMessage(err))
              scheduleRetry(id)
            } else if (err.code === ErrorCode.DRAFT_CONFLICT) {
              await resolveConflict(id)
            } else {
              // DRAFT_SUBMITTED, DRAFT_UNKNOWN, 401…: the values stay here; the next change or start tries again
              setStatus(id, 'error', err.message)
            }
          }
        }

        /** 409: another device saved first. The newer by time of change wins; one line says what happened. */
        const resolveConflict = async (id: string): Promise<void> => {
          let fresh: Draft
          try {
            fresh = await api.getDraft(id)
          } catch (e) {
            const err = toAppError(e)
            if (isNetworkish(err)) {
              setStatus(id, 'offline', keptMessage(err))
              scheduleRetry(id)
            } else setStatus(id, 'error', err.message)
            return
          }
          const d = get().drafts[id]
          if (!d) return
          if (fresh.applicationId) {
            // submitted meanwhile (on another device, or a submit whose answer was lost)
            get().adopt(fresh)
            setStatus(id, 'error', '该申请已提交，请在“我的办件”中查看进度')
            return
          }
          if (time(fresh.updatedAt) > time(d.changedAt)) {
            patch(id, (cur) => ({ ...cur, server: fresh, values: { ...fresh.values }, step: fresh.step, changedAt: fresh.updatedAt, syncedRev: cur.rev }))
            setNote(id, SYNC_MESSAGES.theirsNewer)
            setStatus(id, 'saved')
          } else {
            patch(id, (cur) => ({ ...cur, server: fresh }))
            setNote(id, SYNC_MESSAGES.oursNewer)
            setStatus(id, 'pending')
            schedule(id, 0)
          }
        }

        const syncDirty = (): void => {
          for (const d of Object.values(get().drafts)) {
            if (!isDirty(d)) continue
            clearRetry(d.id)
            void run(d.id)
          }
        }

        const change = (id: string, fn: (d: LocalDraft) => LocalDraft | null): void => {
          let changed = false
          patch(id, (d) => {
            const next = fn(d)
            if (next === null || next === d) return d
            changed = true
            return { ...next, rev: d.rev + 1, changedAt: now().toISOString() }
          })
          if (!changed) return
          setStatus(id, 'pending')
          schedule(id)
        }

        return {
          drafts: {},
          byItem: {},
          results: {},
          submitted: {},
          status: {},
          notes: {},

          adopt(draft, item) {
            if (draft.applicationId) {
              const applicationId = draft.applicationId
              clearTimer(draft.id)
              clearRetry(draft.id)
              set((s) => {
                const drafts = { ...s.drafts }
                delete drafts[draft.id]
                const byItem = { ...s.byItem }
                const k = itemKey(draft.itemId, draft.region.code, draft.insuredId)
                if (byItem[k] === draft.id) delete byItem[k]
                return { drafts, byItem, submitted: { ...s.submitted, [draft.id]: applicationId } }
              })
              return null
            }
            const local = get().drafts[draft.id]
            let next: LocalDraft
            let resync = false
            if (!local) {
              next = {
                id: draft.id,
                itemId: draft.itemId,
                regionCode: draft.region.code,
                insuredId: draft.insuredId,
                server: draft,
                item: item ?? null,
                values: { ...draft.values },
                step: draft.step,
                changedAt: draft.updatedAt,
                rev: 0,
                syncedRev: 0,
                submitKey: null,
                paperPledge: false,
                previews: {}
              }
            } else if (isDirty(local)) {
              if (time(draft.updatedAt) > time(local.changedAt)) {
                next = { ...local, server: draft, values: { ...draft.values }, step: draft.step, changedAt: draft.updatedAt, syncedRev: local.rev }
                setNote(draft.id, SYNC_MESSAGES.theirsNewer)
              } else {
                // ours is newer: keep it and send it on the latest version
                next = { ...local, server: draft.version >= local.server.version ? draft : { ...local.server, uploads: draft.uploads } }
                resync = true
              }
            } else if (draft.version >= local.server.version) {
              next = { ...local, server: draft, values: { ...draft.values }, step: draft.step, changedAt: draft.updatedAt }
            } else {
              next = { ...local, server: { ...local.server, uploads: draft.uploads, sharedVerified: draft.sharedVerified } }
            }
            if (item) next = { ...next, item }
            set((s) => ({
              drafts: { ...s.drafts, [draft.id]: next },
              byItem: { ...s.byItem, [itemKey(draft.itemId, draft.region.code, draft.insuredId)]: draft.id }
            }))
            if (resync) schedule(draft.id, 0)
            return next
          },

          setItem: (id, item) => patch(id, (d) => ({ ...d, item })),
          setValue: (id, key, value) => change(id, (d) => (d.values[key] === value ? null : { ...d, values: { ...d.values, [key]: value } })),
          setValues: (id, values) =>
            change(id, (d) => (Object.entries(values).every(([k, v]) => d.values[k] === v) ? null : { ...d, values: { ...d.values, ...values } })),
          setStep: (id, step) => change(id, (d) => (d.step === step ? null : { ...d, step })),
          setPaperPledge: (id, v) => patch(id, (d) => ({ ...d, paperPledge: v })),
          setPreview: (id, uploadId, preview) => patch(id, (d) => ({ ...d, previews: { ...d.previews, [uploadId]: preview } })),

          async deleteUpload(id, uploadId) {
            const draft = await api.deleteUpload(id, uploadId)
            get().adopt(draft)
            patch(id, (d) => {
              const previews = { ...d.previews }
              delete previews[uploadId]
              return { ...d, previews }
            })
          },

          dismissNote: (id) =>
            set((s) => {
              const notes = { ...s.notes }
              delete notes[id]
              return { notes }
            }),

          async flush(id) {
            clearTimer(id)
            for (let i = 0; i < 3; i++) {
              await run(id)
              const d = get().drafts[id]
              if (!d || !isDirty(d)) return
              clearTimer(id)
              const st = get().status[id]
              if (st?.state === 'offline') {
                const busy = st.message === SYNC_MESSAGES.serverBusy
                throw appError(ClientErrorCode.NETWORK, busy ? SYNC_MESSAGES.submitServerBusy : SYNC_MESSAGES.submitOffline)
              }
              if (st?.state === 'error') throw appError(ErrorCode.VALIDATION, st.message ?? SYNC_MESSAGES.notSaved)
            }
            throw appError(ErrorCode.DRAFT_CONFLICT, SYNC_MESSAGES.notSaved)
          },

          async submit(id) {
            await get().flush(id)
            const d = get().drafts[id]
            if (!d) throw appError(ErrorCode.DRAFT_UNKNOWN, '未找到该草稿，可能已提交或删除')
            const key = d.submitKey ?? newKey()
            // kept (and persisted) before the request goes out: a retry after a lost answer reuses it
            if (!d.submitKey) patch(id, (cur) => ({ ...cur, submitKey: key }))
            let app: ApplicationDetail
            try {
              app = await api.submit(id, key, d.paperPledge ? { paperPledge: true } : {})
            } catch (e) {
              const err = toAppError(e)
              // answered (a refusal to act on): the next submit is a new request; the key of the BFF's first
              // answer would only bring that refusal back
              if (!keepsKey(err)) patch(id, (cur) => ({ ...cur, submitKey: null }))
              if (!isNetworkish(err)) throw err
              const busy = err.code !== ClientErrorCode.NETWORK
              throw appError(err.code, busy ? SYNC_MESSAGES.submitServerBusy : SYNC_MESSAGES.submitOffline, err.status)
            }
            clearTimer(id)
            clearRetry(id)
            set((s) => {
              const drafts = { ...s.drafts }
              delete drafts[id]
              const byItem = { ...s.byItem }
              const k = itemKey(d.itemId, d.regionCode, d.insuredId)
              if (byItem[k] === id) delete byItem[k]
              const kept = Object.entries(s.results)
                .sort((a, b) => b[1].submittedAt.localeCompare(a[1].submittedAt))
                .slice(0, RESULTS_KEPT - 1)
              return { drafts, byItem, results: { ...Object.fromEntries(kept), [app.id]: app }, submitted: { ...s.submitted, [id]: app.id } }
            })
            return app
          },

          startSync() {
            if (!started) {
              started = true
              network ??= platformNetwork()
              network.onOnline(syncDirty)
            }
            syncDirty()
          },

          clear() {
            for (const t of timers.values()) clearTimeout(t)
            for (const t of retryTimers.values()) clearTimeout(t)
            timers.clear()
            retryTimers.clear()
            attempts.clear()
            set({ drafts: {}, byItem: {}, results: {}, submitted: {}, status: {}, notes: {} })
          }
        }
      },
      {
        name: deps.storageKey ?? DRAFT_STORAGE_KEY,
        version: 1,
        storage: createJSONStorage(() => deps.storage ?? taroStateStorage),
        partialize: (s) => ({ drafts: s.drafts, byItem: s.byItem, results: s.results, submitted: s.submitted })
      }
    )
  )
  return store
}

/** The app's draft store. */
export const useDraftStore: DraftStore = createDraftStore()
