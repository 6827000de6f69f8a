/**
 * Writes functions/domain/phone-metadata-nl.json: libphonenumber-js's full ("max") metadata
 * for the Netherlands (+31) only. Roster numbers are Dutch staff phones; all 245 countries
 * would put ~190 kB into the roster Lambda. Run again after updating libphonenumber-js:
 *   npx tsx scripts/phone-metadata.ts
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const all = require('libphonenumber-js/metadata.max.json') as { version: number; countries: Record<string, unknown>; country_calling_codes: Record<string, string[]> };
const nl = { version: all.version, country_calling_codes: { '31': ['NL'] }, countries: { NL: all.countries.NL }, nonGeographic: {} };
writeFileSync(new URL('../functions/domain/phone-metadata-nl.json', import.meta.url), `${JSON.stringify(nl)}\n`);
console.log(`phone-metadata-nl.json: ${JSON.stringify(nl).length} bytes (libphonenumber-js metadata version ${all.version})`);
