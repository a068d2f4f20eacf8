import { join } from 'node:path'
import pino from 'pino'
import { loadScenarioFile } from '../../src/sim/load-scenario'
import { runScenario } from '../../src/sim/run-scenario'
import type { TranscriptLine } from '../../src/sim/world'
import { REDIS_URL } from '../helpers/scenario'

/**
 * scenarios/hostile.yaml: image bombs, texts built for quadratic checks, a 1 MB text, a 50 KB
 * broadcast and a broadcast to 10,000 unknown groups, each followed at once by a plain ad.
 * The bot must stay responsive: each ad's sender is removed within a second of the ad, as
 * the world saw it (the ad's arrival and the removal are both on the world's clock).
 */
describe('scenarios/hostile.yaml', () => {
  it('every plain ad after a hostile message is removed within one second; the hostile sends are bounded', async () => {
    const loaded = loadScenarioFile(join(__dirname, '..', '..', 'scenarios', 'hostile.yaml'))
    const adAt = new Map<string, number>()
    const result = await runScenario(loaded, {
      redisUrl: REDIS_URL,
      logger: pino({ level: 'silent' }),
      onEvent: (event, world) => {
        if (event.type === 'message' && event.message.fromId.startsWith('wxid_ad')) adAt.set(event.message.fromId, world.elapsed())
      },
    })
    const t: TranscriptLine[] = result.transcript
    const advertisers = [...adAt.keys()]
    expect(advertisers).toHaveLength(9)
    const delays = advertisers.map((id) => {
      const removal = t.find((l) => l.type === 'remove' && l.contact === id && l.ok === true)
      expect(removal).toBeDefined()
      return removal!.t - adAt.get(id)!
    })
    process.stderr.write(`hostile: ad-to-removal delays ms ${JSON.stringify(delays)}\n`)
    for (const d of delays) expect(d).toBeLessThan(1000)

    // the 50 KB broadcast is refused with its length and the limit, and nothing of it is sent
    const hq = t.filter((l) => l.type === 'say' && l.room === 'hq@chatroom').map((l) => l.text ?? '')
    expect(hq.some((x) => x.includes('50,000') && x.includes('2,000'))).toBe(true)
    expect(t.some((l) => l.type === 'say' && l.room === 'g1@chatroom' && (l.text ?? '').includes('通知通知'))).toBe(false)
    // every text the bot sent stays within WeChat's limit
    for (const l of t) if (l.type === 'say') expect((l.text ?? '').length).toBeLessThanOrEqual(2000)
    // the bombs sent nothing anywhere (their senders are not advertisers)
    expect(t.some((l) => l.type === 'remove' && (l.contact === 'wxid_h1' || l.contact === 'wxid_h2'))).toBe(false)
  })
})
