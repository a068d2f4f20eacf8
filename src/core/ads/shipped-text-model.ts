import shipped from './model/text-model.json'
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
 * with unless it is given a model, so a `learn` on it reaches every group's policy.
 */
export function sharedTextModel(): TextModel {
  shared ??= loadShippedTextModel()
  return shared
}
