import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/**
 * Layers that only point down (issue 10, item 5). Each folder of src/ (or top-level file)
 * has a rank; a file may import its own folder and any folder of a LOWER rank. Folders of
 * the same rank are peers and import nothing from each other (plugins that need one
 * another's work get it through a service: `inject` / `provide`, src/plugin.ts). Each folder
 * under src/plugins/ is a room of its own at the plugins' rank; src/plugins/index.ts, the
 * list, stands above them. `import type` counts too: a type still ties one room's shape to
 * another's.
 */
const RANKS: Record<string, number> = {
  texts: 0, //      every text a member or operator reads (interface texts, not chat messages): a leaf, imports nothing of ours
  net: 0, //        free-port: a loopback helper, node only
  'logger.ts': 0, // pino set-up
  config: 1, //     the config contract (zod schema, loading); rules read its shapes
  core: 2, //       pure logic: rules, parsing, time windows (no clock, no I/O)
  store: 3, //      Redis keys and repositories
  metrics: 3, //    the Prometheus registry: imports nothing of ours, so any layer above may record
  queue: 4, //      BullMQ shells: control queue, worker closing, job ids, schedulers
  accounts: 4, //   several accounts (issue 11): who serves each room, pacing per account, in Redis
  outbound: 5, //   the paced queue per account: every action the bot takes
  wechat: 6, //     the only code that touches Wechaty (performs outbound actions)
  images: 6, //     QR reading in worker threads: an edge like wechat
  media: 6, //      the media library (config media): items and the outbound action that sends one
  broadcast: 7, //  broadcasts a host service (ctx.broadcasts) that HQ and analytics use
  'feature.ts': 8, // the context every plugin stands on (AppContext, MessageContext)
  'plugin.ts': 8.5, // the plugin shape ({ name, Config, inject, provide, apply }), its context, the services: on top of feature.ts
  // every folder under src/plugins/ is a plugin at rank 9 (PLUGIN_RANK): peers, none imports another
  'plugins/index.ts': 10, // the one list of plugins
  pipeline: 10, //  the message chain: its order, the error boundary, a message's context
  http: 11, //      the web console: an edge like wechat, reading stores and broadcasts through the app context
  wiring: 11, //    the pieces of one bot app.ts puts together (context, handlers, Redis watch)
  'app.ts': 12, //  wiring of one bot
  sim: 13, //       the simulated WeChat drives the whole app
  'main.ts': 14, // the process: config, signals, the real bot
}

/** the plugins' rank: every folder under src/plugins/ has it */
const PLUGIN_RANK = 9
/** plugin folders outside src/plugins/: none (every plugin lives in src/plugins/<name>/) */
const PLUGIN_FOLDERS: string[] = []

const SRC = resolve(__dirname, '../../src')

/** a room's rank: its own, or the plugins' for a folder under src/plugins/ */
function rankOf(room: string, ranks: Record<string, number>): number | undefined {
  return ranks[room] ?? (/^plugins\/[^/]+$/.test(room) && !room.endsWith('.ts') ? PLUGIN_RANK : undefined)
}

/** whether a room is one plugin's folder */
const isPluginFolder = (room: string) => PLUGIN_FOLDERS.includes(room) || (/^plugins\/[^/]+$/.test(room) && !room.endsWith('.ts'))

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/**
 * The room of a path under src/: its first folder, or the file itself at the top (`./app` →
 * `app.ts`); under src/plugins/, the plugin's folder (`plugins/announce`) or the file
 * (`plugins/index.ts`).
 */
function roomOf(path: string): string {
  const [first = '', ...rest] = relative(SRC, path).split(/[\\/]/)
  if (first === 'plugins' && !rest.length) return 'plugins/index.ts'
  if (first === 'plugins') {
    const [second = '', ...more] = rest
    if (more.length || second.endsWith('.ts') || existsSync(join(SRC, first, second))) return `plugins/${second}`
    return `plugins/${second}.ts`
  }
  if (rest.length || first.endsWith('.ts') || existsSync(join(SRC, first))) return first
  return `${first}.ts`
}

/** relative specifiers of static imports, re-exports and dynamic imports (type-only too) */
export function relativeImports(source: string): string[] {
  const found: string[] = []
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g
  for (const m of source.matchAll(re)) if (m[1]) found.push(m[1])
  return found
}

/** every `file → import` that points from a lower room to a higher one or a peer */
export function upwardImports(files: { path: string; source: string }[], ranks: Record<string, number>): string[] {
  const problems: string[] = []
  for (const { path, source } of files) {
    const from = roomOf(path)
    for (const spec of relativeImports(source)) {
      const to = roomOf(resolve(dirname(path), spec))
      if (to === from) continue
      const a = rankOf(from, ranks)
      const b = rankOf(to, ranks)
      if (a === undefined || b === undefined) problems.push(`${relative(SRC, path)} → ${spec} (no rank for ${a === undefined ? from : to})`)
      else if (b >= a) problems.push(`${relative(SRC, path)} → ${spec}`)
    }
  }
  return problems
}

/** every `file → import` from one plugin's folder into another's */
export function pluginImports(files: { path: string; source: string }[]): string[] {
  const problems: string[] = []
  for (const { path, source } of files) {
    const from = roomOf(path)
    if (!isPluginFolder(from)) continue
    for (const spec of relativeImports(source)) {
      const to = roomOf(resolve(dirname(path), spec))
      if (to !== from && isPluginFolder(to)) problems.push(`${relative(SRC, path)} → ${spec}`)
    }
  }
  return problems
}

/** every import cycle among `files` (file paths relative to src/), type-only imports included */
export function importCycles(files: { path: string; source: string }[]): string[][] {
  const known = new Set(files.map((f) => f.path))
  const target = (from: string, spec: string) => {
    const base = resolve(dirname(from), spec)
    return [base, `${base}.ts`, join(base, 'index.ts')].find((c) => known.has(c))
  }
  const edges = new Map(files.map((f) => [f.path, relativeImports(f.source).flatMap((spec) => target(f.path, spec) ?? [])]))
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string) => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((x) => relative(SRC, x)))
      else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const f of files) if (!state.has(f.path)) visit(f.path)
  return cycles
}

describe('layers only point down', () => {
  const files = tsFiles(SRC).map((path) => ({ path, source: readFileSync(path, 'utf8') }))

  it('every import in src/ points to a lower layer', () => {
    expect(files.length).toBeGreaterThan(100)
    expect(upwardImports(files, RANKS)).toEqual([])
  })

  it('every folder of src/ has a rank', () => {
    const rooms = new Set(files.map((f) => roomOf(f.path)))
    expect([...rooms].filter((r) => rankOf(r, RANKS) === undefined)).toEqual([])
  })

  it('a plugin’s folder imports no other plugin’s folder: one plugin uses another only through a service it injects', () => {
    expect(pluginImports(files)).toEqual([])
    const f = (path: string, source: string) => ({ path: join(SRC, path), source })
    expect(
      pluginImports([
        f('plugins/announce/index.ts', "import { hqPlugin } from '../hq'\nimport { x } from './texts'"),
        f('plugins/announce/texts.ts', "import type { Plugin } from '../../plugin'"),
        f('plugins/rules/a.ts', "import type { Y } from '../voice/check'"),
        f('plugins/index.ts', "import { announcePlugin } from './announce'"),
      ]),
    ).toEqual(['plugins/announce/index.ts → ../hq', 'plugins/rules/a.ts → ../voice/check'])
  })

  it('finds an upward import, a peer import and a type-only one', () => {
    const f = (path: string, source: string) => ({ path: join(SRC, path), source })
    expect(
      upwardImports(
        [
          f('store/a.ts', "import { freePort } from '../sim/free-port'"),
          f('plugins/rules/b.ts', "import type { CommandCall } from '../hq/command-registry'"),
          f('texts/c.ts', "export { x } from '../core/y'"),
          f('core/d.ts', "import { t } from '../texts'\nimport type { C } from '../config/schema'"),
          f('app.ts', "const m = await import('./store/keys')"),
        ],
        RANKS,
      ),
    ).toEqual(['store/a.ts → ../sim/free-port', 'plugins/rules/b.ts → ../hq/command-registry', 'texts/c.ts → ../core/y'])
  })

  it('no import cycle anywhere in src/, type-only imports included', () => {
    expect(importCycles(files)).toEqual([])
    const f = (path: string, source: string) => ({ path: join(SRC, path), source })
    expect(importCycles([f('config/a.ts', "import type { B } from './b'"), f('config/b.ts', "import { a } from './a'"), f('config/c.ts', "import { a } from './a'")])).toEqual([
      ['config/a.ts', 'config/b.ts', 'config/a.ts'],
    ])
  })
})
