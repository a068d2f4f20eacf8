import { schedulesSection } from '../config/sections/schedules'
import { fromFeature } from '../plugin'
import { scheduleFeature } from './schedule-feature'

/** Timed notices, `#定时`; owns `schedules:`. */
export const schedulePlugin = fromFeature('schedules', scheduleFeature, schedulesSection)
