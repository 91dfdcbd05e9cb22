import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { staffAccountsFor } from '../scripts/staff-client'
import { E2E_STAFF_TOKEN, startProduct } from './server'
import { writePaperPhotos } from './steps'

export default async function globalSetup(): Promise<void> {
  const [{ url, child, dataDir }, photos] = await Promise.all([startProduct(), writePaperPhotos()])
  process.env.E2E_PHOTOS = photos
  process.env.E2E_BASE_URL = url
  // the development terminal key `npm start` made (a counter's scanner on this machine decodes e-voucher codes)
  process.env.E2E_TERMINAL_KEY = readFileSync(join(dataDir, 'terminal-key.dev'), 'utf8').trim()
  ;(globalThis as Record<string, unknown>).__YB_SERVER__ = child
  // the staff API drives 补正 and 办结 in the journeys: a 科长 of 浙江省 (every case action), signed in as a person
  const { chief, admin } = await staffAccountsFor(url, E2E_STAFF_TOKEN, [{ role: 'chief', name: '李芳', region: '330000' }])
  process.env.E2E_STAFF_BEARER = chief.token
  process.env.E2E_STAFF_CREDENTIALS = JSON.stringify({ username: chief.username, password: chief.password, secret: chief.secret })
  process.env.E2E_ADMIN_CREDENTIALS = JSON.stringify({ username: admin.username, password: admin.password, secret: admin.secret })
}
