import { join } from 'node:path'
import pino from 'pino'
import { loadScenarioFile } from '../../src/sim/load-scenario'
import { runScenario } from '../../src/sim/run-scenario'
import type { TranscriptLine } from '../../src/sim/world'
import { REDIS_URL } from '../helpers/scenario'

/**
 * scenarios/hostile.yaml: image bombs, texts built for quadratic checks, a 1 MB text, a 50 KB
 * broadcast and a broadcast to 10,000 unknown groups, each followed at once by a plain ad.
 * The bot must stay responsive: each ad's sender is removed, in order, before the script
 * goes on (a `settle:` that runs out fails the run), so no hostile message holds up the
 * ones behind it. How long each removal takes is a figure for `npm run bench hostileScenario`,
 * not an assertion: it depends on the machine's load.
 */
describe('scenarios/hostile.yaml', () => {
  it('every plain ad after a hostile message is removed before the next message; the hostile sends are bounded', async () => {
    const loaded = loadScenarioFile(join(__dirname, '..', '..', 'scenarios', 'hostile.yaml'))
    // what the world saw, in order: who spoke, whom the bot removed
    const seen: string[] = []
    const result = await runScenario(loaded, {
      redisUrl: REDIS_URL,
      logger: pino({ level: 'silent' }),
      onEvent: (event, world) => {
        if (event.type === 'message' && event.message.fromId !== world.botId) seen.push(`said ${event.message.fromId}`)
        if (event.type === 'action' && event.line.type === 'remove' && event.line.ok === true) seen.push(`removed ${event.line.contact ?? ''}`)
      },
    })
    const t: TranscriptLine[] = result.transcript
    const advertisers = seen.filter((s) => s.startsWith('said wxid_ad')).map((s) => s.slice('said '.length))
    expect(advertisers).toHaveLength(9)
    // each ad is followed by its sender's removal, and by nothing else any member says before it
    for (const id of advertisers) {
      const at = seen.indexOf(`said ${id}`)
      const next = seen.slice(at + 1).find((s) => s.startsWith('said ') || s === `removed ${id}`)
      expect(`${id}: ${next ?? 'nothing'}`).toBe(`${id}: removed ${id}`)
    }
    // (the 1 MB "加微信?" text and the link are ads as well: their senders may go too)
    expect(seen.filter((s) => s.startsWith('removed wxid_ad'))).toEqual(advertisers.map((id) => `removed ${id}`))

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
