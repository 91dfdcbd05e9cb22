/**
 * `npm run bench:web`: the H5 app's first load as Lighthouse 12 measures it (mobile: simulated slow 4G, 4× CPU
 * slowdown, Moto G Power screen), against a fresh `npm start` on a free port with its own data folder. Prints the
 * performance and accessibility scores and the load metrics of each page, and what each page transferred.
 * Then, from a Chrome trace of each page (bench/web-trace.ts, 4× CPU slowdown): the main-thread time of the first
 * load and of the app's start after the first focus — the page's scripts' own CPU time, which moves less with the
 * machine's load than Lighthouse's simulated TBT (that scales whatever CPU time it observed).
 * Beside them, the mini-programs' first render of the same pages in the headless host (bench/mini-first-render.ts:
 * the built dist/weapp and dist/alipay against the same server; a platform not built is skipped and said so).
 * Figures are printed, not asserted. Not part of `npm test` or CI (a run takes a few minutes of CPU).
 *
 * Options (environment):
 *   WEB_BENCH_RUNS=3    Lighthouse runs per page; the run with the median performance score is printed
 *   WEB_BENCH_URL=…     measure an already running server instead of starting one
 *   STATIC_DIR=…        serve another H5 build (passed through to `npm start`)
 *   CHROMIUM_PATH=…     the browser (default Debian's /usr/bin/chromium)
 *   WEB_BENCH_SAVE=dir  also write each run's Lighthouse report (JSON) there
 *   WEB_BENCH_MINI=0    leave out the mini-programs' first render
 *
 * Lighthouse is pinned to 12.2.3: the last release that runs on Node 20. The WeChat/Alipay clients have no
 * Lighthouse; their first render here is the headless host's (mini-host/), which runs the built packages.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launch } from '../e2e/browser'
import { startProduct, stopProduct } from '../e2e/server'
import { measureMiniFirstRender, printMiniFirstRender } from './mini-first-render'
import { traceFirstLoad, type TraceFigures } from './web-trace'

/** the pages of the first visit: home, a search a citizen types, and the guide they open from it */
export const WEB_PAGES: Array<{ name: string; path: string }> = [
  { name: 'home', path: '/' },
  { name: 'search results', path: `/pages/search/index?q=${encodeURIComponent('看病的钱怎么报')}` },
  { name: 'guide', path: '/packages/catalog/pages/guide/index?id=offsite-care-filing&region=331100' }
]

const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

interface Audit {
  numericValue?: number
  details?: { items?: Array<Record<string, unknown>> }
}
interface Lhr {
  categories: Record<string, { score: number | null }>
  audits: Record<string, Audit>
  runtimeError?: { message: string }
}

export interface PageFigures {
  page: string
  performance: number
  accessibility: number
  fcpMs: number
  lcpMs: number
  tbtMs: number
  cls: number
  siMs: number
  /** bytes over the wire (compressed), all requests of the load */
  transferKB: number
  requests: number
  /** the element Lighthouse found as the largest contentful paint */
  lcpElement: string
  /** main-thread time by script (Lighthouse's bootup-time audit), for WEB_BENCH_VERBOSE */
  scripts: Array<{ url: string; totalMs: number; scriptingMs: number }>
}

const round = (n: number | undefined, d = 0): number => (n === undefined ? NaN : Math.round(n * 10 ** d) / 10 ** d)

function figures(page: string, lhr: Lhr): PageFigures {
  if (lhr.runtimeError) throw new Error(`${page}: ${lhr.runtimeError.message}`)
  const a = (id: string) => lhr.audits[id]?.numericValue
  const lcpItems = lhr.audits['largest-contentful-paint-element']?.details?.items as Array<{ items?: Array<{ node?: { nodeLabel?: string } }> }> | undefined
  const requests = lhr.audits['network-requests']?.details?.items ?? []
  return {
    page,
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    fcpMs: round(a('first-contentful-paint')),
    lcpMs: round(a('largest-contentful-paint')),
    tbtMs: round(a('total-blocking-time')),
    cls: round(a('cumulative-layout-shift'), 3),
    siMs: round(a('speed-index')),
    transferKB: round((a('total-byte-weight') ?? 0) / 1024, 1),
    requests: requests.length,
    lcpElement: String(lcpItems?.[0]?.items?.[0]?.node?.nodeLabel ?? '(removed from the page)').slice(0, 40),
    scripts: ((lhr.audits['bootup-time']?.details?.items ?? []) as Array<{ url: string; total: number; scripting: number }>).map((i) => ({
      url: i.url.replace(/^https?:\/\/[^/]+/, ''),
      totalMs: round(i.total),
      scriptingMs: round(i.scripting)
    }))
  }
}

async function main(): Promise<void> {
  const runs = Math.max(1, Number(process.env.WEB_BENCH_RUNS) || 3)
  // Lighthouse and chrome-launcher are ES modules
  const { default: lighthouse } = await import('lighthouse')
  const chromeLauncher = await import('chrome-launcher')
  console.log(`node ${process.version}, lighthouse 12 (mobile, simulated throttling), ${runs} run(s) per page, ${new Date().toISOString()}`)

  const profile = mkdtempSync(join(tmpdir(), 'yb-lh-profile-'))
  let product: Awaited<ReturnType<typeof startProduct>> | null = null
  let chrome: Awaited<ReturnType<typeof chromeLauncher.launch>> | null = null
  const rows: PageFigures[] = []
  const traces: Array<{ page: string; figures: TraceFigures }> = []
  let mini: Awaited<ReturnType<typeof measureMiniFirstRender>> | null = null
  try {
    // production as deployed, on the embedded stand-ins (a production start refuses them unless told: a demonstration)
    product = process.env.WEB_BENCH_URL ? null : await startProduct({ LOG_LEVEL: 'warn', NODE_ENV: 'production', ALLOW_DEMO_ADAPTERS: 'true' })
    const base = process.env.WEB_BENCH_URL ?? product!.url
    // a loaded machine can take a while to bring up the browser's debugging port
    chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      chromeFlags: CHROME_FLAGS,
      userDataDir: profile,
      maxConnectionRetries: 200
    })
    for (const { name, path } of WEB_PAGES) {
      const url = base + path
      const results: PageFigures[] = []
      for (let i = 0; i < runs; i++) {
        // each run starts cold: Lighthouse clears the cache and storage of the origin before loading
        const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] })
        if (!result) throw new Error(`lighthouse returned nothing for ${url}`)
        results.push(figures(name, result.lhr as unknown as Lhr))
        if (process.env.WEB_BENCH_SAVE) writeFileSync(join(process.env.WEB_BENCH_SAVE, `${name.replace(/\W+/g, '-')}-${i}.json`), JSON.stringify(result.lhr))
      }
      results.sort((x, y) => x.performance - y.performance || y.lcpMs - x.lcpMs)
      const median = results[Math.floor(results.length / 2)]
      rows.push(median)
      console.log(`${name}: performance ${results.map((r) => r.performance).join(' / ')} (${url})`)
      if (process.env.WEB_BENCH_VERBOSE) console.table(median.scripts)
    }
    chrome.kill()
    chrome = null
    const browser = await launch()
    try {
      for (const { name, path } of WEB_PAGES) {
        const runsOf: TraceFigures[] = []
        for (let i = 0; i < runs; i++) runsOf.push(await traceFirstLoad(browser, base + path))
        runsOf.sort((x, y) => x.load.mainMs + x.boot.mainMs - (y.load.mainMs + y.boot.mainMs))
        traces.push({ page: name, figures: runsOf[Math.floor(runsOf.length / 2)] })
      }
    } finally {
      await browser.close()
    }
    if (process.env.WEB_BENCH_MINI !== '0') mini = await measureMiniFirstRender(base, runs)
  } finally {
    chrome?.kill()
    rmSync(profile, { recursive: true, force: true })
    if (product) {
      stopProduct(product.child)
      rmSync(product.dataDir, { recursive: true, force: true })
    }
  }

  console.log('\n=== H5 first load (Lighthouse mobile; median run) ===')
  console.table(
    Object.fromEntries(
      rows.map((r) => [
        r.page,
        {
          perf: r.performance,
          a11y: r.accessibility,
          'FCP ms': r.fcpMs,
          'LCP ms': r.lcpMs,
          'TBT ms': r.tbtMs,
          CLS: r.cls,
          'SI ms': r.siMs,
          'transfer KB': r.transferKB,
          requests: r.requests,
          'LCP element': r.lcpElement
        }
      ])
    )
  )
  console.log('\n=== main thread from a trace (4× CPU slowdown; ms; median run) ===')
  console.table(
    Object.fromEntries(
      traces.map(({ page, figures: { load, boot } }) => [
        page,
        {
          'load: main': load.mainMs,
          'load: scripts': load.scriptMs,
          'load: longest': load.longestMs,
          'load: blocking after FCP': load.blockingMs,
          'load: style': load.styleMs,
          'load: layout': load.layoutMs,
          'load: font service': `${load.fontMs} (${load.fontCalls} calls)`,
          'app start: main': boot.mainMs,
          'app start: scripts': boot.scriptMs,
          'app start: longest': boot.longestMs,
          'app start: blocking': boot.blockingMs,
          'focus → app shown': boot.handOverMs
        }
      ])
    )
  )
  if (mini) printMiniFirstRender(mini)
  for (const r of rows) {
    console.log(
      `${r.page}: performance ${r.performance}, accessibility ${r.accessibility}, LCP ${r.lcpMs} ms, TBT ${r.tbtMs} ms, CLS ${r.cls}, ` +
        `FCP ${r.fcpMs} ms, ${r.transferKB} KB transferred in ${r.requests} requests`
    )
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
