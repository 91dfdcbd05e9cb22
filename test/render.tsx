import Taro from '@tarojs/taro'
import { fireEvent, render, screen, type RenderResult } from '@testing-library/react'
import type { ReactElement } from 'react'

/**
 * Test helpers for the app's component tests: render a screen, record navigation instead of performing it
 * (there is no page stack under jest), and type into a Taro <Input> the way its web component reports input.
 */
export interface NavRecord {
  /** navigateTo / redirectTo / reLaunch urls, and '<back>' for navigateBack */
  urls: string[]
  /** the last navigateTo url as route + params */
  last(): { route: string; params: Record<string, string> } | undefined
  restore(): void
}

export function recordNavigation(): NavRecord {
  const urls: string[] = []
  const ok = (opt: { url?: string } | undefined) => {
    if (opt?.url) urls.push(opt.url)
    return Promise.resolve({ errMsg: 'ok' }) as never
  }
  const spies = [
    jest.spyOn(Taro, 'navigateTo').mockImplementation(ok),
    jest.spyOn(Taro, 'redirectTo').mockImplementation(ok),
    jest.spyOn(Taro, 'reLaunch').mockImplementation(ok),
    jest.spyOn(Taro, 'navigateBack').mockImplementation(() => {
      urls.push('<back>')
      return Promise.resolve({ errMsg: 'ok' }) as never
    }),
    // as if the screen was opened from another page
    jest.spyOn(Taro, 'getCurrentPages').mockImplementation(() => [{}, {}] as never)
  ]
  return {
    urls,
    last() {
      const url = urls[urls.length - 1]
      if (!url) return undefined
      const [route, query = ''] = url.split('?')
      return { route, params: Object.fromEntries(new URLSearchParams(query).entries()) }
    },
    restore() {
      spies.forEach((s) => s.mockRestore())
    }
  }
}

export function renderScreen(ui: ReactElement): RenderResult {
  return render(ui)
}

/** Types a value into a Taro <Input> (found by its placeholder) and optionally confirms it (keyboard 搜索). */
export function typeInto(input: HTMLElement, value: string, confirm = false): void {
  fireEvent(input, new CustomEvent('input', { detail: { value }, bubbles: true }))
  if (confirm) fireEvent(input, new CustomEvent('confirm', { detail: { value }, bubbles: true }))
}

/** A Taro <Input> by its placeholder (the web component, not the native input it may render inside). */
export function getInput(placeholder: string): HTMLElement {
  const all = screen.getAllByPlaceholderText(placeholder)
  return all.find((el) => el.tagName.toLowerCase() === 'taro-input-core') ?? all[0]
}
