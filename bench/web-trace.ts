/**
 * The main-thread work of an H5 page from a Chrome trace (playwright-core + CDP, 4× CPU slowdown like Lighthouse's
 * mobile preset), in two phases:
 *  - `load`: from navigation until the page has been quiet for a second after `load` — what the first screen costs;
 *  - `boot`: the app's start over the prerendered page, from the first focus on the page (what the boot script of
 *    src/index.html waits for) until the shell has handed over — what a person's first action costs.
 * Times are the trace's own task durations (measured under the 4× slowdown, not simulated), so they move less with
 * the machine's load than Lighthouse's simulated TBT. Used by bench/web.ts.
 */
import type { Browser } from 'playwright-core'

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { url?: string }; beginData?: { url?: string } }
}

export interface PhaseFigures {
  /** all main-thread tasks */
  mainMs: number
  /** script evaluation, function calls and compilation inside them */
  scriptMs: number
  /** the longest task */
  longestMs: number
  /** Σ (task − 50 ms) over tasks longer than 50 ms (the load: after the first contentful paint, as TBT counts) */
  blockingMs: number
  /** style recalculation and layout inside the tasks (a prerendered page's first screen is mostly these) */
  styleMs: number
  layoutMs: number
  /** waiting for the browser's font service (font lookups by family name, fallback fonts for missing glyphs) */
  fontMs: number
  /** how many such calls (a count: it does not move with the machine's load) */
  fontCalls: number
}

export interface TraceFigures {
  load: PhaseFigures
  boot: PhaseFigures & { /** focus → shell gone */ handOverMs: number }
}

const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'v8.evaluateModule', 'TimerFire', 'FireAnimationFrame'])
const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask'])
/** the renderer's synchronous calls to the font service (trace category `fonts`) */
const FONT_CALLS = new Set(['FontDataManager::onMatchFamilyStyle', 'FontDataManager::onMakeFromStreamArgs', 'WebSandboxSupportLinux::GetFallbackFontForCharacter', 'FontServiceThread::makeTypeface'])

function phase(events: TraceEvent[], from: number, to: number, blockingFrom = from): PhaseFigures {
  const inside = events.filter((e) => e.ts >= from && e.ts < to)
  const taskEvents = inside.filter((e) => TASKS.has(e.name))
  const tasks = taskEvents.map((e) => (e.dur ?? 0) / 1000)
  const blocking = taskEvents.filter((e) => e.ts >= blockingFrom).map((e) => (e.dur ?? 0) / 1000)
  // script events nest (a timer calls a function that compiles): count only the outermost
  let scriptMs = 0
  let end = 0
  for (const e of inside.filter((x) => SCRIPT_EVENTS.has(x.name)).sort((a, b) => a.ts - b.ts)) {
    if (e.ts < end) continue
    scriptMs += (e.dur ?? 0) / 1000
    end = e.ts + (e.dur ?? 0)
  }
  const round = (n: number): number => Math.round(n)
  const total = (names: Set<string>): number => inside.filter((e) => names.has(e.name)).reduce((s, e) => s + (e.dur ?? 0) / 1000, 0)
  return {
    mainMs: round(tasks.reduce((s, d) => s + d, 0)),
    scriptMs: round(scriptMs),
    longestMs: round(Math.max(0, ...tasks)),
    blockingMs: round(blocking.reduce((s, d) => s + Math.max(0, d - 50), 0)),
    styleMs: round(total(new Set(['UpdateLayoutTree']))),
    layoutMs: round(total(new Set(['Layout']))),
    fontMs: round(total(FONT_CALLS)),
    fontCalls: inside.filter((e) => FONT_CALLS.has(e.name)).length
  }
}

/** Loads `url` in a fresh phone-sized context with the CPU slowed down 4×, then starts the app by a focus. */
export async function traceFirstLoad(browser: Browser, url: string): Promise<TraceFigures> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    const events: TraceEvent[] = []
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])))
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r))
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute,disabled-by-default-devtools.timeline,fonts', transferMode: 'ReportEvents' })
    const clock = async (): Promise<number> => (await page.evaluate(() => performance.timeOrigin + performance.now())) * 1000
    await page.goto(url, { waitUntil: 'load' })
    await page.waitForTimeout(1000)
    const bootAt = await clock()
    // the first thing a person does: focus lands on the page (the boot script starts the app)
    await page.evaluate(() => document.dispatchEvent(new FocusEvent('focusin')))
    await page.waitForFunction(() => !document.getElementById('yb-shell'), undefined, { timeout: 60_000 })
    const handedAt = await clock()
    await page.waitForTimeout(500)
    const endAt = await clock()
    await cdp.send('Tracing.end')
    await complete

    // the page's renderer main thread: the one that parsed the page's HTML
    const pids = new Set(events.filter((e) => e.name === 'ParseHTML' && (e.args?.beginData?.url ?? '').startsWith(url.slice(0, url.indexOf('/', 8)))).map((e) => e.pid))
    const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && pids.has(e.pid))
    if (!main) throw new Error(`no renderer main thread in the trace of ${url}`)
    const onMain = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid)
    // trace timestamps are monotonic µs; performance.timeOrigin is wall-clock ms: align on the navigation start
    const navStart = events.find((e) => e.name === 'navigationStart' && e.pid === main.pid)?.ts ?? Math.min(...onMain.map((e) => e.ts))
    const origin = (await page.evaluate(() => performance.timeOrigin)) * 1000
    const toTrace = (wallUs: number): number => navStart + (wallUs - origin)
    const fcp = events.find((e) => e.name === 'firstContentfulPaint' && e.pid === main.pid)?.ts ?? navStart
    return {
      load: phase(onMain, navStart, toTrace(bootAt), fcp),
      boot: { ...phase(onMain, toTrace(bootAt), toTrace(endAt)), handOverMs: Math.round((handedAt - bootAt) / 1000) }
    }
  } finally {
    await context.close()
  }
}
