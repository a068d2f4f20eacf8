/** One step of "warn, then remove": what an offence earns, given the strikes before it. */
export interface EscalationStep {
  kind: 'warn' | 'remove'
  /** strikes once this step is carried out */
  strikes: number
  /** warnings still to come before removal (0: the next offence removes) */
  warningsLeft: number
}

/**
 * `warnings` warnings, then removal: with `warnings: 0` the first offence removes, with
 * `warnings: 1` the first warns and the second removes, and so on.
 */
export function escalate(strikesSoFar: number, warnings: number): EscalationStep {
  const before = Number.isFinite(strikesSoFar) ? Math.max(0, Math.floor(strikesSoFar)) : 0
  const strikes = before + 1
  if (before < warnings) return { kind: 'warn', strikes, warningsLeft: warnings - strikes }
  return { kind: 'remove', strikes, warningsLeft: 0 }
}
