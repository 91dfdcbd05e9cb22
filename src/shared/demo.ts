import { create } from 'zustand'
import { DEMO_ADAPTERS_HEADER } from '@contract'

/**
 * Whether the BFF says it runs demonstration stand-ins (ALLOW_DEMO_ADAPTERS in production: every answer carries
 * DEMO_ADAPTERS_HEADER). The api client notes it from every answer; the page root (ui/Screen) then shows 演示环境, so
 * nobody takes a demonstration for the real service.
 */
export const useDemoStore = create<{ demo: boolean }>(() => ({ demo: false }))

/** From an answer's headers (axios or Taro.request): on when the header is there, off when an answer lacks it. */
export function noteDemoHeader(headers: unknown): void {
  if (!headers || typeof headers !== 'object') return
  const h = headers as { get?: (k: string) => unknown } & Record<string, unknown>
  const value = typeof h.get === 'function' ? h.get(DEMO_ADAPTERS_HEADER) : (h[DEMO_ADAPTERS_HEADER] ?? h['X-Demo-Adapters'])
  const demo = typeof value === 'string' && value.length > 0
  if (useDemoStore.getState().demo !== demo) useDemoStore.setState({ demo })
}
