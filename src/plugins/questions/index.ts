import type { InboundMessage } from '../../core/types'
import { questionsSection } from '../../config/sections/questions'
import { definePlugin, type PluginContext } from '../../plugin'
import { compileQuestionPatterns, isQuestion } from '../../core/questions/is-question'
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
      await ctx.tellHq(hqMessages.questionsRelay(chunk), `relay-${chunk[0]?.id ?? i}`)
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
    return call.reply(hqMessages.replyQueued(q.id, q.group))
  })

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
    await ctx.stores.questions.add(q)
    const batchMs = config.questions.batchMs
    // one flush job per window: later questions in the window join it
    const windowStart = Math.floor(ctx.now() / Math.max(1, batchMs))
    await ctx.control.add(FLUSH, {}, { jobId: `${FLUSH}-${windowStart}`, delayMs: batchMs })
    ctx.logger.info({ question: id, room: m.roomId, member: m.fromId }, 'question relayed')
  }

  ctx.middleware(async (c, next) => {
    await relay(c.message)
    await next() // other plugins (analytics) still see the message
  })
}

/** Members' questions relayed to HQ, `#回复`; owns `questions:`. */
export const questionsPlugin = definePlugin({ name: 'questions', Config: questionsSection, apply: applyQuestions })
