import { rulesOverrideSchema, rulesSchema, type RulesPolicy } from '../../src/config/schema'
import { effectivePolicy, escalate, exemptionOf, isExempt, type ExemptContext } from '../../src/core/rules'

const defaults: RulesPolicy = rulesSchema.parse({ exempt: ['wxid_global'] })

describe('effectivePolicy', () => {
  it('returns the defaults when a group has no override', () => {
    expect(effectivePolicy(defaults, undefined)).toBe(defaults)
    expect(effectivePolicy(defaults, {})).toBe(defaults)
  })

  it('an override of nickname.pattern only keeps every other default', () => {
    const override = rulesOverrideSchema.parse({ nickname: { pattern: '^\\d{4}-.+$' } })
    const policy = effectivePolicy(defaults, override)
    expect(policy.nickname).toEqual({ ...defaults.nickname, pattern: '^\\d{4}-.+$' })
    expect(policy.intro).toBe(defaults.intro)
    expect(policy.ads).toBe(defaults.ads)
    expect(policy.welcome).toEqual(defaults.welcome)
    expect(defaults.nickname.pattern).toBe('^\\p{Script=Han}{2,}-.+-.+$')
  })

  it.each<[string, unknown, (p: RulesPolicy) => unknown, unknown]>([
    ['a scalar replaces', { dryRun: true }, (p) => p.dryRun, true],
    ['a nested scalar replaces, siblings stay', { ads: { warnings: 0 } }, (p) => [p.ads.warnings, p.ads.blacklist, p.ads.links], [0, true, true]],
    ['an array replaces', { ads: { keywords: ['代购'] } }, (p) => p.ads.keywords, ['代购']],
    ['an empty array replaces', { watchWords: [] }, (p) => p.watchWords, []],
    ['a doubly nested object merges', { ads: { crossGroup: { groups: 5 } } }, (p) => p.ads.crossGroup, { groups: 5, windowMs: 600000 }],
    ['flood merges', { flood: { messages: 3 } }, (p) => p.flood, { messages: 3, windowMs: 10000 }],
    ['exempt adds to the defaults', { exempt: ['wxid_guest', 'wxid_global'] }, (p) => p.exempt, ['wxid_global', 'wxid_guest']],
  ])('%s', (_name, raw, pick, expected) => {
    const policy = effectivePolicy(defaults, rulesOverrideSchema.parse(raw))
    expect(pick(policy)).toEqual(expected)
  })

  it('never changes the defaults, and gives the same object for the same override', () => {
    const before = JSON.stringify(defaults)
    const override = rulesOverrideSchema.parse({ ads: { keywords: ['x'] }, exempt: ['y'] })
    const a = effectivePolicy(defaults, override)
    expect(effectivePolicy(defaults, override)).toBe(a)
    expect(JSON.stringify(defaults)).toBe(before)
  })
})

describe('exemption', () => {
  const ctx: ExemptContext = {
    botId: 'wxid_bot',
    ownerId: 'wxid_owner',
    adminIds: ['wxid_admin'],
    leaders: ['wxid_leader'],
    roleHolders: new Set(['wxid_operator']),
    exempt: ['wxid_partner'],
  }

  it.each([
    ['wxid_bot', 'bot'],
    ['wxid_owner', 'owner'],
    ['wxid_admin', 'admin'],
    ['wxid_leader', 'leader'],
    ['wxid_operator', 'hq-role'],
    ['wxid_partner', 'exempt'],
  ])('%s is exempt as %s', (id, reason) => {
    expect(exemptionOf(id, ctx)).toBe(reason)
    expect(isExempt(id, ctx)).toBe(true)
  })

  it.each(['wxid_member', '', 'WXID_OWNER'])('%j is not exempt', (id) => {
    expect(exemptionOf(id, ctx)).toBeUndefined()
    expect(isExempt(id, ctx)).toBe(false)
  })

  it('an unknown bot id or owner exempts nobody by accident', () => {
    const bare: ExemptContext = { botId: undefined, adminIds: [], leaders: [], roleHolders: new Set(), exempt: [] }
    expect(isExempt('wxid_member', bare)).toBe(false)
  })
})

describe('escalate', () => {
  it.each<[number, number, ReturnType<typeof escalate>]>([
    [0, 0, { kind: 'remove', strikes: 1, warningsLeft: 0 }],
    [0, 1, { kind: 'warn', strikes: 1, warningsLeft: 0 }],
    [1, 1, { kind: 'remove', strikes: 2, warningsLeft: 0 }],
    [0, 2, { kind: 'warn', strikes: 1, warningsLeft: 1 }],
    [1, 2, { kind: 'warn', strikes: 2, warningsLeft: 0 }],
    [2, 2, { kind: 'remove', strikes: 3, warningsLeft: 0 }],
    [7, 2, { kind: 'remove', strikes: 8, warningsLeft: 0 }],
    [-1, 1, { kind: 'warn', strikes: 1, warningsLeft: 0 }],
    [Number.NaN, 1, { kind: 'warn', strikes: 1, warningsLeft: 0 }],
  ])('strikes %d, warnings %d', (strikes, warnings, expected) => {
    expect(escalate(strikes, warnings)).toEqual(expected)
  })
})
