import { districts } from '../functions/domain/districts';
import { sehFacilityId, type Principal } from '../functions/domain/principal';
import { sampleFacilities } from './seed';

const region = 'rotterdam';
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * The people of the sample region, for the local sign-in: two GPs, a HAP triagist, the SO
 * chain (whose roster contacts carry these usernames), a transfer nurse and a bed manager
 * per facility, the SEH transfer desk, an acute district team and a FACT-VVT team per
 * district, the coordinator and the privacy officer. Fictional names and numbers.
 */
export function sampleUsers(): Principal[] {
  const facilities = sampleFacilities();
  return [
    { username: 'huisarts-jansen', role: 'gp', name: 'Dr. A. Jansen', region, phone: '+31610007001' },
    { username: 'huisarts-bakker', role: 'gp', name: 'Dr. M. Bakker', region, phone: '+31610007002' },
    { username: 'triagist-hap', role: 'hap_triagist', name: 'J. de Boer (HAP Rotterdam)', region },
    { username: 'so-dagdienst', role: 'so', name: 'SO dagdienst', region, facilityId: 'hk-maasoever', phone: '+31610004001' },
    { username: 'so-tweede', role: 'so', name: 'Tweede SO dagdienst', region, phone: '+31610004002' },
    { username: 'vs-dagdienst', role: 'vs_pa', name: 'VS ouderengeneeskunde', region, phone: '+31610004003' },
    { username: 'so-anw', role: 'so', name: 'SO ANW-dienst', region, phone: '+31610004011' },
    { username: 'pa-anw', role: 'vs_pa', name: 'PA ANW-dienst', region, phone: '+31610004012' },
    ...facilities.map((f): Principal => ({ username: `tvp-${f.facilityId}`, role: 'transfer_nurse', name: `Transferverpleegkundige ${f.name}`, region, facilityId: f.facilityId, phone: f.transferNursePhone })),
    { username: 'tvp-seh', role: 'transfer_nurse', name: 'Transferpunt SEH', region, facilityId: sehFacilityId(region), phone: '+31610005001' },
    ...districts.map((d): Principal => ({ username: `wijkteam-${slug(d)}`, role: 'district_team', name: `Wijkteam acute zorg ${d}`, region, district: d })),
    ...districts.map((d): Principal => ({ username: `factvvt-${slug(d)}`, role: 'fact_vvt', name: `FACT-VVT ${d}`, region, district: d })),
    ...facilities.map((f): Principal => ({ username: `bedbeheer-${f.facilityId}`, role: 'bed_manager', name: `Capaciteitsbeheer ${f.name}`, region, facilityId: f.facilityId })),
    { username: 'coordinator-rotterdam', role: 'coordinator', name: 'Zorgcoördinator Verkeerstoren Rotterdam', region, phone: '+31610009000' },
    { username: 'privacy-rotterdam', role: 'privacy_officer', name: 'Privacyfunctionaris', region },
  ];
}
