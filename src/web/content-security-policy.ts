import type { Response } from 'express';

/**
 * The site's Content-Security-Policy, as the deployment applies it to every response. Set here on the pages'
 * responses until the application sets it globally; nothing on the pages needs more (no inline script, no
 * style attributes, no event handlers, everything from this origin).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export function applyContentSecurityPolicy(res: Response): void {
  if (!res.getHeader('Content-Security-Policy')) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
}
