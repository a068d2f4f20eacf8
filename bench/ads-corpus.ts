/**
 * The labelled ads corpus: loads test/fixtures/ads-corpus, turns each line into an
 * InboundMessage (QR images really go through decodeQr), runs assessAd (rules and text
 * model) and scores its `ad` verdicts; `review` verdicts are counted apart.
 * Run `npx tsx bench/ads-corpus.ts` to print the report as JSON.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { adsSchema } from '../src/config/schema'
import { assessAd, type AdVerdict } from '../src/core/ads/assess-ad'
import { compileAds, type AdFinding, type AdsPolicy } from '../src/core/ads/detect-ad'
import { decodeQr } from '../src/core/ads/qr-decode'
import type { InboundMessage, MiniProgramInfo, UrlInfo } from '../src/core/types'

export const CORPUS_DIR = join(__dirname, '..', 'test', 'fixtures', 'ads-corpus')
const FIXTURES_DIR = join(__dirname, '..', 'test', 'fixtures')

const LINE_KINDS = ['text', 'url', 'miniProgram', 'card', 'image'] as const

/** One line of ordinary.jsonl / ads.jsonl. */
export interface CorpusLine {
  kind: (typeof LINE_KINDS)[number]
  text: string
  url?: UrlInfo
  miniProgram?: MiniProgramInfo
  cardId?: string
  image?: 'qr' | 'photo'
  note?: string
}

export type Label = 'ordinary' | 'ad'

export interface LabelledMessage {
  label: Label
  /** `ads.jsonl:12` */
  where: string
  line: CorpusLine
  message: InboundMessage
}

export interface Misclassified {
  where: string
  label: Label
  text: string
  note?: string
  verdict: AdVerdict
  reasons: string[]
  findings: AdFinding[]
}

export interface CorpusReport {
  ordinary: number
  ads: number
  precision: number
  recall: number
  truePositives: number
  falsePositives: number
  falseNegatives: number
  /** `review` verdicts: ads that would reach HQ, ordinary messages that would bother it */
  reviewed: { ads: number; ordinary: number }
  misclassified: Misclassified[]
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Parses one JSONL file; a bad line fails with its file and line number. */
export function parseCorpus(jsonl: string, source: string): CorpusLine[] {
  const lines: CorpusLine[] = []
  jsonl.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return
    const where = `${source}:${i + 1}`
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (err) {
      throw new Error(`${where}: invalid JSON: ${(err as Error).message}`)
    }
    if (!isRecord(value)) throw new Error(`${where}: expected an object`)
    const { kind, text } = value
    if (!LINE_KINDS.includes(kind as CorpusLine['kind'])) throw new Error(`${where}: unknown kind ${String(kind)}`)
    if (typeof text !== 'string') throw new Error(`${where}: text must be a string`)
    if (kind === 'url' && !(isRecord(value.url) && typeof value.url.url === 'string')) throw new Error(`${where}: url.url missing`)
    if (kind === 'miniProgram' && !isRecord(value.miniProgram)) throw new Error(`${where}: miniProgram missing`)
    if (kind === 'card' && typeof value.cardId !== 'string') throw new Error(`${where}: cardId missing`)
    if (kind === 'image' && value.image !== 'qr' && value.image !== 'photo') throw new Error(`${where}: image must be qr or photo`)
    lines.push(value as unknown as CorpusLine)
  })
  return lines
}

export interface CorpusImages {
  /** images with a QR code, used in turn */
  qr: Buffer[]
  photo: Buffer
}

export function loadImages(dir = FIXTURES_DIR): CorpusImages {
  return {
    qr: [readFileSync(join(dir, 'qr.png')), readFileSync(join(dir, 'qr.jpg'))],
    photo: readFileSync(join(dir, 'photo.png')),
  }
}

/**
 * decodeQr of each distinct image, once: the corpus uses three images on some twenty lines,
 * and decoding is the costly part of loading it (deterministic, so a cached answer is the answer)
 */
const decoded = new WeakMap<Buffer, string | undefined>()
function decodeOnce(bytes: Buffer): string | undefined {
  if (!decoded.has(bytes)) decoded.set(bytes, decodeQr(bytes))
  return decoded.get(bytes)
}

/** A corpus line as the WeChat adapter would deliver it; images are decoded here. */
export function toInboundMessage(line: CorpusLine, id: string, images: CorpusImages, n: number): InboundMessage {
  const message: InboundMessage = {
    id,
    roomId: 'corpus@chatroom',
    fromId: 'wxid_corpus_member',
    fromName: '群成员',
    fromAlias: undefined,
    kind: line.kind,
    text: line.text,
    mentionIds: [],
    mentionsSelf: false,
    timestamp: 0,
  }
  if (line.url) message.url = line.url
  if (line.miniProgram) message.miniProgram = line.miniProgram
  if (line.cardId !== undefined) message.cardId = line.cardId
  if (line.kind === 'image') {
    const bytes = line.image === 'qr' ? images.qr[n % images.qr.length]! : images.photo
    const qrText = decodeOnce(bytes)
    message.hasQrCode = qrText !== undefined
    if (qrText !== undefined) message.qrText = qrText
  }
  return message
}

export interface Corpus {
  policy: AdsPolicy
  messages: LabelledMessage[]
}

export function loadCorpus(dir = CORPUS_DIR, images = loadImages()): Corpus {
  const policy = adsSchema.parse(JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8')))
  const messages: LabelledMessage[] = []
  const files: Array<[string, Label]> = [
    ['ordinary.jsonl', 'ordinary'],
    ['ads.jsonl', 'ad'],
  ]
  for (const [file, label] of files) {
    const lines = parseCorpus(readFileSync(join(dir, file), 'utf8'), file)
    lines.forEach((line, i) => {
      messages.push({ label, where: `${file}:${i + 1}`, line, message: toInboundMessage(line, `${label}-${i + 1}`, images, i) })
    })
  }
  return { policy, messages }
}

/** Precision and recall of assessAd over the corpus: a message is "flagged" when its verdict is `ad`. */
export function evaluateCorpus(corpus: Corpus = loadCorpus()): CorpusReport {
  const compiled = compileAds(corpus.policy)
  let tp = 0
  let fp = 0
  let fn = 0
  const misclassified: Misclassified[] = []
  const reviewed = { ads: 0, ordinary: 0 }
  for (const { label, where, line, message } of corpus.messages) {
    const { verdict, reasons, findings } = assessAd(message, corpus.policy, compiled)
    const flagged = verdict === 'ad'
    if (verdict === 'review') reviewed[label === 'ad' ? 'ads' : 'ordinary']++
    if (flagged && label === 'ad') tp++
    else if (flagged) fp++
    else if (label === 'ad') fn++
    if (flagged !== (label === 'ad')) {
      misclassified.push({ where, label, text: line.text, ...(line.note ? { note: line.note } : {}), verdict, reasons, findings })
    }
  }
  const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b)
  return {
    ordinary: corpus.messages.filter((m) => m.label === 'ordinary').length,
    ads: corpus.messages.filter((m) => m.label === 'ad').length,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    reviewed,
    misclassified,
  }
}

if (require.main === module) {
  console.log(JSON.stringify(evaluateCorpus(), null, 2))
}
