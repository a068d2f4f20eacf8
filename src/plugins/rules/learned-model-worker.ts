/** Worker entry: trains the deployment's learned model (core/ads/learned-model.ts) off the message path. */
import { trainLearnedModel, type LearnedExample, type LearnedModel } from '../../core/ads/learned-model'
import { sharedTextModel, shippedSlotWeights } from '../../core/ads/shipped-text-model'
import { serveJobs } from '../../images/serve-jobs'

export interface TrainingJob {
  examples: LearnedExample[]
}

const shipped = sharedTextModel()
const base = { logitOf: (cps: readonly number[]) => shipped.logitOf(cps), slotWeights: shippedSlotWeights() }

serveJobs<TrainingJob, LearnedModel>(({ examples }) => trainLearnedModel(examples, base))
