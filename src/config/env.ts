import { isIP } from 'node:net'
import { z } from 'zod'

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

/** One entry of HTTP_TRUST_PROXY: an address, a CIDR, or a named range of proxy-addr (Fastify's `trustProxy`). */
function proxyEntry(p: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(p)) return true
  const [ip, bits, ...rest] = p.split('/')
  const family = isIP(ip ?? '')
  if (!family || rest.length) return false
  if (bits === undefined) return true
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)
}

/** Deployment facts and secrets, from `.env` / the process environment. Unknown variables are ignored. */
export const envSchema = z.object({
  WECHATY_PUPPET: optional,
  WECHATY_PUPPET_SERVICE_TOKEN: optional,
  WECHATY_PUPPET_SERVICE_ENDPOINT: optional,
  /** `true` for a gateway on your own machine or network that serves without TLS */
  WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: optional.pipe(z.enum(['true', 'false']).optional()),
  /** names this account's outbound queue; one paced queue per account */
  QUNHQ_ACCOUNT: optional.pipe(z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').optional()),
  /** several accounts in one process (issue 23): their ids, comma-separated (each one of accounts.list when it is set) */
  QUNHQ_ACCOUNTS: optional.pipe(z.string().regex(/^[A-Za-z0-9_-]+(\s*,\s*[A-Za-z0-9_-]+)*$/, 'account ids (letters, digits, _ and -), comma-separated').optional()),
  /** with several accounts: a file (outside the repo, mode 600) of `account=token` lines, one puppet token per account */
  QUNHQ_TOKENS_FILE: optional,
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
  /** `Authorization: Bearer` admin access to the console; guessable when short, so refused under 32 characters */
  ADMIN_TOKEN: optional.pipe(z.string().min(32, 'too short: at least 32 characters (e.g. openssl rand -hex 32)').optional()),
  LOG_LEVEL: optional.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  /** `true`: wait as a standby while another process holds this account, and take over when it goes (same as `--standby`) */
  QUNHQ_STANDBY: optional.pipe(z.enum(['true', 'false']).optional()),
  HTTP_PORT: optional.pipe(z.string().regex(/^\d+$/, "expected a port number").transform(Number).pipe(z.number().int().min(1).max(65535)).optional()),
  /** the address the console binds (default 127.0.0.1); 0.0.0.0 behind a reverse proxy (docs/console.md) */
  HTTP_HOST: optional.pipe(z.string().refine((h) => isIP(h) !== 0 || HOST_NAME.test(h), 'expected an IP address (127.0.0.1, 0.0.0.0, ::) or a host name').optional()),
  /** the reverse proxies whose X-Forwarded-For is believed: addresses or CIDRs, comma-separated (unset: none) */
  HTTP_TRUST_PROXY: optional.pipe(
    z
      .string()
      .refine((v) => v.split(',').every((p) => proxyEntry(p.trim())), 'expected addresses or CIDRs, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8), or loopback / linklocal / uniquelocal')
      .optional(),
  ),
})

export type Env = z.infer<typeof envSchema>

/** Environment keys whose values never reach a log line. */
export const SECRET_ENV_KEYS = ['WECHATY_PUPPET_SERVICE_TOKEN', 'ADMIN_TOKEN', 'REDIS_URL'] as const
