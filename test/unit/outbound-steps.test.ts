import { DelayedError, UnrecoverableError } from 'bullmq'
import pino from 'pino'
import { parseConfigObject } from '../../src/config/load-config'
import { PermanentActionError } from '../../src/outbound/actions'
import type { Outcome } from '../../src/outbound/job'
import { OUTBOUND_STEPS } from '../../src/outbound/steps'
import { isLastAttempt, retryOrGiveUp } from '../../src/outbound/steps/attempts'
import { breakerOpens } from '../../src/outbound/steps/breaker'
import { skipCancelled } from '../../src/outbound/steps/cancelled'
import { capHold, isCapped, isCounted } from '../../src/outbound/steps/daily-cap'
import { nextSendAt, pacingWaitMs } from '../../src/outbound/steps/pacing'
import { perform, withinLimit } from '../../src/outbound/steps/perform'
import { publishOutcome } from '../../src/outbound/steps/publish'
import { holdQuietHours, quietHold } from '../../src/outbound/steps/quiet-hours'
import { composeSteps, SendFailed, type OutboundStepContext, type Step } from '../../src/outbound/steps/step'

const TZ = 'Asia/Shanghai'
/** 2026-12-01 in Shanghai at hh:mm, as a bot clock */
const at = (hh: number, mm = 0) => Date.UTC(2026, 11, 1, hh - 8, mm)
const cfg = parseConfigObject({ outbound: { quietHours: '22:00-08:00', dailyCap: 3, minIntervalMs: 100, jitterMs: 50 } }).outbound
const silent = pino({ level: 'silent' })

/** A context with only what the step under test reads; the rest throws if touched. */
function fakeContext(over: Partial<OutboundStepContext> = {}): OutboundStepContext {
  const untouched = (what: string) => () => {
    throw new Error(`${what} was not expected`)
  }
  return {
    jobId: 'j1',
    data: { action: { type: 'say', to: 'r@chatroom', text: 'hi' }, priority: 'broadcast', quiet: true },
    attemptsMade: 0,
    attempts: 3,
    cfg,
    tz: TZ,
    now: at(12),
    clock: untouched('clock'),
    rng: untouched('rng'),
    log: silent,
    get redis(): never {
      throw new Error('redis was not expected')
    },
    keys: untouched('keys') as never,
    account: 't',
    holdUntil: untouched('holdUntil'),
    rateLimit: untouched('rateLimit'),
    shouldSend: untouched('shouldSend'),
    perform: untouched('perform'),
    onBreakerOpen: untouched('onBreakerOpen'),
    publish: untouched('publish'),
    ...over,
  } as OutboundStepContext
}
const sent = async (): Promise<Outcome> => ({ status: 'sent' })

describe('outbound steps as pure decisions', () => {
  it.each([
    ['a quiet job at noon goes now', true, at(12), undefined],
    ['a quiet job at 23:00 waits until 08:00', true, at(23), at(8) + 86400000],
    ['a quiet job at 07:59 waits one minute', true, at(7, 59), at(8)],
    ['a job that is not quiet (moderation) never waits', false, at(23), undefined],
  ])('quiet hours: %s', (_, quiet, now, until) => {
    expect(quietHold({ quiet }, now, cfg.quietHours, TZ)).toBe(until)
  })

  it('daily cap: member, broadcast and HQ sends count, moderation does not; at the cap member and broadcast sends wait for tomorrow, HQ lines never', () => {
    expect((['moderation', 'hq', 'member', 'broadcast'] as const).filter(isCapped)).toEqual(['member', 'broadcast'])
    expect((['moderation', 'hq', 'member', 'broadcast'] as const).filter(isCounted)).toEqual(['hq', 'member', 'broadcast'])
    expect(capHold(2, 3, at(12), TZ)).toBeUndefined()
    expect(capHold(3, 3, at(12), TZ)).toBe(at(0) + 86400000)
  })

  it('pacing: a wait only before next-at; the next slot counts from the end of the send, with jitter', () => {
    expect(pacingWaitMs(1000, 1250)).toBe(250)
    expect(pacingWaitMs(1250, 1250)).toBeUndefined()
    expect(pacingWaitMs(1000, 0)).toBeUndefined()
    expect(nextSendAt(5000, cfg, () => 0)).toBe(5100)
    expect(nextSendAt(5000, cfg, () => 0.999)).toBe(5150)
  })

  it('breaker and attempts: open at the threshold; a refusal is final at once, others after the last attempt', () => {
    expect([4, 5, 6].map((n) => breakerOpens(n, 5))).toEqual([false, true, true])
    expect(isLastAttempt(new Error('x'), 0, 3)).toBe(false)
    expect(isLastAttempt(new Error('x'), 2, 3)).toBe(true)
    expect(isLastAttempt(new PermanentActionError('no'), 0, 3)).toBe(true)
    expect(isLastAttempt(Object.assign(new Error('no'), { name: 'PermanentActionError' }), 0, 3)).toBe(true)
  })

  it('perform: a text past maxTextLength is cut; only say and announce are touched', () => {
    const long = 'x'.repeat(50)
    const cut = withinLimit({ type: 'say', to: 'r', text: long }, 20, silent)
    expect(cut.type === 'say' && cut.text.length).toBeLessThanOrEqual(20)
    const card = { type: 'card', to: 'r', contactId: 'c' } as const
    expect(withinLimit(card, 20, silent)).toBe(card)
  })
})

describe('outbound steps with a tiny fake context', () => {
  it('the chain runs in one visible order', () => {
    expect(OUTBOUND_STEPS.map((s) => (s as { name: string }).name)).toEqual([
      'publishOutcome',
      'skipCancelled',
      'holdQuietHours',
      'holdDailyCap',
      'retryOrGiveUp',
      'breaker',
      'pacing',
      'ledger',
      'perform',
    ])
  })

  it('cancelled: a vetoed job is skipped without running the rest', async () => {
    const next = jest.fn(sent)
    await expect(skipCancelled(fakeContext({ shouldSend: async () => false }), next)).resolves.toEqual({ status: 'skipped', why: 'cancelled' })
    expect(next).not.toHaveBeenCalled()
    await expect(skipCancelled(fakeContext({ shouldSend: async () => true }), next)).resolves.toEqual({ status: 'sent' })
  })

  it('quiet hours: holds until the end on the bot clock and stops the chain', async () => {
    const holds: number[] = []
    const next = jest.fn(sent)
    const ctx = fakeContext({ now: at(23), holdUntil: async (until) => void holds.push(until) })
    await expect(holdQuietHours(ctx, next)).rejects.toBeInstanceOf(DelayedError)
    expect(holds).toEqual([at(8) + 86400000])
    expect(next).not.toHaveBeenCalled()
  })

  it('perform and attempts: a failed send is retried with the original error, the last one published as failed', async () => {
    const boom = new Error('WeChat said no')
    const failing = fakeContext({ perform: async () => Promise.reject(boom) })
    await expect(perform(failing, sent)).rejects.toBeInstanceOf(SendFailed)
    const chain = composeSteps([retryOrGiveUp, perform])
    await expect(chain(failing)).rejects.toBe(boom)

    const published: Outcome[] = []
    const last = fakeContext({ attemptsMade: 2, perform: async () => Promise.reject(boom), publish: async (o) => void published.push(o) })
    await expect(chain(last)).rejects.toBeInstanceOf(UnrecoverableError)
    expect(published).toEqual([{ status: 'failed', error: 'WeChat said no' }])
  })

  it('publish: the outcome a step returns is published once; a hold publishes nothing', async () => {
    const published: Outcome[] = []
    const ctx = fakeContext({ shouldSend: async () => false, publish: async (o) => void published.push(o) })
    await composeSteps([publishOutcome, skipCancelled])(ctx)
    expect(published).toEqual([{ status: 'skipped', why: 'cancelled' }])
    const held: Step = async () => {
      throw new DelayedError()
    }
    await expect(composeSteps([publishOutcome, held])(ctx)).rejects.toBeInstanceOf(DelayedError)
    expect(published).toHaveLength(1)
  })

  it('a chain that ends without an outcome says so', async () => {
    await expect(composeSteps([skipCancelled])(fakeContext({ shouldSend: async () => true }))).rejects.toThrow('without an outcome')
  })
})
