import { deps } from '../adapters/deps';
import { consultationAnswerSchema, isTeamQuestion, type LinkState } from '../domain/consultation';
import { toFieldErrors } from '../domain/referral-schema';
import { httpHandler } from '../lib/http';
import { answerConsultation } from '../use-cases/answer-consultation';
import { showConsultationLink } from '../use-cases/show-consultation-link';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, content: string) => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
button{font-size:1rem;padding:.6rem 1rem;margin:.3rem .3rem .3rem 0;border:0;border-radius:4px;background:#0b3d91;color:#fff}
button.decline{background:#8a1c1c}button.pass{background:#555}textarea{width:100%;min-height:5rem}.muted{color:#667}</style></head>
<body><h1>${escape(title)}</h1>${content}</body></html>`;

type Closed = Exclude<LinkState, { state: 'open' }>;

/** What a closed link's page says: a team asked to go home hears of its backup, a consultee of the next in the chain. */
const closed = (link: Closed): [number, string] => {
  switch (link.state) {
    case 'used':
      return [410, 'Deze link is al gebruikt. Er is niets gewijzigd.'];
    case 'expired':
      return [410, link.team ? 'Deze link is verlopen; de vraag is doorgezet naar de achterwacht of de coördinator. Er is niets gewijzigd.' : 'Deze link is verlopen; het verzoek is doorgezet naar de volgende in de dienst. Er is niets gewijzigd.'];
    case 'unknown':
      return [404, 'Deze link is onbekend. Er is niets gewijzigd.'];
    case 'withdrawn':
      return [410, 'Deze vraag is vervallen: de casus is intussen anders geregeld (geannuleerd, naar een andere plek of bij de coördinator). U hoeft niet te gaan. Er is niets gewijzigd.'];
  }
};

const closedPage = (link: Closed) => {
  const [statusCode, text] = closed(link);
  const title = link.team === undefined ? 'Link via sms' : link.team ? 'Thuisbesluit' : 'Consultverzoek';
  return { statusCode, html: page(title, `<p>${text}</p><p class="muted">Bel de verkeerstoren als u vragen heeft.</p>`) };
};

/**
 * GET /c/{token}: a confirm page (link scanners may open it; it decides nothing).
 * POST /c/{token}: the answer; single-use. Neither needs a sign-in: the token proves that
 * its holder received the SMS. Seeing the case does.
 */
export const handler = httpHandler({ signIn: false, forms: true }, async ({ pathParameters, body, method, access }) => {
  const token = pathParameters.token ?? '';
  if (method === 'GET') {
    const link = await showConsultationLink(deps(), token, access.via, access.source);
    if (link.state !== 'open') return closedPage(link);
    const r = link.record;
    const until = escape(new Date(r.expiresAt).toLocaleTimeString('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }));
    // A team confirms a home decision: "wij gaan" or "kunnen niet" (with a reason). Which team stays unsaid, as in the SMS.
    if (isTeamQuestion(r.reason)) {
      return {
        statusCode: 200,
        html: page(
          `Thuisbesluit casus ${r.caseId}`,
          `<p><strong>${escape(r.urgency)}</strong> · thuis met acute zorg: gaat uw team?</p>
<p class="muted">Geldig tot ${until}. Zonder antwoord gaat de vraag daarna naar de achterwacht, dan naar de coördinator. De casus zelf ziet u na aanmelden: <a href="/casus/${escape(r.caseId)}">casus ${escape(r.caseId)} openen</a></p>
<form method="post">
<label for="reason">Reden (verplicht bij "kunnen niet")</label>
<textarea id="reason" name="reason"></textarea>
<div><button name="answer" value="accept">Wij gaan</button><button class="decline" name="answer" value="decline">Kunnen niet</button></div>
</form>`,
        ),
      };
    }
    // No patient data here: whoever holds the link sees the urgency and the time left; the case needs sign-in.
    return {
      statusCode: 200,
      html: page(
        `Consultverzoek casus ${r.caseId}`,
        `<p><strong>${escape(r.urgency)}</strong> · een consultverzoek aan de dienstdoende ${r.role === 'vs_pa' ? 'VS/PA' : 'SO'}</p>
<p class="muted">Geldig tot ${until}. De casus zelf ziet u na aanmelden: <a href="/casus/${escape(r.caseId)}">casus ${escape(r.caseId)} openen</a></p>
${r.reason === 'herstelkliniek_gate' ? '<p>Het bed in de herstelkliniek blijft vastgehouden tot u antwoordt. Bij akkoord start de opname; bij afwijzen gaat het bed terug en beslist de coördinator.</p>' : ''}
<form method="post">
<label for="advice">Advies (verplicht bij "advies geven")</label>
<textarea id="advice" name="advice"></textarea>
<label for="reason">Reden${r.reason === 'herstelkliniek_gate' ? ' (verplicht bij "niet passend")' : ' (bij weigeren)'}</label>
<textarea id="reason" name="reason"></textarea>
<div><button name="answer" value="accept">Accepteren</button><button name="answer" value="advise">Advies geven</button><button class="decline" name="answer" value="decline">${r.reason === 'herstelkliniek_gate' ? 'Niet passend' : 'Weigeren'}</button><button class="pass" name="answer" value="pass_on">Kan nu niet beoordelen</button></div>
</form>`,
      ),
    };
  }
  // The answer is validated here, not by the wrapper: a person reads this as a page, not as JSON.
  const parsed = consultationAnswerSchema.safeParse(body ?? {});
  if (!parsed.success) {
    return { statusCode: 400, html: page('Antwoord niet verwerkt', `<p>${escape(toFieldErrors(parsed.error).map((e) => e.message).join('; '))}.</p><p><a href="">Terug</a></p>`) };
  }
  const result = await answerConsultation(deps(), token, parsed.data, access.via, access.source);
  if (result.state !== 'answered') return closedPage(result);
  return { statusCode: 200, html: page('Dank u', '<p>Uw antwoord is vastgelegd in de casus.</p>') };
});
