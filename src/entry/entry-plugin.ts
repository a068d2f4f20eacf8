import { entrySection } from '../config/sections/entry'
import { fromFeature } from '../plugin'
import { entryFeature } from './entry-feature'

/** The entry gate: keywords, application forms, routing into groups with room, codes; owns `entry:`. */
export const entryPlugin = fromFeature('entry', entryFeature, entrySection)
