import type { EntryForm } from '../config/schema'
import { parseTarget, sameTarget } from '../core/commands/parse-target'
import { isProblem, type Target } from '../core/commands/command-types'
import type { ManagedGroup } from '../core/groups'
import { resolveTarget } from '../core/targets'
import { dayKey } from '../core/time-window'
import type { AppContext } from '../feature'
import { entryMessages } from '../messages/entry'
import { jobIdPart } from '../queue/job-id'
import type { EntryApplication, EntryApplications } from '../store/entry-applications'
import { channelOfEntry } from '../store/entry-channels'
import type { EntrySeats } from '../store/entry-seats'
import type { GateStat } from '../store/entry-stats'
import { checkAnswer, questionText, routeAnswer, suggestedNickname } from './form'
import { nextTopic, pickRoom, routeGroups, type Seats } from './route'

export const ENTRY_TIMEOUT = 'entry-timeout'
export const ENTRY_REMIND = 'entry-remind'

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
  /** invites into a room and holds its seat until they join (or the invitation lapses) */
  invite(app: EntryApplication, roomId: string, topic: string): Promise<void>
  formOf(target: string): EntryForm | undefined
}

/**
 * The application, from the keyword to the invitation: the form one question at a time,
 * the profile it leaves, then the group: the target's groups in order (or the routing
 * answer's), skipping full ones, warning HQ before all are full and creating the next
 * group when `entry.autoCreate` is on.
 */
export function createApplying(ctx: AppContext, apps: EntryApplications, seats: EntrySeats): Applying {
  const cfg = () => ctx.config().entry
  // `标签：训练营` of a code picks the form written `标签:训练营`: targets compare as parsed
  const formOf = (target: string) => cfg().forms.find((f) => sameTarget(f.target, target))
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
      const text = open?.status === 'invited' && open.topic ? entryMessages.alreadyInvited(open.topic) : entryMessages.alreadyApplying
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
    await route({ ...app, status: 'held' }, form)
  }

  async function seatsOf(groups: ManagedGroup[]): Promise<Seats[]> {
    const out: Seats[] = []
    for (const group of groups) {
      const info = await ctx.view.group(group.roomId)
      if (!info) continue
      out.push({ group, taken: info.memberCount + (await seats.invited(group.roomId)) })
    }
    return out
  }

  async function hold(app: EntryApplication, hqText: string, reason: string): Promise<void> {
    await apps.put({ ...app, status: 'held' })
    await ctx.tellHq(hqText, jobIdPart(`entry-held-${app.contactId}-${app.startedAt}`))
    await say(app.contactId, entryMessages.allFull, `entry-full-${app.contactId}-${app.startedAt}`)
    ctx.logger.warn({ contactId: app.contactId, target: app.target, reason }, 'entry application held for a human')
  }

  async function route(app: EntryApplication, form: EntryForm | undefined): Promise<void> {
    const target = parseTarget(app.target.trim())
    if (isProblem(target)) return hold(app, entryMessages.hq.badTarget(app.target), 'bad target')
    const all = resolveTarget(target, await ctx.groups()).groups
    // already in one of the target's groups (a second keyword months later): nothing to do
    for (const g of all) {
      if ((await ctx.view.members(g.roomId)).some((m) => m.id === app.contactId)) {
        await apps.close(app.contactId)
        await say(app.contactId, entryMessages.alreadyMember(g.topic), `entry-member-${app.contactId}-${app.startedAt}`)
        return
      }
    }
    const answer = routeAnswer(form, app.answers)
    const routed = routeGroups(all, answer)
    // a routing answer that fits no group: a new group for it (autoCreate), else any group of the target
    const candidates = routed.matched || cfg().autoCreate.enabled ? routed.groups : routeGroups(all, undefined).groups
    const choice = pickRoom(await seatsOf(candidates), cfg().roomCapacity)
    const label = answer && routed.matched ? `${app.target} ${answer}` : app.target
    if (choice.kind === 'room') {
      if (choice.freeAfter <= cfg().warnAt && (await seats.warnOnce(label))) {
        await ctx.tellHq(entryMessages.hq.nearlyFull(label, choice.freeAfter, cfg().autoCreate.enabled), jobIdPart(`entry-warn-${app.contactId}-${app.startedAt}`))
      }
      return invite(app, choice.group.roomId, choice.group.topic)
    }
    if (!cfg().autoCreate.enabled) {
      return hold(app, candidates.length ? entryMessages.hq.allFull(label, app.name) : entryMessages.hq.noGroups(label, app.name), 'full')
    }
    await create(app, target, candidates, all, answer)
  }

  async function create(app: EntryApplication, target: Target, candidates: ManagedGroup[], all: ManagedGroup[], answer: string | undefined): Promise<void> {
    const auto = cfg().autoCreate
    const firstTag = target.kind === 'tags' ? (target.tags[0] ?? '') : ''
    const last = candidates[candidates.length - 1]
    const tags = last ? last.tags : [...new Set([...(target.kind === 'tags' ? target.tags : []), ...(answer ? [answer] : [])])]
    const topic = nextTopic(auto.topic, { ...app.answers, 标签: firstTag }, all.map((g) => g.topic), candidates.length)
    const routeKey = `${app.target}|${answer ?? ''}`
    const inFlight = await seats.claimCreation({ topic, target: app.target, routeKey, tags, contactId: app.contactId })
    if (inFlight !== undefined) {
      // another newcomer's group for this route is being made: join it once it exists
      await apps.put({ ...app, status: 'creating', topic: inFlight })
      await seats.wait(inFlight, app.contactId)
      await say(app.contactId, entryMessages.creating, `entry-creating-${app.contactId}-${app.startedAt}`)
      return
    }
    await apps.put({ ...app, status: 'creating', topic })
    await ctx.tellHq(entryMessages.hq.creating(topic, app.name), jobIdPart(`entry-create-hq-${app.contactId}-${app.startedAt}`))
    await say(app.contactId, entryMessages.creating, `entry-creating-${app.contactId}-${app.startedAt}`)
    const contactIds = [...new Set([app.contactId, ...auto.members])]
    // the group's first join arrives before its id is known: the channel is marked by topic
    await ctx.stores.entryChannels.markNewRoom(topic, app.contactId, channelOfEntry(app.channel))
    await ctx.act({ type: 'create-room', topic, contactIds }, 'member', { jobId: jobIdPart(`entry-create-${app.contactId}-${app.startedAt}`) })
  }

  async function invite(app: EntryApplication, roomId: string, topic: string): Promise<void> {
    const invitedAt = ctx.now()
    await seats.holdSeat(roomId, app.contactId)
    await apps.put({ ...app, status: 'invited', roomId, topic, invitedAt })
    // who brought whom (#报告, #邀请榜): the channel is marked before the join can arrive
    await ctx.stores.entryChannels.mark(roomId, app.contactId, channelOfEntry(app.channel))
    // told first: a group of 40 or fewer takes them at once, and the welcome follows there
    await say(app.contactId, entryMessages.invited(topic), `entry-invited-${app.contactId}-${app.startedAt}`)
    await ctx.act({ type: 'invite', roomId, contactId: app.contactId }, 'member', { jobId: jobIdPart(`entry-invite-${app.contactId}-${app.startedAt}`) })
    await ctx.control.add(ENTRY_REMIND, { contactId: app.contactId, startedAt: app.startedAt, stage: 'remind' }, {
      jobId: jobIdPart(`entry-remind-${app.contactId}-${app.startedAt}`),
      delayMs: cfg().inviteTimeoutMs,
    })
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
    await ctx.tellHq(hqText, jobIdPart(`entry-failed-${contactId}-${app.startedAt}-${app.status}`))
  }

  return { begin, accepted, failed, answer, invite, formOf }
}
