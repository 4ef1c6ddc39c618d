import 'server-only'
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { env } from '@/lib/server/env'
import { authenticatePassword } from '@/lib/server/session'

/**
 * next-auth 5 issues and reads the session cookie; it decides nothing else.
 * The token carries only our Session row id ("sid"): every request checks that
 * row in the database (lib/server/auth.ts → checkSession), which is what makes
 * revocation, idle and absolute expiry and the lockout possible with the
 * Credentials provider. No database adapter: the Credentials provider works
 * only with JWT sessions, and our Session model is not next-auth's.
 * No /api/auth/* route handler is mounted either: sign-in and sign-out are
 * server actions calling signIn()/signOut() in-process, so next-auth's own
 * endpoints (which would skip the system-use notice) are not reachable.
 * See docs/decisions/004-sessions.md.
 */

declare module 'next-auth' {
  interface Session {
    sid?: string
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    sid?: string
  }
}

/** Thrown from authorize(): next-auth hands the code back to the sign-in action. */
class InvalidCredentials extends CredentialsSignin {
  code = 'invalid'
}
class AccountLocked extends CredentialsSignin {
  code = 'locked'
}

const CredentialsInput = z.object({
  email: z.string().max(254),
  password: z.string().max(1024),
  acknowledge: z.literal('on'),
})

function clientIp(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim()
  return (headers.get('x-real-ip') ?? forwarded ?? null)?.slice(0, 64) ?? null
}

/** Whether cookies are Secure (production) — and the session cookie's name with it. */
function secureCookies(): boolean {
  const e = env()
  return e.SECURE_COOKIES ?? e.NODE_ENV === 'production'
}

/** The session cookie's name; also the salt of its encryption key (Auth.js). */
export function sessionCookieName(): string {
  return secureCookies() ? '__Secure-k9.session' : 'k9.session'
}

function config(): NextAuthConfig {
  const e = env()
  const secure = secureCookies()
  return {
    secret: e.AUTH_SECRET,
    trustHost: true,
    useSecureCookies: secure,
    session: { strategy: 'jwt', maxAge: e.SESSION_MAX_HOURS * 3600 },
    jwt: { maxAge: e.SESSION_MAX_HOURS * 3600 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    cookies: {
      // SECURITY: HttpOnly always, SameSite=Lax, Secure in production (and the __Secure- prefix with it).
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: 'lax', path: '/', secure },
      },
    },
    logger: {
      // A wrong password is audited in the database; it is not a server error.
      error(error) {
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === 'CredentialsSignin') return
        console.error('[auth]', error)
      },
      warn() {},
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {}, acknowledge: {} },
        async authorize(raw, request) {
          const parsed = CredentialsInput.safeParse(raw)
          if (!parsed.success) throw new InvalidCredentials()
          const result = await authenticatePassword(parsed.data.email, parsed.data.password, {
            ip: clientIp(request.headers),
            userAgent: request.headers.get('user-agent')?.slice(0, 512) ?? null,
          })
          if (!result.ok) throw result.reason === 'locked' ? new AccountLocked() : new InvalidCredentials()
          return { id: result.sessionId }
        },
      }),
    ],
    callbacks: {
      // SECURITY: the token holds nothing but the session id; name, e-mail and role are read fresh from the database.
      jwt({ token, user }) {
        if (user?.id) return { sid: user.id }
        return token.sid ? { sid: token.sid } : null
      },
      session({ session, token }) {
        return { expires: session.expires, sid: token.sid }
      },
    },
  }
}

export const { auth, signIn, signOut } = NextAuth(() => config())
