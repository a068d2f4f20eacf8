import type { DeploymentModel } from '../../core/ads/deployment-model'
import type { createAdsLearner } from './ads-learner'
import { LEARNED_REFRESH_MS } from './ads-learner'
import type { createLabelIndex } from './label-index'

/** What the rules score ads with: the deployment's model, its labelled texts' index, the learner that retrains it. */
export interface DeploymentAdsState {
  model: DeploymentModel
  labels: ReturnType<typeof createLabelIndex>
  learner: ReturnType<typeof createAdsLearner>
  /** the trainer's worker thread, closed with the last account */
  closeTrainer(): Promise<void>
  /** logs a failed refresh */
  onRefreshError(err: Error): void
}

export interface DeploymentAdsHandle {
  state: DeploymentAdsState
  /** the account started: the first one starts the refresh timer */
  start(): void
  /** the account stopped: the last one stops the timer and closes the learner and its thread */
  stop(): Promise<void>
}

/**
 * One model, one labelled-text index and one learner per process (issue 23): several
 * accounts in one process are one deployment (one Redis prefix), so the compiled rules
 * (memoised per model, core/rules/compile-rules.ts), the index and the training thread are
 * made once, by the first account, and closed with the last. Without a share (one account
 * per process, the tests' separate bots) each rules plugin makes its own.
 */
export interface AdsShare {
  join(make: () => DeploymentAdsState): DeploymentAdsHandle
}

export function createAdsShare(): AdsShare {
  let state: DeploymentAdsState | undefined
  let joined = 0
  let running = 0
  let timer: NodeJS.Timeout | undefined
  return {
    join(make) {
      const mine = (state ??= make())
      joined++
      let started = false
      let left = false
      return {
        state: mine,
        start() {
          if (started || left) return
          started = true
          if (running++ > 0) return
          const refresh = () => void mine.learner.refresh().catch((err: Error) => mine.onRefreshError(err))
          refresh()
          timer = setInterval(refresh, LEARNED_REFRESH_MS)
          timer.unref()
        },
        async stop() {
          if (left) return
          left = true
          if (started && --running === 0) clearInterval(timer)
          if (--joined > 0) return
          if (state === mine) state = undefined
          await mine.learner.close()
          await mine.closeTrainer()
        },
      }
    },
  }
}
