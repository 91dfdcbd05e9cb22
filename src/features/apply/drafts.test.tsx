import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { ErrorCode, type ApplicationDetail, type Draft } from '@contract'
import { configureMockApply } from '../../../mock/apply-api'
import { mockDrafts } from '../../../mock/apply-store'
import { server } from '../../../mock/node'
import { recordNavigation, renderScreen, typeInto, type NavRecord } from '../../../test/render'
import { setTokenProvider } from '@/shared/api/auth'
import { appError, ClientErrorCode } from '@/shared/api/errors'
import { ROUTES } from '@/shared/nav'
import { draftApi, type DraftApi } from './api'
import { createDraftStore, DRAFT_STORAGE_KEY, SYNC_MESSAGES, useDraftStore } from './draftStore'
import { FormScreen } from './FormScreen'
import type { NetworkWatcher } from './network'
import { NoticeScreen } from './NoticeScreen'
import { fixtureItem, MANUAL_ITEM, REGION, installApplyFixtures, VALID_VALUES, waitForInputs } from './test-fixtures'

jest.mock('./session', () => ({ ensureApplicant: jest.fn(async () => true) }))

installApplyFixtures()
let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
})
afterEach(() => {
  nav.restore()
  setTokenProvider(null)
})

async function newDraft(store = useDraftStore) {
  const draft = await draftApi.createDraft({ itemId: MANUAL_ITEM, region: REGION })
  store.getState().adopt(draft, await fixtureItem(MANUAL_ITEM, REGION))
  return draft
}

const bankInput = (): HTMLElement =>
  screen.getByText('开户银行', { selector: '.apply-field__label' }).closest('.apply-field')!.querySelector('taro-input-core') as HTMLElement

/** A network watcher the test switches. */
function fakeNetwork(): NetworkWatcher & { comeBack(): void } {
  const listeners = new Set<() => void>()
  let online = true
  return {
    isOnline: () => online,
    onOnline(cb) {
      listeners.add(cb)
      return () => listeners.delete(cb)
    },
    comeBack() {
      online = true
      listeners.forEach((l) => l())
    }
  }
}

function draftOf(over: Partial<Draft> = {}): Draft {
  return {
    id: 'd1',
    itemId: MANUAL_ITEM,
    itemName: '个人账户一次性支取',
    handlingMode: 'manual',
    region: { code: REGION, name: '莲都区' },
    applicant: { name: '张**', idNumber: '331102********0025' },
    insuredId: 'self',
    values: {},
    uploads: [],
    sharedVerified: [],
    step: 'notice',
    version: 1,
    projectedDueDate: null,
    createdAt: '2026-03-02T02:00:00.000Z',
    updatedAt: '2026-03-02T02:00:00.000Z',
    applicationId: null,
    ...over
  }
}

/** A DraftApi whose calls the test scripts. */
function fakeApi(): DraftApi & { calls: Array<{ fn: string; args: unknown[] }> } {
  const calls: Array<{ fn: string; args: unknown[] }> = []
  const rec =
    (fn: string, impl: (...a: never[]) => unknown) =>
    (...args: never[]) => {
      calls.push({ fn, args })
      return impl(...args) as never
    }
  return {
    calls,
    listDrafts: rec('listDrafts', async () => []),
    createDraft: rec('createDraft', async () => draftOf()),
    getDraft: rec('getDraft', async () => draftOf()),
    updateDraft: rec('updateDraft', async (id: string, req: { values?: Record<string, string>; baseVersion: number }) =>
      draftOf({ id, values: req.values ?? {}, version: req.baseVersion + 1 })
    ),
    deleteUpload: rec('deleteUpload', async () => draftOf()),
    submit: rec('submit', async () => ({}) as ApplicationDetail)
  }
}

describe('killing the app loses nothing', () => {
  it('every keystroke is in device storage at once; a store re-created from storage has the values', async () => {
    const draft = await newDraft()
    const view = renderScreen(<FormScreen draftId={draft.id} />)
    await screen.findByText('开户银行')
    await waitForInputs()
    typeInto(bankInput(), '中国工商银行丽水莲都支行')
    // before any save to the BFF: already in storage
    expect(localStorage.getItem(DRAFT_STORAGE_KEY)).toContain('中国工商银行丽水莲都支行')
    expect(mockDrafts.get(draft.id)?.values.bankName).toBeUndefined()
    view.unmount()

    // the app is killed and started again: a new store reads the device storage
    const restarted = createDraftStore({ api: fakeApi() })
    const d = restarted.getState().drafts[draft.id]
    expect(d.values.bankName).toBe('中国工商银行丽水莲都支行')
    expect(d.rev).toBeGreaterThan(d.syncedRev) // known to be unsaved: it is sent when sync starts
    expect(d.item?.form?.fields.length).toBeGreaterThan(0) // the form too: the screens work offline
    expect(restarted.getState().byItem[`${MANUAL_ITEM}|${REGION}`]).toBe(draft.id)

    // and the form shows it again
    renderScreen(<FormScreen draftId={draft.id} />)
    await waitFor(() => expect(bankInput()).toHaveAttribute('value', '中国工商银行丽水莲都支行'))
  })

  it('changes are sent debounced: one PUT with the last values and the version they started from', async () => {
    const api = fakeApi()
    const store = createDraftStore({ api, storageKey: 'test.debounce', debounceMs: 30 })
    store.getState().adopt(draftOf({ version: 4 }))
    for (const v of ['中', '中国', '中国工商银行']) store.getState().setValue('d1', 'bankName', v)
    expect(store.getState().status.d1.state).toBe('pending')
    await waitFor(() => expect(store.getState().status.d1.state).toBe('saved'))
    const puts = api.calls.filter((c) => c.fn === 'updateDraft')
    expect(puts).toHaveLength(1)
    expect(puts[0].args[1]).toEqual({ values: { bankName: '中国工商银行' }, step: 'notice', baseVersion: 4 })
    expect(store.getState().drafts.d1.server.version).toBe(5)
  })
})

describe('offline: queued, synced when back (Taro.onNetworkStatusChange / online event)', () => {
  it('a save without network is kept, retried and sent when the device is back online', async () => {
    const api = fakeApi()
    let offline = true
    const update = api.updateDraft
    api.updateDraft = async (id, req) => {
      if (offline) {
        api.calls.push({ fn: 'updateDraft(failed)', args: [id, req] })
        throw appError(ClientErrorCode.NETWORK, '网络不给力，请检查网络后重试')
      }
      return update(id, req)
    }
    const network = fakeNetwork()
    const store = createDraftStore({ api, network, storageKey: 'test.offline', debounceMs: 10, retryDelaysMs: [60_000] })
    store.getState().startSync()
    store.getState().adopt(draftOf())
    store.getState().setValue('d1', 'address', '浙江省丽水市莲都区人民街 1 号')
    await waitFor(() => expect(store.getState().status.d1).toEqual({ state: 'offline', message: SYNC_MESSAGES.offline }))
    expect(store.getState().drafts.d1.values.address).toBe('浙江省丽水市莲都区人民街 1 号')
    // typed while offline: still only local
    store.getState().setValue('d1', 'bankName', '中国工商银行')
    await waitFor(() => expect(api.calls.filter((c) => c.fn === 'updateDraft(failed)').length).toBe(2))
    expect(api.calls.filter((c) => c.fn === 'updateDraft')).toHaveLength(0)

    offline = false
    network.comeBack()
    await waitFor(() => expect(store.getState().status.d1.state).toBe('saved'))
    const sent = api.calls.filter((c) => c.fn === 'updateDraft')
    expect(sent).toHaveLength(1)
    expect((sent[0].args[1] as { values: Record<string, string> }).values).toEqual({ address: '浙江省丽水市莲都区人民街 1 号', bankName: '中国工商银行' })
    const d = store.getState().drafts.d1
    expect(d.syncedRev).toBe(d.rev)
  })

  it('retries on a timer too (the online event is only a hint)', async () => {
    const api = fakeApi()
    let fails = 2
    const update = api.updateDraft
    api.updateDraft = async (id, req) => {
      if (fails-- > 0) throw appError(ClientErrorCode.NETWORK, 'x')
      return update(id, req)
    }
    const store = createDraftStore({ api, network: fakeNetwork(), storageKey: 'test.retry', debounceMs: 5, retryDelaysMs: [20, 40] })
    store.getState().adopt(draftOf())
    store.getState().setValue('d1', 'bankName', '农业银行')
    await waitFor(() => expect(store.getState().status.d1.state).toBe('saved'))
    expect(api.calls.filter((c) => c.fn === 'updateDraft')).toHaveLength(1)
  })

  it('screen: the offline line shows, and the BFF gets the values when the browser is back online', async () => {
    let offline = false
    server.use(http.put('*/api/v1/drafts/:id', () => (offline ? HttpResponse.error() : undefined)))
    const draft = await newDraft()
    renderScreen(<FormScreen draftId={draft.id} />)
    await screen.findByText('开户银行')
    await waitForInputs()
    offline = true
    typeInto(bankInput(), '中国银行丽水分行')
    expect(await screen.findByText(SYNC_MESSAGES.offline, {}, { timeout: 3000 })).toBeInTheDocument()
    expect(mockDrafts.get(draft.id)?.values.bankName).toBeUndefined()
    offline = false
    act(() => {
      window.dispatchEvent(new Event('online'))
    })
    expect(await screen.findByText('已自动保存')).toBeInTheDocument()
    expect(mockDrafts.get(draft.id)?.values.bankName).toBe('中国银行丽水分行')
  })
})

describe('the BFF busy (503 DB_UNAVAILABLE while its database restarts, issue 7)', () => {
  const busy = () => appError(ErrorCode.DB_UNAVAILABLE, '系统正在维护，请稍后再试，您已填写的内容不会丢失', 503)

  it('a save answered 503 is kept on the device, said as the service being busy (not the network), and retried', async () => {
    const api = fakeApi()
    let down = 2
    const update = api.updateDraft
    api.updateDraft = async (id, req) => {
      if (down-- > 0) throw busy()
      return update(id, req)
    }
    const store = createDraftStore({ api, network: fakeNetwork(), storageKey: 'test.busy', debounceMs: 5, retryDelaysMs: [30, 60] })
    store.getState().adopt(draftOf())
    store.getState().setValue('d1', 'bankName', '中国银行丽水分行')
    await waitFor(() => expect(store.getState().status.d1).toEqual({ state: 'offline', message: SYNC_MESSAGES.serverBusy }))
    expect(store.getState().drafts.d1.values.bankName).toBe('中国银行丽水分行')
    await waitFor(() => expect(store.getState().status.d1.state).toBe('saved'))
    const sent = api.calls.filter((c) => c.fn === 'updateDraft')
    expect(sent).toHaveLength(1)
    expect((sent[0].args[1] as { values: Record<string, string> }).values).toEqual({ bankName: '中国银行丽水分行' })
  })

  it('a submit answered 503 says so, keeps the draft and its key: the retry sends the same key', async () => {
    const api = fakeApi()
    const keys: string[] = []
    const submit = api.submit
    let down = 1
    api.submit = async (id, key, body) => {
      keys.push(key)
      if (down-- > 0) throw busy()
      return submit(id, key, body)
    }
    const store = createDraftStore({ api, network: fakeNetwork(), storageKey: 'test.busy-submit', debounceMs: 5 })
    store.getState().adopt(draftOf())
    await expect(store.getState().submit('d1')).rejects.toMatchObject({ message: SYNC_MESSAGES.submitServerBusy })
    expect(store.getState().drafts.d1).toBeDefined()
    await store.getState().submit('d1')
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
  })
})

describe('409 DRAFT_CONFLICT: the newer by time of change wins, said in one line', () => {
  const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00+08:00`)

  it('the other device saved later: its values are taken', async () => {
    configureMockApply({ item: fixtureItem, now: () => at('10:00') })
    const draft = await draftApi.createDraft({ itemId: MANUAL_ITEM, region: REGION })
    const store = createDraftStore({ storageKey: 'test.conflict1', debounceMs: 5, now: () => at('10:01') })
    store.getState().adopt(draft, await fixtureItem(MANUAL_ITEM, REGION))
    // device B saves at 10:05 (its own copy of version 1)
    configureMockApply({ item: fixtureItem, now: () => at('10:05') })
    await draftApi.updateDraft(draft.id, { values: { bankName: '建设银行（另一台设备）' }, baseVersion: draft.version })
    // this device changed something at 10:01, saved afterwards on the old version
    store.getState().setValue(draft.id, 'bankName', '工商银行（本机）')
    await waitFor(() => expect(store.getState().notes[draft.id]).toBe(SYNC_MESSAGES.theirsNewer))
    expect(store.getState().drafts[draft.id].values.bankName).toBe('建设银行（另一台设备）')
    expect(store.getState().status[draft.id].state).toBe('saved')
    expect(mockDrafts.get(draft.id)?.values.bankName).toBe('建设银行（另一台设备）')
  })

  it('this device changed later: its values are kept and saved on the latest version', async () => {
    configureMockApply({ item: fixtureItem, now: () => at('09:50') })
    const draft = await draftApi.createDraft({ itemId: MANUAL_ITEM, region: REGION })
    const store = createDraftStore({ storageKey: 'test.conflict2', debounceMs: 5, now: () => at('10:10') })
    store.getState().adopt(draft, await fixtureItem(MANUAL_ITEM, REGION))
    configureMockApply({ item: fixtureItem, now: () => at('09:55') })
    await draftApi.updateDraft(draft.id, { values: { bankName: '建设银行（另一台设备）' }, baseVersion: draft.version })
    store.getState().setValue(draft.id, 'bankName', '工商银行（本机）')
    await waitFor(() => expect(mockDrafts.get(draft.id)?.values.bankName).toBe('工商银行（本机）'))
    expect(store.getState().notes[draft.id]).toBe(SYNC_MESSAGES.oursNewer)
    expect(mockDrafts.get(draft.id)?.version).toBe(3)
    await waitFor(() => expect(store.getState().drafts[draft.id].server.version).toBe(3))
  })

  it('the form shows the line and 知道了 dismisses it', async () => {
    const draft = await newDraft()
    act(() => useDraftStore.setState((s) => ({ notes: { ...s.notes, [draft.id]: SYNC_MESSAGES.theirsNewer } })))
    renderScreen(<FormScreen draftId={draft.id} />)
    expect(await screen.findByText(SYNC_MESSAGES.theirsNewer)).toBeInTheDocument()
    fireEvent.click(screen.getByText('知道了'))
    expect(screen.queryByText(SYNC_MESSAGES.theirsNewer)).not.toBeInTheDocument()
  })
})

describe('switching device: opening the item again resumes the server draft', () => {
  it('another device started it; this one finds it (GET /drafts) and resumes at its step', async () => {
    // device A: fills in the form and moves on to the materials
    const deviceA = createDraftStore({ storageKey: 'test.deviceA', debounceMs: 5 })
    const draft = await newDraft(deviceA)
    deviceA.getState().setValues(draft.id, VALID_VALUES)
    deviceA.getState().setStep(draft.id, 'materials')
    await waitFor(() => expect(mockDrafts.get(draft.id)?.step).toBe('materials'))

    // device B: nothing on it; signed in
    setTokenProvider(() => 'token-b')
    renderScreen(<NoticeScreen itemId={MANUAL_ITEM} regionCode={REGION} />)
    expect(await screen.findByText('上次办到：上传材料，已填写的内容都已保存')).toBeInTheDocument()
    fireEvent.click(screen.getByText('继续办理'))
    await waitFor(() => expect(nav.last()).toEqual({ route: ROUTES.applyMaterials, params: { draftId: draft.id } }))
    expect(useDraftStore.getState().drafts[draft.id].values.bankName).toBe(VALID_VALUES.bankName)
  })

  it('offline with the draft on this device: 继续办理 carries on locally', async () => {
    const draft = await newDraft()
    act(() => useDraftStore.getState().setStep(draft.id, 'form'))
    server.use(http.post('*/api/v1/drafts', () => HttpResponse.error()))
    renderScreen(<NoticeScreen itemId={MANUAL_ITEM} regionCode={REGION} />)
    fireEvent.click(await screen.findByText('继续办理'))
    await waitFor(() => expect(nav.last()).toEqual({ route: ROUTES.applyForm, params: { draftId: draft.id } }))
  })
})

describe('idempotency key (submit)', () => {
  it('generated once per attempt, kept — across a restart — and reused on the retry after a network error', async () => {
    const api = fakeApi()
    const keys: string[] = []
    let lost = true
    api.submit = async (_id, key) => {
      keys.push(key)
      if (lost) throw appError(ClientErrorCode.NETWORK, '网络不给力，请检查网络后重试')
      return { id: 'app-1', submittedAt: '2026-03-02T02:00:00.000Z' } as ApplicationDetail
    }
    let n = 0
    const newKey = () => `key-${++n}-abcdefgh`
    const store = createDraftStore({ api, storageKey: 'test.idem', newKey })
    store.getState().adopt(draftOf())
    await expect(store.getState().submit('d1')).rejects.toMatchObject({ code: ClientErrorCode.NETWORK, message: SYNC_MESSAGES.submitOffline })
    expect(store.getState().drafts.d1.submitKey).toBe('key-1-abcdefgh')

    // the app restarts before the retry: the key is read back from storage
    const again = createDraftStore({ api, storageKey: 'test.idem', newKey })
    lost = false
    const app = await again.getState().submit('d1')
    expect(app.id).toBe('app-1')
    expect(keys).toEqual(['key-1-abcdefgh', 'key-1-abcdefgh'])
    // success: the draft is replaced by the case, and the next application gets a new key
    expect(again.getState().drafts.d1).toBeUndefined()
    expect(again.getState().results['app-1']).toBeDefined()
  })

  it('a submit the BFF refused (400 MATERIALS_MISSING) drops its key: the submit after the fix is a new request', async () => {
    const api = fakeApi()
    const keys: string[] = []
    let missing = true
    api.submit = async (_id, key) => {
      keys.push(key)
      if (missing) throw appError(ErrorCode.MATERIALS_MISSING, '请上传以下材料：身份证', 400)
      return { id: 'app-2', submittedAt: '2026-03-02T02:00:00.000Z' } as ApplicationDetail
    }
    let n = 0
    const store = createDraftStore({ api, storageKey: 'test.idem.answered', newKey: () => `key-${++n}-abcdefgh` })
    store.getState().adopt(draftOf())
    await expect(store.getState().submit('d1')).rejects.toMatchObject({ code: ErrorCode.MATERIALS_MISSING })
    expect(store.getState().drafts.d1.submitKey).toBeNull()
    missing = false
    expect((await store.getState().submit('d1')).id).toBe('app-2')
    // the BFF keeps its first answer per key: the same key would have brought the refusal back
    expect(keys).toEqual(['key-1-abcdefgh', 'key-2-abcdefgh'])
  })

  it('unsaved changes are saved before the submit; a refused save stops it', async () => {
    const api = fakeApi()
    api.updateDraft = async () => {
      throw appError(ErrorCode.VALIDATION, '表单中没有这一项，请刷新后重试', 400)
    }
    const store = createDraftStore({ api, storageKey: 'test.flush', debounceMs: 10_000 })
    store.getState().adopt(draftOf())
    store.getState().setValue('d1', 'x', '1')
    await expect(store.getState().submit('d1')).rejects.toMatchObject({ message: '表单中没有这一项，请刷新后重试' })
    expect(api.calls.some((c) => c.fn === 'submit')).toBe(false)
  })
})
