import { createDeploymentModel, type DeploymentModel } from '../../core/ads/deployment-model'
import { trainLearnedModel } from '../../core/ads/learned-model'
import { createNearDuplicateIndex, type NearDuplicateIndex } from '../../core/ads/near-duplicate'
import { sharedTextModel, shippedSlotWeights } from '../../core/ads/shipped-text-model'
import type { LabelledText, LabelledTexts } from '../../store/labelled-texts'
import type { LearnedModels } from '../../store/learned-models'
import { exampleOf } from './ads-learner'

/** A deployment's learned state, as a running bot holds it: the model (shipped + learned) and the labelled texts' index. */
export interface DeploymentAds {
  model: DeploymentModel
  index: NearDuplicateIndex<LabelledText>
  /** labelled texts in the store */
  examples: number
  /** the store's version, and whether the model was read from Redis (trained by a bot) or trained here */
  version: number
  trainedHere: boolean
}

/**
 * What `ads check` scores with: the learned model stored in Redis when it was trained on
 * the store's current version, else one trained here from the store, as the bot's next
 * training will (the same examples in the same order give the same weights).
 */
export async function loadDeploymentAds(labelled: LabelledTexts, models: LearnedModels): Promise<DeploymentAds> {
  const shipped = sharedTextModel()
  const slotWeights = shippedSlotWeights()
  const model = createDeploymentModel(shipped, slotWeights)
  const version = await labelled.version()
  const all = await labelled.all()
  const index = createNearDuplicateIndex<LabelledText>()
  for (const e of all) index.add(e.text, e)
  let trainedHere = false
  if (version > 0) {
    const stored = (await models.version()) === version ? await models.get() : undefined
    if (stored && stored.version === version) model.use(stored.model, version)
    else {
      model.use(trainLearnedModel(all.map(exampleOf), { logitOf: (cps) => shipped.logitOf(cps), slotWeights }), version)
      trainedHere = true
    }
  }
  return { model, index, examples: all.length, version, trainedHere }
}
