import * as web from 'node:stream/web'
import * as workers from 'node:worker_threads'

/**
 * Compile-time constants that Taro's webpack build defines (DefinePlugin) and that the Taro H5 runtime reads.
 * Under jest there is no Taro build, so they are set here before any module loads.
 */
const g = globalThis as Record<string, unknown>
for (const flag of [
  'ENABLE_INNER_HTML',
  'ENABLE_ADJACENT_HTML',
  'ENABLE_SIZE_APIS',
  'ENABLE_TEMPLATE_CONTENT',
  'ENABLE_CLONE_NODE',
  'ENABLE_CONTAINS',
  'ENABLE_MUTATION_OBSERVER'
]) {
  g[flag] = true
}
g.DEPRECATED_ADAPTER_COMPONENT = false
process.env.TARO_ENV = 'h5'
process.env.TARO_PLATFORM = 'web'
process.env.FRAMEWORK = 'react'

// Web streams and BroadcastChannel that msw 2 needs and jsdom does not provide (Node has them)
g.WritableStream ??= web.WritableStream
g.TransformStream ??= web.TransformStream
g.ReadableStream ??= web.ReadableStream
g.BroadcastChannel ??= workers.BroadcastChannel
