/**
 * The deployment `npm run ads -- learn/check` works on, found as the bot finds it
 * (src/main.ts): `.env` and the environment, the config of QUNHQ_CONFIG (else
 * config/default.yaml, else the defaults), the Redis of REDIS_URL (else one on
 * 127.0.0.1:6379, else the bot's private redis-server while it runs, whose URL it leaves in
 * <QUNHQ_DATA_DIR>/redis/url), and the key prefix QUNHQ_PREFIX (default `qunhq`; wrapped
 * as a hash tag on a Redis Cluster, as the bot does).
 */
import { existsSync, readFileSync } from 'node:fs'
import { config as loadDotenv } from 'dotenv'
import type { Redis } from 'ioredis'
import pino from 'pino'
import { loadConfig, type LoadedConfig } from '../src/config/load-config'
import { embeddedUrlFile, ensureRedis } from '../src/store/embedded-redis'
import { createKeys, deploymentPrefix } from '../src/store/keys'
import { createLabelledTexts } from '../src/store/labelled-texts'
import { createLearnedModels } from '../src/store/learned-models'
import { createRedisFactory, DEFAULT_REDIS_URL, pingRedis } from '../src/store/redis'
import type { OnBadValue } from '../src/store/stored-json'

const readIfExists = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined)

/** The environment and config as `npm start` reads them (.env loaded first; throws ConfigError). */
export function readDeploymentConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  loadDotenv({ quiet: true, processEnv: env })
  return loadConfig(env, readIfExists)
}

export interface DeploymentStore {
  url: string
  prefix: string
  labelled: ReturnType<typeof createLabelledTexts>
  models: ReturnType<typeof createLearnedModels>
  redis: Redis
  close(): Promise<void>
}

/** Why no Redis was found, for the operator. */
export class NoRedisError extends Error {
  override readonly name = 'NoRedisError'
}

/**
 * The deployment's labelled store. `start`: when no Redis answers, start the bot's private
 * redis-server on its data directory, as `npm start` would (its data stays there for the bot);
 * otherwise a NoRedisError says where it looked.
 */
export async function openDeploymentStore(loaded: LoadedConfig, opts: { start: boolean; onBad: OnBadValue }): Promise<DeploymentStore> {
  const env = loaded.env
  const dataDir = env.QUNHQ_DATA_DIR ?? 'data'
  let url: string | undefined
  let stop = async () => {}
  if (env.REDIS_URL) {
    await pingRedis(env.REDIS_URL).catch((err: Error) => {
      throw new NoRedisError(`REDIS_URL does not answer (${err.message})`)
    })
    url = env.REDIS_URL
  } else if (await pingRedis(DEFAULT_REDIS_URL).then(() => true, () => false)) {
    url = DEFAULT_REDIS_URL
  } else {
    const running = readIfExists(embeddedUrlFile(dataDir))?.trim()
    if (running && (await pingRedis(running).then(() => true, () => false))) url = running
    else if (opts.start) {
      const endpoint = await ensureRedis({ url: undefined, dataDir, logger: pino({ level: 'silent' }) })
      url = endpoint.url
      stop = endpoint.stop
    } else {
      throw new NoRedisError(`no Redis answers (REDIS_URL is not set, nothing on ${DEFAULT_REDIS_URL}, no private redis-server of the bot running under ${dataDir}/redis)`)
    }
  }
  const factory = createRedisFactory(url)
  const redis = factory.client()
  const keys = createKeys(deploymentPrefix(env.QUNHQ_PREFIX ?? 'qunhq', factory.cluster))
  return {
    url,
    prefix: keys.prefix,
    labelled: createLabelledTexts(redis, keys, opts.onBad),
    models: createLearnedModels(redis, keys, opts.onBad),
    redis,
    async close() {
      await factory.closeAll()
      await stop()
    },
  }
}
