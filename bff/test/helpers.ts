import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp, type BuildOptions } from '../src/app'

/** A fresh temporary data folder; removed by `cleanup()`. */
export function tempDir(prefix = 'yb-bff-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** An app on a fresh temp data folder, no logs, no H5 build (STATIC_DIR points at a folder that does not exist). */
export async function testApp(opts: BuildOptions = {}): Promise<{ app: FastifyInstance; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = opts.dataDir ?? tempDir()
  const app = await buildApp({ logger: false, staticDir: join(dataDir, 'no-h5-build'), ...opts, dataDir })
  return {
    app,
    dataDir,
    cleanup: async () => {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export async function get(app: FastifyInstance, url: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url })
}

export const enc = encodeURIComponent
