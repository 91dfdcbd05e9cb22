import fp from 'fastify-plugin'
import { createEVoucherAdapter } from '../../adapters/evoucher'
import { createRecordAdapter } from '../../adapters/record'
import { EVoucherService, resolveTerminalKey } from '../../services/evoucher'
import { EVoucherUsageService } from '../../services/evoucher-usage'
import { TerminalRegistry } from '../../services/terminals'
import { catalogRegions, RecordService } from '../../services/record'

declare module 'fastify' {
  interface FastifyInstance {
    /** 医保电子凭证 */
    evoucher: EVoucherService
    /** 医保码使用记录 and 「不是我」 */
    evoucherUsage: EVoucherUsageService
    /** the counters' terminals: which terminal an X-Terminal-Key belongs to */
    terminals: TerminalRegistry
    /** the counters' terminal key (TERMINAL_KEY, a development file, or none in production) */
    terminal: { key: string | null; source: 'env' | 'dev-file' | 'none' }
    /** 医保云档案 and 参保证明 */
    record: RecordService
  }
}

/** The e-voucher and the personal record: every read about a person goes through family (PersonAccess). */
export const personPlugin = fp(
  async (app) => {
    const { config, db, clock, dataSharing, family } = app
    const regions = catalogRegions(app.catalog)
    const usage = new EVoucherUsageService({ db, access: family, complaints: app.complaints, dataSharing, now: clock })
    app.decorate('evoucherUsage', usage)
    app.decorate(
      'evoucher',
      new EVoucherService({
        db,
        adapter: createEVoucherAdapter('embedded', { db }),
        dataSharing,
        access: family,
        region: regions,
        now: clock,
        ttlSeconds: config.evoucherTtlSeconds,
        usage
      })
    )
    app.decorate(
      'record',
      new RecordService({
        adapter: createRecordAdapter('embedded', { dataSharing, region: regions }),
        access: family,
        certificates: app.certificates,
        region: regions,
        now: clock
      })
    )
    const terminal = resolveTerminalKey(config)
    if (terminal.source === 'none') app.log.warn('TERMINAL_KEY is not set: e-voucher decoding refuses every request')
    app.decorate('terminal', terminal)
    app.decorate('terminals', new TerminalRegistry({ db, configured: { key: terminal.key, terminal: config.terminalInfo }, now: clock }))
  },
  { name: 'yb-person', dependencies: ['yb-infrastructure', 'yb-catalog', 'yb-accounts', 'yb-cases', 'yb-evaluation'] }
)
