import { caseIndexes, caseTable } from './case';

/**
 * Reading a period of the cases table for the figures, the weekly review and the what-if:
 * the keys-only byRegion index (region, createdAt) gives the ids, a projected batch read the
 * attributes each reader needs (and no more: never the BSN). Pure command builders.
 */
export { caseTable };

/** The region's case ids created in [from, to): BETWEEN is inclusive, so up to the last millisecond before `to`. */
export const createdBetween = (table: string, region: string, from: Date, to: Date) => ({
  TableName: table,
  IndexName: caseIndexes.byRegion,
  KeyConditionExpression: '#region = :region AND createdAt BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#region': 'region' },
  ExpressionAttributeValues: { ':region': region, ':from': from.toISOString(), ':to': new Date(to.getTime() - 1).toISOString() },
});

const names = {
  '#caseId': 'caseId',
  '#status': 'status',
  '#district': 'district',
  '#createdAt': 'createdAt',
  '#placement': 'placement',
  '#timeline': 'timeline',
  '#decision': 'decision',
  '#destination': 'destination',
  '#ward': 'ward',
  '#referral': 'referral',
  '#referrer': 'referrer',
  '#role': 'role',
};

/** The figures: where each case went and when; of the referral only who referred. */
export const figuresProjection = {
  ProjectionExpression: '#caseId, #status, #district, #createdAt, #placement, #timeline, #decision.#destination, #decision.#ward, #referral.#referrer.#role',
  ExpressionAttributeNames: names,
};

/** The weekly review: the figures' view with the decision's rule, reasons and tree, the urgency, and the coordinator's corrections with the tree's decision. */
export const reviewProjection = {
  ProjectionExpression: `${figuresProjection.ProjectionExpression}, #decision.#ruleId, #decision.#reasons, #decision.#treeVersion, #referral.#presentation.#urgency, #amendments, #original.#destination, #original.#ward, #original.#ruleId, #original.#reasons, #original.#treeVersion`,
  ExpressionAttributeNames: {
    ...names,
    '#ruleId': 'ruleId',
    '#reasons': 'reasons',
    '#treeVersion': 'treeVersion',
    '#presentation': 'presentation',
    '#urgency': 'urgency',
    '#amendments': 'amendments',
    '#original': 'originalDecision',
  },
};

/** The what-if: the referral's facts as the tree reads them, the patient without the BSN. */
export const replayProjection = {
  ProjectionExpression:
    '#caseId, #createdAt, #district, #referral.#acp, #referral.#presentation, #referral.#referrer, #referral.#patient.#age, #referral.#patient.#postcode, #referral.#patient.#livesAlone, #referral.#patient.#informalCarerAvailable, #referral.#patient.#carerOverburdened',
  ExpressionAttributeNames: {
    '#caseId': 'caseId',
    '#createdAt': 'createdAt',
    '#district': 'district',
    '#referral': 'referral',
    '#acp': 'acp',
    '#presentation': 'presentation',
    '#referrer': 'referrer',
    '#patient': 'patient',
    '#age': 'age',
    '#postcode': 'postcode',
    '#livesAlone': 'livesAlone',
    '#informalCarerAvailable': 'informalCarerAvailable',
    '#carerOverburdened': 'carerOverburdened',
  },
};

type Item = Record<string, unknown>;

/** A projected item as the figures' schema reads it (the nested referrer role lifted out). */
export function figuresItem(item: Item): Item {
  const { referral, decision, ...rest } = item as { referral?: { referrer?: { role?: string }; presentation?: { urgency?: string } }; decision?: Item };
  return {
    ...rest,
    ...(decision ? { decision } : {}),
    ...(referral?.referrer?.role ? { referrerRole: referral.referrer.role } : {}),
    ...(referral?.presentation?.urgency ? { urgency: referral.presentation.urgency } : {}),
  };
}
