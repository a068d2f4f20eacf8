import { analyticsSection } from '../config/sections/analytics'
import type { AppContext } from '../feature'
import { fromFeature } from '../plugin'
import { analyticsFeature } from './analytics-feature'
import type { LeaderNotes } from './reports'

/** Activity records, reports, points; owns `analytics:`. `leaderNotes` is another plugin's work, passed in by the list. */
export const analyticsPlugin = (leaderNotes: (ctx: AppContext) => LeaderNotes) =>
  fromFeature('analytics', (ctx) => analyticsFeature(ctx, { leaderNotes: leaderNotes(ctx) }), analyticsSection)
