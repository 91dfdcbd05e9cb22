/**
 * `npm run bench`: the foundation's speed figures, printed (not asserted).
 *  - search latency p50/p99 over the catalog replicated to 150 000 region-guide variants
 *  - requests per second of GET /api/v1/items/:id next to a bare Fastify route, in the same run
 */
import { runSearchBench } from './search'
import { runHttpBench } from './http'

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${new Date().toISOString()}`)
  const search = await runSearchBench()
  const http = await runHttpBench()
  console.log('\n=== summary ===')
  console.table({ search })
  console.log(
    `items/:id ${http.bff.reqPerSec} req/s (p99 ${http.bff.p99ms} ms) vs bare route ${http.bare.reqPerSec} req/s ` +
      `(p99 ${http.bare.p99ms} ms): ratio ${http.ratio}`
  )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
