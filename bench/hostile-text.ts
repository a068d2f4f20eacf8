/**
 * What a hostile text costs the rule engine next to an ordinary message: the whole
 * `evaluateMessage` (ads, cross-group key, flood, nickname, watch-words) with the corpus
 * policy, per message, in microseconds (median and max of several runs). The hostile shapes
 * are the ones that once froze the bot: a question ending of 40,000 `?`, a link followed by
 * 40,000 dots, and a 1 MB text. `parseCommand` is measured the same way for a 1 MB command.
 */
import { performance } from 'node:perf_hooks'
import { rulesSchema } from '../src/config/schema'
import { parseCommand } from '../src/core/commands/parse-command'
import { compileRules } from '../src/core/rules/compile-rules'
import { evaluateMessage } from '../src/core/rules/evaluate-message'
import type { InboundMessage } from '../src/core/types'
import { loadCorpus } from './ads-corpus'
import { commandLookup } from '../src/core/commands/command-spec'
import { broadcastCommand } from '../src/plugins/broadcast-commands/index'

export interface CostRow {
  chars: number
  medianMicros: number
  maxMicros: number
}

function textMessage(text: string, i: number): InboundMessage {
  return { id: `m${i}`, roomId: 'g1@chatroom', fromId: 'wxid_u1', fromName: '张三', fromAlias: undefined, kind: 'text', text, mentionIds: [], mentionsSelf: false, timestamp: 0 }
}

function timeEach(fn: () => void, runs: number): { medianMicros: number; maxMicros: number } {
  fn() // warm-up
  const t: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    t.push((performance.now() - t0) * 1000)
  }
  t.sort((a, b) => a - b)
  return { medianMicros: Math.round(t[Math.floor(t.length / 2)]!), maxMicros: Math.round(t[t.length - 1]!) }
}

export function measureHostileText(): Record<string, CostRow> {
  const corpus = loadCorpus()
  const policy = rulesSchema.parse({ ads: corpus.policy, watchWords: ['退款', '投诉'] })
  const compiled = compileRules(policy)
  const evaluate = (message: InboundMessage) =>
    evaluateMessage({ message, policy, compiled, exempt: false, strikes: 0, recentTimestamps: [0], crossGroupHistory: [], nickname: { strikes: 0, joinedAt: undefined }, now: 0 })

  const ordinary = corpus.messages.filter((m) => m.label === 'ordinary' && m.message.kind === 'text').map((m) => m.message)
  let k = 0
  const out: Record<string, CostRow> = {}
  const ordinaryCost = timeEach(() => void evaluate(ordinary[k++ % ordinary.length]!), 2000)
  out.ordinaryMessage = { chars: Math.round(ordinary.reduce((a, m) => a + m.text.length, 0) / ordinary.length), ...ordinaryCost }
  const hostile: Record<string, string> = {
    questionMarks40k: '兼职' + '?'.repeat(40000) + 'a',
    dotsAfterUrl40k: 'http://a.example/x' + '.'.repeat(40000),
    addWechat1MB: '加微信?'.repeat(250000),
    digitsWithSeparators40k: '1.'.repeat(20000),
  }
  for (const [name, text] of Object.entries(hostile)) {
    const message = textMessage(text, 0)
    out[name] = { chars: text.length, ...timeEach(() => void evaluate(message), 20) }
  }
  // what the config check refuses, measured: `^(a+)+$` on a 25-character name against the
  // default nickname pattern on a 63-character one (was a timed test in config.test.ts)
  const refused = new RegExp('^(a+)+$', 'u')
  const accepted = new RegExp('^\\p{Script=Han}{2,}-.+-.+$', 'u')
  out.refusedNicknamePattern = { chars: 25, ...timeEach(() => void refused.test(`${'a'.repeat(24)}!`), 3) }
  out.defaultNicknamePattern = { chars: 63, ...timeEach(() => void accepted.test(`北京-${'-'.repeat(60)}`), 20) }
  const command = '#广播 全部 ' + '通知'.repeat(500000)
  out.hqCommand1MB = { chars: command.length, ...timeEach(() => void parseCommand(command, commandLookup(() => [broadcastCommand])), 20) }
  return out
}

if (require.main === module) process.stdout.write(JSON.stringify(measureHostileText(), null, 2) + '\n')
