// Time values from the registers, normalised: KRR's hour-only offsets, Freg's UTC instants that
// stand for Norwegian dates, and the §32 18-month freshness rule.

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const osloParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Offset of Europe/Oslo from UTC, in minutes, at the given instant. */
function osloOffsetMinutes(epochMs: number): number {
  const parts = osloParts.formatToParts(new Date(epochMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/**
 * Normalises a register timestamp to ISO 8601 with a full offset (`+02` → `+02:00`,
 * `+0200` → `+02:00`). A timestamp without offset is read as Norwegian local time. Returns null
 * for empty or unparseable input (registers are not trusted to be well-formed).
 */
export function normaliseDateTime(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const match = DATE_TIME.exec(raw.trim());
  if (match === null) return null;
  const date = match[1] ?? '';
  let time = match[2] ?? '';
  if (time.length === 5) time += ':00';
  const zone = match[3];
  let offset: string;
  if (zone === undefined) {
    const guess = Date.parse(`${date}T${time}Z`);
    if (Number.isNaN(guess)) return null;
    offset = formatOffset(osloOffsetMinutes(guess - osloOffsetMinutes(guess) * 60_000));
  } else if (zone === 'Z' || zone === 'z') {
    offset = 'Z';
  } else if (zone.length === 3) {
    offset = `${zone}:00`;
  } else if (zone.length === 5) {
    offset = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  } else {
    offset = zone;
  }
  const iso = `${date}T${time}${offset}`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** Epoch milliseconds of a normalised timestamp, or null. */
export function toEpochMs(normalised: string | null): number | null {
  if (normalised === null) return null;
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The calendar date in Norway of a register value: `2021-02-08T23:00:00Z` is 9 February.
 * Plain dates (`YYYY-MM-DD`) pass through. Returns null for unparseable input.
 */
export function toOsloDate(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const value = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const normalised = normaliseDateTime(value);
  const ms = toEpochMs(normalised);
  if (ms === null) return null;
  const local = new Date(ms + osloOffsetMinutes(ms) * 60_000);
  return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
}

/** The instant 18 months before `nowMs` (calendar months): the §32 freshness cut-off. */
export function eighteenMonthsBefore(nowMs: number): number {
  const d = new Date(nowMs);
  d.setUTCMonth(d.getUTCMonth() - 18);
  return d.getTime();
}
