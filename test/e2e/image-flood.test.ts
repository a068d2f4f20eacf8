import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ImageBurstEvent } from '../../src/core/types'
import { defaultPlugins } from '../../src/plugins'
import type { QrReaderStats } from '../../src/images/qr-reader'
import type { Plugin } from '../../src/plugin'
import { blankPng } from '../../src/sim/hostile-images'
import type { TranscriptLine } from '../../src/sim/world'
import { hqTexts, play } from '../helpers/scenario'

/**
 * A flood of big images on the simulated WeChat (issue 17, item 2): the whole bot, its real
 * QR reader (one worker thread) and a real Redis. 22 members each post a real 16 MP PNG at
 * once (every scanline is there: it passes the header check and is decoded in full), and
 * QR-code ads follow 300 ms later in the same group and in another one. The review window
 * (images.reviewBatchMs) is longer than the arrivals take on a loaded machine, so the test
 * can ask for exactly one line; settling waits for its delayed job.
 */
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qunhq-flood-'))
  writeFileSync(join(dir, 'big.png'), blankPng(4000, 4000))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const removes = (t: TranscriptLine[]) => t.filter((l) => l.type === 'remove').map((l) => [l.room, l.contact, l.ok])
const members = Array.from({ length: 22 }, (_, i) => `wxid_m${i + 1}`)

/** the count per group in the review line: 「北京1群(g1)」18 张（排队已满） → { '北京1群(g1)': 18 } */
function reviewCounts(line: string): Record<string, number> {
  return Object.fromEntries([...line.matchAll(/「([^」]+)」(\d+) 张/g)].map((m) => [m[1]!, Number(m[2])]))
}

const world = (extra = '') => `
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, owner: wxid_owner, admins: [wxid_bot], members: [${members.join(', ')}, wxid_qr1${extra}] }
    - { id: g2@chatroom, topic: 上海2群, owner: wxid_owner, admins: [wxid_bot], members: [wxid_qr2] }
`

const config = (images: string) => `
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    autoManage: false
    list: [{ room: g1@chatroom, key: g1 }, { room: g2@chatroom, key: g2 }]
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ads: { warnings: 0, blacklist: false }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
  images: ${images}
`

describe('a flood of images', () => {
  it('22 big photos at once, then QR ads in the same group and another: both ad senders removed with the evidence, the photos that could not wait reported to HQ in one line, the backlog never past its bound', async () => {
    let stats: QrReaderStats | undefined
    const { transcript: t } = await play(
      `name: image-flood
${config('{ maxQueue: 5, timeLimitMs: 120000, reviewBatchMs: 10000 }')}
${world()}
steps:
${members.map((m) => `  - say: { room: g1@chatroom, from: ${m}, image: ${join(dir, 'big.png')} }`).join('\n')}
  - wait: 300
  - say: { room: g1@chatroom, from: wxid_qr1, image: qr.png }
  - say: { room: g2@chatroom, from: wxid_qr2, image: qr.jpg }
  - settle: { timeout: 180s }
`,
      { afterSteps: async (bot) => void (stats = bot.qr.stats()) },
    )
    expect(removes(t).sort()).toEqual([
      ['g1@chatroom', 'wxid_qr1', true],
      ['g2@chatroom', 'wxid_qr2', true],
    ])
    const hq = hqTexts(t)
    expect(hq).toContain('🚫 已将 qr1(wxid_qr1) 移出「北京1群(g1)」：发广告（二维码）\n证据：二维码 二维码: https://coupon.example/qr?from=qunhq-fixture')
    expect(hq).toContain('🚫 已将 qr2(wxid_qr2) 移出「上海2群(g2)」：发广告（二维码）\n证据：二维码 二维码: https://u.wechat.example/g/qunhq-fixture-jpeg')
    // the work stayed bounded: at most maxQueue waited at once, and what could not wait is counted
    expect(stats!.seen).toBe(24)
    expect(stats!.maxWaiting).toBeLessThanOrEqual(5)
    expect(stats!.unchecked).toBeGreaterThan(0)
    expect(stats!.unchecked).toBe(stats!.dropped + stats!.expired + stats!.timedOut + stats!.failed + stats!.unreadable + stats!.fetchFailed + stats!.refused)
    expect(stats!.decoded + stats!.unchecked - stats!.timedOut - stats!.failed - stats!.unreadable).toBe(24)
    // one HQ line for all of them, a count per group: only the flooded group's photos
    const review = hq.filter((x) => x.startsWith('🔎'))
    expect(review).toHaveLength(1)
    expect(review[0]).toMatch(/^🔎 \d+ 张图片未能检查是否含二维码广告，请人工查看：/)
    expect(reviewCounts(review[0]!)).toEqual({ '北京1群(g1)': stats!.unchecked })
  })

  it('a graceful restart with photos waiting: each is answered "unchecked" at the stop, and the next process sends the one review line', async () => {
    const { transcript: t } = await play(
      `name: image-restart
${config('{ timeLimitMs: 120000, reviewBatchMs: 5000 }')}
${world()}
steps:
${members.slice(0, 6).map((m) => `  - say: { room: g1@chatroom, from: ${m}, image: ${join(dir, 'big.png')} }`).join('\n')}
  - restart: {}
  - settle: { timeout: 120s }
`,
    )
    const review = hqTexts(t).filter((x) => x.startsWith('🔎'))
    expect(review).toHaveLength(1)
    // the photo in the worker at the stop is read; the others were still waiting
    const counts = reviewCounts(review[0]!)
    expect(Object.keys(counts)).toEqual(['北京1群(g1)'])
    expect(counts['北京1群(g1)']).toBeGreaterThanOrEqual(5)
    expect(review[0]).toContain('张（机器人停止）')
  })

  it('a member posting many big images at once is a harassment signal: plugins hear imageBurst with the member, the group and the count', async () => {
    const bursts: ImageBurstEvent[] = []
    const probe: Plugin = { name: 'burst-probe', apply: (ctx) => void ctx.on('imageBurst', async (e) => void bursts.push(e)) }
    const { transcript: t } = await play(
      `name: image-burst
${config('{ timeLimitMs: 120000, burst: { images: 3, withinMs: 600000, minMegapixels: 4 } }')}
${world(', wxid_flooder')}
steps:
${[1, 2, 3, 4].map(() => `  - say: { room: g1@chatroom, from: wxid_flooder, image: ${join(dir, 'big.png')} }`).join('\n')}
  - say: { room: g1@chatroom, from: wxid_qr1, image: qr.png }
  - settle: { timeout: 120s }
`,
      { plugins: [...defaultPlugins(), probe] },
    )
    expect(bursts.map((e) => [e.roomId, e.memberId, e.count, e.withinMs]).sort()).toEqual([
      ['g1@chatroom', 'wxid_flooder', 3, 600000],
      ['g1@chatroom', 'wxid_flooder', 4, 600000],
    ])
    // a signal, not a verdict: nothing acts on it yet; the QR ad is removed as ever
    expect(removes(t)).toEqual([['g1@chatroom', 'wxid_qr1', true]])
  })
})
