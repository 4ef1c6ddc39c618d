/** A Date → the value of an `<input type="datetime-local">` in the unit's time zone (UTC, lib/format.ts). */
export function toLocalInput(d: Date): string {
  return d.toISOString().slice(0, 16)
}
