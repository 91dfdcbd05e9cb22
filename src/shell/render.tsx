/**
 * The web shell's server render (H5): the real first screens — home, search results, a guide — rendered to HTML by
 * react-dom/server with the answers they ask for, so the BFF can send a page whose largest text paints before any
 * JavaScript runs (bff/src/web/shell.ts). Built by the H5 build into `<output>/server/shell.cjs` (config/h5-web.ts)
 * with @tarojs/components → the same HTML components as the app and @tarojs/taro → taro-server.ts.
 *
 * What it renders is a first visit: default region, standard mode, not signed in. A device that has chosen
 * otherwise hides the shell before it paints (the inline script of src/index.html) and the app renders as always.
 */
import axios, { AxiosError, AxiosHeaders, type AxiosAdapter } from 'axios'
import { type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import HomePage from '../pages/home/index'
import homeConfig from '../pages/home/index.config'
import SearchPage from '../pages/search/index'
import searchConfig from '../pages/search/index.config'
import GuidePage from '../packages/catalog/pages/guide/index'
import guideConfig from '../packages/catalog/pages/guide/index.config'
import { client } from '../shared/api/client'
import { prerender } from '../shared/shell/data'
import { setRouterParams } from './taro-server'

interface ShellPage {
  component: ComponentType
  title: string
  /** the title the screen sets once its answer is in (a guide: the item's popular name) */
  titleFrom?: (answers: Record<string, unknown>) => string | undefined
}

const configTitle = (c: { navigationBarTitleText?: string }): string => c.navigationBarTitleText ?? '医保掌上办'

/** routes (H5 paths) with a shell; `/` is home */
export const SHELL_PAGES: Record<string, ShellPage> = {
  '/pages/home/index': { component: HomePage, title: configTitle(homeConfig) },
  '/pages/search/index': { component: SearchPage, title: configTitle(searchConfig) },
  '/packages/catalog/pages/guide/index': {
    component: GuidePage,
    title: configTitle(guideConfig),
    titleFrom: (answers) => {
      for (const v of Object.values(answers)) {
        const name = (v as { popularName?: unknown } | null)?.popularName
        if (typeof name === 'string') return name
      }
      return undefined
    }
  }
}

/** How the server answers the screens' API calls (the BFF passes its own routes, in-process). */
export type ApiCall = (req: { method: string; url: string }) => Promise<{ status: number; body: string; headers: Record<string, string> }>

function adapterOf(call: ApiCall): AxiosAdapter {
  return async (config) => {
    const res = await call({ method: (config.method ?? 'get').toUpperCase(), url: axios.getUri(config) })
    const response = { data: res.body, status: res.status, statusText: String(res.status), headers: AxiosHeaders.from(res.headers), config, request: {} }
    if (res.status >= 200 && res.status < 300) return response
    throw new AxiosError(`status ${res.status}`, AxiosError.ERR_BAD_REQUEST, config, {}, response)
  }
}

export interface ShellRender {
  /** the page's markup (the page component's root, as the app renders it inside `.taro_page`) */
  html: string
  /** the answers it was rendered with, for the app's first render (src/shared/shell/data.ts) */
  answers: Record<string, unknown>
  title: string
}

/** Renders `route` with its query `params`; null when the route has no shell or an answer failed. */
export async function renderShell(route: string, params: Record<string, string>, call: ApiCall): Promise<ShellRender | null> {
  const page = SHELL_PAGES[route === '/' ? '/pages/home/index' : route]
  if (!page) return null
  client.defaults.adapter = adapterOf(call)
  const Page = page.component
  const out = await prerender(() => {
    setRouterParams(params)
    return renderToString(<Page />)
  })
  if (!out) return null
  return { ...out, title: page.titleFrom?.(out.answers) ?? page.title }
}
