import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of every answer, pages and API alike. Pages work under it: scripts, styles and
 * fonts come from files of this site (no inline <script>, no style="…" attribute, no inline event handler),
 * images may also be data: URLs, and no other site may frame a page (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

/** The policy as the header writes it. */
export const CONTENT_SECURITY_POLICY_HEADER = Object.entries(CONTENT_SECURITY_POLICY)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/**
 * Swagger UI (at /api/docs, only when API_DOCS is on) sets styles inline, as React components do; its scripts
 * are files. It alone gets inline styles; nothing else changes.
 */
const API_DOCS_POLICY = { ...CONTENT_SECURITY_POLICY, 'style-src': ["'self'", "'unsafe-inline'"] };

const headers = (directives: Record<string, readonly string[]>) =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // Behind the TLS proxy HSTS is the proxy's to send (docs/security.md): the library cannot tell whether
    // it is served over HTTPS, and `includeSubDomains` is the site owner's decision.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

/** helmet with the library's policy: CSP, nosniff, frame protection, referrer policy, and the rest of its set. */
export function securityHeaders(apiDocsPath: string): RequestHandler {
  const everywhere = headers(CONTENT_SECURITY_POLICY);
  const apiDocs = headers(API_DOCS_POLICY);
  return (req, res, next) =>
    (req.path === apiDocsPath || req.path.startsWith(`${apiDocsPath}/`) ? apiDocs : everywhere)(req, res, next);
}
