import * as z from 'zod';
import { dischargeDestinations } from './case';

/** Who is told at a warm handover (domain brief: "warme overdracht"): the district team when the patient goes home. */
export const homeDischarges = ['home', 'home_with_care'] as const;
export const isHomeDischarge = (to: string): to is (typeof homeDischarges)[number] => (homeDischarges as readonly string[]).includes(to);

/** POST /cases/{caseId}/discharge: where the patient goes, and a note for the next carer (stored on the case, never in an SMS). */
export const dischargeRequestSchema = z
  .object({
    dischargedTo: z.enum(dischargeDestinations, { error: `kies waarheen: ${dischargeDestinations.join(', ')}` }),
    note: z.string().trim().max(2000, 'hoogstens 2000 tekens').optional(),
  })
  .strict();
export type DischargeRequest = z.output<typeof dischargeRequestSchema>;
