/**
 * The machine's clock, as it was when this module loaded. A simulator run on a virtual
 * clock (src/sim/virtual-clock.ts) points `Date.now` at the bot's clock, so BullMQ's
 * delays, schedulers and job timestamps follow it; what measures *real* durations (a
 * watchdog's "quiet for 30 s", a settle's timeout) reads this instead, or a jump of three
 * days would look like three days of silence.
 */
export const realNow: () => number = Date.now.bind(Date)
