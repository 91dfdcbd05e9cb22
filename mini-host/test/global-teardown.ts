import type { ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { stopProduct } from '../../e2e/server'

export default async function globalTeardown(): Promise<void> {
  stopProduct((globalThis as Record<string, unknown>).__YB_MINI_BFF__ as ChildProcess | undefined)
  if (process.env.MINI_PHOTOS_DIR) rmSync(process.env.MINI_PHOTOS_DIR, { recursive: true, force: true })
}
