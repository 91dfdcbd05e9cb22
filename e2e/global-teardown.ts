import type { ChildProcess } from 'node:child_process'
import { stopProduct } from './server'

export default async function globalTeardown(): Promise<void> {
  stopProduct((globalThis as Record<string, unknown>).__YB_SERVER__ as ChildProcess | undefined)
}
