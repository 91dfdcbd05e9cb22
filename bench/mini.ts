import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { MiniHost, sleep } from '../mini-host/host'
import type { Platform } from '../mini-host/types'
import { ROOT, startProduct, stopProduct } from '../e2e/server'

/**
 * The mini-programs in the headless host (mini-host/), against the real BFF: the host's time to first render of
 * home (App.onLaunch → home's first setData rendered through the built templates), and setData calls per second while
 * a person types in search (5 characters a second) and scrolls the longest guide (onPageScroll at 60 Hz). WeChat's
 * guidance: ≤ 20 setData a second.
 */
export interface MiniBenchResult {
  platform: Platform
  firstRenderMs: { cold: number; warmP50: number }
  typingSetDataPerSec: number
  scrollingSetDataPerSec: number
}

const SEARCH = 'pages/search/index'
const GUIDE = 'packages/catalog/pages/guide/index'

async function benchPlatform(platform: Platform, apiBase: string): Promise<MiniBenchResult> {
  const host = new MiniHost({ platform, apiBase })
  try {
    await host.start()
    const cold = host.firstRenderMs
    const warm: number[] = []
    for (let i = 0; i < 5; i++) {
      await host.restart()
      warm.push(host.firstRenderMs)
    }
    warm.sort((a, b) => a - b)

    // typing in search, one character every 200 ms, then a second for the answers
    await host.open(`/${SEARCH}`)
    await host.waitFor('热门搜索')
    const field = await host.field('输入事项名称')
    const text = '看病的钱怎么报销'
    const t0 = Date.now()
    const before = host.setDataLog.length
    let typed = ''
    host.dispatch(field, 'focus', { value: '' }, false)
    for (const ch of text) {
      typed += ch
      host.dispatch(field, 'input', { value: typed, cursor: typed.length, keyCode: 0 }, false)
      await sleep(200)
    }
    await sleep(1000)
    const typing = host.setDataLog.slice(before).filter((r) => r.page === SEARCH).length / ((Date.now() - t0) / 1000)

    // scrolling the longest guide for two seconds
    await host.open(`/${GUIDE}?id=medical-reimbursement&region=331100`)
    await host.waitFor('适用范围')
    await host.settle(300)
    const s0 = Date.now()
    const sBefore = host.setDataLog.length
    for (let y = 0; Date.now() - s0 < 2000; y += 24) {
      host.scroll(y)
      await sleep(16)
    }
    await host.settle()
    const scrolling = host.setDataLog.slice(sBefore).filter((r) => r.page === GUIDE).length / ((Date.now() - s0) / 1000)
    if (host.errors.length) throw new Error(`${platform}: ${host.errors.join('\n')}`)
    return {
      platform,
      firstRenderMs: { cold, warmP50: warm[Math.floor(warm.length / 2)] },
      typingSetDataPerSec: Math.round(typing * 10) / 10,
      scrollingSetDataPerSec: Math.round(scrolling * 10) / 10
    }
  } finally {
    host.dispose()
  }
}

export async function runMiniBench(): Promise<MiniBenchResult[]> {
  const platforms = (['weapp', 'alipay'] as const).filter((p) => existsSync(join(ROOT, 'dist', p, 'app.json')))
  if (!platforms.length) {
    console.log('\n=== mini-programs: no dist/weapp or dist/alipay (npm run build:weapp / build:alipay) — skipped ===')
    return []
  }
  console.log(`\n=== mini-programs in the host: ${platforms.join(', ')} ===`)
  const bff = await startProduct({ SKIP_H5_BUILD: '1', LOG_LEVEL: 'error' })
  try {
    const out: MiniBenchResult[] = []
    for (const p of platforms) {
      const r = await benchPlatform(p, bff.url)
      console.log(
        `${p}: first render of home ${r.firstRenderMs.cold} ms cold, ${r.firstRenderMs.warmP50} ms p50 restarted; setData ${r.typingSetDataPerSec}/s typing in search, ${r.scrollingSetDataPerSec}/s scrolling a guide`
      )
      out.push(r)
    }
    return out
  } finally {
    stopProduct(bff.child)
  }
}

if (require.main === module) {
  runMiniBench().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
