import { questionsSection } from '../config/sections/questions'
import { fromFeature } from '../plugin'
import { questionsFeature } from './questions'

/** Members' questions relayed to HQ, `#回复`; owns `questions:`. */
export const questionsPlugin = fromFeature('questions', questionsFeature, questionsSection)
