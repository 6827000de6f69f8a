import { facilitySchema, type Facility, type WardBeds } from '../domain/facility';

/**
 * The facility entity in the facilities table: a META item per facility and a WARD#<ward>
 * item per ward with its counts. Per ward: total = free + held + occupied (occupied implicit).
 */
export const facilityTable = 'facilities' as const;

export const facilityKeys = {
  meta: (facilityId: string) => ({ facilityId, sk: 'META' }),
  ward: (facilityId: string, ward: string) => ({ facilityId, sk: `WARD#${ward}` }),
};

export type WardItem = WardBeds & { version: number };

export const facilityIndexes = {
  /**
   * Every item of the facilities of one kind, by district: the META item and the WARD#
   * items, which carry their facility's kind and district for it. PlaceCase reads the
   * kinds its plan may use, never the whole table, and nothing for a home decision.
   */
  byKind: 'byKind',
} as const;

/** Items to store a facility: used by the seed and by tests. Wards repeat the facility's kind and district, for the byKind index. */
export function facilityItems(f: Facility): Array<Record<string, unknown>> {
  const { wards, ...meta } = f;
  return [
    { ...facilityKeys.meta(f.facilityId), ...meta },
    ...wards.map((w) => ({ ...facilityKeys.ward(f.facilityId, w.ward), ...w, kind: f.kind, district: f.district, version: 0 })),
  ];
}

/** Groups META and WARD# items into facilities, validated by the one facility schema. */
export function toFacilities(items: Array<Record<string, unknown>>): Facility[] {
  const byId = new Map<string, { meta?: Record<string, unknown>; wards: WardBeds[] }>();
  for (const item of items) {
    const id = String(item.facilityId);
    const entry = byId.get(id) ?? { wards: [] };
    if (item.sk === 'META') entry.meta = item;
    else entry.wards.push({ ward: item.ward, total: item.total, free: item.free, held: item.held, ...(item.maxStayDays === undefined ? {} : { maxStayDays: item.maxStayDays }) } as WardBeds);
    byId.set(id, entry);
  }
  return [...byId.values()]
    .filter((e) => e.meta)
    .map((e) => facilitySchema.parse({ ...e.meta, wards: e.wards.sort((a, b) => a.ward.localeCompare(b.ward)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export const facilityCommands = {
  /** Every item of the facilities of one kind (all districts: the plan ranks them by nearness). */
  ofKind: (table: string, kind: string) => ({
    TableName: table,
    IndexName: facilityIndexes.byKind,
    KeyConditionExpression: '#kind = :kind',
    ExpressionAttributeNames: { '#kind': 'kind' },
    ExpressionAttributeValues: { ':kind': kind },
  }),

  /** Every item of one facility. */
  query: (table: string, facilityId: string) => ({
    TableName: table,
    KeyConditionExpression: 'facilityId = :f',
    ExpressionAttributeValues: { ':f': facilityId },
    ConsistentRead: true,
  }),

  getMeta: (table: string, facilityId: string) => ({ TableName: table, Key: facilityKeys.meta(facilityId), ConsistentRead: true }),
  getWard: (table: string, facilityId: string, ward: string) => ({ TableName: table, Key: facilityKeys.ward(facilityId, ward), ConsistentRead: true }),

  /** A free bed becomes held; only if one is free. */
  holdBed: (table: string, facilityId: string, ward: string) => ({
    TableName: table,
    Key: facilityKeys.ward(facilityId, ward),
    UpdateExpression: 'SET #free = #free - :one, held = held + :one, version = version + :one',
    ConditionExpression: '#free > :zero',
    ExpressionAttributeNames: { '#free': 'free' },
    ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
  }),

  /** A held bed goes back to the pool, or (`toPool` false) becomes an occupied bed. */
  endHold: (table: string, facilityId: string, ward: string, toPool: boolean) => ({
    TableName: table,
    Key: facilityKeys.ward(facilityId, ward),
    UpdateExpression: toPool ? 'SET held = held - :one, #free = #free + :one, version = version + :one' : 'SET held = held - :one, version = version + :one',
    ConditionExpression: 'held > :zero',
    ...(toPool ? { ExpressionAttributeNames: { '#free': 'free' } } : {}),
    ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
  }),

  /** New counts for a ward, only if nobody changed it since it was read (its version). */
  setWard: (table: string, facilityId: string, current: WardItem, next: Pick<WardBeds, 'total' | 'free'>) => ({
    TableName: table,
    Key: facilityKeys.ward(facilityId, current.ward),
    UpdateExpression: 'SET #total = :total, #free = :free, version = version + :one',
    ConditionExpression: 'version = :version',
    ExpressionAttributeNames: { '#total': 'total', '#free': 'free' },
    ExpressionAttributeValues: { ':total': next.total, ':free': next.free, ':version': current.version, ':one': 1 },
  }),
};
