/** The slice of a long investigation timeline the page shows (server and client alike). */
/** Events the investigation page shows at once; the rest are a link away (Earlier / Later). */
export const TIMELINE_WINDOW = 40

export type TimelineWindow<E> = { events: E[]; start: number; end: number; total: number }

/**
 * The slice of a long timeline the page renders: from `start` when the reader
 * asked for one, else around Day 0 (a little before it, most of it after),
 * else the latest events. A case linking hundreds of records spans years and
 * thousands of events; the page stays as light as a short case's.
 */
export function timelineWindow<E extends { at: Date }>(events: readonly E[], day0: Date | null, start: number | null, size = TIMELINE_WINDOW): TimelineWindow<E> {
  const total = events.length
  let from: number
  if (start !== null) from = start
  else if (day0) {
    const i = events.findIndex((e) => e.at.getTime() >= day0.getTime())
    from = (i === -1 ? total : i) - Math.floor(size / 4)
  } else from = total - size
  from = Math.max(0, Math.min(from, total - size))
  const end = Math.min(total, from + size)
  return { events: events.slice(from, end), start: from, end, total }
}
