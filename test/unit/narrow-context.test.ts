import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

/**
 * A narrow context (issue 10, item 3): features reach storage through the repositories in
 * `ctx.stores` and never hold a Redis client or parse what Redis returns. Every folder of
 * src/ is a feature folder unless it is listed here as the infrastructure the features
 * stand on, so a new feature folder is checked without anyone remembering to add it.
 */
const NOT_FEATURES = new Set([
  'store', //     the repositories: the one place that talks to Redis for the features
  'queue', //     BullMQ shells
  'outbound', //  the paced queue, its ledger and counters
  'broadcast', // a host service the context builds (its store lives with it)
  'wiring', //    builds the context from the clients
  'sim', //       the simulated WeChat drives the whole app
  'wechat', //    the Wechaty adapter
  'images', //    QR reading in worker threads
  'config', //    the config contract and loading (parses YAML and JSON files)
  'core', //      pure logic
  'texts', //     interface texts
  'net', //       a loopback helper
  'pipeline', //  the message chain
  'metrics', //   the Prometheus registry, a leaf beside store
  'accounts', //  which account serves each room, account state (issue 11): a leaf beside store
  'http', //      the web console (issue 13): an edge like wechat, reads Redis itself (sessions, pacing keys, id sequences)
])

const SRC = resolve(__dirname, '../../src')

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** the source without comments (a comment may well say "Redis") */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bJSON\.parse\s*\(/, 'JSON.parse (read through a repository with a checked shape)'],
  [/from\s*['"]ioredis['"]/, 'imports ioredis'],
  [/from\s*['"](?:\.\.\/)+store\/redis['"]/, 'imports the Redis factory'],
  [/\bredisFactory\b/, 'uses a Redis factory'],
  [/\bnew\s+(?:IO)?Redis\s*\(/, 'opens a Redis connection'],
  [/\bredis\s*\.\s*\w+\s*\(/, 'calls a Redis client'],
  [/\.\s*(?:client|worker)\s*\(\s*\)/, 'takes a connection from a Redis factory'],
  [/import\s*\{[^}]*\bcreate\w*\b[^}]*\}\s*from\s*['"](?:\.\.\/)+store\//, 'builds a repository itself (take it from ctx.stores)'],
]

/** what a feature file does that it must not: one line per finding */
export function storageViolations(source: string): string[] {
  const body = code(source)
  return FORBIDDEN.flatMap(([re, what]) => (re.test(body) ? [what] : []))
}

describe('features reach storage only through the repositories', () => {
  // every plugin's folder (src/plugins/<name>/), and any other folder of src/ not listed above
  const folders = readdirSync(SRC, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !NOT_FEATURES.has(e.name))
    .flatMap((e) =>
      e.name === 'plugins'
        ? readdirSync(join(SRC, 'plugins'), { withFileTypes: true })
            .filter((p) => p.isDirectory())
            .map((p) => `plugins/${p.name}`)
        : [e.name],
    )

  it('knows the feature folders (a renamed or missing one would make the check below empty)', () => {
    expect(folders).toEqual(expect.arrayContaining(['plugins/rules', 'plugins/hq', 'plugins/schedules', 'plugins/analytics', 'plugins/announce']))
    expect(folders).not.toContain('plugins')
  })

  it('no feature file parses a Redis value or touches a Redis client', () => {
    const problems = folders
      .flatMap((f) => tsFiles(join(SRC, f)))
      .flatMap((path) => storageViolations(readFileSync(path, 'utf8')).map((what) => `${relative(SRC, path)}: ${what}`))
    expect(problems).toEqual([])
  })

  it('the context a feature gets holds no Redis client', () => {
    const contract = code(readFileSync(join(SRC, 'feature.ts'), 'utf8'))
    expect(contract).not.toMatch(/ioredis|RedisFactory|\bredis\s*:/)
    expect(contract).toMatch(/\bstores\s*:\s*Stores\b/)
  })

  it.each([
    ["const raw = await ctx.redis.get(k)\nconst v = JSON.parse(raw) as V", ['JSON.parse (read through a repository with a checked shape)', 'calls a Redis client']],
    ["import type { Redis } from 'ioredis'", ['imports ioredis']],
    ["import { createRedisFactory } from '../store/redis'", ['imports the Redis factory', 'builds a repository itself (take it from ctx.stores)']],
    ['const q = new IORedis(url)', ['opens a Redis connection']],
    ['const c = deps.redisFactory.client()', ['uses a Redis factory', 'takes a connection from a Redis factory']],
    ["import { createStrikes } from '../store/strikes'", ['builds a repository itself (take it from ctx.stores)']],
  ])('catches %j', (source, found) => {
    expect(storageViolations(source)).toEqual(found)
  })

  it.each([
    "import type { ModerationCase } from '../store/moderation-cases'",
    '// Redis keeps it: redis.get(key) and JSON.parse(raw) are the store\'s business',
    "if (!deps.config().redis.warnNoPersistence) return",
    'const q = await ctx.stores.questions.get(id)',
  ])('lets %j through', (source) => {
    expect(storageViolations(source)).toEqual([])
  })
})
