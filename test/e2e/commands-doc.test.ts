import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseConfigObject } from '../../src/config/load-config'
import type { CommandSpec } from '../../src/core/commands/command-spec'
import { defaultPlugins } from '../../src/plugins'
import { buildWorld } from '../../src/sim/build-world'
import { startSimBot, type SimBot } from '../../src/sim/sim-bot'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { hqCommands } from '../helpers/hq-commands'
import { capturedLogger } from '../helpers/private-redis'
import { REDIS_URL } from '../helpers/scenario'

/** `| \`#广播\` | \`/broadcast\` | …`: the rows of the command table in docs/commands.md */
function documentedCommands(): { word: string; alias: string }[] {
  const text = readFileSync(join(__dirname, '../../docs/commands.md'), 'utf8')
  return [...text.matchAll(/^\| `#([^`\s]+)` \| `\/([a-z]+)` \|/gm)].map((m) => ({ word: m[1] ?? '', alias: m[2] ?? '' }))
}

describe('docs/commands.md and the commands a running bot registered', () => {
  const prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
  let bot: SimBot | undefined
  afterAll(async () => {
    await bot?.stop()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('every registered command is documented, and every documented command is registered', async () => {
    const world = buildWorld({
      bot: { id: 'wxid_bot', name: '群助手' },
      contacts: [],
      rooms: [{ id: 'hq@chatroom', topic: '运营总部', members: ['wxid_op1'], admins: [], aliases: {} }],
      generate: [],
    })
    const config = parseConfigObject({ hq: { rooms: ['hq@chatroom'] }, roles: { operator: ['wxid_op1'] } })
    const { logger } = capturedLogger('warn')
    bot = await startSimBot({ world, config: () => config, redisUrl: REDIS_URL, prefix, logger, plugins: defaultPlugins() })
    const registered = bot.app.ctx.commands
      .list()
      .map((c) => ({ word: c.name, alias: c.alias }))
      .sort((a, b) => a.alias.localeCompare(b.alias))
    const documented = documentedCommands().sort((a, b) => a.alias.localeCompare(b.alias))
    expect(documented.length).toBeGreaterThan(20)
    expect(registered).toEqual(documented)
    // the parser tests' list (test/helpers/hq-commands.ts) is what the bot registers, roles included
    const shape = (list: readonly CommandSpec[]) =>
      [...list].sort((a, b) => a.alias.localeCompare(b.alias)).map((c) => [c.name, c.alias, c.role, c.leaderInOwnGroup ?? false])
    expect(shape(bot.app.ctx.commands.list())).toEqual(shape(hqCommands))
  })
})
