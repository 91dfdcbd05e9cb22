import type { ChildProcess } from 'node:child_process'
import { stopProduct } from '../../e2e/server'

export default async function globalTeardown(): Promise<void> {
  stopProduct((globalThis as Record<string, unknown>).__YB_MINI_BFF__ as ChildProcess | undefined)
}
