import type { EntryForm } from '../../config/schema'
import { sameTarget } from '../../core/commands/parse-target'
import { dayKey } from '../../core/time-window'
import type { AppContext } from '../../feature'
import { entryMessages } from './texts'
import { jobIdPart } from '../../queue/job-id'
import type { EntryApplication, EntryApplications } from '../../store/entry-applications'
import type { EntrySeats } from '../../store/entry-seats'
import type { GateStat } from '../../store/entry-stats'
import { checkAnswer, questionText, suggestedNickname } from './form'
import type { GateHq } from './gate-hq'
import { createSeating, type Seating } from './seating'

export const ENTRY_TIMEOUT = 'entry-timeout'

export interface Applying {
  /**
   * opens an application (unless one is open) and asks the first question, or routes at once
   * without a form; `accepting`: only opens it, and `accepted` goes on once WeChat has made
   * them a friend (a puppet that cannot accept friends must not leave questions unsent)
   */
  begin(contactId: string, target: string, channel: string, opts?: { accepting?: boolean }): Promise<void>
  accepted(contactId: string): Promise<void>
  /** an action of the application failed in WeChat: the application waits for a human, HQ is told */
  failed(contactId: string, hqText: string): Promise<void>
  /** a private message from someone answering: checks it, asks again or goes on */
  answer(app: EntryApplication, text: string, messageId: string): Promise<void>
  formOf(target: string): EntryForm | undefined
  /** the groups, the seats and the line (seating.ts) */
  seating: Seating
}

/**
 * The application, from the keyword to the group: the form one question at a time, the
 * profile it leaves, then the seat (seating.ts).
 */
export function createApplying(ctx: AppContext, apps: EntryApplications, seats: EntrySeats, hq: GateHq): Applying {
  const cfg = () => ctx.config().entry
  // `标签：训练营` of a code picks the form written `标签:训练营`: targets compare as parsed
  const formOf = (target: string) => cfg().forms.find((f) => sameTarget(f.target, target))
  const seating = createSeating(ctx, apps, seats, hq, formOf)
  const count = (stat: GateStat) => ctx.stores.entryStats.count(dayKey(ctx.now(), ctx.config().timezone), stat)
  const say = (to: string, text: string, jobId: string) => ctx.act({ type: 'say', to, text }, 'member', { jobId: jobIdPart(jobId) })

  async function ask(app: EntryApplication, form: EntryForm, jobId: string, before?: string): Promise<void> {
    const q = questionText(form, app.step)
    await say(app.contactId, before ? entryMessages.wrongAnswer(before, q) : q, jobId)
  }

  async function scheduleTimeout(app: EntryApplication): Promise<void> {
    const data = { contactId: app.contactId, startedAt: app.startedAt, step: app.step }
    await ctx.control.add(ENTRY_TIMEOUT, data, { jobId: jobIdPart(`entry-timeout-${app.contactId}-${app.startedAt}-${app.step}`), delayMs: cfg().answerTimeoutMs })
  }

  // an answer not given in time ends the application, if it is still at that question
  ctx.control.on(ENTRY_TIMEOUT, async (data) => {
    const app = await apps.get(String(data.contactId))
    if (!app || app.status !== 'asking' || app.startedAt !== data.startedAt || app.step !== data.step) return
    await apps.close(app.contactId)
    await count('timedOut')
    await say(app.contactId, entryMessages.timedOut, `entry-timeout-say-${app.contactId}-${app.startedAt}`)
  })

  async function begin(contactId: string, target: string, channel: string, opts: { accepting?: boolean } = {}): Promise<void> {
    const name = (await ctx.view.contactName(contactId)) ?? contactId
    const status = opts.accepting ? 'accepting' : 'asking'
    const app: EntryApplication = { contactId, name, target, channel, startedAt: ctx.now(), step: 0, answers: {}, status }
    if (!(await apps.open(app))) {
      const open = await apps.get(contactId)
      const text =
        open?.status === 'invited' && open.topic ? entryMessages.alreadyInvited(open.topic) : open?.status === 'held' ? entryMessages.allFull : entryMessages.alreadyApplying
      await say(contactId, text, `entry-busy-${contactId}-${app.startedAt}`)
      return
    }
    await count('started')
    ctx.logger.info({ contactId, target, channel, status }, 'entry application opened')
    if (status === 'asking') await start(app)
  }

  async function start(app: EntryApplication): Promise<void> {
    const { contactId, target } = app
    const form = formOf(target)
    if (!form) return finishForm(app)
    await say(contactId, entryMessages.formIntro(form.questions.length), `entry-intro-${contactId}-${app.startedAt}`)
    await ask(app, form, `entry-q-${contactId}-${app.startedAt}-0`)
    await scheduleTimeout(app)
  }

  async function answer(app: EntryApplication, text: string, messageId: string): Promise<void> {
    const form = formOf(app.target)
    const question = form?.questions[app.step]
    if (!form || !question) return finishForm(app)
    const check = checkAnswer(question, text)
    if (!check.ok) return ask(app, form, `entry-re-${messageId}`, check.reason)
    const next: EntryApplication = { ...app, answers: { ...app.answers, [question.id]: check.value }, step: app.step + 1 }
    if (next.step < form.questions.length) {
      await apps.put(next)
      await ask(next, form, `entry-q-${app.contactId}-${app.startedAt}-${next.step}`)
      await scheduleTimeout(next)
      return
    }
    await finishForm(next)
  }

  /** the profile, then the group */
  async function finishForm(app: EntryApplication): Promise<void> {
    const form = formOf(app.target)
    const nickname = suggestedNickname(form, app.answers)
    await apps.putProfile({
      contactId: app.contactId,
      name: app.name,
      target: app.target,
      channel: app.channel,
      answers: app.answers,
      ...(nickname ? { nickname } : {}),
      at: ctx.now(),
    })
    await say(app.contactId, entryMessages.formDone, `entry-done-${app.contactId}-${app.startedAt}`)
    await seating.route({ ...app, status: 'held' }, form)
  }

  async function accepted(contactId: string): Promise<void> {
    const app = await apps.get(contactId)
    if (app?.status !== 'accepting') return
    const asking: EntryApplication = { ...app, status: 'asking' }
    await apps.put(asking)
    await start(asking)
  }

  async function failed(contactId: string, hqText: string): Promise<void> {
    const app = await apps.get(contactId)
    if (!app) return
    if (app.roomId) await seats.releaseSeat(app.roomId, contactId)
    await apps.put({ ...app, status: 'held' })
    await hq.note(hqText, `entry-failed-${contactId}-${app.startedAt}-${app.status}`)
    if (app.roomId) await seating.wake(`failed-${contactId}-${app.startedAt}`)
  }

  return { begin, accepted, failed, answer, formOf, seating }
}
