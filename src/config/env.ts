import { z } from 'zod'

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

/** Deployment facts and secrets, from `.env` / the process environment. Unknown variables are ignored. */
export const envSchema = z.object({
  WECHATY_PUPPET: optional,
  WECHATY_PUPPET_SERVICE_TOKEN: optional,
  WECHATY_PUPPET_SERVICE_ENDPOINT: optional,
  /** `true` for a gateway on your own machine or network that serves without TLS */
  WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: optional.pipe(z.enum(['true', 'false']).optional()),
  /** names this account's outbound queue; one paced queue per account */
  QUNHQ_ACCOUNT: optional.pipe(z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').optional()),
  /** one Redis (`redis://host:port`) or a Redis Cluster (a comma-separated list, or `redis+cluster://h:p,h:p`): store/redis-target.ts */
  REDIS_URL: optional.pipe(
    z
      .string()
      .regex(
        /^(rediss?:\/\/[^,]+(,\s*rediss?:\/\/[^,]+)*|rediss?\+cluster:\/\/.+)$/,
        'expected redis://host:port, rediss://…, a comma-separated list of them (a Redis Cluster) or redis+cluster://host:port,host:port',
      )
      .optional(),
  ),
  QUNHQ_CONFIG: optional,
  QUNHQ_PREFIX: optional.pipe(z.string().regex(/^[A-Za-z0-9_{}-]+$/, 'letters, digits, _ - { } only').optional()),
  QUNHQ_DATA_DIR: optional,
  ADMIN_TOKEN: optional,
  LOG_LEVEL: optional.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  /** `true`: wait as a standby while another process holds this account, and take over when it goes (same as `--standby`) */
  QUNHQ_STANDBY: optional.pipe(z.enum(['true', 'false']).optional()),
  HTTP_PORT: optional.pipe(z.string().regex(/^\d+$/, "expected a port number").transform(Number).pipe(z.number().int().min(1).max(65535)).optional()),
})

export type Env = z.infer<typeof envSchema>

/** Environment keys whose values never reach a log line. */
export const SECRET_ENV_KEYS = ['WECHATY_PUPPET_SERVICE_TOKEN', 'ADMIN_TOKEN', 'REDIS_URL'] as const
