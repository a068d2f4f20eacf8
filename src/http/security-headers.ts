/**
 * The headers every console answer carries (issue 17 item 9, docs/console.md "Security"):
 * no framing (clickjacking), no MIME sniffing, no Referer (a sign-in link in the address bar
 * must not travel to another site), and a Content-Security-Policy.
 *
 * The console's own pages load their script and style from /static (no inline code), so
 * their policy allows 'self' only. bull-board's UI (/queues) is not ours: its page has inline
 * style attributes and a <style> element, so its policy also allows inline style, never
 * inline script; its Google Fonts link is removed (bullBoardPage) rather than allowed.
 */
const COMMON = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

export const BULL_BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  // its page sets <base href="/queues/">
  "base-uri 'self'",
].join('; ')

export function securityHeaders(url: string): Record<string, string> {
  const board = url === '/queues' || url.startsWith('/queues/') || url.startsWith('/queues?')
  return { ...COMMON, 'content-security-policy': board ? BULL_BOARD_CSP : CONSOLE_CSP }
}

/** bull-board's page without its Google Fonts stylesheet: the console works offline (and fonts.googleapis.com is out of reach in mainland China). */
export function bullBoardPage(payload: string): string {
  return payload.replace(/<link\b[^>]*\bhref="https:\/\/fonts\.(googleapis|gstatic)\.com[^"]*"[^>]*>/g, '')
}
