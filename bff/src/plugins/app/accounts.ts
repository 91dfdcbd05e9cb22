import fp from 'fastify-plugin'
import { EmbeddedIdentityAdapter } from '../../adapters/identity/embedded'
import { HttpIdentityAdapter } from '../../adapters/identity/http'
import type { IdentityAdapter } from '../../adapters/identity/types'
import { createPlatformLogin } from '../../adapters/platform'
import { EmbeddedSmsAdapter } from '../../adapters/sms/embedded'
import { HttpSmsAdapter } from '../../adapters/sms/http'
import type { SmsAdapter } from '../../adapters/sms/types'
import { AuthService } from '../../services/auth'
import { FamilyService } from '../../services/family'
import { NotificationService } from '../../services/notifications'
import { registerAuth } from '../auth'

/** how often any instance sends merged case SMS left behind (each instance sends its own on time) */
const SMS_DIGEST_SWEEP_MS = 60_000

declare module 'fastify' {
  interface FastifyInstance {
    /** sign-in, sessions and real-name (001 §3.1.2) */
    auth: AuthService
    sms: SmsAdapter
    identity: IdentityAdapter
    /** the citizen's messages and the merged case SMS */
    notifications: NotificationService
    /** family members, proxies and grants: who may act for whom */
    family: FamilyService
  }
}

/** Citizens' accounts: SMS, 实名认证, sessions (and the request's user), messages, family members and grants. */
export const accountsPlugin = fp(
  async (app) => {
    const { config, db, clock } = app
    const sms: SmsAdapter = config.sms.adapter === 'http' ? new HttpSmsAdapter(config.sms) : new EmbeddedSmsAdapter(db)
    const embeddedIdentity = new EmbeddedIdentityAdapter()
    const identity: IdentityAdapter = config.identity.adapter === 'http' ? new HttpIdentityAdapter(config.identity) : embeddedIdentity
    const auth = await AuthService.create({
      db,
      sms,
      identity,
      platformLogin: createPlatformLogin(config.platformLogin, embeddedIdentity),
      now: clock,
      tokenSecret: config.tokenSecret,
      smsPhoneDailyLimit: config.smsPhoneDailyLimit,
      smsIpHourlyLimit: config.smsIpHourlyLimit,
      log: app.log
    })
    registerAuth(app, auth)
    const phoneOf = db.prepare<[string], { phone: string }>('SELECT phone FROM users WHERE id = ?')
    const notifications = new NotificationService(
      db,
      {
        phoneOf: async (userId) => (await phoneOf.get(userId))?.phone ?? null,
        sendSms: (phone, text) => sms.send({ phone, text }, clock()),
        warn: (msg, err) => app.log.warn({ err }, msg)
      },
      clock
    )
    // merged case SMS: each instance sends its own on time; this sends what a stopped instance left behind
    app.addHook('onClose', async () => {
      notifications.stop()
    })
    app.scheduler.every({ name: 'sms-digest', periodMs: SMS_DIGEST_SWEEP_MS, run: () => notifications.flushDue() })
    app.decorate('auth', auth)
    app.decorate('sms', sms)
    app.decorate('identity', identity)
    app.decorate('notifications', notifications)
    app.decorate('family', new FamilyService({ db, identity, dataSharing: app.dataSharing, notifications, now: clock }))
  },
  { name: 'yb-accounts', dependencies: ['yb-infrastructure'] }
)
