import { createHash } from 'node:crypto'
import { faqSection, type FaqConfig, type FaqKeyword } from '../../config/sections/faq'
import { isProblem } from '../../core/commands/arg-types'
import { parseTarget } from '../../core/commands/parse-target'
import { buildFaqIndex, type FaqIndex } from '../../core/faq/match'
import { mediaReference } from '../../core/media-reference'
import type { ManagedGroup } from '../../core/groups'
import { resolveTarget } from '../../core/targets'
import { definePlugin, type PluginContext, type QuestionAnswered } from '../../plugin'
import type { FaqEntry } from '../../store/faq'
import type { Question } from '../../store/questions'
import { limitMessages } from '../../texts'
import { faqCommand, wrongAnswerCommand } from './faq-commands'
import { faqPage } from './faq-page'
import { faqTexts } from './texts'

/** an entry keeps this many wordings of its question (the first, then the latest learned) */
const MAX_WORDINGS = 20
const MINUTE = 60_000

/**
 * Answers before questions reach HQ (issue 22). Every `#回复 Qn 答案` is kept as an FAQ entry
 * (or as another wording of the entry with the same answer); a later question in a managed
 * group close enough to one entry, and to no other, is answered in the group at once (@ the
 * asker, 「常见问题」) and HQ's digest shows it as answered. `faq.keywords` answer fixed
 * words, once per group per cooldown. Questions only: the questions plugin calls this through
 * its `questions` service, for the questions its detector saw in managed groups (never HQ,
 * never the bot's own messages, which the adapter drops).
 */
function applyFaq(ctx: PluginContext, config: () => FaqConfig): void {
  const questions = ctx.service('questions')
  const media = ctx.service('media')
  const store = ctx.stores.faq

  // the index is rebuilt when the entries (their version) or the scores they need change
  let built: { key: string; index: FaqIndex; entries: Map<string, FaqEntry> } | undefined
  async function current(): Promise<NonNullable<typeof built>> {
    const cfg = config()
    const key = `${await store.version()}|${cfg.minScore}|${cfg.wrongPenalty}`
    if (built?.key === key) return built
    const all = await store.all()
    const index = buildFaqIndex(all.map((e) => ({ id: e.id, questions: e.questions, minScore: cfg.minScore + e.wrong * cfg.wrongPenalty })))
    built = { key, index, entries: new Map(all.map((e) => [e.id, e])) }
    return built
  }

  /** an entry learned in a group with a scoped tag answers only in groups with that tag */
  const inScope = (entry: FaqEntry | undefined, group: ManagedGroup, scopes: readonly string[]) =>
    !!entry && entry.tags.filter((t) => scopes.includes(t)).every((t) => group.tags.includes(t))

  const keywordHit = (k: FaqKeyword, text: string): boolean => {
    const re = /^\/(.+)\/$/su.exec(k.match)
    if (re) return new RegExp(re[1]!, 'u').test(text)
    return text.toLowerCase().includes(k.match.toLowerCase())
  }
  const keywordInGroup = (k: FaqKeyword, group: ManagedGroup): boolean => {
    if (!k.groups) return true
    const target = parseTarget(k.groups)
    if (isProblem(target)) {
      ctx.logger.warn({ groups: k.groups, problem: target.problem }, 'faq keyword: groups is not a target; the keyword answers nowhere')
      return false
    }
    return resolveTarget(target, [group]).groups.length > 0
  }

  async function say(q: Question, text: string, jobId: string): Promise<void> {
    await ctx.act({ type: 'say', to: q.roomId, text, mentionIds: [q.fromId] }, 'member', { jobId })
  }

  async function byKeyword(q: Question, group: ManagedGroup): Promise<QuestionAnswered | undefined> {
    for (const k of config().keywords) {
      if (!keywordHit(k, q.text) || !keywordInGroup(k, group)) continue
      const hash = createHash('sha1').update(k.match).digest('hex').slice(0, 12)
      // within its cooldown the group has the reply on screen: the question goes on (FAQ, else HQ)
      if (!(await store.keywordFree(q.roomId, hash, k.cooldownMinutes * MINUTE))) continue
      // `[素材:id]`: an item of the media library (an image, a file, a link), after a line that @s the asker
      const itemId = mediaReference(k.reply)
      if (itemId !== undefined) {
        const item = media.get(itemId)
        if (!item) {
          ctx.logger.warn({ keyword: k.match, media: itemId }, 'faq keyword: no such media item; not answered')
          continue
        }
        await say(q, faqTexts.keywordMedia(item.label), `faq-${q.id}`)
        await ctx.act(media.action(itemId, q.roomId), 'member', { jobId: `faq-${q.id}-media` })
      } else await say(q, faqTexts.keyword(k.reply), `faq-${q.id}`)
      await store.recordAuto({ questionId: q.id, keyword: k.match, roomId: q.roomId, fromId: q.fromId })
      ctx.logger.info({ question: q.id, room: q.roomId, keyword: k.match }, 'faq: keyword reply')
      return { ref: k.match }
    }
    return undefined
  }

  async function byFaq(q: Question, group: ManagedGroup): Promise<QuestionAnswered | undefined> {
    const cfg = config()
    const { index, entries } = await current()
    if (!index.size) return undefined
    const verdict = index.decide(q.text, cfg.margin, (id) => inScope(entries.get(id), group, cfg.scopes))
    if (verdict.kind !== 'answer') {
      if (verdict.best) ctx.logger.info({ question: q.id, reason: verdict.reason, best: verdict.best, second: verdict.second }, 'faq: unsure, relayed')
      return undefined
    }
    const entry = entries.get(verdict.id)
    if (!entry) return undefined
    // the same member asking the same thing again soon: the answer did not help, a person answers
    if (!(await store.firstAsk(q.roomId, q.fromId, entry.id, cfg.cooldownMinutes * MINUTE))) return undefined
    await say(q, faqTexts.answer(entry.answer), `faq-${q.id}`)
    await store.hit(entry.id)
    await store.recordAuto({ questionId: q.id, entryId: entry.id, score: verdict.score, roomId: q.roomId, fromId: q.fromId })
    ctx.logger.info({ question: q.id, room: q.roomId, entry: entry.id, score: verdict.score }, 'faq: answered')
    return { ref: entry.id, score: Math.round(verdict.score * 100) / 100 }
  }

  ctx.onDispose(
    questions.answerer(async (q, group) => (await byKeyword(q, group)) ?? (config().enabled ? await byFaq(q, group) : undefined)),
  )

  /** #回复: the answer joins the entry with the same answer as another wording, else a new entry */
  async function learn(q: Question, answer: string, by: string): Promise<void> {
    if (!config().enabled) return
    const text = answer.trim()
    const all = await store.all()
    const same = all.find((e) => e.answer.trim() === text)
    if (same) {
      if (same.questions.includes(q.text)) return
      const { hits: _h, wrong: _w, ...entry } = same
      const questionsKept = [...entry.questions, q.text]
      await store.put({ ...entry, questions: questionsKept.length > MAX_WORDINGS ? [questionsKept[0]!, ...questionsKept.slice(-(MAX_WORDINGS - 1))] : questionsKept })
      return
    }
    const group = (await ctx.groups()).find((g) => g.roomId === q.roomId)
    const id = await store.nextId()
    await store.put({ id, questions: [q.text], answer: text, by, at: ctx.now(), tags: group?.tags ?? [] })
    ctx.logger.info({ entry: id, question: q.id }, 'faq: learned from #回复')
  }
  ctx.onDispose(questions.onAnswered(learn))

  const tooLong = (answer: string) => {
    const max = ctx.config().outbound.maxTextLength
    const text = faqTexts.answer(answer)
    return text.length > max ? limitMessages.textTooLong(faqTexts.what, text.length, max) : undefined
  }

  /** `#FAQ 改` and the console page's 保存答案: the answer replaced, the same refusals and words */
  async function edit(id: string, answer: string, by: string): Promise<string> {
    const entry = await store.get(id)
    if (!entry) return faqTexts.unknownEntry(id)
    const refused = tooLong(answer)
    if (refused) return refused
    await store.put({ ...entry, answer, by, at: ctx.now() })
    return faqTexts.edited(id)
  }
  const remove = async (id: string) => ((await store.remove(id)) ? faqTexts.removed(id) : faqTexts.unknownEntry(id))

  // the console page (/p/faq): the entries with their hits; operators edit and delete
  ctx.onDispose(
    ctx.service('console').page(faqPage({ all: () => store.all(), scopes: () => config().scopes, disabled: () => !config().enabled, edit, remove })),
  )

  ctx.command(faqCommand, async (call) => {
    const c = call.command
    switch (c.action) {
      case 'list':
        return call.reply(faqTexts.list(await store.all(), !config().enabled))
      case 'add': {
        const refused = tooLong(c.answer)
        if (refused) return call.reply(refused)
        const id = await store.nextId()
        await store.put({ id, questions: [c.question], answer: c.answer, by: call.message.fromId, at: ctx.now(), tags: [] })
        return call.reply(faqTexts.added(id))
      }
      case 'edit':
        return call.reply(await edit(c.id, c.answer, call.message.fromId))
      case 'remove':
        return call.reply(await remove(c.id))
    }
  })

  ctx.command(wrongAnswerCommand, async (call) => {
    const id = call.command.questionId
    const auto = await store.takeAuto(id)
    if (!auto) return call.reply(faqTexts.noAuto(id))
    // WeChat's recall is not offered to the bot (the adapter never keeps the sent message's id): a correction instead
    await ctx.act({ type: 'say', to: auto.roomId, text: faqTexts.correction, mentionIds: [auto.fromId] }, 'member', { jobId: `faq-wrong-${id}` })
    const wrong = auto.entryId ? await store.markWrong(auto.entryId) : undefined
    const q = await ctx.stores.questions.get(id)
    if (q) await questions.relay(q)
    return call.reply(faqTexts.retracted(id, auto.entryId ?? auto.keyword ?? '', wrong))
  })
}

/** The FAQ and keyword replies (issue 22): answers before questions reach HQ; owns `faq:`. */
export const faqPlugin = definePlugin({ name: 'faq', Config: faqSection, inject: ['questions', 'media', 'console'], apply: applyFaq })
