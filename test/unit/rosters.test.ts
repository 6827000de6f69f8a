import { describe, expect, it } from 'vitest';
import { dutchHolidays } from '../../functions/domain/holidays';
import { onDuty, rosterKeys, rosterSlotSchema, slotCovers, weekdays } from '../../functions/domain/roster-slot';
import { putRosterSlot } from '../../functions/use-cases/put-roster-slot';
import { input as putRosterSlotInput } from '../../functions/handlers/put-roster-slot';
import { parseRouteInput } from '../../functions/lib/http';
import { ValidationError } from '../../functions/domain/errors';
import { sampleRosters } from '../../local/seed';

const slots = (key: string) => sampleRosters().filter((s) => s.rosterKey === key);
const so = slots(rosterKeys.so('rotterdam'));
const team = slots(rosterKeys.districtTeam('Delfshaven'));

describe('who is on duty', () => {
  it.each([
    ['Tuesday 10:00', '2026-11-24T09:00:00Z', 'kantoor'],
    ['Tuesday 16:59', '2026-11-24T15:59:00Z', 'kantoor'],
    ['Tuesday 17:00 (evening)', '2026-11-24T16:00:00Z', 'anw'],
    ['Tuesday 03:00 (night)', '2026-11-24T02:00:00Z', 'anw'],
    ['Saturday 11:00 (weekend)', '2026-11-28T10:00:00Z', 'anw'],
    ['Christmas Day, a Friday, 11:00', '2026-12-25T10:00:00Z', 'anw'],
    ['Ascension Day 2026, a Thursday, 11:00', '2026-05-14T09:00:00Z', 'anw'],
    ["King's Day 2026, a Monday, 11:00", '2026-04-27T09:00:00Z', 'anw'],
  ])('the SO chain on %s is the %s chain', (_when, iso, slotId) => {
    expect(onDuty(so, new Date(iso))?.slotId).toBe(slotId);
  });

  it('has a second SO and a VS/PA behind the SO in office hours', () => {
    expect(onDuty(so, new Date('2026-11-24T09:00:00Z'))?.contacts.map((c) => c.role)).toEqual(['so', 'so', 'vs_pa']);
  });

  it.each([
    ['14:00', '2026-11-24T13:00:00Z', 'dag'],
    ['22:59', '2026-11-24T21:59:00Z', 'dag'],
    ['23:00', '2026-11-24T22:00:00Z', 'nacht'],
    ['03:00', '2026-11-25T02:00:00Z', 'nacht'],
    ['07:00', '2026-11-25T06:00:00Z', 'dag'],
  ])('the Delfshaven district team at %s is the %s team', (_when, iso, slotId) => {
    expect(onDuty(team, new Date(iso))?.slotId).toBe(slotId);
  });

  it('finds the night shift by calendar day, also the night after clocks go forward', () => {
    const sundayNight = [{ days: ['Sun' as const], from: '23:00', to: '07:00', holidays: 'any' as const }];
    // Monday 30 March 2026, 00:30 CEST: still Sunday's night shift (a 24 h step back lands on Saturday).
    expect(sundayNight.every((s) => slotCovers(s, new Date('2026-03-29T22:30:00Z')))).toBe(true);
    // Easter Monday 2024, 00:30 CEST, belongs to Easter Sunday's night: a holiday shift.
    expect(slotCovers({ days: [...weekdays], from: '23:00', to: '07:00', holidays: 'only' }, new Date('2024-03-31T22:30:00Z'))).toBe(true);
  });

  it('computes the Dutch public holidays from Easter', () => {
    expect(dutchHolidays(2026)).toEqual([
      '2026-01-01', '2026-04-05', '2026-04-06', '2026-04-27', '2026-05-05', '2026-05-14', '2026-05-24', '2026-05-25', '2026-12-25', '2026-12-26',
    ]);
    expect(dutchHolidays(2027)).toContain('2027-03-28'); // Easter 2027
  });
});

describe('editing a roster slot (PUT /rosters/{rosterKey}/slots/{slotId})', () => {
  const principal = { username: 'coordinator-rotterdam', role: 'coordinator', name: 'Coördinator', region: 'rotterdam' } as const;
  const coordinator = { actor: { role: 'coordinator', id: principal.username }, via: 'PUT /rosters/{rosterKey}/slots/{slotId}', principal };
  const store = () => {
    const saved: unknown[] = [];
    return { saved, region: 'rotterdam', rosters: { get: async () => undefined, put: async (s: unknown) => void saved.push(s) }, audit: { record: async () => undefined } };
  };
  /** What the handler does: validate at the edge, then hand the typed slot to the use case. */
  const put = async (s: ReturnType<typeof store>, rosterKey: string, slotId: string, body: unknown) =>
    putRosterSlot(s, parseRouteInput(putRosterSlotInput, { body, headers: {}, pathParameters: { rosterKey, slotId }, query: {} }), coordinator);

  it('stores phone numbers as E.164, however they were typed', async () => {
    const s = store();
    const slot = await put(s, 'district_team#Charlois', 'dag', {
      from: '07:00', to: '23:00', contacts: [{ role: 'district_team', name: 'Wijkteam Charlois', phone: '06-12345678' }],
    });
    expect(slot.contacts[0]?.phone).toBe('+31612345678');
    expect(s.saved).toHaveLength(1);
  });

  it('refuses a bad phone number, time or roster key, naming each field, and stores nothing', async () => {
    const s = store();
    const attempt = put(s, 'bakkerij#Charlois', 'dag', { from: '7 uur', to: '23:00', contacts: [{ role: 'so', name: 'SO', phone: '12345' }] });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    const errors = await attempt.catch((e: ValidationError) => e.errors.map((x) => x.path));
    expect(errors).toEqual(expect.arrayContaining(['rosterKey', 'from', 'contacts.0.phone']));
    expect(s.saved).toEqual([]);
  });

  it('takes Dutch numbers only (the metadata is for +31, deliberately), and says so for a foreign one', async () => {
    const attempt = put(store(), 'district_team#Charlois', 'dag', { from: '07:00', to: '23:00', contacts: [{ role: 'district_team', name: 'Wijkteam', phone: '+32 470 12 34 56' }] });
    const errors = await attempt.catch((e: ValidationError) => e.errors);
    expect(errors).toEqual([{ path: 'contacts.0.phone', message: expect.stringContaining('alleen Nederlandse nummers') }]);
  });

  it('seeds only valid slots', () => {
    for (const slot of sampleRosters()) expect(rosterSlotSchema.safeParse(slot).success).toBe(true);
  });
});
