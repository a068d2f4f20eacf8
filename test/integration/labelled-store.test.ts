import { randomBytes } from 'node:crypto'
import IORedis, { type Redis } from 'ioredis'
import { createLabelIndex, LABEL_REFRESH_MS } from '../../src/plugins/rules/label-index'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { createLabelledTexts } from '../../src/store/labelled-texts'
import { createModerationCases } from '../../src/store/moderation-cases'
import { REDIS_URL } from '../helpers/scenario'
import type { OnBadValue } from '../../src/store/stored-json'

/** what these tests wrote always reads back: a refusal here is a bug in the store */
const unexpected: OnBadValue = (key, problem) => {
  throw new Error(`refused ${key}: ${problem}`)
}

describe('labelled store and case ids on a real Redis', () => {
  let prefix: string
  let a: Redis
  let b: Redis
  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    a = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 })
    b = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 })
  })
  afterEach(async () => {
    a.disconnect()
    b.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('a label written by one process reaches another within LABEL_REFRESH_MS of its clock; the writer sees it at once; learners learn each label once', async () => {
    const keys = createKeys(prefix)
    let clock = 10_000
    const learnedA: string[] = []
    const learnedB: string[] = []
    const storeA = createLabelledTexts(a, keys, unexpected)
    const indexA = createLabelIndex(storeA, () => clock, [{ learn: (t, l) => learnedA.push(`${l}:${t}`) }])
    const indexB = createLabelIndex(createLabelledTexts(b, keys, unexpected), () => clock, [{ learn: (t, l) => learnedB.push(`${l}:${t}`) }])
    const ad = '宝妈在家兼职，每天一小时，日赚两三百，有意私聊我'
    const copy = '有意私聊我，宝妈在家兼职，每天一小时，日赚两三百'
    expect((await indexB.current()).match(copy, 0.5)).toBeUndefined()

    await storeA.add({ text: ad, label: 'ad', by: 'wxid_op1', at: clock, source: 'R1' })
    await indexA.reload()
    expect((await indexA.current()).match(copy, 0.5)?.item).toMatchObject({ label: 'ad', source: 'R1', by: 'wxid_op1' })
    // B asked less than a refresh ago: it still reads its memory (no Redis round trip per message)
    clock += LABEL_REFRESH_MS - 1
    expect((await indexB.current()).match(copy, 0.5)).toBeUndefined()
    clock += 1
    expect((await indexB.current()).match(copy, 0.5)?.item.label).toBe('ad')

    // released later: the latest label of the same text wins everywhere
    await storeA.add({ text: ad, label: 'normal', by: 'wxid_op2', at: clock + 1, source: 'R2' })
    clock += LABEL_REFRESH_MS
    expect((await indexB.current()).match(copy, 0.5)?.item).toMatchObject({ label: 'normal', source: 'R2' })
    expect(learnedB).toEqual([`ad:${ad}`, `normal:${ad}`])
    await indexA.current()
    expect(learnedA).toEqual([`ad:${ad}`, `normal:${ad}`])
  })

  it('after its first load a process reads only the labels since its newest, including one written late by a process whose clock runs behind', async () => {
    const keys = createKeys(prefix)
    let clock = 1_000_000
    const store = createLabelledTexts(a, keys, unexpected)
    const learned: string[] = []
    const index = createLabelIndex(createLabelledTexts(b, keys, unexpected), () => clock, [{ learn: (t) => learned.push(t) }])
    const texts = ['宝妈在家兼职，每天一小时，日赚两三百', '低价代开发票，各行业都有，欢迎咨询', '网赚项目一天五百，不限时间地点']
    await store.add({ text: texts[0]!, label: 'ad', by: 'wxid_op1', at: clock, source: 'R1' })
    await index.current()
    // a second label from a process 30 s behind: earlier than the newest this process holds
    clock += LABEL_REFRESH_MS
    await store.add({ text: texts[1]!, label: 'ad', by: 'wxid_op1', at: clock - 30_000, source: 'R2' })
    clock += LABEL_REFRESH_MS
    await store.add({ text: texts[2]!, label: 'normal', by: 'wxid_op1', at: clock, source: 'R3' })
    const current = await index.current()
    for (const t of texts) expect(current.match(t, 0.5)).toBeDefined()
    expect(learned).toEqual(texts)
  })

  it('is capped: past the cap the oldest label goes; the store keeps the normalised text and the original', async () => {
    const keys = createKeys(prefix)
    const store = createLabelledTexts(a, keys, unexpected, 3)
    for (let i = 0; i < 5; i++) await store.add({ text: `第${'一二三四五'[i]}条广告，加V信领取`, label: 'ad', by: 'op', at: 1000 + i, source: `R${i}` })
    const all = await store.all()
    expect(all.map((e) => e.source)).toEqual(['R2', 'R3', 'R4'])
    expect(all[0]).toMatchObject({ text: '第三条广告加微信领取', original: '第三条广告，加V信领取' })
    expect(await a.hlen(keys.labelled())).toBe(3)
    expect(await store.add({ text: '😀 ！！', label: 'ad', by: 'op', at: 1, source: 'R9' })).toBeUndefined()
  })

  it('case ids: R1, R2, … per deployment; a decision is taken once; cases expire', async () => {
    const keys = createKeys(prefix)
    const cases = createModerationCases(a, keys, unexpected)
    const fields = { kind: 'review' as const, roomId: 'g1@chatroom', groupLabel: 'g1', memberId: 'wxid_a', memberName: 'a', reason: 'x', strike: false, blacklisted: false, dryRun: false, at: 1 }
    expect((await cases.open(fields)).id).toBe('R1')
    expect((await cases.open({ ...fields, kind: 'removal' })).id).toBe('R2')
    expect(await cases.get('R2')).toMatchObject({ id: 'R2', kind: 'removal' })
    expect(await cases.get('R3')).toBeUndefined()
    expect(await cases.decide('R1', { label: 'ad', by: 'op1', at: 2 })).toEqual({ ok: true })
    expect(await cases.decide('R1', { label: 'normal', by: 'op2', at: 3 })).toEqual({ ok: false, earlier: { label: 'ad', by: 'op1', at: 2 } })
    for (const key of await a.keys(`${prefix}:case:*`)) expect(await a.ttl(key)).toBeGreaterThan(0)
  })
})
