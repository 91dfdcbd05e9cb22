import type { ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { stopProduct } from './server'

export default async function globalTeardown(): Promise<void> {
  stopProduct((globalThis as Record<string, unknown>).__YB_SERVER__ as ChildProcess | undefined)
  if (process.env.E2E_PHOTOS) rmSync(process.env.E2E_PHOTOS, { recursive: true, force: true })
}
