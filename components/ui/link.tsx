import NextLink from 'next/link'

/**
 * `next/link` without prefetching (docs/decisions/021-frontend-performance.md).
 * Every page here is dynamic and has no loading.js, so a prefetch fetches only
 * the route tree while costing the page two requests per visible link and
 * main-thread work right after hydration (issue 10: Lighthouse, total blocking
 * time). A click still navigates on the client.
 */
export function Link(props: React.ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />
}
