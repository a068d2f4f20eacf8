/** Fills `{name}` placeholders; unknown placeholders are left as typed, so a typo is visible. */
export function fillTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{([^{}\s]{1,20})\}/g, (whole, name: string) => (name in vars ? (vars[name] ?? '') : whole))
}
