import type { RulesOverride, RulesPolicy } from '../../config/schema'

type Plain = Record<string, unknown>

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `over` merged into `base`: plain objects recursively, anything else (arrays too) replaced. */
function mergeDeep(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base }
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue
    const current = out[key]
    out[key] = isPlain(current) && isPlain(value) ? mergeDeep(current, value) : value
  }
  return out
}

// keyed by object identity: a config reload brings new objects, so nothing goes stale
const memo = new WeakMap<RulesPolicy, WeakMap<RulesOverride, RulesPolicy>>()

/**
 * The rules of one group: its `rules:` override merged over the defaults. A key the
 * override sets replaces the default, nested objects merge key by key (an override of
 * `nickname.pattern` keeps the default `nickname.example`), arrays replace — except
 * `exempt`, which adds to the default list: being acted on wrongly is worse than not being
 * acted on, and "exempt here too" is what an operator means by listing someone in a group.
 *
 * The result shares unchanged parts with `defaults` and is memoised per (defaults,
 * override) pair, so callers may call this per message; treat it as read-only.
 */
export function effectivePolicy(defaults: RulesPolicy, override: RulesOverride | undefined): RulesPolicy {
  if (override === undefined || Object.keys(override).length === 0) return defaults
  let byOverride = memo.get(defaults)
  const cached = byOverride?.get(override)
  if (cached) return cached

  const merged = mergeDeep(defaults as unknown as Plain, override as Plain) as unknown as RulesPolicy
  if (override.exempt) merged.exempt = [...new Set([...defaults.exempt, ...override.exempt])]

  if (!byOverride) {
    byOverride = new WeakMap()
    memo.set(defaults, byOverride)
  }
  byOverride.set(override, merged)
  return merged
}
