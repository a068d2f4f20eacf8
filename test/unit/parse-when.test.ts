import { parseWhen, whenContinues, type When } from '../../src/core/commands/parse-when'

const shanghai = 'Asia/Shanghai'
// 2026-06-01T00:00:00Z
const now = Date.UTC(2026, 5, 1)

describe('parseWhen: repeating forms', () => {
  it.each<[string, string]>([
    ['每天08:00', '0 8 * * *'],
    ['每天8:05', '5 8 * * *'],
    ['每天 23:59', '59 23 * * *'],
    ['每日00:00', '0 0 * * *'],
    ['每天08：30', '30 8 * * *'],
    ['每天０８:００', '0 8 * * *'],
    ['工作日08:00', '0 8 * * 1-5'],
    ['工作日 18:30', '30 18 * * 1-5'],
    ['每周一20:00', '0 20 * * 1'],
    ['每周二20:00', '0 20 * * 2'],
    ['每周三20:00', '0 20 * * 3'],
    ['每周四20:00', '0 20 * * 4'],
    ['每周五20:00', '0 20 * * 5'],
    ['每周六20:00', '0 20 * * 6'],
    ['每周日20:00', '0 20 * * 0'],
    ['每周天20:00', '0 20 * * 0'],
    ['每星期一 07:15', '15 7 * * 1'],
    ['  每天08:00  ', '0 8 * * *'],
  ])('%s → %s', (text, pattern) => {
    expect(parseWhen(text, shanghai, now)).toEqual(expect.objectContaining({ kind: 'cron', pattern }))
  })

  it.each<[string, string]>([
    ['每天08:00', '每天 08:00'],
    ['工作日8:00', '工作日 08:00'],
    ['每周天20:00', '每周日 20:00'],
  ])('%s is described as %s', (text, description) => {
    expect(parseWhen(text, shanghai, now)).toEqual(expect.objectContaining({ description }))
  })
})

describe('parseWhen: cron expressions', () => {
  it.each<[string, string]>([
    ['"0 8 * * *"', '0 8 * * *'],
    ['“0 8 * * *”', '0 8 * * *'],
    ['"0  8 * *   *"', '0 8 * * *'],
    ['"*/15 9-18 * * 1-5"', '*/15 9-18 * * 1-5'],
    ['"0 8,12,18 1 1-12/2 0,7"', '0 8,12,18 1 1-12/2 0,7'],
    ['"30 0 8 * * *"', '30 0 8 * * *'],
    ['"5/10 * * * *"', '5/10 * * * *'],
    ['0 8 * * *', '0 8 * * *'],
    ['＂0 8 * * *＂', '0 8 * * *'],
  ])('%s → %s', (text, pattern) => {
    expect(parseWhen(text, shanghai, now)).toEqual({ kind: 'cron', pattern, description: `cron ${pattern}` })
  })

  it.each<[string, string]>([
    ['"0 8 * *"', '5 或 6 段'],
    ['"0 8 * * * * *"', '5 或 6 段'],
    ['""', '5 或 6 段'],
    ['"60 8 * * *"', '分'],
    ['"0 24 * * *"', '时'],
    ['"0 8 0 * *"', '日'],
    ['"0 8 32 * *"', '日'],
    ['"0 8 * 13 *"', '月'],
    ['"0 8 * 0 *"', '月'],
    ['"0 8 * * 8"', '星期'],
    ['"0 8 * * MON"', '星期'],
    ['"*/0 8 * * *"', '分'],
    ['"5-3 8 * * *"', '分'],
    ['"0 8 * * 1-"', '星期'],
    ['"0 8 * * ,"', '星期'],
    ['"60 0 8 * * *"', '秒'],
    ['"0 8 ? * *"', '日'],
  ])('%s is refused, naming %s', (text, part) => {
    const result = parseWhen(text, shanghai, now)
    expect(result.kind).toBe('error')
    expect(result.kind === 'error' && result.message).toContain(part)
  })
})

describe('parseWhen: once', () => {
  it.each<[string, number]>([
    ['2026-12-01T20:00', Date.UTC(2026, 11, 1, 12, 0)],
    ['2026-12-01 20:00', Date.UTC(2026, 11, 1, 12, 0)],
    ['2026-12-01t20:00', Date.UTC(2026, 11, 1, 12, 0)],
    ['2026-12-01T20:00:30', Date.UTC(2026, 11, 1, 12, 0, 30)],
    ['2026-6-2T08:00', Date.UTC(2026, 5, 2, 0, 0)],
    ['2027-01-01T00:00', Date.UTC(2026, 11, 31, 16, 0)],
    ['2028-02-29T07:00', Date.UTC(2028, 1, 28, 23, 0)],
    ['２０２６－１２－０１Ｔ２０：００', Date.UTC(2026, 11, 1, 12, 0)],
  ])('%s in Asia/Shanghai → %d', (text, at) => {
    expect(parseWhen(text, shanghai, now)).toEqual({ kind: 'once', at, description: expect.stringContaining('(一次)') })
  })

  it('reads the wall clock in the given zone, daylight saving included', () => {
    expect(parseWhen('2026-07-01T09:00', 'America/New_York', now)).toEqual(
      expect.objectContaining({ at: Date.UTC(2026, 6, 1, 13, 0) }),
    )
    expect(parseWhen('2026-12-01T09:00', 'America/New_York', now)).toEqual(
      expect.objectContaining({ at: Date.UTC(2026, 11, 1, 14, 0) }),
    )
    expect(parseWhen('2026-12-01T09:00', 'UTC', now)).toEqual(expect.objectContaining({ at: Date.UTC(2026, 11, 1, 9) }))
    // a repeated hour gives the earlier instant
    expect(parseWhen('2026-11-01T01:30', 'America/New_York', now)).toEqual(
      expect.objectContaining({ at: Date.UTC(2026, 10, 1, 5, 30) }),
    )
  })

  it.each<[string, string, string]>([
    ['2026-05-31T23:59', shanghai, '已经过了'],
    ['2026-06-01T08:00', shanghai, '已经过了'], // exactly now
    ['2020-01-01T00:00', shanghai, '已经过了'],
    ['2026-02-30T08:00', shanghai, '不存在'],
    ['2027-02-29T08:00', shanghai, '不存在'],
    ['2026-13-01T08:00', shanghai, '不存在'],
    ['2026-00-10T08:00', shanghai, '不存在'],
    ['1969-12-31T08:00', shanghai, '不存在'],
    ['2026-12-01T24:00', shanghai, '00:00 到 23:59'],
    ['2026-12-01T20:60', shanghai, '00:00 到 23:59'],
    ['2026-03-08T02:30', 'America/New_York', '夏令时'],
    ['2026-12-01T20:00', 'Mars/Olympus', '时区'],
  ])('%s in %s is refused (%s)', (text, zone, part) => {
    const result = parseWhen(text, zone, now)
    expect(result.kind).toBe('error')
    expect(result.kind === 'error' && result.message).toContain(part)
  })
})

describe('parseWhen: errors', () => {
  it.each([
    '',
    '   ',
    '明天',
    '每天',
    '每天25:00',
    '每天08:60',
    '每周八20:00',
    '工作日',
    '08:00',
    '2026-12-01',
    '每天08:00:00',
    '"0 8 * * *',
    'every day',
    '每天08:00 和 09:00',
    '\n\n',
  ])('%j is an error with a one-line message', (text) => {
    const result = parseWhen(text, shanghai, now) as When | { kind: 'error'; message: string }
    expect(result.kind).toBe('error')
    if (result.kind !== 'error') return
    expect(result.message.length).toBeGreaterThan(0)
    expect(result.message).not.toMatch(/[\r\n]/)
  })
})

describe('whenContinues', () => {
  it.each<[string, string, boolean]>([
    ['2026-12-01', '20:00', true],
    ['每天', '08:00', true],
    ['工作日', '8:00', true],
    ['每周一', '20:00', true],
    ['每天', '08：00', true],
    ['每天08:00', '全部', false],
    ['2026-12-01', '全部', false],
    ['全部', '08:00', false],
  ])('%s + %s → %s', (a, b, joined) => {
    expect(whenContinues(a, b)).toBe(joined)
  })
})
