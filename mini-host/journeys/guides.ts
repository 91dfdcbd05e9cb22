import { MiniHost } from '../host'
import { call } from './bff'

/**
 * Every guide of the catalogue opened on a mini-program (as from a shared link), for the budgets: the nodes each
 * guide page renders and the setData sizes it takes.
 */
export interface GuideFigure {
  id: string
  nodes: number
  /** the largest setData of that page, bytes */
  maxSetData: number
}

export const GUIDE_ROUTE = 'packages/catalog/pages/guide/index'

export async function everyGuide(host: MiniHost, region = '331100'): Promise<GuideFigure[]> {
  const { items } = await call<{ items: Array<{ id: string; popularName: string }> }>('GET', `/api/v1/items?region=${region}`, null)
  const out: GuideFigure[] = []
  for (const item of items) {
    const before = host.setDataLog.length
    host.nodes.delete(GUIDE_ROUTE)
    await host.open(`/${GUIDE_ROUTE}?id=${item.id}&region=${region}`)
    await host.waitFor('适用范围', { page: GUIDE_ROUTE })
    await host.settle()
    const sizes = host.setDataLog.slice(before).filter((r) => r.page === GUIDE_ROUTE).map((r) => r.bytes)
    out.push({ id: item.id, nodes: host.nodes.get(GUIDE_ROUTE) ?? 0, maxSetData: Math.max(0, ...sizes) })
  }
  return out
}
