import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, parseConfigObject } from '../../src/config/load-config'
import { adsSchema } from '../../src/config/schema'
import { effectivePolicy } from '../../src/core/rules'
import { assessAd } from '../../src/core/ads/assess-ad'
import { compileAds, type AdsPolicy } from '../../src/core/ads/detect-ad'
import { loadShippedTextModel } from '../../src/core/ads/shipped-text-model'
import { createTextModel, modelText, textFeatures, type TextModelData } from '../../src/core/ads/text-model'
import type { InboundMessage } from '../../src/core/types'
import { textMessage as text } from '../helpers/inbound-message'

const defaults: AdsPolicy = adsSchema.parse({})
/** each test gets its own copy of the shipped model, so learning in one never leaks */
function assess(t: string | InboundMessage, over: Partial<AdsPolicy> = {}, model = loadShippedTextModel()) {
  const policy = { ...defaults, ...over }
  return assessAd(typeof t === 'string' ? text(t) : t, policy, compileAds(policy, model))
}

describe('modelText reads wording, not numbers', () => {
  it.each([
    ['masked SMS digits', '预约电话：xxxxxxxxxxx', '预约电话 0'],
    ['real digits', '预约电话：13812345678', '预约电话 0'],
    ['digits with filler', '预约电话 138.1234.5678', '预约电话 0'],
    ['a lone masked digit', '做一次可瘦x斤', '做一次可瘦0斤'],
    ['x inside a word stays', 'xbox 和 wx', 'xbox 和 wx'],
    ['links are left out', '看这里 https://a.com/x?y=1 好', '看这里 好'],
  ])('%s', (_name, input, expected) => {
    expect(modelText(input)).toBe(expected)
  })

  it('masked and real numbers give the same features', () => {
    expect(textFeatures('热线：xxx-xxxx-xxxx')).toEqual(textFeatures('热线：138-1234-5678'))
  })

  it('never counts n-grams of numbers alone', () => {
    expect(textFeatures('123 456')).toEqual([])
  })
})

describe('the text model', () => {
  const model = loadShippedTextModel()

  it('is a file small enough to review, sorted, one n-gram a line', () => {
    const file = join(__dirname, '..', '..', 'src', 'core', 'ads', 'model', 'text-model.json')
    // 20,000 n-grams since issue 19 (9,000 lost SMS recall): about 450 KB
    expect(statSync(file).size).toBeLessThan(500 * 1024)
    const data = JSON.parse(readFileSync(file, 'utf8')) as TextModelData
    expect(data.format).toBe('qunhq-ads-text-model/1')
    expect(data.weights.length).toBeGreaterThan(1000)
    const grams = data.weights.map(([g]) => g)
    expect([...grams].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(grams)
    expect(model.size).toBe(data.weights.length)
  })

  it('scores in (0, 1), deterministically', () => {
    for (const t of ['', '收到', '专业贷款，无抵押，当天放款', '一'.repeat(10000)]) {
      const s = model.score(t)
      expect(s).toBeGreaterThan(0)
      expect(s).toBeLessThan(1)
      expect(loadShippedTextModel().score(t)).toBe(s)
    }
  })

  it('tells loan spam from chat', () => {
    expect(model.score('专业贷款，无抵押，当天放款，利息低，欢迎来电咨询')).toBeGreaterThan(0.9)
    expect(model.score('明天下午三点开会，大家记得带电脑')).toBeLessThan(0.3)
  })

  it('learns a moderator decision, and a near-duplicate moves with it', () => {
    const fresh = loadShippedTextModel()
    const ad = '家里闲置的旧手机别扔，高价回收，上门取件'
    const nearDuplicate = '家里闲置旧手机不要扔，高价回收，可上门取件'
    const before = fresh.score(nearDuplicate)
    fresh.learn(ad, 'ad')
    expect(fresh.score(ad)).toBeGreaterThanOrEqual(0.95)
    expect(fresh.score(nearDuplicate)).toBeGreaterThan(Math.max(0.8, before))
    // the other copy did not learn
    expect(loadShippedTextModel().score(nearDuplicate)).toBe(before)
  })

  it('learns a release (误判) too', () => {
    const fresh = loadShippedTextModel()
    const t = '专业贷款，无抵押，当天放款'
    fresh.learn(t, 'normal')
    expect(fresh.score(t)).toBeLessThanOrEqual(0.05)
  })

  it('round-trips through its file, with what it learned', () => {
    const fresh = loadShippedTextModel()
    fresh.learn('独家秘方，包教包会，三天出师', 'ad')
    const data = JSON.parse(JSON.stringify(fresh.toData())) as TextModelData
    const copy = createTextModel(data)
    for (const t of ['独家秘方，包教包会', '收到', '专业贷款']) expect(copy.score(t)).toBeCloseTo(fresh.score(t), 10)
    expect(copy.size).toBe(fresh.size)
  })
})

describe('assessAd: one verdict from findings, weak evidence and the model', () => {
  it('a rules finding is an ad, with its reason', () => {
    const a = assess('加我微信 abc12345 了解')
    expect(a.verdict).toBe('ad')
    expect(a.score).toBeGreaterThanOrEqual(0.99)
    expect(a.reasons).toContain('联系方式 微信 abc12345')
    expect(a.findings).toContainEqual({ kind: 'contact', evidence: '微信 abc12345' })
  })

  it('ad-like wording alone is an ad, and says so', () => {
    const a = assess('专业贷款，无抵押，当天放款，利息低，欢迎来电咨询')
    expect(a.verdict).toBe('ad')
    expect(a.findings).toEqual([])
    expect(a.reasons).toEqual([expect.stringMatching(/^文字像广告 [01]\.\d\d$/)])
  })

  it('an invitation with no contact is up for review, not an ad', () => {
    for (const t of ['私我', '滴滴我', '戳我', '有意私聊']) {
      const a = assess(t)
      expect(a.verdict).toBe('review')
      expect(a.reasons[0]).toContain(t)
    }
  })

  it('a bare ambiguous domain is up for review, unless allowed', () => {
    expect(assess('来玩 example.io').verdict).toBe('review')
    expect(assess('来玩 example.io', { allowDomains: ['example.io'] }).verdict).toBe('normal')
  })

  it('ordinary chat is normal, with no reasons', () => {
    for (const t of ['收到', '我微信没电了，晚点回', 'v我50', '今晚8点开会，大家准时', '这件39.9元，那件128元', '订单号 2026112312345678']) {
      expect(assess(t)).toEqual({ verdict: 'normal', score: expect.any(Number), reasons: [], findings: [] })
    }
  })

  it('follows the thresholds', () => {
    const t = '宝妈在家就能做，手机操作，日结两三百'
    const { score } = assess(t)
    expect(score).toBeGreaterThan(0.2)
    expect(score).toBeLessThan(0.8)
    expect(assess(t, { reviewAt: score - 0.1 }).verdict).toBe('review')
    expect(assess(t, { adAt: score - 0.05, reviewAt: score - 0.1 }).verdict).toBe('ad')
    expect(assess(t, { reviewAt: score + 0.1 }).verdict).toBe('normal')
    expect(assess(t, { adAt: 1, reviewAt: 1 }).verdict).toBe('normal')
    expect(assess('收到', { adAt: 0, reviewAt: 0 }).verdict).toBe('ad')
  })

  it('model: false leaves the rules and the weak evidence', () => {
    expect(assess('专业贷款，无抵押，当天放款，利息低，欢迎来电咨询', { model: false }).verdict).toBe('normal')
    expect(assess('私我', { model: false }).verdict).toBe('review')
    expect(assess('电话13812345678', { model: false }).verdict).toBe('ad')
  })

  it('enabled: false is normal whatever the text', () => {
    expect(assess('加我微信 abc12345，专业贷款', { enabled: false })).toEqual({ verdict: 'normal', score: 0, reasons: [], findings: [] })
  })

  it('reads a link card\'s title and description', () => {
    const card: InboundMessage = { ...text('低息贷款'), kind: 'url', url: { title: '低息贷款', url: 'https://ke.qq.com/x', description: '无抵押，当天放款，欢迎来电咨询' } }
    const a = assess(card, { allowDomains: ['ke.qq.com'] })
    expect(a.findings).toEqual([])
    expect(a.verdict).not.toBe('normal')
  })

  it('uses the model it was compiled with', () => {
    const model = loadShippedTextModel()
    const t = '家里闲置的旧手机别扔，高价回收，上门取件'
    expect(assess(t, {}, model).verdict).toBe('normal')
    model.learn(t, 'ad')
    expect(assess(t, {}, model).verdict).toBe('ad')
  })
})

describe('the thresholds are config keys', () => {
  it('default to adAt 0.9, reviewAt 0.5, model on', () => {
    const { ads } = parseConfigObject({}).rules
    expect([ads.adAt, ads.reviewAt, ads.model]).toEqual([0.9, 0.5, true])
  })

  it('a group overrides one and keeps the other', () => {
    const config = parseConfigObject({ rules: { ads: { reviewAt: 0.6 } }, groups: { list: [{ room: 'g1@chatroom', rules: { ads: { adAt: 0.97 } } }] } })
    const group = effectivePolicy(config.rules, config.groups.list[0]!.rules)
    expect([group.ads.adAt, group.ads.reviewAt]).toEqual([0.97, 0.6])
  })

  it.each([
    [{ rules: { ads: { adAt: 2 } } }, 'rules.ads.adAt'],
    [{ rules: { ads: { reviewAt: -0.1 } } }, 'rules.ads.reviewAt'],
    [{ rules: { ads: { model: 'yes' } } }, 'rules.ads.model'],
    [{ groups: { list: [{ room: 'g1@chatroom', rules: { ads: { adAt: 'high' } } }] } }, 'groups.list[0].rules.ads.adAt'],
  ])('a bad value names its path: %j', (raw, path) => {
    expect(() => parseConfigObject(raw)).toThrow(ConfigError)
    expect(() => parseConfigObject(raw)).toThrow(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}:`))
  })
})
