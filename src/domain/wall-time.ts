/**
 * Date and time as people type and read them in one named time zone ("2026-12-03 14:30" in
 * Asia/Shanghai), and the instant (ISO, UTC) the records keep. The panel shows and accepts times in
 * the zone its dates are shown in, so a typed time is never read in another zone (issue 18).
 */

const HALF_DAY_MS = 12 * 3_600_000;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/;

const partsFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/** The zone's wall clock at `instant`, as milliseconds of a UTC date with the same fields. */
function wallClockMs(instant: number, timeZone: string): number {
  const fields = Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(
    Number(fields.year),
    Number(fields.month) - 1,
    Number(fields.day),
    Number(fields.hour),
    Number(fields.minute),
    Number(fields.second),
  );
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** "yyyy-mm-dd hh:mm" (24-hour) of `iso` in `timeZone`. */
export function wallTimeOf(iso: string, timeZone: string): string {
  const wall = new Date(wallClockMs(Date.parse(iso), timeZone));
  return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

/**
 * The instant (ISO) a wall time "yyyy-mm-dd hh:mm" names in `timeZone`; null when the text is not
 * such a time or names no real date. A time skipped by a daylight-saving change moves forward by the
 * change, as clocks do.
 */
export function instantOfWallTime(text: string, timeZone: string): string | null {
  const match = WALL_TIME.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wanted);
  if (hour > 23 || minute > 59 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // The zone's offsets half a day either side cover any change near that time: take the one whose
  // wall clock reads what was typed; in a skipped hour neither does, and the earlier offset moves it forward.
  const offsetAt = (instant: number) => wallClockMs(instant, timeZone) - instant;
  const candidates = [wanted - offsetAt(wanted - HALF_DAY_MS), wanted - offsetAt(wanted + HALF_DAY_MS)];
  const instant = candidates.find((candidate) => wallClockMs(candidate, timeZone) === wanted) ?? candidates[0]!;
  return new Date(instant).toISOString();
}
