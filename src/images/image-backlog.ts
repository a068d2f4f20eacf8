/**
 * The images waiting for a QR check while every worker is busy: bounded in all and per
 * group, served round-robin over groups, and within a group the cheapest (fewest pixels)
 * first. Pure bookkeeping (the caller passes the time), so its rules are tested alone:
 *  - a group holds at most `perGroup` waiting images; past that, the most expensive of its
 *    images (the newcomer included) gives way;
 *  - all groups hold at most `total`; past that the group with the most waiting gives way
 *    (its most expensive image), unless the newcomer's group is that large itself: a busy
 *    group can fill the backlog only while nobody else needs it;
 *  - an image that waited longer than `maxWaitMs` is taken out when the next is picked.
 * What gives way is returned to the caller, which answers it "unchecked" (HQ reviews it):
 * the backlog never drops anything silently.
 */

export interface BacklogLimits {
  total: number
  perGroup: number
  maxWaitMs: number
}

export interface Waiting<T> {
  room: string
  pixels: number
  /** when it arrived (ms) */
  at: number
  /** arrival order */
  seq: number
  item: T
}

export interface ImageBacklog<T> {
  /** the newcomer is in unless it is among `gaveWay` */
  add(room: string, pixels: number, at: number, item: T): { gaveWay: Waiting<T>[] }
  /** the next image to check (round-robin over groups), and the ones that waited too long */
  next(now: number): { next?: Waiting<T>; expired: Waiting<T>[] }
  /** everything still waiting, taken out (the reader is stopping) */
  drain(): Waiting<T>[]
  size(): number
  sizeOf(room: string): number
}

/** the one to give way: the most pixels; of equal cost, the later arrival */
function costliest<T>(list: Waiting<T>[]): Waiting<T> | undefined {
  let worst: Waiting<T> | undefined
  for (const w of list) if (!worst || w.pixels > worst.pixels || (w.pixels === worst.pixels && w.seq > worst.seq)) worst = w
  return worst
}

/** the cheapest; of equal cost, the earlier arrival */
function cheapest<T>(list: Waiting<T>[]): number {
  let best = 0
  for (let i = 1; i < list.length; i++) {
    const w = list[i]!
    const b = list[best]!
    if (w.pixels < b.pixels || (w.pixels === b.pixels && w.seq < b.seq)) best = i
  }
  return best
}

export function createImageBacklog<T>(limits: () => BacklogLimits): ImageBacklog<T> {
  // Map order is the round-robin order: a group served goes to the back
  const rooms = new Map<string, Waiting<T>[]>()
  let size = 0
  let seq = 0

  function remove(w: Waiting<T>): void {
    const list = rooms.get(w.room)
    const i = list?.indexOf(w) ?? -1
    if (!list || i < 0) return
    list.splice(i, 1)
    size--
    if (list.length === 0) rooms.delete(w.room)
  }

  function insert(w: Waiting<T>): void {
    const list = rooms.get(w.room)
    if (list) list.push(w)
    else rooms.set(w.room, [w])
    size++
  }

  return {
    add(room, pixels, at, item) {
      const { total, perGroup } = limits()
      const newcomer: Waiting<T> = { room, pixels, at, seq: seq++, item }
      const own = rooms.get(room) ?? []
      let victim: Waiting<T> | undefined
      if (own.length >= perGroup) victim = costliest([...own, newcomer])
      else if (size >= total) {
        let hog: Waiting<T>[] = []
        for (const list of rooms.values()) if (list.length > hog.length) hog = list
        // the newcomer's group is under the largest share: room is made there
        victim = hog.length > own.length ? costliest(hog) : costliest([...own, newcomer])
      }
      if (victim === newcomer) return { gaveWay: [newcomer] }
      if (victim) remove(victim)
      insert(newcomer)
      return { gaveWay: victim ? [victim] : [] }
    },
    next(now) {
      const { maxWaitMs } = limits()
      const expired: Waiting<T>[] = []
      for (const list of [...rooms.values()]) for (const w of [...list]) if (now - w.at > maxWaitMs) expired.push(w)
      for (const w of expired) remove(w)
      const first = rooms.entries().next()
      if (first.done) return { expired }
      const [room, list] = first.value
      const [picked] = list.splice(cheapest(list), 1)
      size--
      rooms.delete(room)
      if (list.length > 0) rooms.set(room, list) // to the back of the round
      return { next: picked, expired }
    },
    drain() {
      const all = [...rooms.values()].flat()
      rooms.clear()
      size = 0
      return all
    },
    size: () => size,
    sizeOf: (room) => rooms.get(room)?.length ?? 0,
  }
}
