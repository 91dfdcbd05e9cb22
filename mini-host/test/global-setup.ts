import { staffAccountsFor } from '../../scripts/staff-client'
import { E2E_STAFF_TOKEN, startProduct } from '../../e2e/server'
import { receiptPhotos } from '../journeys/citizen'

/** The real BFF, started as a person starts it (`npm start`), on a free port with a fresh data folder. */
export default async function globalSetup(): Promise<void> {
  // the journeys need the API only: the H5 app is not built for them when it is missing
  const { url, child } = await startProduct({ SKIP_H5_BUILD: '1', LOG_LEVEL: 'warn' })
  process.env.MINI_BFF_URL = url
  ;(globalThis as Record<string, unknown>).__YB_MINI_BFF__ = child
  // the window staff of the journeys: a 科长 of 浙江省 (every case action), signed in with a personal account
  const { chief } = await staffAccountsFor(url, E2E_STAFF_TOKEN, [{ role: 'chief', name: '李芳', region: '330000' }])
  process.env.MINI_STAFF_BEARER = chief.token
  // the receipt photos of the journeys, made here once: the generator's pixel loops run 20–30 times slower in a test file's sandbox
  process.env.MINI_PHOTOS_DIR = (await receiptPhotos()).dir
}
