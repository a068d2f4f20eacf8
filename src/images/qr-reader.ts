import { join } from 'node:path'
import type { Logger } from 'pino'
import type { ImagesConfig } from '../config/schema'
import { pixelsOf, readImageHeader, type ImageHeader } from '../core/ads/image-header'
import type { QrRead } from '../core/ads/qr-decode'
import type { QrCheck, QrUncheckedReason } from '../core/types'
import { createImageBacklog } from './image-backlog'
import type { QrJob } from './qr-worker'
import { createWorkerPool, type PoolResult } from './worker-pool'

/**
 * Reads QR codes from member images without ever blocking the bot, and without ever letting
 * an image pass unchecked in silence. The declared size is checked first (a decompression
 * bomb costs a header read); the decode runs in a worker thread with a time limit, straight
 * into a shrunk greyscale copy (src/core/ads/qr-decode.ts). While every worker is busy,
 * images wait in a bounded backlog (image-backlog.ts: a share per group, round-robin over
 * groups, cheapest first), holding a way to fetch the image again rather than its bytes.
 * An image that cannot be checked (over the pixel budget, gave way in a full backlog, waited
 * longer than `maxWaitMs`, timed out, failed, could not be fetched or decoded, the bot
 * stopping) is answered `unchecked` with the reason: the message goes on, and HQ reviews it.
 * It also counts each member's big images per group: a burst is a harassment signal.
 */
export interface QrReader {
  read(image: Buffer | ImageSource, about?: ImageAbout): Promise<QrCheck>
  /** the images waiting are answered `unchecked` (`stopping`), and so is every later one that would wait; how many were waiting */
  giveUpWaiting(): number
  stats(): QrReaderStats
  close(): Promise<void>
}

/** Where the bytes of an image come from (the WeChat adapter fetches them through the puppet). */
export interface ImageSource {
  /**
   * The whole image, or undefined when it is larger than `maxBytes` (known from its stated
   * size, or on the way: the rest is not fetched). Called again for an image that waited, so
   * it may fetch the image anew.
   */
  bytes(maxBytes: number): Promise<Buffer | undefined>
  /** `bytes()` returns a buffer nobody else holds: it is handed to the worker without a copy */
  owned?: boolean
  /** up to `n` first bytes, for the header (without it, `bytes()` is used) */
  head?(n: number): Promise<Buffer>
  /** the image goes to the backlog: let go of anything of the file held until `bytes()` */
  release?(): void
}

export interface ImageAbout {
  room?: string
  member?: string
  messageId?: string
}

export type { QrCheck }

export interface QrReaderStats {
  /** images handed to `read` */
  seen: number
  notImage: number
  /** over the pixel budget (declared by its header) */
  refused: number
  /** sent to a worker to decode */
  decoded: number
  found: number
  timedOut: number
  /** the worker died or the decoder threw */
  failed: number
  /** the decoder could not read it (cut, corrupt, a kind of JPEG it does not know) */
  unreadable: number
  /** the bytes could not be fetched */
  fetchFailed: number
  /** waited in the backlog (every worker was busy) */
  waited: number
  /** gave way in a full backlog */
  dropped: number
  /** waited longer than `maxWaitMs` */
  expired: number
  /** still waiting, or in hand, when the bot stopped */
  stopped: number
  /** the most images waiting at once */
  maxWaiting: number
  /** answered `unchecked`: everything above that is not a check */
  unchecked: number
}

export interface QrReaderDeps {
  config: () => ImagesConfig
  logger: Logger
  /** the worker entry (tests give a slower one) */
  entry?: string
  now?: () => number
}

const QR_WORKER = join(__dirname, `qr-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`)
/** enough for a PNG's IHDR and a JPEG's frame header behind its EXIF and colour profile, nearly always */
const HEAD_BYTES = 256 * 1024
/** waiting images keep their bytes up to this much in all (small images: no second fetch); bigger ones are fetched again */
const KEEP_BYTES = 32 * 2 ** 20
/** members whose big images are counted at once (the oldest is forgotten first) */
const BURST_TRACKED = 10_000

interface Job {
  source: ImageSource
  /** the bytes in hand, if kept */
  held?: Buffer
  /** `held` counts toward KEEP_BYTES */
  keptBytes: number
  /** for log lines: room, member, message, byte size, format, declared size */
  image: Record<string, unknown>
  answer: (check: QrCheck) => void
}

export function createQrReader(deps: QrReaderDeps): QrReader {
  const { config, logger } = deps
  const now = deps.now ?? Date.now
  const maxPixels = () => Math.floor(config().maxMegapixels * 1e6)
  const maxBytes = () => Math.floor(config().maxFileMb * 2 ** 20)
  const slots = () => Math.max(1, config().workers)
  const pool = createWorkerPool<QrJob, QrRead>({
    entry: deps.entry ?? QR_WORKER,
    name: 'qr-workers',
    logger,
    size: slots,
    timeLimitMs: () => config().timeLimitMs,
    // the reader hands a worker its next image only when one is free: the choice waits in the backlog
    maxQueue: slots,
    resourceLimits: () => ({ maxOldGenerationSizeMb: config().workerMemoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 }),
  })
  const backlog = createImageBacklog<Job>(() => ({ total: config().maxQueue, perGroup: config().perGroupQueue, maxWaitMs: config().maxWaitMs }))
  const stats: QrReaderStats = {
    seen: 0,
    notImage: 0,
    refused: 0,
    decoded: 0,
    found: 0,
    timedOut: 0,
    failed: 0,
    unreadable: 0,
    fetchFailed: 0,
    waited: 0,
    dropped: 0,
    expired: 0,
    stopped: 0,
    maxWaiting: 0,
    unchecked: 0,
  }
  const bursts = new Map<string, number[]>()
  let inHand = 0
  let keptBytes = 0
  let stopping = false
  /** one warning when images start to be given up, one line when the backlog is empty again */
  let overflow: { gaveUp: number } | undefined

  const unchecked = (reason: QrUncheckedReason): QrCheck => {
    stats.unchecked++
    return { outcome: 'unchecked', reason }
  }

  function fileTooBig(image: Record<string, unknown>): QrCheck {
    stats.refused++
    logger.warn({ ...image, maxFileMb: config().maxFileMb }, 'image refused: the file is over the size limit; not checked for a QR code')
    return unchecked('too-big')
  }

  function release(job: Job): void {
    keptBytes -= job.keptBytes
    job.keptBytes = 0
    job.held = undefined
  }

  function giveUp(job: Job, reason: 'backlog-full' | 'waited-too-long' | 'stopping'): void {
    release(job)
    if (reason === 'backlog-full') stats.dropped++
    else if (reason === 'waited-too-long') stats.expired++
    else stats.stopped++
    if (reason !== 'stopping') {
      if (!overflow) {
        overflow = { gaveUp: 0 }
        const c = config()
        logger.warn({ ...job.image, reason, maxQueue: c.maxQueue, perGroupQueue: c.perGroupQueue, maxWaitMs: c.maxWaitMs }, 'image backlog full: images that cannot wait are given to HQ review unchecked')
      }
      overflow.gaveUp++
      logger.debug({ ...job.image, reason }, 'image given up unchecked')
    }
    job.answer(unchecked(reason))
  }

  /** the bytes go to the worker as a transfer: no copy when they are ours alone, else one */
  function handOver(data: Buffer, owned: boolean): ArrayBuffer {
    const whole = data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
    if (owned && whole) return data.buffer as ArrayBuffer
    const copy = new ArrayBuffer(data.length)
    new Uint8Array(copy).set(data)
    return copy
  }

  function answerOf(result: PoolResult<QrRead>, job: Job): QrCheck {
    const { image } = job
    if (result.ok) {
      const read = result.value
      switch (read.outcome) {
        case 'qr':
          stats.found++
          return { outcome: 'qr', text: read.text }
        case 'none':
          return { outcome: 'none' }
        case 'unreadable':
          stats.unreadable++
          logger.warn({ ...image, error: read.error }, 'image unreadable: the decoder could not read it; not checked for a QR code')
          return unchecked('unreadable')
        default:
          // the bytes fetched again disagree with the header read first: worth a line, and a review
          stats.failed++
          logger.warn({ ...image, outcome: read.outcome }, 'image: the worker refused what the header check let through; not checked for a QR code')
          return unchecked(read.outcome === 'over-budget' ? 'too-big' : 'failed')
      }
    }
    switch (result.reason) {
      case 'timeout':
        stats.timedOut++
        logger.warn({ ...image, timeLimitMs: config().timeLimitMs }, 'image decode timed out; its worker was replaced; not checked for a QR code')
        return unchecked('timeout')
      case 'closed':
        stats.stopped++
        return unchecked('stopping')
      default:
        stats.failed++
        logger.warn({ ...image, error: result.error ?? result.reason }, 'image decode failed; not checked for a QR code')
        return unchecked('failed')
    }
  }

  async function dispatch(job: Job): Promise<void> {
    inHand++
    try {
      let data = job.held
      release(job)
      try {
        data ??= await job.source.bytes(maxBytes())
      } catch (err) {
        stats.fetchFailed++
        logger.warn({ ...job.image, err: (err as Error).message }, 'image could not be fetched again; not checked for a QR code')
        job.answer(unchecked('fetch-failed'))
        return
      }
      if (!data || data.length > maxBytes()) {
        job.answer(fileTooBig(job.image))
        return
      }
      stats.decoded++
      const buffer = handOver(data, job.source.owned === true)
      data = undefined
      job.answer(answerOf(await pool.run({ data: buffer, maxPixels: maxPixels() }, [buffer]), job))
    } finally {
      inHand--
      pump()
    }
  }

  function pump(): void {
    while (!stopping && inHand < slots()) {
      const { next, expired } = backlog.next(now())
      for (const w of expired) giveUp(w.item, 'waited-too-long')
      if (!next) break
      void dispatch(next.item)
    }
    if (overflow && backlog.size() === 0) {
      logger.info({ gaveUp: overflow.gaveUp }, 'image backlog empty again')
      overflow = undefined
    }
  }

  /** the member's big images in this group within the burst window, this one counted */
  function noteBurst(about: ImageAbout, header: ImageHeader): { burst?: number } {
    const b = config().burst
    if (!about.room || !about.member || pixelsOf(header) < b.minMegapixels * 1e6) return {}
    const key = `${about.room}\u0000${about.member}`
    const t = now()
    const times = (bursts.get(key) ?? []).filter((at) => t - at < b.withinMs)
    times.push(t)
    bursts.delete(key) // to the back: the map forgets the least recently active first
    bursts.set(key, times)
    if (bursts.size > BURST_TRACKED) bursts.delete(bursts.keys().next().value!)
    if (times.length < b.images) return {}
    if (times.length === b.images) logger.info({ room: about.room, member: about.member, count: times.length, withinMs: b.withinMs }, 'image burst: a member posted many big images at once')
    return { burst: times.length }
  }

  /** the header from the first bytes (or all of them), and the bytes when they had to be fetched whole */
  async function headerOf(source: ImageSource): Promise<{ header?: ImageHeader; held?: Buffer; tooBig?: true }> {
    if (source.head) {
      const head = await source.head(HEAD_BYTES)
      const header = readImageHeader(head)
      if (header || head.length < HEAD_BYTES) return header ? { header } : {}
    }
    const held = await source.bytes(maxBytes())
    if (!held) return { tooBig: true }
    const header = readImageHeader(held)
    return header ? { header, held } : {}
  }

  return {
    async read(input, about = {}) {
      stats.seen++
      const given = Buffer.isBuffer(input)
      const source: ImageSource = given ? { bytes: async () => input } : input
      let found: { header?: ImageHeader; held?: Buffer; tooBig?: true }
      try {
        found = given ? { header: readImageHeader(input), held: input } : await headerOf(source)
      } catch (err) {
        stats.fetchFailed++
        logger.warn({ ...about, err: (err as Error).message }, 'image could not be fetched; not checked for a QR code')
        return unchecked('fetch-failed')
      }
      const { header } = found
      if (found.tooBig || (found.held && found.held.length > maxBytes())) return fileTooBig({ ...about, ...(found.held ? { bytes: found.held.length } : {}) })
      if (!header) {
        stats.notImage++
        logger.debug({ ...about, ...(found.held ? { bytes: found.held.length } : {}) }, 'image: not a PNG or JPEG we read')
        return { outcome: 'none' }
      }
      const image = { ...about, ...(found.held ? { bytes: found.held.length } : {}), format: header.format, width: header.width, height: header.height }
      const burst = noteBurst(about, header)
      if (pixelsOf(header) > maxPixels()) {
        stats.refused++
        logger.warn({ ...image, maxMegapixels: config().maxMegapixels }, 'image refused: its declared size is over the pixel budget; not checked for a QR code')
        return { ...unchecked('too-big'), ...burst }
      }
      return new Promise<QrCheck>((resolve) => {
        const job: Job = { source, image, keptBytes: 0, answer: (check) => resolve({ ...check, ...burst }) }
        if (stopping) return giveUp(job, 'stopping')
        if (inHand < slots() && backlog.size() === 0) return void dispatch(found.held ? { ...job, held: found.held } : job)
        // bytes the caller gave are held anyway; fetched ones are kept while they are few, else fetched again
        const held = found.held
        if (held && (given || keptBytes + held.length <= KEEP_BYTES)) {
          job.held = held
          job.keptBytes = given ? 0 : held.length
          keptBytes += job.keptBytes
        }
        stats.waited++
        source.release?.()
        const { gaveWay } = backlog.add(String(about.room ?? ''), pixelsOf(header), now(), job)
        stats.maxWaiting = Math.max(stats.maxWaiting, backlog.size())
        for (const w of gaveWay) giveUp(w.item, 'backlog-full')
        pump()
      })
    },
    giveUpWaiting() {
      stopping = true
      const waiting = backlog.drain()
      for (const w of waiting) giveUp(w.item, 'stopping')
      return waiting.length
    },
    stats: () => ({ ...stats }),
    async close() {
      stopping = true
      for (const w of backlog.drain()) giveUp(w.item, 'stopping')
      await pool.close()
    },
  }
}
