import IORedis from 'ioredis'
import { parseConfigObject } from '../../src/config/load-config'
import type { ManagedGroup } from '../../src/core/groups'
import { hqPlugin } from '../../src/plugins/hq/index'
import { rulesPlugin } from '../../src/plugins/rules/index'
import type { PluginHost } from '../../src/wiring/plugin-host'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { inboundMessage } from '../helpers/inbound-message'
import { middlewarePlugin, pipelineContext } from '../helpers/pipeline'
import { capturedLogger } from '../helpers/private-redis'

/**
 * The rules plugin on a hand-made context, without Wechaty or a queue: a message is delivered to the chain
 * and awaited; the verdict's actions are what the recording `act` saw. The rules keep their
 * counts in a real Redis, under this test's own prefix.
 */
const URL = 'redis://127.0.0.1:6379'
const ROOM = 'g1@chatroom'
const MEMBER = 'wxid_u1'
const group: ManagedGroup = {
  roomId: ROOM,
  topic: '测试群',
  memberCount: 3,
  botIsOwner: false,
  botIsAdmin: true,
  present: true,
  updatedAt: 0,
  key: undefined,
  tags: [],
  leaders: [],
  entry: undefined,
}
const config = parseConfigObject({
  hq: { rooms: ['hq@chatroom'] },
  rules: { dryRun: false, nickname: { enabled: false }, ads: { enabled: true, keywords: ['加微信'], warnings: 1 } },
})

let redis: IORedis
let prefix: string
let host: PluginHost | undefined
beforeEach(() => {
  redis = new IORedis(URL)
})
afterEach(async () => {
  await host?.stop()
  host = undefined
  redis.disconnect()
  await deleteKeysWithPrefix(URL, prefix)
})

async function rulesChain() {
  const { logger } = capturedLogger()
  const view = {
    selfId: () => 'wxid_bot',
    isLoggedIn: () => true,
    listGroups: async () => [],
    group: async () => ({ roomId: ROOM, topic: '测试群', memberCount: 3, botIsOwner: false, botIsAdmin: true, ownerId: 'wxid_owner', adminIds: [] }),
    members: async () => [{ id: MEMBER, name: '张三', alias: undefined }],
    contactName: async () => '张三',
    memberIds: async () => [MEMBER],
  }
  const control = { add: async () => undefined, on: () => () => undefined }
  const harness = pipelineContext({ config, logger, groups: [group], redis, extra: { view, control } as never })
  prefix = harness.keys.prefix
  const seen: string[] = []
  const after = middlewarePlugin('analytics', async (c) => void seen.push(c.message.id))
  // group-commands and analytics read the rules plugin's nicknameAudit: only rules is here
  host = await harness.start([hqPlugin, rulesPlugin, after])
  return { ...harness, deliver: host.deliver, seen }
}

describe('the rules in the message chain', () => {
  it('lets ordinary chat through to the later features without acting', async () => {
    const { deliver, acted, seen } = await rulesChain()
    await deliver(inboundMessage({ id: 'm1', text: '大家好，今天开会吗' }))
    expect(acted).toEqual([])
    expect(seen).toEqual(['m1'])
  })

  it('answers an ad with a warning, then a second one with a removal, and stops the message', async () => {
    const { deliver, acted, seen } = await rulesChain()
    await deliver(inboundMessage({ id: 'm2', text: '兼职日结，加微信 abc123' }))
    expect(acted).toEqual([
      { action: { type: 'say', to: ROOM, text: expect.stringContaining('加微信'), mentionIds: [MEMBER] }, priority: 'moderation', jobId: 'rules-warn-m-m2-0' },
    ])
    await deliver(inboundMessage({ id: 'm3', text: '加微信 abc123 领红包' }))
    expect(acted.slice(1)).toEqual([{ action: { type: 'remove', roomId: ROOM, contactId: MEMBER }, priority: 'moderation', jobId: 'rules-rm-m-m3' }])
    expect(seen).toEqual([])
  })
})
