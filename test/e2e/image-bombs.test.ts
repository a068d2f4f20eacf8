import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import type { QrReaderStats } from '../../src/images/qr-reader'
import { jpegClaiming, pngClaiming } from '../../src/sim/hostile-images'
import { play } from '../helpers/scenario'

/**
 * Image bombs on the simulated WeChat: the whole bot, its real QR reader (worker thread)
 * and a real Redis. Which images were read is asserted from the reader's counters.
 */
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qunhq-bombs-'))
  writeFileSync(join(dir, 'bomb.png'), pngClaiming(30000, 30000))
  writeFileSync(join(dir, 'bomb.jpg'), jpegClaiming(8000, 8000))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface LogLine {
  level: number
  msg: string
  [k: string]: unknown
}

describe('image bombs', () => {
  it('bombs in a managed group are refused from their header, an ad right after is still removed; images in private chats, unmanaged groups and HQ are never read', async () => {
    const lines: LogLine[] = []
    const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) })
    let stats: QrReaderStats | undefined
    const { transcript: t } = await play(
      `name: image-bombs
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    autoManage: false
    list: [{ room: g1@chatroom, key: g1 }]
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ads: { warnings: 0, blacklist: false }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
world:
  bot: { id: wxid_bot, name: 群助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, owner: wxid_owner, admins: [wxid_bot], members: [wxid_bomb, wxid_kw, wxid_qr] }
    - { id: other@chatroom, topic: 别人的群, members: [wxid_x] }
steps:
  - say: { room: g1@chatroom, from: wxid_bomb, image: ${join(dir, 'bomb.png')} }
  - say: { room: g1@chatroom, from: wxid_kw, text: "招兼职刷单，日结三百" }
  - say: { room: g1@chatroom, from: wxid_bomb, image: ${join(dir, 'bomb.jpg')} }
  - say: { room: g1@chatroom, from: wxid_qr, image: qr.png }
  - say: { from: wxid_dm, image: ${join(dir, 'bomb.jpg')} }
  - say: { from: wxid_dm, image: qr.png }
  - say: { room: other@chatroom, from: wxid_x, image: qr.png }
  - say: { room: hq@chatroom, from: wxid_op1, image: qr.png }
  - settle: { timeout: 20s }
`,
      { logger, afterSteps: async (bot) => void (stats = bot.qr.stats()) },
    )
    const removed = t.filter((l) => l.type === 'remove').map((l) => [l.room, l.contact, l.ok])
    expect(removed.sort()).toEqual([
      ['g1@chatroom', 'wxid_kw', true],
      ['g1@chatroom', 'wxid_qr', true],
    ])
    // only g1's three images reached the reader: the two bombs refused, the QR decoded and found
    expect(stats).toMatchObject({ seen: 3, refused: 2, decoded: 1, found: 1, timedOut: 0, failed: 0, dropped: 0 })
    const imageWarnings = lines.filter((l) => l.msg.startsWith('image'))
    expect(imageWarnings.map((l) => [l.room, l.width, l.height])).toEqual(
      expect.arrayContaining([
        ['g1@chatroom', 30000, 30000],
        ['g1@chatroom', 8000, 8000],
      ]),
    )
    expect(imageWarnings).toHaveLength(2)
  })
})
