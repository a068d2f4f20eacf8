import { parseConfigObject } from '../../src/config/load-config'
import { compose, type Middleware } from '../../src/core/compose'
import { UserError } from '../../src/core/user-error'
import type { MessageMiddleware } from '../../src/feature'
import { hqPlugin } from '../../src/plugins/hq/index'
import { hqMessages } from '../../src/texts'
import { MESSAGE_ORDER, messageChain } from '../../src/pipeline/order'
import { inboundMessage } from '../helpers/inbound-message'
import { middlewarePlugin, pipelineContext } from '../helpers/pipeline'
import { capturedLogger } from '../helpers/private-redis'
import { helpCommand } from '../../src/plugins/hq/help-command'

const HQ = 'hq@chatroom'
const ADMIN = 'wxid_admin'
const config = parseConfigObject({ hq: { rooms: [HQ] }, roles: { admin: [ADMIN] } })
const inHq = (text: string) => inboundMessage({ id: 'm-hq', roomId: HQ, fromId: ADMIN, text })
const inGroup = (text: string) => inboundMessage({ id: 'm-g', text })

/** a plugin's middleware that notes each message it sees, and stops it when asked */
const seeing = (name: string, seen: string[], stop = false): { name: string; middleware: MessageMiddleware } => ({
  name,
  async middleware(c, next) {
    seen.push(`${name}:${c.message.id}`)
    if (!stop) await next()
  },
})

describe('compose', () => {
  it('runs middleware in order, inside-out after next, and stops where next is not called', async () => {
    const trace: string[] = []
    const mw = (name: string, callNext = true): Middleware<string[]> => async (t, next) => {
      t.push(`${name}>`)
      if (callNext) await next()
      t.push(`<${name}`)
    }
    await compose([mw('a'), mw('b', false), mw('c')])(trace, async () => void trace.push('end'))
    expect(trace).toEqual(['a>', 'b>', '<b', '<a'])
    const all: string[] = []
    await compose([mw('a'), mw('c')])(all, async () => void all.push('end'))
    expect(all).toEqual(['a>', 'c>', 'end', '<c', '<a'])
  })

  it('refuses a next() called twice', async () => {
    const twice: Middleware<object> = async (_c, next) => {
      await next()
      await next()
    }
    await expect(compose([twice])({}, async () => undefined)).rejects.toThrow('next() called more than once')
  })
})

describe('the message chain', () => {
  it('follows MESSAGE_ORDER, not the order features were made in, and a middleware without next stops it', async () => {
    const { logger } = capturedLogger()
    const { deliver } = pipelineContext({ config, logger })
    const seen: string[] = []
    const chain = messageChain([seeing('analytics', seen), seeing('questions', seen), seeing('rules', seen, true)])
    await deliver(chain, inGroup('hello'))
    expect(seen).toEqual(['rules:m-g'])
    const open = messageChain([seeing('analytics', seen), seeing('questions', seen), seeing('schedules', seen)])
    seen.length = 0
    await deliver(open, inGroup('hello'))
    expect(seen).toEqual(['questions:m-g', 'schedules:m-g', 'analytics:m-g'])
    expect(MESSAGE_ORDER[0]).toBe('hq')
  })

  it('refuses a feature that handles messages but has no place in the order', () => {
    expect(() => messageChain([seeing('newcomer', [])])).toThrow(/newcomer.*MESSAGE_ORDER/)
  })

  it('answers an HQ command and stops every HQ message before the group features', async () => {
    const { logger } = capturedLogger()
    const { start, said } = pipelineContext({ config, logger })
    const seen: string[] = []
    const rules = seeing('rules', seen)
    const host = await start([hqPlugin, middlewarePlugin(rules.name, rules.middleware)])
    await host.deliver(inHq('#帮助'))
    expect(said()).toHaveLength(1)
    expect(said()[0]!.to).toBe(HQ)
    expect(said()[0]!.text).toContain('#')
    await host.deliver(inGroup('#帮助')) // a member's "#..." in a group is chat
    expect(said()).toHaveLength(1)
    expect(seen).toEqual(['rules:m-g'])
  })
})

describe('the error boundary', () => {
  it('logs a throwing handler with the room, member and message id, and does not answer chat', async () => {
    const { logger, lines } = capturedLogger()
    const { deliver, said } = pipelineContext({ config, logger })
    const broken = { name: 'rules', middleware: async () => Promise.reject(new Error('boom')) }
    await deliver(messageChain([broken]), inGroup('hello'))
    const line = lines.find((l) => l.msg === 'message handling failed')
    expect(line).toMatchObject({ room: 'g1@chatroom', member: 'wxid_u1', messageId: 'm-g', err: { message: 'boom' } })
    expect(said()).toEqual([])
  })

  it('answers an HQ command that fails: 内部错误 for a bug, the text of a UserError', async () => {
    const { logger, lines } = capturedLogger()
    const { ctx, start, said } = pipelineContext({ config, logger })
    const host = await start([hqPlugin])
    ctx.commands.register(helpCommand, async () => Promise.reject(new Error('store broke')))
    await host.deliver(inHq('#帮助'))
    expect(said()).toEqual([{ to: HQ, text: hqMessages.internalError }])
    expect(lines.find((l) => l.msg === 'message handling failed')).toMatchObject({ command: 'help', room: HQ, member: ADMIN, messageId: 'm-hq' })

    ctx.commands.register(helpCommand, async () => Promise.reject(new UserError('没有这个群')))
    await host.deliver(inHq('#帮助'))
    expect(said()[1]).toEqual({ to: HQ, text: '没有这个群' })
  })

  it('passes a Redis outage on, so the event hold keeps the message for replay', async () => {
    const { logger } = capturedLogger()
    const { ctx, start, said } = pipelineContext({ config, logger })
    const host = await start([hqPlugin])
    ctx.commands.register(helpCommand, async () => Promise.reject(new Error('Connection is closed.')))
    await expect(host.deliver(inHq('#帮助'))).rejects.toThrow('Connection is closed')
    expect(said()).toEqual([])
  })
})
