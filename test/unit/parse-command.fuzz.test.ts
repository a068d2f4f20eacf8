import { seededRng } from '../../src/core/seeded-rng'
import { parseCommand, type ParseResult } from '../../src/core/commands/parse-command'
import { hqCommandLookup, hqCommands, type HqParsedCommand as Command } from '../helpers/hq-commands'

const commandTable = hqCommands.map((c) => ({ word: c.name, alias: c.alias }))

const seededRandom = seededRng

const sigils = ['#', '＃', '/']
const spaces = [' ', '  ', '\t', '\n', '\r\n', '\u3000', '\u2005', '\u00a0', '\u0085', '\u2028']
const pieces = [
  ...sigils,
  ...spaces,
  ...commandTable.flatMap((c) => [c.word, c.alias, c.alias.toUpperCase()]),
  '全部', '全部', 'all', '标签', 'tag', '群', 'group', '北京', '上海', '北京1群', '今天天气', '重载', '查看', 'reload', 'show',
  '每天', '工作日', '每周一', '每周天', '08:00', '25:61', '2026-12-01', 'T20:00', '2026-12-01T20:00', '2020-01-01 08:00',
  '0 8 * * *', '*/5', '1-5', '天',
  ':', '：', ',', '，', '"', '“', '”', "'", '@', '＠', '+', '-', '＋', '－', '{群名}', '{负责人}',
  'B1', 'b12', 'Q3', 'S2', 'Ｂ１', 'wxid_abc', '0', '30', '-1', '999999999999', '1.5',
  'a', 'Z', 'x_y', '.', '\\', '$', '%', '?', '？', '。',
  '😀', '👨‍👩‍👧', '🇨🇳', '\ud83d', '\ude00', '\u200b', '\ufeff', '\u0000', '\u001b',
]

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)] as T
}

function randomMessage(rng: () => number): string {
  const parts: string[] = []
  // most strings look like commands, so the argument parsers get exercised
  if (rng() < 0.8) {
    if (rng() < 0.3) parts.push(pick(rng, spaces))
    parts.push(pick(rng, sigils))
    if (rng() < 0.7) parts.push(pick(rng, commandTable).word, rng() < 0.8 ? ' ' : '')
  }
  const length = Math.floor(rng() * 12)
  for (let i = 0; i < length; i++) {
    parts.push(pick(rng, pieces))
    if (rng() < 0.5) parts.push(pick(rng, spaces))
  }
  return parts.join('')
}

const lineBreak = /[\r\n\u0085\u2028\u2029]/

/** What every accepted command must look like, whatever the input. */
function invalidOk(command: Command): string | undefined {
  const texts: string[] = []
  if ('text' in command && command.text !== undefined) texts.push(command.text)
  if ('reason' in command && command.reason !== undefined) texts.push(command.reason)
  if (texts.some((t) => t === '' || t !== t.trimEnd())) return 'empty or untrimmed text'
  if ('target' in command && command.target) {
    const t = command.target
    if (t.kind === 'tags' && (t.tags.length === 0 || t.tags.includes(''))) return 'empty tag list'
    if (t.kind === 'groups' && (t.names.length === 0 || t.names.includes(''))) return 'empty group list'
  }
  if ('who' in command && (command.who.kind === 'mention' ? command.who.name : command.who.id) === '') {
    return 'empty who'
  }
  for (const key of ['id', 'questionId', 'caseId'] as const) {
    const value = (command as Record<string, unknown>)[key]
    if (value !== undefined && !/^[BQSR]\d+$/.test(String(value))) return `bad ${key}`
  }
  const days = command.name === 'silent' ? command.days : undefined
  if (days !== undefined && !(Number.isInteger(days) && days > 0)) return 'bad days'
  return undefined
}

describe('parseCommand fuzz', () => {
  it('never throws, and answers every #/＃// message with ok or a one-line error', () => {
    const rng = seededRandom(20260601)
    const context = { timeZone: 'Asia/Shanghai', now: Date.UTC(2026, 5, 1) }
    const failures: string[] = []
    const kinds = { 'not-command': 0, ok: 0, error: 0 }
    for (let i = 0; i < 25000; i++) {
      const text = randomMessage(rng)
      let result: ParseResult
      try {
        result = parseCommand(text, hqCommandLookup, context)
      } catch (err) {
        failures.push(`${JSON.stringify(text)} threw ${String(err)}`)
        continue
      }
      kinds[result.kind]++
      const looksLikeCommand = /^\s*[#＃/]/.test(text)
      const cannotBeCommand = !/^[\s\u0085]*[#＃/]/.test(text)
      if (looksLikeCommand && result.kind === 'not-command') failures.push(`${JSON.stringify(text)} was not a command`)
      if (cannotBeCommand && result.kind !== 'not-command') failures.push(`${JSON.stringify(text)} was a command`)
      if (result.kind === 'error' && (result.message.trim() === '' || lineBreak.test(result.message))) {
        failures.push(`${JSON.stringify(text)} error ${JSON.stringify(result.message)}`)
      }
      if (result.kind === 'ok') {
        const problem = invalidOk(result.command as Command)
        if (problem) failures.push(`${JSON.stringify(text)} ok but ${problem}: ${JSON.stringify(result.command)}`)
      }
      if (failures.length >= 20) break
    }
    expect(failures).toEqual([])
    // the generator reaches every outcome, so the assertions above are not vacuous
    expect(kinds.ok).toBeGreaterThan(1000)
    expect(kinds.error).toBeGreaterThan(1000)
    expect(kinds['not-command']).toBeGreaterThan(1000)
  })

  it('is total for arbitrary UTF-16 too, lone surrogates included', () => {
    const rng = seededRandom(7)
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(rng() * 40)
      let text = pick(rng, sigils)
      for (let j = 0; j < length; j++) text += String.fromCharCode(Math.floor(rng() * 0x10000))
      const result = parseCommand(text, hqCommandLookup)
      expect(result.kind).not.toBe('not-command')
      if (result.kind === 'error') expect(result.message).not.toMatch(lineBreak)
    }
  })
})
