import type { InboundMessage } from '../../core/types'
import { questionsSection } from '../../config/sections/questions'
import { definePlugin, type PluginContext, type QuestionAnswerer, type QuestionsService } from '../../plugin'
import { compileQuestionPatterns, isQuestion } from './is-question'
import { hqMessages, limitMessages } from '../../texts'
import type { Question } from '../../store/questions'
import { replyCommand } from './reply-command'

const FLUSH = 'relay-flush'

/**
 * Operators miss messages when they run many groups (seed 003): a member who @-mentions
 * the bot or asks a question in a managed group is relayed to HQ with a short id, in
 * batches; `#回复 Q3 …` posts the answer in that group, @-mentioning the asker.
 */
function applyQuestions(ctx: PluginContext): void {
  // other plugins' hooks (the FAQ, issue 22), through the `questions` service
  const answerers: QuestionAnswerer[] = []
  const answeredListeners: ((q: Question, answer: string, by: string) => Promise<void>)[] = []
  const unlist = <T>(list: T[], item: T) => () => {
    const i = list.indexOf(item)
    if (i >= 0) list.splice(i, 1)
  }

  // compiled once per config, not once per message
  let compiled: { from: string[]; res: RegExp[] } | undefined
  const patterns = () => {
    const from = ctx.config().questions.patterns
    if (compiled?.from !== from) compiled = { from, res: compileQuestionPatterns(from) }
    return compiled.res
  }

  ctx.control.on(FLUSH, async () => {
    const items = await ctx.stores.questions.takePending()
    if (!items.length) return
    // one HQ message per 20 questions keeps each message readable
    for (let i = 0; i < items.length; i += 20) {
      const chunk = items.slice(i, i + 20)
      // the job id makes a retried flush send once; a question put back (#误答) is a new round of it
      const first = chunk[0]
      await ctx.hq.say(hqMessages.questionsRelay(chunk), `relay-${first?.id ?? i}${first?.round ? `.${first.round}` : ''}`)
    }
  })

  ctx.commands.register(replyCommand, async (call) => {
    const q = await ctx.stores.questions.get(call.command.questionId)
    if (!q) return call.reply(hqMessages.questionUnknown(call.command.questionId))
    const text = hqMessages.replyInGroup(call.command.text)
    const max = ctx.config().outbound.maxTextLength
    if (text.length > max) return call.reply(limitMessages.textTooLong(limitMessages.replyText, text.length, max))
    await ctx.act(
      { type: 'say', to: q.roomId, text, mentionIds: [q.fromId] },
      'member',
      { jobId: `answer-${call.message.id}` },
    )
    await call.reply(hqMessages.replyQueued(q.id, q.group))
    for (const fn of answeredListeners) await fn(q, call.command.text, call.message.fromId)
  })

  /** into HQ's next digest: one flush job per window, later questions in the window join it */
  async function enqueue(q: Question): Promise<void> {
    await ctx.stores.questions.add(q)
    const batchMs = ctx.config().questions.batchMs
    const windowStart = Math.floor(ctx.now() / Math.max(1, batchMs))
    await ctx.control.add(FLUSH, {}, { jobId: `${FLUSH}-${windowStart}`, delayMs: batchMs })
  }

  const service: QuestionsService = {
    answerer(fn) {
      answerers.push(fn)
      return unlist(answerers, fn)
    },
    onAnswered(fn) {
      answeredListeners.push(fn)
      return unlist(answeredListeners, fn)
    },
    async relay(q) {
      const { auto: _auto, ...open } = q
      await enqueue({ ...open, round: (q.round ?? 0) + 1 })
    },
  }
  ctx.provide('questions', service)

  /** a member's question in a managed group goes to HQ in the next batch */
  async function relay(m: InboundMessage): Promise<void> {
    const config = ctx.config()
    if (!config.questions.enabled || !m.roomId || m.kind !== 'text') return
    const body = (m.body ?? m.text).trim()
    const asked = m.mentionsSelf || isQuestion(body, patterns())
    if (!asked || !body) return
    const group = (await ctx.groups()).find((g) => g.roomId === m.roomId)
    if (!group) return
    const id = await ctx.stores.questions.nextId()
    const q: Question = { id, roomId: m.roomId, group: group.topic, fromId: m.fromId, name: m.fromAlias ?? m.fromName, text: body, at: m.timestamp }
    // an answerer (the FAQ) may answer it now: HQ's digest then shows it as answered
    for (const answer of [...answerers]) {
      const auto = await answer(q, group)
      if (auto) {
        q.auto = auto
        break
      }
    }
    await enqueue(q)
    ctx.logger.info({ question: id, room: m.roomId, member: m.fromId, auto: q.auto?.ref }, q.auto ? 'question answered automatically' : 'question relayed')
  }

  ctx.middleware(async (c, next) => {
    await relay(c.message)
    await next() // other plugins (analytics) still see the message
  })
}

/** Members' questions relayed to HQ, `#回复`; owns `questions:`. */
export const questionsPlugin = definePlugin({ name: 'questions', Config: questionsSection, provide: ['questions'], apply: applyQuestions })
