import { NextResponse, type NextRequest } from 'next/server'

/**
 * Runs before every page request (Next 16 renamed middleware to proxy).
 * 1. A fresh nonce and the Content-Security-Policy that names it. Next.js
 *    reads the nonce from the request's CSP header and puts it on its own
 *    scripts; nothing else may run (docs/decisions/004-sessions.md).
 * 2. A convenience redirect to /sign-in for a request with no session cookie.
 *    SECURITY: that is all it does. It is not the security boundary
 *    (CVE-2025-29927): every page, action and route handler checks the
 *    session in the database itself (lib/server/auth.ts).
 * Static headers (nosniff, Referrer-Policy, HSTS…) are set for every route in
 * next.config.js.
 */

const SESSION_COOKIES = ['k9.session', '__Secure-k9.session']

/** Paths that work without a session (their pages check for themselves). */
function isPublic(pathname: string): boolean {
  return pathname === '/sign-in' || pathname.startsWith('/sign-in/') || pathname === '/sign-out'
}

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts loaded by a nonced script may load others; no host allow-list to bypass.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Next's dev overlay injects <style> elements without a nonce; production styles all carry it.
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // React renders style attributes; they cannot run code, so they are allowed.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64')
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development')
  const { pathname, search } = request.nextUrl

  const hasSessionCookie = SESSION_COOKIES.some((name) => request.cookies.has(name))
  const isNavigation = request.method === 'GET' || request.method === 'HEAD'
  if (!hasSessionCookie && isNavigation && !isPublic(pathname)) {
    const target = new URL('/sign-in', request.url)
    target.searchParams.set('reason', 'required')
    if (pathname !== '/') target.searchParams.set('next', `${pathname}${search}`)
    const redirect = NextResponse.redirect(target)
    redirect.headers.set('Content-Security-Policy', csp)
    return redirect
  }

  const requestHeaders = new Headers(request.headers)
  requestHeaders.set('x-nonce', nonce)
  requestHeaders.set('Content-Security-Policy', csp)
  // For the audit trail of refused access (lib/server/auth.ts recordRefusal).
  requestHeaders.set('x-k9-path', pathname)

  const response = NextResponse.next({ request: { headers: requestHeaders } })
  response.headers.set('Content-Security-Policy', csp)
  return response
}

export const config = {
  matcher: [
    {
      // Pages and route handlers outside /api; not Next's static files or files with an extension.
      source: '/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:png|jpg|jpeg|gif|svg|webp|ico|woff2?|txt|xml)$).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
}
