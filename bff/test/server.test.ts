import { Writable } from 'node:stream'
import { rmSync } from 'node:fs'
import { ItemDetailSchema } from '../../contract/catalog'
import { buildApp } from '../src/app'
import { tempDir } from './helpers'

describe('the real server', () => {
  it('listens on a free port and answers over HTTP', async () => {
    const dataDir = tempDir()
    const app = await buildApp({ logger: false, dataDir, staticDir: `${dataDir}/none` })
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' })
      const health = await fetch(`${address}/healthz`)
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ status: 'ok' })
      const res = await fetch(`${address}/api/v1/items/offsite-care-filing?region=331100`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      expect(ItemDetailSchema.parse(await res.json()).region.name).toBe('丽水市')
      const bad = await fetch(`${address}/api/v1/items/offsite-care-filing?region=999999`)
      expect(bad.status).toBe(404)
      expect(await bad.json()).toMatchObject({ code: 'REGION_UNKNOWN' })
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('logs', () => {
  it('are JSON (pino) and redact identity numbers, phones, names and credentials', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split('\n').filter(Boolean))
        cb()
      }
    })
    const dataDir = tempDir()
    const app = await buildApp({ logger: { level: 'info', stream }, dataDir, staticDir: `${dataDir}/none` })
    try {
      app.log.info({ idNumber: '330102199001011234', phone: '13800001111', name: '张三' }, 'top level')
      app.log.info({ applicant: { idNumber: '330102199001011234', phone: '13800001111', name: '张三' } }, 'nested')
      app.log.info({ draft: { applicant: { name: '李四', contact: { phone: '13900002222' } } } }, 'deep')
      app.log.info({ req: { headers: { authorization: 'Bearer secret-token' } } }, 'headers')
      await app.inject({ url: '/api/v1/regions' })
      const all = lines.join('\n')
      expect(all).not.toMatch(/330102199001011234|13800001111|13900002222|张三|李四|secret-token/)
      const nested = JSON.parse(lines.find((l) => l.includes('"nested"'))!)
      expect(nested.applicant).toEqual({ idNumber: '[redacted]', phone: '[redacted]', name: '[redacted]' })
      // requests are logged
      expect(lines.some((l) => JSON.parse(l).req?.url === '/api/v1/regions')).toBe(true)
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
