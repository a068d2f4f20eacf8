import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client'

/**
 * What the bot counts for Prometheus (`/metrics`), one registry per app: several apps run
 * in one test process, and prom-client's global registry would mix their counts (and
 * refuse a second metric of the same name). Labels are small closed sets (action types,
 * outcomes, rules, kinds, queue and account names): never a room, member or job id, so a
 * bot with 300 groups still has a few dozen series.
 *
 * The HTTP server serves it through `MetricsEndpoint`; the rest of the bot records through
 * the methods, which name what happened rather than which instrument moves.
 */

/** what a web server needs to serve `/metrics` */
export interface MetricsEndpoint {
  contentType: string
  /** the text exposition format, after every `onScrape` collector ran */
  metrics(): Promise<string>
}

/** where an inbound message came from: an HQ room, any other room, or a private chat */
export type MessageKind = 'hq' | 'group' | 'private'

export interface Metrics extends MetricsEndpoint {
  registry: Registry
  /** runs the collectors and reads the queue depths: what `metrics()` does before it formats */
  prepare(): Promise<void>
  /** an outbound job's final outcome (`sent`, `failed`, `uncertain`, `skipped`) by action type */
  sendOutcome(type: string, outcome: string): void
  /** the time from the end of an account's send to the start of its next one */
  pacingGap(seconds: number): void
  /** the breaker paused `account`'s sends for `pauseMs` */
  breakerOpened(account: string, pauseMs: number): void
  /** `account` sends again (or is known, with a closed breaker) */
  breakerClosed(account: string): void
  /** one inbound message went through the whole message chain */
  messageHandled(kind: MessageKind): void
  /** the rules decided `action` (warn, remove, review …) under `rule` (ad, flood …) */
  ruleVerdict(rule: string, action: string): void
  /** Redis outage errors reported to the health watch, by kind (full, connection …) */
  redisErrors(kind: string, count: number): void
  /** reads a queue's depth (jobs waiting, delayed or running) at each scrape; returns the stop */
  watchQueue(queue: string, depth: () => Promise<number>): () => void
  /** runs before each scrape (bring a counter up to date); returns the stop */
  onScrape(collect: () => void | Promise<void>): () => void
}

export interface MetricsOptions {
  /** prom-client's default process metrics (CPU, memory, event loop lag, GC): for the real bot, not tests */
  processMetrics?: boolean
  /** the real clock: the breaker's pause is BullMQ's rate limit, which runs on it */
  now?: () => number
  /** one account among several in one process (issue 23): every series gets `account="<id>"` */
  account?: string
}

/**
 * Seconds. The pacing default is 3 s plus up to 2 s of jitter, tests use 50–200 ms; a gap
 * after an idle hour lands in `+Inf`.
 */
const GAP_BUCKETS = [0.05, 0.1, 0.2, 0.5, 1, 2, 3, 4, 5, 7, 10, 15, 30, 60, 300]

/** how long a scrape waits for one queue's counts */
const DEPTH_TIMEOUT_MS = 2000

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const now = opts.now ?? Date.now
  const registry = new Registry()
  const registers = [registry]
  if (opts.account !== undefined) registry.setDefaultLabels({ account: opts.account })
  if (opts.processMetrics) collectDefaultMetrics({ register: registry })

  const collectors = new Set<() => void | Promise<void>>()
  const queues = new Map<string, () => Promise<number>>()
  const breakerUntil = new Map<string, number>()

  const sends = new Counter({
    name: 'qunhq_sends_total',
    help: 'Outbound jobs by action type and final outcome (sent, failed, uncertain, skipped)',
    labelNames: ['type', 'outcome'] as const,
    registers,
  })
  const queueDepth = new Gauge({
    name: 'qunhq_outbound_queue_depth',
    help: 'Jobs waiting, delayed or running per queue, read from BullMQ at each scrape',
    labelNames: ['queue'] as const,
    registers,
  })
  const gaps = new Histogram({
    name: 'qunhq_pacing_gap_seconds',
    help: "Time from the end of an account's send to the start of its next one",
    buckets: GAP_BUCKETS,
    registers,
  })
  new Gauge({
    name: 'qunhq_breaker_open',
    help: "1 while the account's breaker pauses its sends after consecutive failures",
    labelNames: ['account'] as const,
    registers,
    collect() {
      for (const [account, until] of breakerUntil) this.set({ account }, now() < until ? 1 : 0)
    },
  })
  const breakerOpenings = new Counter({
    name: 'qunhq_breaker_openings_total',
    help: 'Times the breaker opened (sends paused after consecutive failures)',
    labelNames: ['account'] as const,
    registers,
  })
  const messages = new Counter({
    name: 'qunhq_messages_handled_total',
    help: 'Inbound messages that went through the message chain, by where they came from',
    labelNames: ['kind'] as const,
    registers,
  })
  const verdicts = new Counter({
    name: 'qunhq_rule_verdicts_total',
    help: 'Verdicts the rules decided, by rule and action (dry-run groups included)',
    labelNames: ['rule', 'action'] as const,
    registers,
  })
  const redisErrors = new Counter({
    name: 'qunhq_redis_errors_total',
    help: 'Redis outage errors reported by connections, queues and handlers, by kind',
    labelNames: ['kind'] as const,
    registers,
  })
  const forget = <T>(set: { delete(v: T): unknown }, v: T) => () => void set.delete(v)

  const prepare = async () => {
    for (const c of [...collectors]) await c()
    // read the queues together, each with a time limit: a scrape during a Redis outage
    // still answers (Redis errors are what it is for then), without the depths it can't read
    const depths = await Promise.all([...queues].map(async ([queue, depth]) => [queue, await within(depth(), DEPTH_TIMEOUT_MS)] as const))
    for (const [queue, n] of depths) {
      if (n === undefined) queueDepth.remove({ queue })
      else queueDepth.set({ queue }, n)
    }
  }

  return {
    registry,
    contentType: registry.contentType,
    prepare,
    async metrics() {
      await prepare()
      return registry.metrics()
    },
    sendOutcome: (type, outcome) => sends.inc({ type, outcome }),
    pacingGap: (seconds) => gaps.observe(Math.max(0, seconds)),
    breakerOpened(account, pauseMs) {
      breakerOpenings.inc({ account })
      breakerUntil.set(account, now() + pauseMs)
    },
    breakerClosed: (account) => void breakerUntil.set(account, 0),
    messageHandled: (kind) => messages.inc({ kind }),
    ruleVerdict: (rule, action) => verdicts.inc({ rule, action }),
    redisErrors: (kind, count) => {
      if (count > 0) redisErrors.inc({ kind }, count)
    },
    watchQueue(queue, depth) {
      queues.set(queue, depth)
      return () => {
        if (queues.get(queue) === depth) queues.delete(queue)
      }
    },
    onScrape(collect) {
      collectors.add(collect)
      return forget(collectors, collect)
    },
  }
}

/** the value, or undefined when it failed or took longer than `ms` */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), ms)))
  try {
    return await Promise.race([p.catch(() => undefined), late])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * One `/metrics` for several accounts in one process (issue 23): each account's registry
 * (its series labelled `account`) and the process's own (CPU, memory, event loop), as one
 * exposition: one HELP and TYPE per metric, the accounts' series side by side.
 */
export function mergedMetrics(parts: () => readonly Metrics[], processRegistry?: Registry): MetricsEndpoint {
  return {
    contentType: Registry.PROMETHEUS_CONTENT_TYPE,
    async metrics() {
      const list = parts()
      await Promise.all(list.map((m) => m.prepare()))
      const jsons = await Promise.all(list.map((m) => m.registry.getMetricsAsJSON()))
      if (processRegistry) jsons.push(await processRegistry.getMetricsAsJSON())
      // series of different accounts never share labels, so the aggregator's sum keeps each as it is
      return AggregatorRegistry.aggregate(jsons as MetricObjectWithValues<MetricValue<string>>[][]).metrics()
    },
  }
}

/** the process's own metrics (CPU, memory, event-loop lag, GC), once per process, without an account */
export function processMetricsRegistry(): Registry {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return registry
}
