/**
 * `npm run bench`: the foundation's speed figures, printed (not asserted).
 *  - search latency p50/p99 over the catalog replicated to 150 000 region-guide variants
 *  - requests per second of GET /api/v1/items/:id next to a bare Fastify route, in the same run (interleaved rounds)
 *  - submit latency p50/p99 (smart and manual items) and upload throughput (1 MP and 12 MP photos)
 *  - the mini-programs in the headless host: time to first render of home, setData calls/s typing and scrolling
 *  - the photo pre-check on 96 synthetic photos and 96 held-out ones: precision and recall per check, chromium time for a 12 MP photo
 *  - the BFF's start: `npm start` to listening with the search index read from its file and built, step by step, and
 *    the cost of one buildApp in a process that builds many (bench/start.ts)
 */
import { runSearchBench } from './search'
import { runHttpBench } from './http'
import { runApplyBench } from './apply'
import { runMiniBench } from './mini'
import { runPhotoCheckBench } from './photo-check'
import { runStartBench } from './start'

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${new Date().toISOString()}`)
  const search = await runSearchBench()
  const http = await runHttpBench()
  const apply = await runApplyBench()
  const mini = await runMiniBench()
  // prints its own table (precision/recall per check, chromium time for a 12 MP photo)
  await runPhotoCheckBench()
  const start = await runStartBench()
  console.log('\n=== summary ===')
  console.table({ search })
  const spread = (r: { median: number; min: number; max: number }): string => `${r.median} (${r.min}–${r.max})`
  console.log(
    `items/:id vs bare route ${http.bare.reqPerSec} req/s (${http.bare.cpuUsPerReq} µs CPU/req), median of ${http.rounds} rounds (spread): ` +
      `whole guide ${http.bff.reqPerSec} req/s, ratio ${spread(http.ratios.whole)}; brotli ${http.bffBrotli.reqPerSec} req/s, ratio ${spread(http.ratios.brotli)}; ` +
      `If-None-Match → 304 ${http.bff304.reqPerSec} req/s, ratio ${spread(http.ratios.revalidated)}; ` +
      `a bare route sending the same guide bytes ${http.bareGuide.reqPerSec} req/s, ratio ${spread(http.ratios.bareGuide)}, ` +
      `its brotli copy ${http.bareGuideBrotli.reqPerSec} req/s, ratio ${spread(http.ratios.bareGuideBrotli)}`
  )
  console.log(
    `submit smart p50 ${apply.submitSmart.p50ms} ms p99 ${apply.submitSmart.p99ms} ms; manual p50 ${apply.submitManual.p50ms} ms ` +
      `p99 ${apply.submitManual.p99ms} ms; 10 identical submits → ${apply.idempotent10.cases} case(s)`
  )
  console.log(
    `upload 1 MP (${apply.upload1mp.inKB} KB): p50 ${apply.upload1mp.p50ms} ms, ${apply.upload1mp.filesPerSec} files/s; ` +
      `12 MP (${apply.upload12mp.inKB} KB → ${apply.upload12mp.outKB} KB): p50 ${apply.upload12mp.p50ms} ms, ${apply.upload12mp.mbPerSec} MB/s in`
  )
  const p50 = (runs: Array<{ wallMs: number }>): number => [...runs.map((r) => r.wallMs)].sort((a, b) => a - b)[Math.floor(runs.length / 2)]
  console.log(
    `start (npm start → listening, p50 of ${start.runs}): index from its file ${p50(start.indexFromFile)} ms, index built ${p50(start.indexBuilt)} ms; ` +
      `buildApp in one process: first ${start.buildApp.first} ms, next ${start.buildApp.memoryP50} ms, index built each time ${start.buildApp.builtP50} ms`
  )
  for (const m of mini) {
    console.log(
      `${m.platform} (host): first render of home ${m.firstRenderMs.cold} ms cold / ${m.firstRenderMs.warmP50} ms restarted; ` +
        `setData ${m.typingSetDataPerSec}/s typing in search, ${m.scrollingSetDataPerSec}/s scrolling a guide (goal ≤ 20/s)`
    )
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
