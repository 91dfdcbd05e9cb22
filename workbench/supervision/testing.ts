import type { TodoItem } from '../../contract/workbench'
import type { StaffRequester } from '../api'
import { ApiError } from '../api'

/**
 * A fake of the staff API for the screens' tests: `routes` answers "METHOD /path" (query string included) with a
 * value, or throws the ApiError it returns from a function. Every call is kept in `calls`.
 */
export function fakeRequester(routes: Record<string, unknown | ((body: unknown) => unknown)>): StaffRequester & { calls: { method: string; path: string; body?: unknown }[] } {
  const calls: { method: string; path: string; body?: unknown }[] = []
  return {
    calls,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      calls.push({ method, path, body })
      const key = `${method} ${path}`
      if (!(key in routes)) throw new ApiError(404, 'NOT_FOUND', `no fake for ${key}`)
      const r = routes[key]
      const out = typeof r === 'function' ? (r as (b: unknown) => unknown)(body) : r
      if (out instanceof ApiError) throw out
      return out as T
    },
    async objectUrl(path: string) {
      calls.push({ method: 'GET', path })
      return `blob:${path}`
    }
  }
}

/** A case of a 待办 or 科室 list (莲都区, 医疗费用报销, on time), with `over` changed. */
export function todoItem(id: string, over: Partial<TodoItem>): TodoItem {
  return {
    id,
    caseNo: `YB33110220261207000${id}`,
    itemId: 'medical-reimbursement',
    itemName: '医疗费用报销',
    handlingMode: 'manual',
    status: 'assigned',
    statusLabel: '待受理',
    region: { code: '331102', name: '莲都区' },
    applicantName: '张**',
    submittedAt: '2026-12-01T02:00:00Z',
    dueDate: '2026-12-15',
    overdue: false,
    nextStep: null,
    updatedAt: '2026-12-01T02:00:00Z',
    assignee: { id: 's1', name: '甲窗口' },
    urgency: 'onTime',
    urgencyLabel: '办理中',
    workingDaysLeft: 6,
    ...over
  }
}
