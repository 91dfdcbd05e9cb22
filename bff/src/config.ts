import { resolve } from 'node:path'
import { z } from 'zod'

/**
 * The BFF's configuration, read once from the environment and validated.
 * A bad value stops the start with a message that names the variable (see `ConfigError`).
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const EnvSchema = z.object({
  PORT: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('0.0.0.0'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  STATIC_DIR: z.string().min(1, 'must not be empty').default('./dist/h5'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** where the catalog comes from; only the embedded SQLite adapter exists so far */
  CATALOG_SOURCE: z.enum(['embedded']).default('embedded')
})

export interface Config {
  port: number
  host: string
  /** absolute */
  dataDir: string
  /** absolute */
  staticDir: string
  logLevel: (typeof LOG_LEVELS)[number]
  nodeEnv: 'development' | 'production' | 'test'
  catalogSource: 'embedded'
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment for the BFF (环境变量配置有误):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Empty strings count as unset, so `PORT= npm start` means the default, not an error. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of Object.keys(EnvSchema.shape)) {
    const v = env[key]
    if (v !== undefined && v.trim() !== '') out[key] = v.trim()
  }
  return out
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(withoutEmpty(env))
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? '?')
        return `${key}=${JSON.stringify(env[key] ?? '')}: ${i.message}`
      })
    )
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(cwd, e.DATA_DIR),
    staticDir: resolve(cwd, e.STATIC_DIR),
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    catalogSource: e.CATALOG_SOURCE
  }
}
