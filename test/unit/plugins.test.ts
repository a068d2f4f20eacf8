import { z } from 'zod'
import { ConfigError, parseConfigObject } from '../../src/config/load-config'
import { PLUGIN_SECTIONS } from '../../src/config/schema'
import { defaultPlugins } from '../../src/plugins'
import { definePlugin, type Plugin } from '../../src/plugin'
import { applyOrder, createPluginHost } from '../../src/wiring/plugin-host'
import { inboundMessage } from '../helpers/inbound-message'
import { pipelineContext } from '../helpers/pipeline'
import { capturedLogger } from '../helpers/private-redis'
import { helpCommand } from '../../src/plugins/hq/help-command'
import { pointsCommand } from '../../src/plugins/analytics/report-commands'

const problemsOf = (raw: unknown): string[] => {
  try {
    parseConfigObject(raw)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

describe('each plugin owns its section of the YAML', () => {
  it('a plugin’s Config is the section of its name; every section has its plugin', () => {
    const sections: Record<string, unknown> = PLUGIN_SECTIONS
    const owners = defaultPlugins().filter((p) => p.Config)
    for (const p of owners) expect([p.name, sections[p.name] === p.Config]).toEqual([p.name, true])
    expect(owners.map((p) => p.name).sort()).toEqual(Object.keys(PLUGIN_SECTIONS).sort())
  })

  it.each([
    [{ rules: { ads: { adAt: 2 } } }, /^rules\.ads\.adAt: /],
    [{ rules: { ads: { threshold: 0.5 } } }, /^rules\.ads: unknown key\(s\): threshold$/],
    [{ questions: { batchMs: -1 } }, /^questions\.batchMs: /],
    [{ questions: { patterns: ['(a+)+$'] } }, /^questions\.patterns\[0\]: /],
    [{ analytics: { points: { message: 'one' } } }, /^analytics\.points\.message: /],
    [{ schedules: [{ id: 'a b', when: '每天9:00', target: '群:x', text: 'hi' }] }, /^schedules\[0\]\.id: /],
    [{ entry: { roomCapacity: 501 } }, /^entry\.roomCapacity: /],
    [{ groups: { list: [{ room: 'r@chatroom', rules: { flood: { messages: 0 } } }] } }, /^groups\.list\[0\]\.rules\.flood\.messages: /],
  ])('a bad key in a plugin’s section is named by its full path (%j)', (raw, path) => {
    const problems = problemsOf(raw)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(path)
  })
})

describe('the plugin host', () => {
  const setup = () => {
    const { logger } = capturedLogger('silent')
    return pipelineContext({ config: parseConfigObject({ hq: { rooms: ['hq@chatroom'] } }), logger })
  }
  const message = (text: string) => inboundMessage({ roomId: 'g1@chatroom', fromId: 'wxid_a', text })

  it('refuses a middleware outside MESSAGE_ORDER, and undoes what the plugin registered before it', async () => {
    const { ctx } = setup()
    const stray = definePlugin({
      name: 'stray',
      apply(pctx) {
        pctx.command(helpCommand, async () => undefined)
        pctx.middleware(async (_c, next) => next())
      },
    })
    const host = createPluginHost(ctx, [stray])
    await expect(host.start()).rejects.toThrow(/stray.*MESSAGE_ORDER/)
    expect(ctx.commands.get('help')).toBeUndefined()
    expect(host.names()).toEqual([])
  })

  it('refuses a Config that is not the section of the plugin’s name', async () => {
    const { ctx } = setup()
    const host = createPluginHost(ctx, [definePlugin({ name: 'rules', Config: z.object({}), apply: () => undefined })])
    await expect(host.start()).rejects.toThrow(/rules: its Config is not the config section "rules"/)
  })

  it('hears events in the list’s order, also after a plugin is unloaded and applied again; a veto goes with its plugin', async () => {
    const { ctx } = setup()
    const heard: string[] = []
    const listener = (name: string, veto = false): Plugin =>
      definePlugin({
        name,
        apply(pctx) {
          pctx.on('join', async (e) => void heard.push(`${name}:${e.roomId}`))
          pctx.on('stop', async () => void heard.push(`${name}:stop`))
          if (veto) pctx.on('shouldSend', async () => false)
        },
      })
    const host = createPluginHost(ctx, [listener('a'), listener('b', true), listener('c')])
    await host.start()
    const join = { roomId: 'g1@chatroom', memberIds: ['wxid_b'], inviterId: 'wxid_a', at: 0 }
    await host.emit('join', join)
    expect(await host.shouldSend({} as never)).toBe(false)
    await host.unload('b')
    expect(heard).toEqual(['a:g1@chatroom', 'b:g1@chatroom', 'c:g1@chatroom', 'b:stop'])
    expect(await host.shouldSend({} as never)).toBe(true)
    heard.length = 0
    await host.emit('join', join)
    expect(heard).toEqual(['a:g1@chatroom', 'c:g1@chatroom'])
    await host.apply(listener('b'))
    heard.length = 0
    await host.emit('join', join)
    await host.stop()
    expect(heard).toEqual(['a:g1@chatroom', 'b:g1@chatroom', 'c:g1@chatroom', 'c:stop', 'b:stop', 'a:stop'])
    expect(host.names()).toEqual([])
  })

  it('a plugin’s middleware and commands come and go with it', async () => {
    const { ctx } = setup()
    const seen: string[] = []
    const analytics = definePlugin({
      name: 'analytics',
      apply(app) {
        app.commands.register(pointsCommand, async () => undefined)
        app.middleware(async (c, next) => {
          seen.push(c.message.text)
          await next()
        })
      },
    })
    const host = createPluginHost(ctx, [analytics])
    await host.start()
    await host.deliver(message('one'))
    expect(ctx.commands.get('points')).toBeDefined()
    await host.unload('analytics')
    await host.deliver(message('two'))
    expect(seen).toEqual(['one'])
    expect(ctx.commands.get('points')).toBeUndefined()
  })

  it('applies a service’s provider before the plugins that inject it; events still follow the list', async () => {
    const { ctx } = setup()
    const trace: string[] = []
    const user = definePlugin({
      name: 'user',
      inject: ['nicknameAudit'],
      async apply(pctx) {
        trace.push(`apply user: ${(await pctx.service('nicknameAudit')('g1@chatroom'))?.text}`)
        pctx.on('join', async () => void trace.push('join user'))
      },
    })
    const provider = definePlugin({
      name: 'provider',
      provide: ['nicknameAudit'],
      apply(pctx) {
        trace.push('apply provider')
        pctx.provide('nicknameAudit', async (roomId) => ({ text: `audit ${roomId}`, missing: 1 }))
        pctx.on('join', async () => void trace.push('join provider'))
      },
    })
    const host = createPluginHost(ctx, [user, provider])
    await host.start()
    await host.emit('join', { roomId: 'g1@chatroom', memberIds: ['wxid_b'], inviterId: '', at: 0 })
    expect(trace).toEqual(['apply provider', 'apply user: audit g1@chatroom', 'join user', 'join provider'])
    // the provider unloaded: its service is gone, a plugin injecting it is refused
    await host.unload('provider')
    await host.unload('user')
    await expect(host.apply(user)).rejects.toThrow(/plugin user injects "nicknameAudit", which no applied plugin provides/)
  })

  it('refuses to start when a service is injected but nobody provides it, or two plugins provide one', () => {
    const user = definePlugin({ name: 'user', inject: ['nicknameAudit'], apply: () => undefined })
    expect(() => applyOrder([user], [])).toThrow('plugin user injects "nicknameAudit", which no plugin provides')
    expect(applyOrder([user], ['nicknameAudit']).map((p) => p.name)).toEqual(['user'])
    const a = definePlugin({ name: 'a', provide: ['nicknameAudit'], apply: () => undefined })
    const b = definePlugin({ name: 'b', provide: ['nicknameAudit'], apply: () => undefined })
    expect(() => applyOrder([a, b], [])).toThrow('plugins a and b both provide the service "nicknameAudit"')
  })

  it('refuses a service used or provided without being declared', async () => {
    const { ctx } = setup()
    const sneaky = definePlugin({ name: 'sneaky', apply: (pctx) => void pctx.service('nicknameAudit') })
    await expect(createPluginHost(ctx, [sneaky]).start()).rejects.toThrow(/sneaky uses the service "nicknameAudit" without declaring it in inject/)
    const offering = definePlugin({ name: 'offering', apply: (pctx) => void pctx.provide('nicknameAudit', async () => undefined) })
    await expect(createPluginHost(ctx, [offering]).start()).rejects.toThrow(/offering provides "nicknameAudit" without declaring it in provide/)
  })

  it('the default list is complete: accounts first, the console last, every injected service provided (by a plugin or the app)', () => {
    const names = defaultPlugins().map((p) => p.name)
    expect(names[0]).toBe('accounts')
    expect(names.at(-1)).toBe('console-command')
    expect(names).toEqual(expect.arrayContaining(['hq', 'broadcast-commands', 'group-commands', 'rules', 'entry', 'questions', 'schedules', 'analytics']))
    expect(() => applyOrder(defaultPlugins(), ['fleet', 'console', 'media'])).not.toThrow()
    expect(() => applyOrder(defaultPlugins(), [])).toThrow(/injects "fleet"/)
  })
})
