import type { FastifyServerOptions } from 'fastify'
import pino, { type DestinationStream } from 'pino'
import type { Config } from '../config'

/**
 * Log redaction: credentials, and personal data fields that later issues send (identity numbers, phones, names),
 * at any depth up to four levels.
 */
const PERSONAL_FIELDS = ['idNumber', 'phone', 'name']
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
  // sign-in secrets (001 §3.1.2): tokens anywhere, SMS codes in request bodies
  ...['accessToken', 'refreshToken', 'bindTicket', 'smsCode'].flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
  'body.code',
  '*.body.code'
]

/** Query parameters never logged as they are (GET /api/v1/dev/outbox?phone=…): personal data and secrets. */
const SECRET_QUERY_KEYS = new Set([...PERSONAL_FIELDS, 'code', 'token', 'accessToken', 'refreshToken', 'bindTicket'])

/** a 身份证号 anywhere in a text (GB 11643: 17 digits and a check character), not inside a longer number */
const ID_NUMBER_ANYWHERE = /(?<![0-9])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9])/g

/** Every 身份证号 in a text masked as the app shows it (331102********0025): for log lines, URLs, error messages. */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_NUMBER_ANYWHERE, (_m, head: string, _mid: string, tail: string) => `${head}${'*'.repeat(8)}${tail}`)
}

/**
 * A request URL for the logs: values of personal or secret query parameters replaced by [redacted], and any
 * 身份证号 left in the path or another parameter masked (percent-encoded ones too).
 */
export function redactUrl(url: string): string {
  let shown = url
  try {
    // an escaped 身份证号 (%33%33…) is shown decoded, so that it is masked too
    const decoded = decodeURI(url)
    if (maskIdNumbersIn(decoded) !== decoded) shown = decoded
  } catch {
    // a malformed escape: mask what is there
  }
  return maskIdNumbersIn(redactQuery(shown))
}

function redactQuery(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = new URLSearchParams(url.slice(q + 1))
  let changed = false
  for (const key of new Set(params.keys())) {
    if (SECRET_QUERY_KEYS.has(key)) {
      params.set(key, '[redacted]')
      changed = true
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url
}

export function loggerOptions(config: Config, logger: boolean | { level?: string; stream?: DestinationStream } | undefined): FastifyServerOptions['logger'] {
  if (logger === false) return false
  const custom = typeof logger === 'object' ? logger : {}
  return {
    level: custom.level ?? config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Fastify's request serializer, with the URL's personal query parameters redacted and 身份证号 masked; errors
    // (a route-not-found message repeats the URL) with 身份证号 masked in their message and stack
    serializers: {
      err: (err: Error) => {
        const out = pino.stdSerializers.err(err)
        return { ...out, message: maskIdNumbersIn(out.message ?? ''), stack: maskIdNumbersIn(out.stack ?? '') }
      },
      req: (req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: req.method,
        url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort
      })
    },
    ...(custom.stream ? { stream: custom.stream } : {})
  }
}
