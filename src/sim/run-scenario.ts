import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from '../config/schema'
import type { Plugin } from '../plugin'
import { deleteKeysWithPrefix } from '../store/delete-prefix'
import { deploymentPrefix } from '../store/keys'
import { createRedisFactory } from '../store/redis'
import { isClusterUrl } from '../store/redis-target'
import { createProcessShare } from '../wiring/process-share'
import { isoInZone } from '../core/time-window'
import { advanceClock } from './advance'
import { buildWorld } from './build-world'
import { contentOfStep } from './content-kinds'
import { ScenarioError, type LoadedScenario } from './load-scenario'
import type { BurstStep, EventStep, SayStep, Step } from './scenario-schema'
import { SettleTimeoutError, workDone } from './settle'
import { accountsOf, startAccounts } from './sim-accounts'
import { startSimBot, type SimBot, type SimBotOptions } from './sim-bot'
import { VirtualClock } from './virtual-clock'
import { SimError, type SimContent, type SimWorld, type TranscriptLine, type WorldEvent } from './world'

export interface RunOptions {
  redisUrl: string
  logger: Logger
  /** each transcript line as the world sees it */
  onLine?: (line: TranscriptLine) => void
  /** everything that happens, for a live view */
  onEvent?: (event: WorldEvent, world: SimWorld) => void
  mode?: 'direct' | 'service'
  prefix?: string
  /** keep the Redis keys after the run (tests that inspect them clean up themselves) */
  keepKeys?: boolean
  rng?: () => number
  plugins?: Plugin[]
  /**
   * the clock of the world and the bot (tests move it to let days pass); default `Date.now`.
   * Not with a scenario on the virtual clock (`world.startAt` or an `advance` step), which
   * brings its own.
   */
  now?: () => number
  /** a scenario on the virtual clock: the real time one `advance` may spend at each instant on the way (default 60 s) */
  advanceTimeoutMs?: number
  lockMs?: number
  stalledCheckMs?: number
  /** called after each step, with the running bot (tests use it to look inside) */
  afterStep?: (index: number, step: Step, bot: SimBot, world: SimWorld, bots: SimBot[]) => Promise<void>
  /** after the last step, before the bot stops (the demo keeps running here until Ctrl-C) */
  afterSteps?: (bot: SimBot) => Promise<void>
  /** stops the run between steps (Ctrl-C in the demo); waits and settles end early */
  signal?: AbortSignal
  /**
   * A `settle:` step that times out fails the run with a `SettleTimeoutError`; given this,
   * it is reported here instead and the run goes on (the demo keeps playing on a slow machine).
   */
  onSettleTimeout?: (err: SettleTimeoutError) => void
  /**
   * A step that cannot be played (the world is not as the script expects: a member who was
   * to be invited is not in the room) fails the run with a `ScenarioError`; given this, it is
   * reported here instead and the run goes on without it (the demo).
   */
  onStepError?: (err: ScenarioError) => void
  /** the web console of the bot (src/http) */
  http?: SimBotOptions['http']
  /** the bot is up (again, after a restart step) */
  onStart?: (bot: SimBot) => void
  /**
   * The world's accounts in one process (issue 23): one set of Redis connections, one rules
   * model, one metrics registry (`createProcessShare`), as `QUNHQ_ACCOUNTS=a,b,c` runs them;
   * without it each account is as its own process (issue 11).
   */
  oneProcess?: boolean
  /** with `oneProcess`: the first restart's delay of an account whose puppet crashed (default 5 s) */
  restartMs?: number
}

export interface RunResult {
  transcript: TranscriptLine[]
  summary: TranscriptLine
  world: SimWorld
  prefix: string
}

/** Plays a scenario against the real bot on a simulated world and a real Redis. */
export async function runScenario(loaded: LoadedScenario, opts: RunOptions): Promise<RunResult> {
  const clock = virtualClockOf(loaded)
  if (!clock) return runOn(loaded, opts)
  if (opts.now) throw new ScenarioError(['a scenario on the virtual clock (world.startAt, advance) runs on its own clock: no `now` option'])
  // BullMQ reads Date.now: its delays and schedulers then follow the bot's clock
  clock.install()
  const redis = createRedisFactory(opts.redisUrl)
  try {
    return await runOn(loaded, { ...opts, now: clock.now }, { clock, redis: redis.client() })
  } finally {
    await redis.closeAll()
    clock.uninstall()
  }
}

/** the run's virtual clock, when the scenario sets `world.startAt` or has an `advance` step */
function virtualClockOf(loaded: LoadedScenario): VirtualClock | undefined {
  const startAt = loaded.scenario.world.startAt
  if (startAt === undefined && !loaded.steps.some((s) => 'advance' in s)) return undefined
  return new VirtualClock(startAt ?? Date.now())
}

async function runOn(loaded: LoadedScenario, opts: RunOptions, virtual?: { clock: VirtualClock; redis: Redis }): Promise<RunResult> {
  const clock = virtual?.clock
  const timezone = loaded.config.timezone
  const world = buildWorld(loaded.scenario.world, opts.now, clock ? (now) => isoInZone(now, timezone) : undefined)
  // as the app will use it (a hash tag on a Redis Cluster), so the keys can be read and cleaned up
  const prefix = deploymentPrefix(opts.prefix ?? `qunhq-sim-${randomBytes(4).toString('hex')}`, isClusterUrl(opts.redisUrl))
  let config: Config = loaded.config
  const unsubscribe = listen(world, opts)
  // one bot process per account (issue 11); a single-account world keeps the account `sim`
  const accounts = world.botIds.length > 1 ? world.botIds : [undefined]
  const share = opts.oneProcess ? createProcessShare(createRedisFactory(opts.redisUrl)) : undefined
  /** which start of the bot (a restart makes the next): a dead process's sleepers on the clock are forgotten */
  let generation = 0
  const startOne = (botId: string | undefined, gen = generation) =>
    startSimBot({
      world,
      ...(botId ? { botId, account: botId } : {}),
      config: () => config,
      redisUrl: opts.redisUrl,
      prefix,
      logger: opts.logger,
      mode: opts.mode ?? 'direct',
      rng: opts.rng,
      plugins: opts.plugins,
      ...(opts.now ? { now: opts.now } : {}),
      ...(clock ? { waitUntil: (at: number, queueName: string) => clock.sleepUntil(at, queueName, gen) } : {}),
      lockMs: opts.lockMs,
      stalledCheckMs: opts.stalledCheckMs,
      ...(share ? { share } : {}),
      // one console per deployment: on the first account's process
      ...(opts.http && botId === accounts[0] ? { http: opts.http } : {}),
    }).then((b) => {
      opts.onStart?.(b)
      return b
    })
  const start = async () => (accounts.length === 1 ? startOne(accounts[0]) : startAccounts(world, world.botIds.map((botId) => ({ botId, start: () => startOne(botId) })), share ? { restartMs: opts.restartMs ?? 5000 } : undefined))
  let bot = await start()
  try {
    for (const [i, step] of loaded.steps.entries()) {
      if (opts.signal?.aborted) break
      const kind = Object.keys(step)[0] ?? '?'
      const control: StepControl = {
        settle: (timeoutMs, aheadMs) => bot.settled(timeoutMs, opts.signal, aheadMs),
        sleep: (ms) => sleep(ms, opts.signal),
        advance: async (byMs) => {
          if (!virtual) throw new Error('advance needs the virtual clock')
          await advanceClock({ ...virtual, bots: accountsOf(bot), byMs, timeoutMs: opts.advanceTimeoutMs ?? 60_000, signal: opts.signal })
        },
        restart: async (hard) => {
          if (hard) {
            await bot.abandon()
            clock?.forget(generation)
          } else await bot.stop()
          generation++
          bot = await start()
        },
      }
      try {
        try {
          await playStep(step, world, loaded.baseDir, control)
        } catch (err) {
          if (!(err instanceof SimError) || opts.signal?.aborted || 'restart' in step || 'settle' in step || 'wait' in step || 'advance' in step) throw err
          // The world is not where the script expects it: on a slow machine the bot may not
          // have done yet what this step builds on (the invitation of the member who now
          // speaks), whatever settle the script gave it. Wait for the work in hand (not for
          // the clock), then play the step once more, from where it stopped; a second
          // failure is the script's.
          await workDone(bot, STEP_WAIT_MS, opts.signal)
          await playStep(step, world, loaded.baseDir, control, err instanceof TogetherStepError ? err.index : 0)
        }
      } catch (err) {
        const stepError =
          err instanceof TogetherStepError
            ? new ScenarioError([`steps[${i}].together${err.at}: ${err.message}`])
            : err instanceof SimError
              ? new ScenarioError([`steps[${i}].${kind}: ${err.message}`])
              : undefined
        if (stepError) {
          if (!opts.onStepError) throw stepError
          opts.onStepError(stepError)
        } else if (err instanceof SettleTimeoutError) {
          const named = new SettleTimeoutError(err.timeoutMs, err.pending, `steps[${i}]`)
          if (!opts.onSettleTimeout) throw named
          opts.onSettleTimeout(named)
        } else throw err
      }
      await opts.afterStep?.(i, step, bot, world, accountsOf(bot))
    }
    if (!opts.signal?.aborted) await opts.afterSteps?.(bot)
    const summary = world.action({
      type: 'summary',
      steps: loaded.steps.length,
      actions: world.transcript.length,
      durationMs: world.elapsed(),
    })
    return { transcript: world.transcript.filter((l) => l.type !== 'summary'), summary, world, prefix }
  } finally {
    unsubscribe()
    await bot.stop().catch((err: Error) => opts.logger.warn({ err }, 'bot stop failed'))
    await share?.close()
    if (!opts.keepKeys) await deleteKeysWithPrefix(opts.redisUrl, prefix)
    config = loaded.config
  }
}

function listen(world: SimWorld, opts: RunOptions): () => void {
  const fn = (event: WorldEvent) => {
    if (event.type === 'action') opts.onLine?.(event.line)
    opts.onEvent?.(event, world)
  }
  world.on('event', fn)
  return () => world.off('event', fn)
}

interface StepControl {
  settle(timeoutMs: number, aheadMs?: number): Promise<void>
  sleep(ms: number): Promise<void>
  advance(ms: number): Promise<void>
  restart(hard: boolean): Promise<void>
}

/** how long a step that could not be played waits for the bot's work in hand before its second try */
const STEP_WAIT_MS = 60_000

/** `from`: the first event of a `together` to emit (a second try resumes where the first stopped) */
async function playStep(step: Step, world: SimWorld, baseDir: string, control: StepControl, from = 0): Promise<void> {
  if ('together' in step) playTogether(step.together, world, baseDir, from)
  else if ('restart' in step) await control.restart(step.restart.hard)
  else if ('wait' in step) await control.sleep(step.wait)
  else if ('advance' in step) await control.advance(step.advance)
  else if ('settle' in step) await control.settle(step.settle.timeout, step.settle.ahead)
  else if ('failSends' in step) world.failSends(step.failSends.count, step.failSends.error)
  else if ('holdSends' in step) world.holdSends(step.holdSends.count, step.holdSends.to)
  else if ('releaseSends' in step) world.releaseSends()
  else if ('burst' in step) await playBurst(step.burst, world, control)
  else emitStep(step, world, baseDir)
}

/**
 * `burst`: `count` texts from one member, `everyMs` apart (0: in one synchronous pass, none
 * waiting for another). A member removed part way (the bot acted on the burst) sends no more:
 * the burst ends there, as it would in WeChat.
 */
async function playBurst(b: BurstStep, world: SimWorld, control: StepControl): Promise<void> {
  for (let i = 1; i <= b.count; i++) {
    if (i > 1 && b.everyMs > 0) await control.sleep(b.everyMs)
    if (i > 1 && !world.room(b.room).members.has(b.from)) return
    world.memberSay(b.room, b.from, { kind: 'text', text: b.text.replaceAll('{i}', String(i)) }, [])
  }
}

/** A step inside `together` failed: `index` is its place in the list, `at` says it (`[2].say`). */
export class TogetherStepError extends SimError {
  constructor(
    readonly index: number,
    readonly at: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * `together`: every event is emitted in one synchronous pass (files read first), so none
 * waits for another: the bot meets them all in flight at once, as when WeChat delivers a
 * burst. A step that cannot be played stops the pass; the ones before it were emitted.
 */
function playTogether(steps: EventStep[], world: SimWorld, baseDir: string, from = 0): void {
  const ready = steps.map((s, j) => (j >= from && 'say' in s ? { s, content: sayContent(s.say, baseDir, world) } : { s }))
  for (let j = from; j < ready.length; j++) {
    const { s, content } = ready[j]!
    try {
      emitStep(s, world, baseDir, content)
    } catch (err) {
      if (err instanceof SimError) throw new TogetherStepError(j, `[${j}].${Object.keys(s)[0] ?? '?'}`, err.message)
      throw err
    }
  }
}

/** the steps that emit a WeChat event (or change the world at once); synchronous */
function emitStep(step: EventStep, world: SimWorld, baseDir: string, prepared?: SimContent): void {
  if ('say' in step) {
    const content = prepared ?? sayContent(step.say, baseDir, world)
    if (step.say.room) world.memberSay(step.say.room, step.say.from, content, step.say.mentions ?? [])
    else world.contactSay(step.say.from, content)
  } else if ('join' in step) {
    const room = world.room(step.join.room)
    world.memberJoin(step.join.room, step.join.contacts, step.join.inviter ?? room.ownerId ?? world.botId)
  } else if ('leave' in step) world.memberLeave(step.leave.room, step.leave.contacts)
  else if ('alias' in step) world.memberAlias(step.alias.room, step.alias.contact, step.alias.name)
  else if ('topic' in step) world.memberTopic(step.topic.room, step.topic.from, step.topic.topic)
  else if ('friend' in step) world.friendRequest(step.friend.from, step.friend.hello)
  else if ('acceptInvite' in step) world.memberAcceptInvite(step.acceptInvite.contact, step.acceptInvite.room)
  else if ('logout' in step) world.logout(step.logout.bot)
  else if ('login' in step) world.login(step.login.bot)
  else if ('ban' in step) world.ban(step.ban.bot, step.ban.refusal)
}

/**
 * WeChat delivers a quote-reply as plain text: 「name：quoted words」, a dashed line, the
 * reply (plugins/analytics/quoted-name.ts); name is the quoted sender's name in that room.
 */
function quoteReply(world: SimWorld, roomId: string | undefined, q: { from: string; text: string }, reply: string): string {
  const alias = roomId ? world.room(roomId).members.get(q.from)?.alias : undefined
  const name = alias ?? world.contacts.get(q.from)?.name ?? q.from
  return `「${name}：${q.text}」\n- - - - - - - - - - - - - - -\n${reply}`
}

function sayContent(say: SayStep, baseDir: string, world: SimWorld): SimContent {
  if (say.text !== undefined) {
    const text = say.quote ? quoteReply(world, say.room, say.quote, say.text) : say.text
    return { kind: 'text', text: say.mentionAll ? `@所有人\u2005${text}` : text }
  }
  const content = contentOfStep(say, baseDir)
  if (!content) throw new SimError('a say step without content') // the schema asks for exactly one
  return content
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((done) => {
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      done()
    }, { once: true })
  })
}
