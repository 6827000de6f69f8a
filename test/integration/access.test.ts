import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { config } from '../../functions/config';
import type { Case } from '../../functions/domain/case';
import type { Principal } from '../../functions/domain/principal';
import { LocalIdentity } from '../../local/identity';
import type { LocalStack } from '../../local/local-stack';
import { storeCase } from '../support/cases';
import { eventually, getJson, postJson, putJson, startTestStack } from '../support/local-stack';
import { referral } from '../support/referral';

/**
 * Need-to-know, enforced by the API: every role against every route, with the cases it may
 * and may not touch, each request on a case of its own, so that each leaves exactly one
 * entry in the access log (NEN 7513). Against the local stack, signed in as the seeded users.
 */
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const entriesOf = async (caseId: string) =>
  (await documentClient().send(new QueryCommand({ TableName: config().tableName('audit'), KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': caseId } }))).Items ?? [];

const bsn = '111222333';
/** Referred by huisarts-jansen; a bed held at Wijkkliniek Kralingen; the SO "so-tweede" was asked about it. */
const heldCase = (changes: Partial<Case> = {}) =>
  storeCase(
    {
      status: 'bed_held', referredBy: 'huisarts-jansen', district: 'Kralingen-Crooswijk', consultedUsernames: ['so-tweede'],
      owner: { role: 'transfer_nurse', id: 'wk-kralingen' },
      hold: { facilityId: 'wk-kralingen', ward: 'algemeen', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
      placement: { destination: 'wijkkliniek', facilityId: 'wk-kralingen', ward: 'algemeen', tried: [], at: new Date().toISOString() },
      ...changes,
    },
    referral({ patient: { bsn }, presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } }),
  );
/** Sent home in Delfshaven, the district team texted. */
const homeCase = () =>
  storeCase({ status: 'notified', referredBy: 'huisarts-jansen', district: 'Delfshaven', placement: { destination: 'home', tried: [], at: new Date().toISOString() } });
/** Sent home in Delfshaven in a psychogeriatric crisis: the decision's flag `fact_vvt` asked the FACT-VVT team too. */
const homeCaseWithFactVvt = async () => {
  const c = await storeCase(
    { status: 'notified', referredBy: 'huisarts-jansen', district: 'Delfshaven', placement: { destination: 'home', tried: [], at: new Date().toISOString() } },
    referral({ presentation: { urgency: 'U3', psychogeriatricCrisis: true } }),
  );
  expect(c.decision?.flags).toContain('fact_vvt');
  return c;
};

const users = {
  gp: 'huisarts-jansen',
  otherGp: 'huisarts-bakker',
  hap: 'triagist-hap',
  consultedSo: 'so-tweede',
  facilitySo: 'so-dagdienst',
  vsPa: 'vs-dagdienst',
  nurse: 'tvp-wk-kralingen',
  otherNurse: 'tvp-hk-maasoever',
  team: 'wijkteam-delfshaven',
  otherTeam: 'wijkteam-charlois',
  factVvt: 'factvvt-delfshaven',
  otherFactVvt: 'factvvt-charlois',
  bedManager: 'bedbeheer-wk-kralingen',
  otherBedManager: 'bedbeheer-hk-maasoever',
  coordinator: 'coordinator-rotterdam',
  privacy: 'privacy-rotterdam',
} as const;
type Who = keyof typeof users;
const everyone = Object.keys(users) as Who[];

const denied = (status: number) => status === 403;

describe('GET /local/users, the seeded people of the local sign-in', () => {
  it('has at least two GPs and someone in every role', async () => {
    const res = await getJson(`${stack.url}/local/users`, { as: null });
    expect(res.status).toBe(200);
    const list = res.body as Array<{ username: string; role: string; name: string; region: string }>;
    expect(list.filter((u) => u.role === 'gp').length).toBeGreaterThanOrEqual(2);
    for (const role of ['gp', 'hap_triagist', 'so', 'vs_pa', 'transfer_nurse', 'district_team', 'fact_vvt', 'bed_manager', 'coordinator', 'privacy_officer']) {
      expect(list.some((u) => u.role === role), role).toBe(true);
    }
    for (const u of list) expect(u).toMatchObject({ username: expect.any(String), name: expect.any(String), region: 'rotterdam' });
    const signIn = await postJson(`${stack.url}/local/sign-in`, { username: 'huisarts-jansen' }, { as: null });
    expect(signIn.status).toBe(200);
    expect(Date.parse(signIn.body.expiresAt)).toBeGreaterThan(Date.now());
    expect((await postJson(`${stack.url}/local/sign-in`, { username: 'niemand' }, { as: null })).status).toBe(404);
  });
});

describe('a request without a valid token', () => {
  const principal: Principal = { username: 'huisarts-jansen', role: 'gp', name: 'Dr. A. Jansen', region: 'rotterdam' };
  const withToken = async (token: string | undefined) =>
    (await fetch(`${stack.url}/cases`, { headers: token === undefined ? {} : { authorization: token } })).status;

  it('is refused with 401 when missing, malformed, forged, unsigned, for another issuer or audience, or expired', async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const good = (await stack.identity.sign(principal)).token;
    const [header, payload] = good.split('.');
    const stranger = await LocalIdentity.create(stack.url); // same issuer name, another key
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      'not a bearer token': 'Basic aHVpc2FydHM6Z2VoZWlt',
      malformed: 'Bearer abc.def',
      'forged signature': `Bearer ${(await stranger.sign(principal)).token}`,
      'tampered payload': `Bearer ${header}.${b64({ ...JSON.parse(Buffer.from(payload as string, 'base64url').toString()), 'cognito:groups': ['coordinator'] })}.${good.split('.')[2]}`,
      'alg none': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'wrong issuer': `Bearer ${(await stack.identity.sign(principal, { issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_elders' })).token}`,
      'wrong audience': `Bearer ${(await stack.identity.sign(principal, { audience: 'een-andere-app' })).token}`,
      expired: `Bearer ${(await stack.identity.sign(principal, { lifetimeSeconds: -60 })).token}`,
    };
    for (const [what, token] of Object.entries(cases)) expect(await withToken(token), what).toBe(401);
    const answer = await fetch(`${stack.url}/cases/VT-AAAAAA`);
    expect(await answer.json()).toEqual({ message: expect.any(String) });
    // The good one passes (the GP may not see the overview: 403, not 401).
    expect(await withToken(`Bearer ${good}`)).toBe(403);
  });

  it('is not needed for the SMS answer link, the pages and the local sign-in', async () => {
    expect((await fetch(`${stack.url}/c/bestaat-niet`)).status).toBe(404);
    expect((await fetch(`${stack.url}/casus/VT-AAAAAA`)).status).toBe(200);
    expect((await fetch(`${stack.url}/local/users`)).status).toBe(200);
  });
});

/** Each route, and who may use it; every other role gets 403, and the refusal is logged. */
const caseRoutes: Array<{ route: string; allowed: Who[]; make: () => Promise<Case>; call: (c: Case, as: string) => Promise<{ status: number; body: any }> }> = [
  {
    route: 'GET /cases/{caseId} (a held bed)',
    allowed: ['gp', 'hap', 'consultedSo', 'nurse', 'coordinator'],
    make: () => heldCase(),
    call: (c, as) => getJson(`${stack.url}/cases/${c.caseId}`, { as }),
  },
  {
    route: 'GET /cases/{caseId} (sent home)',
    allowed: ['gp', 'hap', 'team', 'coordinator'],
    make: homeCase,
    call: (c, as) => getJson(`${stack.url}/cases/${c.caseId}`, { as }),
  },
  {
    route: 'GET /cases/{caseId} (sent home, FACT-VVT asked as well)',
    // The FACT-VVT team of the district may open what it was asked to confirm; another district's may not.
    allowed: ['gp', 'hap', 'team', 'factVvt', 'coordinator'],
    make: homeCaseWithFactVvt,
    call: (c, as) => getJson(`${stack.url}/cases/${c.caseId}`, { as }),
  },
  {
    route: 'GET /cases/{caseId} (closed, at the SO\'s facility)',
    // A transfer nurse may read the cases admitted to their facility, also after discharge.
    allowed: ['gp', 'facilitySo', 'otherNurse', 'coordinator'],
    make: () => heldCase({ status: 'discharged', consultedUsernames: [], hold: undefined, placement: { destination: 'herstelkliniek', facilityId: 'hk-maasoever', ward: 'somatiek', tried: [], at: new Date().toISOString() } }),
    call: (c, as) => getJson(`${stack.url}/cases/${c.caseId}`, { as }),
  },
  {
    route: 'POST /cases/{caseId}/cancel',
    allowed: ['gp', 'nurse', 'coordinator'],
    make: () => heldCase(),
    call: (c, as) => postJson(`${stack.url}/cases/${c.caseId}/cancel`, undefined, { as }),
  },
  {
    route: 'POST /cases/{caseId}/admission',
    allowed: ['nurse', 'coordinator'],
    make: () => heldCase(),
    call: (c, as) => postJson(`${stack.url}/cases/${c.caseId}/admission`, undefined, { as }),
  },
  {
    route: 'POST /cases/{caseId}/discharge',
    allowed: ['nurse', 'coordinator'],
    make: () => heldCase({ status: 'admission_confirmed' }),
    call: (c, as) => postJson(`${stack.url}/cases/${c.caseId}/discharge`, { dischargedTo: 'other' }, { as }),
  },
  {
    route: 'POST /cases/{caseId}/placement',
    allowed: ['coordinator'],
    make: () => heldCase({ status: 'escalated', hold: undefined, owner: { role: 'coordinator', id: 'rotterdam' } }),
    call: (c, as) => postJson(`${stack.url}/cases/${c.caseId}/placement`, undefined, { as }),
  },
  {
    route: 'POST /cases/{caseId}/decision',
    allowed: ['coordinator'],
    make: () => heldCase({ status: 'escalated', hold: undefined, owner: { role: 'coordinator', id: 'rotterdam' } }),
    call: (c, as) => postJson(`${stack.url}/cases/${c.caseId}/decision`, { destination: 'home', reason: 'Toch thuis: mantelzorg geregeld' }, { as }),
  },
  {
    route: 'GET /cases/{caseId} (discharged home)',
    // The district team of the patient's district takes over after a discharge home; another team does not.
    allowed: ['gp', 'nurse', 'team', 'coordinator'],
    make: () =>
      heldCase({
        status: 'discharged',
        district: 'Delfshaven',
        consultedUsernames: [],
        hold: undefined,
        discharge: { dischargedTo: 'home', at: new Date().toISOString() },
      } as Partial<Case>),
    call: (c, as) => getJson(`${stack.url}/cases/${c.caseId}`, { as }),
  },
  {
    route: 'POST /cases/{caseId}/escalations',
    allowed: ['gp', 'hap', 'coordinator'],
    make: () => homeCase(),
    call: (c, as) => postJson(`${stack.url}/cases/${c.caseId}/escalations`, { note: 'Onrustig, koorts', urgency: 'U3' }, { as }),
  },
];

describe('who may do what to a case', () => {
  for (const r of caseRoutes) {
    it(`${r.route}: only ${r.allowed.join(', ')}; each request leaves exactly one access-log entry`, async () => {
      for (const who of everyone) {
        const c = await r.make();
        const res = await r.call(c, users[who]);
        const shouldPass = r.allowed.includes(who);
        expect(denied(res.status), `${who} (${users[who]}) got ${res.status} ${JSON.stringify(res.body)}`).toBe(!shouldPass);
        if (!shouldPass) {
          expect(res.body).toEqual({ message: expect.any(String) });
          expect(JSON.stringify(res.body)).not.toMatch(new RegExp(`${bsn}|3021|pneumoni`, 'i'));
        }
        // The workflow a request starts logs its own steps, as the system on the person's behalf.
        const entries = (await entriesOf(c.caseId)).filter((e) => e.actor.role !== 'system');
        expect(entries, `${who}: ${JSON.stringify(entries)}`).toHaveLength(1);
        expect(entries[0]).toMatchObject({ actor: { username: users[who] }, outcome: shouldPass ? 'allowed' : 'refused', via: r.route.split(' (')[0] });
      }
    });
  }
});

describe('who may use the other routes', () => {
  const routes: Array<{ route: string; allowed: Who[]; call: (as: string) => Promise<{ status: number }> }> = [
    { route: 'POST /referrals', allowed: ['gp', 'otherGp', 'hap'], call: (as) => postJson(`${stack.url}/referrals`, referral(), { as }) },
    { route: 'GET /cases', allowed: ['coordinator'], call: (as) => getJson(`${stack.url}/cases`, { as }) },
    { route: 'GET /facilities', allowed: everyone.filter((w) => w !== 'privacy'), call: (as) => getJson(`${stack.url}/facilities`, { as }) },
    { route: 'PUT /facilities/{facilityId}/wards/{ward} (own facility)', allowed: ['bedManager', 'coordinator'], call: (as) => putJson(`${stack.url}/facilities/wk-kralingen/wards/algemeen`, { total: 12 }, { as }) },
    { route: 'GET /rosters', allowed: everyone.filter((w) => w !== 'privacy'), call: (as) => getJson(`${stack.url}/rosters`, { as }) },
    {
      route: 'PUT /rosters/{rosterKey}/slots/{slotId}',
      allowed: ['coordinator'],
      call: (as) => putJson(`${stack.url}/rosters/${encodeURIComponent('district_team#Pernis')}/slots/dag`, { from: '07:00', to: '23:00', contacts: [{ role: 'district_team', name: 'Wijkteam Pernis', phone: '0611112222' }] }, { as }),
    },
    { route: 'GET /triage-tree', allowed: everyone, call: (as) => getJson(`${stack.url}/triage-tree`, { as }) },
    { route: 'GET /audit', allowed: ['privacy'], call: (as) => getJson(`${stack.url}/audit?caseId=VT-AAAAAA`, { as }) },
    { route: 'POST /audit/search', allowed: ['privacy'], call: (as) => postJson(`${stack.url}/audit/search`, { bsn }, { as }) },
  ];
  for (const r of routes) {
    it(`${r.route}: only ${r.allowed.length === everyone.length ? 'everyone signed in' : r.allowed.join(', ')}`, async () => {
      for (const who of everyone) {
        const res = await r.call(users[who]);
        expect(denied(res.status), `${who} got ${res.status}`).toBe(!r.allowed.includes(who));
      }
    });
  }

  it('a bed manager may not edit another facility\'s ward, and the refusal is logged', async () => {
    const res = await putJson(`${stack.url}/facilities/wk-kralingen/wards/algemeen`, { total: 12 }, { as: users.otherBedManager });
    expect(res.status).toBe(403);
    const entries = await entriesOf('afdeling:wk-kralingen/algemeen');
    expect(entries.some((e) => e.actor.username === users.otherBedManager && e.outcome === 'refused')).toBe(true);
  });
});

describe('least data per role', () => {
  it('shows the BSN to the transfer nurse of the holding facility and the coordinator only', async () => {
    const c = await heldCase();
    for (const [who, sees] of [['nurse', true], ['coordinator', true], ['gp', false], ['hap', false], ['consultedSo', false]] as const) {
      const res = await getJson(`${stack.url}/cases/${c.caseId}`, { as: users[who] });
      expect(res.status, who).toBe(200);
      expect(res.body.referral.patient.bsn === bsn, who).toBe(sees);
      if (!sees) expect(JSON.stringify(res.body)).not.toContain(bsn);
    }
  });

  it('shows staff phone numbers on the rosters to the coordinator only', async () => {
    const asTeam = (await getJson(`${stack.url}/rosters`, { as: users.team })).body as Array<{ contacts: Array<{ phone: string }> }>;
    expect(asTeam.flatMap((s) => s.contacts).some((c) => /^\+31/.test(c.phone))).toBe(false);
    const asCoordinator = (await getJson(`${stack.url}/rosters`, { as: users.coordinator })).body as Array<{ contacts: Array<{ phone: string }> }>;
    expect(asCoordinator.flatMap((s) => s.contacts).every((c) => /^\+31/.test(c.phone))).toBe(true);
  });
});

describe('breaking the glass', () => {
  it('lets a clinician open a case outside their scope with a reason, logs it, and lists it for the privacy officer', async () => {
    const c = await heldCase();
    const short = await getJson(`${stack.url}/cases/${c.caseId}`, { as: users.otherGp, headers: { 'x-break-glass-reason': 'spoed' } });
    expect(short.status).toBe(403);
    const reason = 'Patiënt belt zelf, eigen huisarts onbereikbaar';
    const res = await getJson(`${stack.url}/cases/${c.caseId}`, { as: users.otherGp, headers: { 'x-break-glass-reason': reason } });
    expect(res.status).toBe(200);
    expect(res.body.referral.patient.bsn).not.toBe(bsn);
    const entries = await entriesOf(c.caseId);
    expect(entries.map((e) => e.outcome).sort()).toEqual(['break_glass', 'refused']);
    expect(entries.find((e) => e.outcome === 'break_glass')).toMatchObject({ actor: { username: users.otherGp, role: 'gp' }, reason });
    // Not for roles without a care relationship.
    expect((await getJson(`${stack.url}/cases/${c.caseId}`, { as: users.bedManager, headers: { 'x-break-glass-reason': reason } })).status).toBe(403);
    const listed = await getJson(`${stack.url}/audit?outcome=break_glass`, { as: users.privacy });
    expect(listed.status).toBe(200);
    expect(listed.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: c.caseId, outcome: 'break_glass', reason, actor: { username: users.otherGp, role: 'gp' } })]));
  });
});

describe('the privacy officer answers "who looked at my data?"', () => {
  it('finds every access to one person by BSN (sent in the body), also as CSV, and the log holds no BSN', async () => {
    const c = await heldCase();
    await getJson(`${stack.url}/cases/${c.caseId}`, { as: users.nurse });
    await getJson(`${stack.url}/cases/${c.caseId}`, { as: users.otherGp });
    const res = await postJson(`${stack.url}/audit/search`, { bsn }, { as: users.privacy });
    expect(res.status).toBe(200);
    const mine = (res.body.entries as Array<{ caseId: string; actor: { username: string }; outcome: string }>).filter((e) => e.caseId === c.caseId);
    expect(mine.map((e) => `${e.actor.username} ${e.outcome}`)).toEqual([`${users.nurse} allowed`, `${users.otherGp} refused`]);
    const csv = await postJson(`${stack.url}/audit/search?format=csv`, { bsn }, { as: users.privacy });
    expect(String(csv.body).split('\n')[0]).toBe('at,username,role,onBehalfOf,action,caseId,outcome,reason');
    expect(String(csv.body)).toContain(`${users.nurse},transfer_nurse,,case.read,${c.caseId},allowed`);
    expect(JSON.stringify(await entriesOf(c.caseId))).not.toContain(bsn);
    expect((await postJson(`${stack.url}/audit/search`, { bsn: '123' }, { as: users.privacy })).status).toBe(400);
  });

  it('finds the workflow steps of a referral by BSN too, although their entries carry only the case id', async () => {
    const other = '123456782';
    const refer = await postJson(`${stack.url}/referrals`, referral({ patient: { bsn: other }, presentation: { medicalSpecialistCareNeeded: true, condition: 'pneumonia', safeAtHomeWithSupport: false } }), { as: users.gp });
    expect(refer.status).toBe(201);
    const caseId = refer.body.caseId as string;
    const steps = ['workflow:RecordDecision', 'workflow:PlaceCase', 'workflow:AwaitAdmission'];
    // The steps read no case, so their entries carry no patient key: the search joins them by case.
    for (const via of steps) {
      const entry = await eventually(async () => (await entriesOf(caseId)).find((e) => e.via === via), (e) => !!e, 10_000);
      expect(entry).not.toHaveProperty('patientKey');
    }
    const found = (await postJson(`${stack.url}/audit/search`, { bsn: other }, { as: users.privacy })).body.entries as Array<{ caseId: string; via?: string; action: string }>;
    expect(found.every((e) => e.caseId === caseId)).toBe(true);
    expect(found.map((e) => e.action)).toEqual(expect.arrayContaining(['referral.create', 'workflow.update']));
    expect((await entriesOf(caseId)).length).toBe(found.length);
  });

  it('logs a roster change with what it was before and after', async () => {
    const key = encodeURIComponent('district_team#Rozenburg');
    await putJson(`${stack.url}/rosters/${key}/slots/dag`, { from: '07:00', to: '22:00', contacts: [{ role: 'district_team', name: 'Wijkteam Rozenburg', phone: '0611113333' }] });
    const [entry] = await entriesOf('rooster:district_team#Rozenburg/dag');
    expect(entry).toMatchObject({ action: 'roster.update', actor: { username: users.coordinator }, change: { before: { to: '23:00' }, after: { to: '22:00' } } });
  });
});

describe('never across regions', () => {
  it('refuses people of another region on every route, whatever their role', async () => {
    const elsewhere = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({ username: `${role}-denhaag`, role, name: 'Elders', region: 'den-haag', ...extra });
    const c = await heldCase();
    expect((await getJson(`${stack.url}/cases`, { as: elsewhere('coordinator') })).status).toBe(403);
    expect((await getJson(`${stack.url}/cases/${c.caseId}`, { as: elsewhere('coordinator') })).status).toBe(403);
    expect((await getJson(`${stack.url}/audit?caseId=${c.caseId}`, { as: elsewhere('privacy_officer') })).status).toBe(403);
    expect((await postJson(`${stack.url}/referrals`, referral(), { as: elsewhere('gp') })).status).toBe(403);
    expect((await putJson(`${stack.url}/facilities/wk-kralingen/wards/algemeen`, { total: 12 }, { as: elsewhere('bed_manager', { facilityId: 'wk-kralingen' }) })).status).toBe(403);
  });
});

describe('the answers to a change', () => {
  it('mask the BSN as a read does: a GP cancelling their own referral gets no BSN back', async () => {
    const own = await storeCase({ status: 'notified', referredBy: 'huisarts-jansen', placement: { destination: 'home', tried: [], at: new Date().toISOString() } }, referral({ patient: { bsn } }));
    const res = await postJson(`${stack.url}/cases/${own.caseId}/cancel`, undefined, { as: users.gp });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(JSON.stringify(res.body)).not.toContain(bsn);
  });

  it('refuse a break-the-glass reason that carries a number that may identify the patient', async () => {
    const c = await heldCase();
    const res = await getJson(`${stack.url}/cases/${c.caseId}`, { as: users.otherGp, headers: { 'x-break-glass-reason': `Patient met BSN ${bsn} belt zelf` } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('X-Break-Glass-Reason');
  });
});
