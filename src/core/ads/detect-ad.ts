import type { RulesPolicy } from '../../config/schema'
import type { InboundMessage } from '../types'
import { findMaskedLinks, findShareCodes } from './disguised-links'
import { CONTACT_SCAN_MAX_CHARS, findContacts } from './find-contacts'
import { findLinks, hostOf, isAllowedHost, LINK_SCAN_MAX_CHARS, normalizeAllowDomain } from './find-links'
import { compileKeywordSearch, KEYWORD_SCAN_MAX_CHARS, type KeywordHit } from './keyword-matcher'
import { isQuestionWithoutOffer, isSelfIntroWithoutOffer, isWarning, startsInsideWord } from './keyword-context'
import { expandKeywords } from './keyword-variants'
import { canonicalVariants, cleanText, halfWidth, squeeze } from './normalize-text'
import { sharedTextModel } from './shipped-text-model'
import type { TextScorer } from './deployment-model'

export type AdsPolicy = RulesPolicy['ads']

// the kinds are named where their texts are (messages/rules: `adKindNames`)
import type { AdKind } from '../../texts/rules'
export type { AdKind }

/** One reason to treat a message as an ad; `evidence` is what an operator reads in HQ. */
export interface AdFinding {
  kind: AdKind
  evidence: string
}

/** A policy turned into matchers once, so each message costs one pass per check. */
export interface CompiledAds {
  allowDomains: string[]
  /** finds the keywords and their misspellings (keyword-variants.ts); a hit names the spelling found */
  searchKeywords: (text: string) => KeywordHit[]
  /** the keyword a spelling stands for */
  keywordOf: (spelling: string) => string
  /** the text model `assessAd` scores with */
  model: TextScorer
}

/**
 * `model` defaults to the process's shipped model (`sharedTextModel`); the bot passes its
 * deployment's model (shipped + learned, `deployment-model.ts`).
 */
export function compileAds(policy: AdsPolicy, model: TextScorer = sharedTextModel()): CompiledAds {
  const { words, canonical } = expandKeywords(policy.keywords)
  return {
    allowDomains: policy.allowDomains.map(normalizeAllowDomain),
    searchKeywords: compileKeywordSearch(words),
    keywordOf: (spelling) => canonical.get(spelling) ?? spelling,
    model,
  }
}

/** No ad check reads further than this (each caps its own input too); cleaning a 1 MB text whole would. */
const WRITTEN_MAX_CHARS = Math.max(KEYWORD_SCAN_MAX_CHARS, LINK_SCAN_MAX_CHARS, CONTACT_SCAN_MAX_CHARS)

/**
 * What the sender wrote: a text, or a link card's title and description. Other kinds'
 * `text` is a file name or a placeholder, not worth reading for contacts.
 */
export function writtenText(msg: InboundMessage): string {
  if (msg.kind === 'text') return msg.text.slice(0, WRITTEN_MAX_CHARS)
  if (msg.kind === 'url') return [msg.text, msg.url?.description ?? ''].join('\n').slice(0, WRITTEN_MAX_CHARS)
  return ''
}

/**
 * Keywords found in `text`, as typed and with filler squeezed out (「加 微-信」), and with
 * 微信 homophones spelt back (「加V信」). Hits that only exist inside a longer word don't count.
 */
function findKeywords(text: string, compiled: CompiledAds): string[] {
  const cleaned = canonicalVariants(cleanText(text))
  const found = new Set<string>()
  for (const variant of [cleaned, squeeze(cleaned)]) {
    for (const hit of compiled.searchKeywords(variant)) {
      if (!startsInsideWord(variant, hit.start)) found.add(compiled.keywordOf(hit.keyword))
    }
  }
  if (found.size === 0) return []
  if (isWarning(cleaned) || isSelfIntroWithoutOffer(cleaned) || isQuestionWithoutOffer(cleaned)) return []
  return [...found]
}

function linkFindings(msg: InboundMessage, compiled: CompiledAds): AdFinding[] {
  const out: AdFinding[] = []
  if (msg.kind === 'url' && msg.url) {
    if (!isAllowedHost(hostOf(msg.url.url), compiled.allowDomains)) out.push({ kind: 'link', evidence: msg.url.url })
  }
  const written = writtenText(msg)
  if (written) {
    const half = halfWidth(written)
    for (const url of [...findLinks(half), ...findMaskedLinks(half)]) {
      if (!isAllowedHost(hostOf(url), compiled.allowDomains)) out.push({ kind: 'link', evidence: url })
    }
    // a Taobao share code opens a product page as a link does
    for (const code of findShareCodes(half)) out.push({ kind: 'link', evidence: code })
  }
  return out
}

/**
 * Why `msg` looks like an ad under `policy`, or [] when it does not. Each kind is checked
 * only when its policy flag is on; `enabled: false` turns everything off. Pure: no clock,
 * no I/O — a QR image must already be decoded (`hasQrCode`, `qrText`).
 */
export function detectAd(msg: InboundMessage, policy: AdsPolicy, compiled: CompiledAds): AdFinding[] {
  if (!policy.enabled) return []
  const findings: AdFinding[] = []
  const written = writtenText(msg)

  if (policy.links) findings.push(...linkFindings(msg, compiled))
  if (policy.miniPrograms && msg.kind === 'miniProgram') {
    const mp = msg.miniProgram
    const title = mp?.title || msg.text || '小程序'
    findings.push({ kind: 'miniProgram', evidence: mp?.appid ? `${title} (${mp.appid})` : title })
  }
  if (policy.cards && msg.kind === 'card') {
    findings.push({ kind: 'card', evidence: msg.cardId ?? (msg.text || '名片') })
  }
  if (policy.qrImages && msg.kind === 'image' && msg.hasQrCode === true) {
    // a QR that leads to an allowed domain (the course's own page) is not an ad
    const qrHost = msg.qrText !== undefined ? hostOf(msg.qrText.trim()) : undefined
    const allowed = qrHost !== undefined && /^https?:\/\//i.test(msg.qrText!.trim()) && isAllowedHost(qrHost, compiled.allowDomains)
    if (!allowed) findings.push({ kind: 'qrImage', evidence: msg.qrText ? `二维码: ${msg.qrText}` : '二维码图片' })
  }
  if (written && policy.keywords.length > 0) {
    for (const keyword of findKeywords(written, compiled)) findings.push({ kind: 'keyword', evidence: keyword })
  }
  if (written && policy.contacts) {
    for (const contact of findContacts(written)) findings.push({ kind: 'contact', evidence: contact })
  }
  return dedupe(findings)
}

function dedupe(findings: AdFinding[]): AdFinding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = `${f.kind}\u0000${f.evidence}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
