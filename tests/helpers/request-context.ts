/**
 * The request a test is "serving", per async call chain: hostile-input sends
 * many payloads at once, each as its own user, so the mocked `@/auth` and
 * `next/headers` read the session and headers of the call that asks.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

export type FakeRequest = { sid: string | null; headers: Headers }

export const requestContext = new AsyncLocalStorage<FakeRequest>()

export function currentFakeRequest(): FakeRequest {
  return requestContext.getStore() ?? { sid: null, headers: new Headers() }
}
