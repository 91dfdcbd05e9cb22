import { startProduct } from './server'

export default async function globalSetup(): Promise<void> {
  const { url, child } = await startProduct()
  process.env.E2E_BASE_URL = url
  ;(globalThis as Record<string, unknown>).__YB_SERVER__ = child
}
