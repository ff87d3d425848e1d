// Partial ISO dates ("2019", "2019-06", "2019-06-20") as the time spans they stand for.

const DAY = 86_400_000;

/** The [start, end) span in UTC milliseconds of a partial ISO date, or null when it is not one. */
export function span(date) {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date ?? "");
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), match[2] && Number(match[2]), match[3] && Number(match[3])];
  if (day) return [Date.UTC(year, month - 1, day), Date.UTC(year, month - 1, day) + DAY];
  if (month) return [Date.UTC(year, month - 1, 1), Date.UTC(year, month, 1)];
  return [Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1)];
}

/** Axis ticks ({t, label}) between `from` and `to`, about `most` of them, on year, month or day bounds. */
export function ticks(from, to, most = 10) {
  const days = (to - from) / DAY;
  if (days > 3 * 365) return stepped(from, to, most, (d, k) => Date.UTC(d.getUTCFullYear() + k, 0, 1), yearLabel, days / 365);
  if (days > 60) return stepped(from, to, most, (d, k) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1), monthLabel, days / 30);
  return stepped(from, to, most, (d, k) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + k), dayLabel, days);
}

function stepped(from, to, most, advance, label, units) {
  const step = Math.max(1, Math.ceil(units / most));
  const out = [];
  // Start on the first whole unit after `from`, then walk in whole steps.
  for (let t = advance(new Date(from), 1); t <= to && out.length < 100; t = advance(new Date(t), step)) {
    out.push({ t, label: label(new Date(t)) });
  }
  return out;
}

const yearLabel = (d) => String(d.getUTCFullYear());
const monthLabel = (d) => d.toISOString().slice(0, 7);
const dayLabel = (d) => d.toISOString().slice(0, 10);
