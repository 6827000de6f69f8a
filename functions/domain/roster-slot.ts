import * as z from 'zod';
import { isDutchHoliday } from './holidays';
import { localTime, parseHhMm } from './time';

export const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A stored number is E.164 already: the edge normalised it (roster-slot-input.ts). */
export const e164Schema = z.string().regex(/^\+[1-9]\d{7,14}$/, 'telefoonnummer in E.164 (+316…)');

const contactFields = <P extends z.ZodType<string, string>>(phone: P) =>
  z.object({
    /** district_team, fact_vvt (the psychogeriatric crisis team), so, vs_pa, coordinator, transfer_nurse */
    role: z.enum(['district_team', 'fact_vvt', 'so', 'vs_pa', 'coordinator', 'transfer_nurse']),
    name: z.string().min(1),
    phone,
    /** The person's sign-in, where they have one: a consulted SO is then known by it (access log, need-to-know). */
    username: z.string().regex(/^[\w.@+-]{1,128}$/, 'een gebruikersnaam zonder spaties').optional(),
  });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'tijd als HH:MM');

/**
 * Who is on duty for a roster key in a time window. The first matching slot by priority
 * wins; its contacts are an ordered chain (the on-call SO, then the backups). `phone` says
 * how numbers are read: as stored (E.164), or as typed at the edge.
 */
export const rosterSlotSchemaWith = <P extends z.ZodType<string, string>>(phone: P) =>
  z.object({
    rosterKey: z.string().regex(/^(district_team|fact_vvt|so|coordinator|seh_transfer)#[\p{L} .'-]+$/u, 'onbekende roostersleutel'),
    slotId: z.string().regex(/^[a-z0-9-]+$/),
    priority: z.number().int().min(0).default(1),
    days: z.array(z.enum(weekdays)).min(1).default([...weekdays]),
    /** Local time, Europe/Amsterdam; from = to means around the clock; may cross midnight. */
    from: hhmm,
    to: hhmm,
    /** never: not on public holidays (office hours); only: holidays only; any: regardless. */
    holidays: z.enum(['any', 'never', 'only']).default('any'),
    contacts: z.array(contactFields(phone)).min(1),
  });

/** A slot as stored. (The phone-number metadata stays out of every Lambda but the one that edits rosters.) */
export const rosterSlotSchema = rosterSlotSchemaWith(e164Schema);
export const contactSchema = contactFields(e164Schema);
export type Contact = z.output<typeof contactSchema>;
export type RosterSlot = z.output<typeof rosterSlotSchema>;

// Made at first use, as in time.ts: the zone data is loaded only by a handler that needs it.
let dateFormat: Intl.DateTimeFormat | undefined;
const regionDate = () => (dateFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }));

function previousDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Whether a slot covers a moment. A window crossing midnight belongs to the day it starts on. */
export function slotCovers(slot: Pick<RosterSlot, 'days' | 'from' | 'to' | 'holidays'>, at: Date): boolean {
  const { minutes, weekday } = localTime(at);
  const start = parseHhMm(slot.from);
  const end = parseHhMm(slot.to);
  const crossesMidnight = start > end;
  const inMorningTail = crossesMidnight && minutes < end;
  // The part after midnight belongs to the previous day's shift: one calendar day back
  // (not 24 hours, which on a DST night lands two days back or on the same day).
  const today = regionDate().format(at);
  const shiftDate = inMorningTail ? previousDay(today) : today;
  const day = inMorningTail ? weekdays[(new Date(`${shiftDate}T12:00:00Z`).getUTCDay() + 6) % 7] ?? weekday : weekday;
  const holiday = isDutchHoliday(shiftDate);
  if (slot.holidays === 'never' && holiday) return false;
  if (slot.holidays === 'only' && !holiday) return false;
  if (!slot.days.includes(day)) return false;
  if (start === end) return true;
  return crossesMidnight ? minutes >= start || minutes < end : minutes >= start && minutes < end;
}

export function onDuty(slots: RosterSlot[], at: Date): RosterSlot | undefined {
  return [...slots].sort((a, b) => a.priority - b.priority || a.slotId.localeCompare(b.slotId)).find((s) => slotCovers(s, at));
}

export const rosterKeys = {
  districtTeam: (district: string) => `district_team#${district}`,
  /** The FACT-VVT team on duty for a district (psychogeriatric crisis care at home). */
  factVvt: (district: string) => `fact_vvt#${district}`,
  so: (region: string) => `so#${region}`,
  coordinator: (region: string) => `coordinator#${region}`,
  sehTransfer: (region: string) => `seh_transfer#${region}`,
};

/** PUT /rosters/{rosterKey}/slots/{slotId}: the body, with the key and slot id from the path. */
export const rosterSlotRequest = ({ body, pathParameters }: { body: unknown; pathParameters: Record<string, string | undefined> }) => ({
  ...(body && typeof body === 'object' ? body : {}),
  rosterKey: pathParameters.rosterKey ?? '',
  slotId: pathParameters.slotId ?? '',
});
