/**
 * A timer at the edge that runs `tick` every `everyMs()` while started, one tick at a time
 * (a slow tick is not overlapped by the next). Why a timer and not a control-queue job:
 * the control queue is shared by every account's process, so a job there proves that
 * *some* process is alive, never that this account's is (issue 11: each account's own
 * process must keep its own lease). The timer is unref'd: it never keeps a process up.
 */
export function createHeartbeat(everyMs: () => number, tick: () => Promise<void>, onError: (err: unknown) => void) {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  const beat = () => {
    if (running) return
    running = tick()
      .catch(onError)
      .finally(() => (running = undefined))
  }
  return {
    start(): void {
      if (timer) return
      timer = setInterval(beat, Math.max(10, everyMs()))
      timer.unref()
    },
    /** stops the timer and waits for a tick under way */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer)
      timer = undefined
      await running
    },
    running: () => timer !== undefined,
  }
}
