import background from './model/background.json'
import shipped from './model/text-model.json'
import { backgroundWeights, type BackgroundData } from './background-frequencies'
import { createTextModel, type TextModel, type TextModelData } from './text-model'

/**
 * The model committed with the project (`npm run ads:train` rebuilds it). Each call
 * returns a new model with its own weights, so what one learns the others do not see.
 */
export function loadShippedTextModel(): TextModel {
  const data = shipped as unknown as TextModelData
  if (data.format !== 'qunhq-ads-text-model/1') throw new Error(`text-model.json: unknown format ${String(data.format)}`)
  return createTextModel(data)
}

let shared: TextModel | undefined

/**
 * The one shipped model of this process, created on first use: what `compileAds` scores
 * with unless it is given a model (the bot gives each app its deployment's model).
 */
export function sharedTextModel(): TextModel {
  shared ??= loadShippedTextModel()
  return shared
}

let weights: Float32Array | undefined

/**
 * How rare each n-gram slot is in the shipped model's training texts (background.json,
 * written with the model): what the learned model weighs its features by. Read once per
 * process (4 MB); never written to.
 */
export function shippedSlotWeights(): Float32Array {
  weights ??= backgroundWeights(background as unknown as BackgroundData)
  return weights
}
