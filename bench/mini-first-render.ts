import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { MiniHost } from '../mini-host/host'
import type { Platform } from '../mini-host/types'
import { ROOT } from '../e2e/server'

/**
 * The mini-programs' first render of the pages the web bench loads (home, search results, a guide), in the headless
 * host (mini-host/) running the built dist/weapp and dist/alipay against the BFF at `apiBase`. Each launch is a
 * first visit on a new phone (fresh storage), opening the page directly as a shared link does:
 *  - first setData: from loading app.js until the page's logic hands its first render to the view;
 *  - first frame: from loading app.js (App.onLaunch) until the page's first setData is rendered through the build's
 *    templates (the host's own template interpreter: its share is the host's, not the platform's);
 *  - answers in: until the last setData of the page's first load is rendered (its requests answered and shown);
 *  - CPU: this process's CPU time over the launch (the logic layer and the host's view render; the BFF is another
 *    process), unthrottled on this machine — a phone is several times slower;
 *  - setData: count, bytes in all and the largest one (WeChat's guidance: few, and each well under 256 KB);
 *  - JS evaluated: the package files the launch required; packages: the main package and the subpackages opened
 *    (what the phone must have downloaded before the page shows; sizes as `npm run size:weapp` counts them).
 * The first launch of a platform compiles the package's scripts; the figures are the median of `runs` launches after
 * it (scripts compiled once, as a phone's code cache keeps them), with that first launch's figure for home beside.
 */
export const MINI_PAGES: Array<{ name: string; url: string; shows: string }> = [
  { name: 'home', url: '/pages/home/index', shows: '常用服务' },
  { name: 'search results', url: `/pages/search/index?q=${encodeURIComponent('看病的钱怎么报')}`, shows: '异地就医备案' },
  { name: 'guide', url: '/packages/catalog/pages/guide/index?id=offsite-care-filing&region=331100', shows: '申请材料' }
]

export interface MiniFirstRender {
  platform: Platform
  page: string
  /** the logic layer's first setData (the page's first render handed to the view) */
  firstSetDataMs: number
  firstFrameMs: number
  answersInMs: number
  cpuMs: number
  setDataCount: number
  setDataKB: number
  largestSetDataKB: number
  jsEvaluatedKB: number
  packagesKB: number
  packages: string
}

const kb = (bytes: number): number => Math.round(bytes / 102.4) / 10
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** package sizes of a build, as scripts/package-sizes.mjs counts them (what is uploaded and downloaded) */
function packageSizes(dir: string): Map<string, number> {
  const out = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'scripts/package-sizes.mjs'), dir, '--json'], { encoding: 'utf8' })) as {
    packages: Array<{ package: string; bytes: number }>
  }
  return new Map(out.packages.map((p) => [p.package, p.bytes]))
}

async function launchOnce(platform: Platform, apiBase: string, page: (typeof MINI_PAGES)[number], sizes: Map<string, number>): Promise<MiniFirstRender> {
  const host = new MiniHost({ platform, apiBase })
  try {
    const cpu0 = process.cpuUsage()
    const t0 = Date.now()
    await host.start(page.url)
    await host.settle(100)
    await host.waitFor(page.shows)
    const cpu = process.cpuUsage(cpu0)
    if (host.errors.length) throw new Error(`${platform} ${page.name}: ${host.errors.join('\n')}`)
    const log = host.setDataLog
    const rendered = host.dataRenderedAt
    if (!rendered.length) throw new Error(`${platform} ${page.name}: nothing rendered`)
    const opened = host.packageLoads.filter((p) => p.how === 'open').map((p) => p.pkg)
    const js = host.modulesEvaluated().reduce((s, f) => s + statSync(join(host.root, f)).size, 0)
    return {
      platform,
      page: page.name,
      firstSetDataMs: log[0].at - t0,
      firstFrameMs: rendered[0] - t0,
      answersInMs: rendered[rendered.length - 1] - t0,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      setDataCount: log.length,
      setDataKB: kb(log.reduce((s, r) => s + r.bytes, 0)),
      largestSetDataKB: kb(Math.max(0, ...log.map((r) => r.bytes))),
      jsEvaluatedKB: kb(js),
      packagesKB: kb(['main', ...opened.filter((p) => p !== '__main__')].reduce((s, p) => s + (sizes.get(p) ?? 0), 0)),
      packages: ['main', ...opened.filter((p) => p !== '__main__')].join(' + ')
    }
  } finally {
    host.dispose()
  }
}

/** The first render of each page on each built platform; platforms without a build are skipped (and said so). */
export async function measureMiniFirstRender(apiBase: string, runs = 3): Promise<{ rows: MiniFirstRender[]; coldHome: Partial<Record<Platform, number>>; skipped: Platform[] }> {
  const platforms = (['weapp', 'alipay'] as const).filter((p) => existsSync(join(ROOT, 'dist', p, 'app.json')))
  const rows: MiniFirstRender[] = []
  const coldHome: Partial<Record<Platform, number>> = {}
  for (const platform of platforms) {
    const sizes = packageSizes(join(ROOT, 'dist', platform))
    coldHome[platform] = (await launchOnce(platform, apiBase, MINI_PAGES[0], sizes)).firstFrameMs
    for (const page of MINI_PAGES) {
      const all: MiniFirstRender[] = []
      for (let i = 0; i < runs; i++) all.push(await launchOnce(platform, apiBase, page, sizes))
      const mid = (k: 'firstSetDataMs' | 'firstFrameMs' | 'answersInMs' | 'cpuMs'): number => median(all.map((r) => r[k]))
      rows.push({ ...all[0], firstSetDataMs: mid('firstSetDataMs'), firstFrameMs: mid('firstFrameMs'), answersInMs: mid('answersInMs'), cpuMs: mid('cpuMs') })
    }
  }
  return { rows, coldHome, skipped: (['weapp', 'alipay'] as const).filter((p) => !platforms.includes(p)) }
}

export function printMiniFirstRender(result: Awaited<ReturnType<typeof measureMiniFirstRender>>): void {
  console.log('\n=== mini-program first render (headless host mini-host/, median of launches, first visit) ===')
  for (const p of result.skipped) console.log(`${p}: no dist/${p} (npm run build:${p}) — not measured`)
  if (!result.rows.length) return
  console.table(
    Object.fromEntries(
      result.rows.map((r) => [
        `${r.platform} ${r.page}`,
        {
          'first setData ms': r.firstSetDataMs,
          'first frame ms': r.firstFrameMs,
          'answers in ms': r.answersInMs,
          'CPU ms': r.cpuMs,
          setData: r.setDataCount,
          'setData KB': r.setDataKB,
          'largest KB': r.largestSetDataKB,
          'JS evaluated KB': r.jsEvaluatedKB,
          'packages KB': r.packagesKB,
          packages: r.packages
        }
      ])
    )
  )
  for (const [p, ms] of Object.entries(result.coldHome)) console.log(`${p}: first launch of the process (compiling the package's scripts), home's first frame ${ms} ms`)
}
