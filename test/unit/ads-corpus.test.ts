import { evaluateCorpus, loadCorpus, parseCorpus } from '../../bench/ads-corpus'
import { measureRuleThroughput } from '../../bench/rule-throughput'

describe('ads corpus', () => {
  const corpus = loadCorpus()
  const report = evaluateCorpus(corpus)

  it('is big enough to mean something', () => {
    expect(report.ordinary).toBeGreaterThanOrEqual(300)
    expect(report.ads).toBeGreaterThanOrEqual(150)
  })

  it('has no duplicate lines', () => {
    const keys = corpus.messages.map((m) => `${m.label} ${JSON.stringify({ ...m.line, note: undefined })}`)
    const images = corpus.messages.filter((m) => m.line.kind === 'image').length
    // image lines are alike by nature («[图片]»); everything else is written once
    expect(new Set(keys).size).toBeGreaterThanOrEqual(keys.length - images)
  })

  it('really decodes the QR images', () => {
    const images = corpus.messages.filter((m) => m.line.kind === 'image')
    for (const { line, message } of images) expect(message.hasQrCode).toBe(line.image === 'qr')
  })

  it('meets precision ≥ 0.98 and recall ≥ 0.95', () => {
    if (report.precision < 0.98 || report.recall < 0.95) {
      // which messages, and why: the first thing anyone debugging this needs
      console.log(JSON.stringify(report.misclassified, null, 2))
    }
    expect(report.precision).toBeGreaterThanOrEqual(0.98)
    expect(report.recall).toBeGreaterThanOrEqual(0.95)
    expect(report.truePositives + report.falseNegatives).toBe(report.ads)
  })

  it('names bad corpus lines by file and line', () => {
    expect(() => parseCorpus('{"kind":"text","text":"ok"}\n{"kind":"text"}', 'x.jsonl')).toThrow('x.jsonl:2: text must be a string')
    expect(() => parseCorpus('not json', 'y.jsonl')).toThrow(/^y\.jsonl:1: invalid JSON/)
    expect(() => parseCorpus('{"kind":"image","text":"[图片]"}', 'z.jsonl')).toThrow('z.jsonl:1: image must be qr or photo')
  })
})

describe('rule throughput', () => {
  it('stays fast with 5,000 keywords', () => {
    const result = measureRuleThroughput({ durationMs: 300 })
    expect(result.keywords).toBeGreaterThanOrEqual(5000)
    // a busy account sees a few messages a second; this is orders of magnitude above it,
    // and low enough not to fail on a loaded CI machine
    expect(result.messagesPerSecond).toBeGreaterThan(2000)
    expect(result.p99Micros).toBeGreaterThan(0)
  })
})
