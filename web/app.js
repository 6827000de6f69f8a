// Verkeerstoren web UI: referral form generated from the triage tree's questions,
// a case page that follows the workflow, and a phone view of the SMS outbox.
const app = document.getElementById('app');

const groups = { patient: 'Patiënt', acp: 'Proactieve zorgplanning', presentation: 'Presentatie', referrer: 'Verwijzer' };
const destinations = {
  call_112: 'Bel nu 112', home: 'Thuis met acuut wijkteam', herstelkliniek: 'Herstelkliniek',
  wijkkliniek: 'Wijkkliniek', reo_bed: 'REO-observatiebed', seh: 'SEH',
};
const statuses = {
  referred: 'verwijzing ontvangen', triaged: 'getrieerd', call_112: 'bel 112', notified: 'betrokkenen ge-sms’t',
  bed_held: 'bed vastgehouden', admission_confirmed: 'opname bevestigd', discharged: 'ontslagen',
  cancelled: 'geannuleerd', expired: 'verlopen', escalated: 'geëscaleerd naar coördinator',
};

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== false && v !== undefined) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c);
  return node;
};

/** Replaces the page content; skips the nulls of conditional parts. */
const show = (...nodes) => app.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined));

async function api(path, init) {
  const res = await fetch(path, { headers: { 'content-type': 'application/json' }, ...init });
  const body = await res.json().catch(() => ({}));
  return { status: res.status, body };
}

function localIsoNow() {
  const d = new Date();
  const off = -d.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const local = new Date(d.getTime() + off * 60000).toISOString().slice(0, 19);
  return `${local}${off >= 0 ? '+' : '-'}${pad(off / 60)}:${pad(off % 60)}`;
}

function input(q) {
  const id = q.fact;
  if (q.type === 'boolean') {
    return el('select', { id, name: id }, el('option', { value: '' }, '— kies —'), el('option', { value: 'true' }, 'ja'), el('option', { value: 'false' }, 'nee'));
  }
  if (q.type === 'enum') {
    return el('select', { id, name: id }, el('option', { value: '' }, '— kies —'), q.options.map((o) => el('option', { value: o.value }, o.label)));
  }
  if (q.type === 'integer') return el('input', { id, name: id, type: 'number', min: '0', max: '130' });
  if (q.type === 'datetime') return el('input', { id, name: id, type: 'text', value: localIsoNow() });
  return el('input', { id, name: id, type: 'text' });
}

function collect(form, questions) {
  const referral = { patient: {}, acp: {}, presentation: {}, referrer: {} };
  for (const q of questions) {
    const raw = form.elements[q.fact].value.trim();
    if (raw === '' && q.optional) continue;
    const [group, key] = q.fact.split('.');
    let value = raw;
    if (q.type === 'boolean') value = raw === '' ? undefined : raw === 'true';
    else if (q.type === 'integer') value = raw === '' ? undefined : Number(raw);
    else if (raw === '') value = undefined;
    if (value !== undefined) referral[group][key] = value;
  }
  return referral;
}

async function showForm() {
  const { body: tree } = await api('/triage-tree');
  const byGroup = Object.keys(groups).map((g) => [g, tree.questions.filter((q) => q.fact.startsWith(`${g}.`))]);
  const status = el('p', { class: 'muted' });
  const form = el('form', { novalidate: true },
    el('h1', {}, 'Nieuwe verwijzing'),
    el('p', { class: 'muted' }, `${tree.title}. Levensbedreigend? Bel direct 112.`),
    byGroup.map(([g, qs]) => el('fieldset', {}, el('legend', {}, groups[g]),
      qs.map((q) => el('div', { class: 'field', 'data-fact': q.fact },
        el('label', { for: q.fact }, q.label + (q.optional ? ' (optioneel)' : '')), input(q),
        q.help ? el('small', {}, q.help) : null)))),
    el('button', { type: 'submit' }, 'Verwijzing versturen'), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelectorAll('.error').forEach((n) => n.remove());
    form.querySelectorAll('.invalid').forEach((n) => n.classList.remove('invalid'));
    const button = form.querySelector('button');
    button.disabled = true;
    status.textContent = 'Versturen…';
    const res = await api('/referrals', { method: 'POST', body: JSON.stringify(collect(form, tree.questions)) });
    button.disabled = false;
    if (res.status === 201) return navigate(`/casus/${res.body.caseId}`);
    if (res.status === 400) {
      status.textContent = `Controleer ${res.body.errors.length} veld(en).`;
      for (const err of res.body.errors) {
        const field = form.querySelector(`[data-fact="${err.path}"]`);
        if (field) { field.classList.add('invalid'); field.append(el('span', { class: 'error' }, err.message)); }
        else status.append(el('div', { class: 'error' }, `${err.path}: ${err.message}`));
      }
      return;
    }
    status.textContent = res.body.message ?? `Fout ${res.status}`;
  });
  show(form);
}

let timer;
const kinds = { herstelkliniek: 'Herstelkliniek', wijkkliniek: 'Wijkkliniek', reo_bed: 'REO-bed' };
const reasons = { full: 'vol', closed: 'neemt nu niet op', no_ward: 'geen passende afdeling', lost_race: 'net bezet' };
const roles = { gp: 'huisarts', hap_triagist: 'triagist HAP', transfer_nurse: 'transferverpleegkundige', coordinator: 'coördinator', system: 'systeem', anonymous: 'verwijzer', so: 'SO', vs_pa: 'VS/PA' };
// Nothing more to follow on these pages (an expired case can still be placed again or cancelled).
const finalStatuses = ['call_112', 'discharged', 'cancelled', 'admission_confirmed'];

// Errors from case actions show here (role=alert, so screen readers announce them).
const actionError = el('p', { class: 'error', role: 'alert' });
const showError = (body) => { actionError.textContent = body.message ?? (body.errors ?? []).map((x) => `${x.path}: ${x.message}`).join('; '); };

function actionButton(label, path, body, after, { confirmText, className } = {}) {
  return el('button', { type: 'button', class: className, onclick: async (e) => {
    if (confirmText && !window.confirm(confirmText)) return;
    e.target.disabled = true;
    const res = await api(path, { method: 'POST', body: JSON.stringify(body ?? {}) });
    e.target.disabled = false;
    if (res.status >= 400) return showError(res.body);
    actionError.textContent = '';
    after();
  } }, label);
}

/** Facility names by id, for the case page; fetched once, again when an id is new. */
let facilityNames = new Map();
async function facilityName(id) {
  if (!facilityNames.has(id)) {
    const { status, body } = await api('/facilities');
    if (status === 200) facilityNames = new Map(body.map((f) => [f.facilityId, f.name]));
  }
  return facilityNames.get(id) ?? id;
}

/**
 * The case page polls until the case is final, but renders only when the case changed
 * (its version), and keeps the escalation fields across renders: nothing typed is lost.
 */
let caseView = null;
async function showCase(caseId) {
  clearTimeout(timer);
  const { status, body } = await api(`/cases/${encodeURIComponent(caseId)}`);
  if (decodeURIComponent(location.pathname) !== `/casus/${caseId}`) return; // navigated away meanwhile
  if (status === 404) return show(el('p', {}, `Casus ${caseId} bestaat niet.`));
  if (caseView?.caseId !== caseId) {
    caseView = {
      caseId,
      version: undefined,
      note: el('input', { type: 'text', placeholder: 'Wat is er veranderd?', 'aria-label': 'Notitie escalatie' }),
      urgency: el('select', { 'aria-label': 'Urgentie escalatie' }, ['U2', 'U3', 'U4'].map((u) => el('option', { value: u }, u))),
    };
    actionError.textContent = '';
  }
  const reload = () => showCase(caseId);
  const poll = () => { if (!finalStatuses.includes(body.status)) timer = setTimeout(reload, 1500); };
  if (body.version === caseView.version && status === 200) return poll();
  caseView.version = body.version;
  const { note, urgency } = caseView;
  const d = body.decision;
  const p = body.placement;
  const where = async (facilityId, ward) => `${await facilityName(facilityId)}, afdeling ${ward}`;
  const owner = body.owner.role === 'transfer_nurse' ? ` (${await facilityName(body.owner.id)})` : body.owner.role === 'coordinator' ? ` (${body.owner.id})` : '';
  const placedAt = p?.facilityId ? await where(p.facilityId, p.ward) : '';
  const tried = p ? await Promise.all(p.tried.map(async (t) => `${await facilityName(t.facilityId)} (${reasons[t.reason] ?? t.reason})`)) : [];
  show(
    el('h1', {}, `Casus ${body.caseId}`),
    body.status === 'call_112' ? el('p', { class: 'alarm', role: 'alert' }, 'Levensbedreigend: bel nu 112. Deze route stopt hier.') : null,
    el('div', { class: 'card' },
      el('p', {}, 'Status: ', el('strong', {}, statuses[body.status] ?? body.status),
        ' · Regiehouder: ', el('strong', {}, `${roles[body.owner.role] ?? body.owner.role}${owner}`)),
      d ? [el('p', { class: 'destination' }, destinations[d.destination] + (d.ward ? ` — afdeling ${d.ward}` : '')),
        el('ul', {}, d.reasons.map((r) => el('li', {}, r))),
        el('p', { class: 'muted' }, `Triageboom ${d.treeVersion}; regels ${d.ruleIds.join(', ')}`)]
        : el('p', { class: 'muted' }, 'Triage loopt…')),
    p ? el('div', { class: 'card' }, el('h2', {}, 'Plaatsing'),
      el('p', {}, p.destination === 'coordinator' ? 'Geen plek gevonden: de coördinator heeft de regie.'
        : `${destinations[p.destination] ?? p.destination}${placedAt ? ` · ${placedAt}` : ''}`),
      body.hold ? el('p', {}, `Bed vastgehouden tot ${new Date(body.hold.expiresAt).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam' })}`) : null,
      tried.length ? el('p', { class: 'muted' }, 'Geprobeerd: ' + tried.join(', ')) : null) : null,
    finalStatuses.includes(body.status) && body.status !== 'admission_confirmed' ? null : el('div', { class: 'card' }, el('h2', {}, 'Acties'), actionError,
      body.status === 'bed_held' ? actionButton('Opname bevestigen', `/cases/${caseId}/admission`, {}, reload) : null,
      body.status === 'admission_confirmed' ? actionButton('Ontslag', `/cases/${caseId}/discharge`, {}, reload) : null,
      // The coordinator holds the case without a bed: try the placement again (a bed may be free now).
      ['escalated', 'expired'].includes(body.status) && d && d.destination !== 'call_112' && !body.hold
        ? actionButton('Opnieuw plaatsen', `/cases/${caseId}/placement`, {}, reload) : null,
      body.status !== 'admission_confirmed'
        ? actionButton('Annuleren', `/cases/${caseId}/cancel`, {}, reload, { confirmText: `Casus ${caseId} annuleren? Een vastgehouden bed komt direct vrij.`, className: 'secondary' })
        : null,
      body.status !== 'admission_confirmed' ? el('p', {}, 'Escaleren naar SO: ', note, ' ', urgency, ' ',
        el('button', { type: 'button', onclick: async () => {
          const res = await api(`/cases/${caseId}/escalations`, { method: 'POST', body: JSON.stringify({ note: note.value, urgency: urgency.value }) });
          if (res.status >= 400) return showError(res.body);
          actionError.textContent = '';
          note.value = '';
          reload();
        } }, 'Escaleren')) : null),
    el('div', { class: 'card' }, el('h2', {}, 'Tijdlijn'),
      el('ol', { class: 'timeline' }, body.timeline.map((t) =>
        el('li', {}, `${new Date(t.at).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam' })} — ${t.detail ?? t.step} (${roles[t.by.role] ?? t.by.role})`)))));
  poll();
}

/** The coordinator's overview: what needs them first, then what is open, then what is closed. */
async function showCases() {
  clearTimeout(timer);
  const sinceDays = new URLSearchParams(location.search).get('dagen') ?? '7';
  const { status, body } = await api(`/cases?sinceDays=${encodeURIComponent(sinceDays)}`);
  if (location.pathname !== '/casussen') return; // navigated away meanwhile
  if (status !== 200) return show(el('h1', {}, 'Casussen'), el('p', { class: 'error', role: 'alert' }, body.message ?? (body.errors ?? []).map((x) => x.message).join('; ')));
  const time = (iso) => new Date(iso).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
  const where = (c) => (c.placement ? (c.placement.destination === 'coordinator' ? 'geen plek gevonden' : destinations[c.placement.destination] ?? c.placement.destination) : '—');
  const group = (title, cases, note) => cases.length ? el('div', { class: 'card' }, el('h2', {}, `${title} (${cases.length})`), note ? el('p', { class: 'muted' }, note) : null,
    el('table', { class: 'cases' }, el('thead', {}, el('tr', {}, ['Casus', 'Urgentie', 'Status', 'Regiehouder', 'Triage', 'Plaatsing', 'Aangemaakt', 'Bijgewerkt'].map((h) => el('th', {}, h)))),
      el('tbody', {}, cases.map((c) => el('tr', { class: c.group === 'coordinator' ? 'attention' : undefined },
        el('td', {}, el('a', { href: `/casus/${c.caseId}`, 'data-link': true }, c.caseId)),
        el('td', {}, c.urgency ?? '—'),
        el('td', {}, statuses[c.status] ?? c.status),
        el('td', {}, roles[c.owner.role] ?? c.owner.role),
        el('td', {}, c.destination ? destinations[c.destination] : '—'),
        el('td', {}, where(c)),
        el('td', {}, time(c.createdAt)),
        el('td', {}, time(c.updatedAt))))))) : null;
  const inGroup = (g) => body.cases.filter((c) => c.group === g);
  show(el('h1', {}, 'Casussen'),
    el('p', { class: 'muted' }, `De regio, laatste ${body.sinceDays} dagen; ververst elke 10 seconden. Zonder patiëntgegevens: die staan op de casuspagina.`),
    body.cases.length === 0 ? el('p', {}, 'Geen casussen in deze periode.') : null,
    group('Vraagt de coördinator', inGroup('coordinator'), 'Niet geplaatst, verlopen of zonder antwoord op een consult: de coördinator heeft de regie.'),
    group('Lopend', inGroup('open')),
    group('Afgerond', inGroup('closed')));
  timer = setTimeout(showCases, 10_000);
}

async function showBeds() {
  const { body } = await api('/facilities');
  const row = (f, w) => {
    const free = el('input', { type: 'number', min: '0', value: String(w.free), 'aria-label': `vrij ${f.name} ${w.ward}`, style: 'width:4rem' });
    const total = el('input', { type: 'number', min: '0', value: String(w.total), 'aria-label': `totaal ${f.name} ${w.ward}`, style: 'width:4rem' });
    const msg = el('span', { class: 'error' });
    const occupied = el('td', {}, String(w.total - w.free - w.held));
    return el('tr', {}, el('td', {}, f.name), el('td', {}, kinds[f.kind]), el('td', {}, f.district),
      el('td', {}, f.admission.type === '24/7' ? '24/7' : `${f.admission.from}–${f.admission.to}`),
      el('td', {}, w.ward), el('td', {}, total), el('td', {}, free), el('td', {}, String(w.held)), occupied,
      el('td', {}, el('button', { type: 'button', onclick: async () => {
        // Send only what the bed manager changed: the page may be older than the last hold.
        const update = {};
        if (Number(total.value) !== w.total) update.total = Number(total.value);
        if (Number(free.value) !== w.free) update.free = Number(free.value);
        if (!Object.keys(update).length) { msg.textContent = 'niets gewijzigd'; return; }
        const res = await api(`/facilities/${f.facilityId}/wards/${w.ward}`, { method: 'PUT', body: JSON.stringify(update) });
        if (res.status === 200) {
          Object.assign(w, res.body);
          occupied.textContent = String(w.total - w.free - w.held);
        }
        msg.textContent = res.status === 200 ? 'opgeslagen' : (res.body.errors ?? []).map((x) => x.message).join('; ') || res.body.message;
      } }, 'Opslaan'), ' ', msg));
  };
  show(el('h1', {}, 'Beddenbord'),
    el('p', { class: 'muted' }, 'Vrije en vastgehouden bedden per afdeling. Vastgehouden bedden beheert het systeem; bezet = totaal − vrij − vastgehouden.'),
    el('table', { class: 'card' }, el('thead', {}, el('tr', {}, ['Instelling', 'Soort', 'Gebied', 'Opname', 'Afdeling', 'Totaal', 'Vrij', 'Vastgehouden', 'Bezet', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, body.flatMap((f) => f.wards.map((w) => row(f, w))))));
}

async function showPhones() {
  const { status, body } = await api('/local/outbox');
  if (status !== 200 || !Array.isArray(body)) {
    // Only the local stack has an outbox; deployed, the texts go to real phones.
    return show(el('h1', {}, 'Telefoons'), el('p', {}, 'Deze pagina hoort bij de lokale omgeving (npm start). Hier gaan sms-berichten naar echte telefoons.'));
  }
  const byPhone = new Map();
  for (const m of body) byPhone.set(m.to, [...(byPhone.get(m.to) ?? []), m]);
  show(el('h1', {}, 'Telefoons'),
    el('p', { class: 'muted' }, 'Lokaal verstuurt het systeem geen sms; dit is wat elke ontvanger zou krijgen.'),
    byPhone.size === 0 ? el('p', {}, 'Nog geen berichten.') : null,
    el('div', { class: 'phones' }, [...byPhone].map(([to, msgs]) => el('div', { class: 'phone' },
      el('h3', {}, `${msgs[0].recipient} · ${to}`),
      msgs.map((m) => el('div', { class: 'sms' }, m.body.split(/(https?:\/\/\S+)/).map((part) =>
        /^https?:/.test(part) ? el('a', { href: part }, part) : part)))))));
  timer = setTimeout(showPhones, 2000);
}

function route() {
  clearTimeout(timer);
  caseView = null; // a page shown anew renders in full
  const path = location.pathname;
  if (path.startsWith('/casus/')) return showCase(decodeURIComponent(path.slice('/casus/'.length)));
  if (path === '/telefoons') return showPhones();
  if (path === '/bedden') return showBeds();
  if (path === '/casussen') return showCases();
  return showForm();
}

function navigate(path) {
  history.pushState({}, '', path);
  route();
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (a) { e.preventDefault(); navigate(a.getAttribute('href')); }
});
window.addEventListener('popstate', route);
route();
