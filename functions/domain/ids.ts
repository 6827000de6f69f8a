import { randomBytes, randomInt } from 'node:crypto';
import type { Ids } from './ports';

/** Human-readable reference, safe for SMS: "VT-" and 6 characters without look-alikes (32^6). */
const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export const randomIds: Ids = {
  caseId: () => {
    let id = 'VT-';
    for (let i = 0; i < 6; i++) id += alphabet[randomInt(alphabet.length)];
    return id;
  },
  linkToken: () => randomBytes(24).toString('base64url'),
};
