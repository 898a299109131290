/**
 * The customers a query's filters and period describe, as a subquery of customer ids: who a
 * customer list shows, who a personal export contains, who a saved segment is. Breakdowns,
 * sorting and comparisons do not narrow it; saved segment names are expanded first.
 */
import { sql, type SQL } from 'drizzle-orm';
import { expandSavedSegments, listSavedSegments } from '../analytics/saved-segments.ts';
import type { Store } from '../db/client.ts';
import { customers } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import { customerSet } from './build.ts';
import type { Filter, Period, QuerySpec } from './dsl.ts';
import { plan } from './plan.ts';
import { validate } from './validate.ts';

/** A condition on `customers`: not erased, and in the audience of `filters` (and `period`). */
export async function audienceOf(store: Store, filters: readonly Filter[], period: Period | null, timeZone: string): Promise<SQL> {
  const asList: QuerySpec = { intent: 'list', metrics: ['customers'], dimensions: [], filters: [...filters], period, sort: null, limit: null, compare: null };
  const spec = expandSavedSegments(asList, await listSavedSegments(store)).query;
  const { problems, resolution } = validate(spec);
  if (problems.length > 0) throw new PrecisError('query_invalid', { problems: problems.map((p) => p.key).join('; ') });
  const members = customerSet(plan(spec, resolution), { lang: 'en', timeZone, rowCap: 0, now: new Date() });
  return sql`${customers.erasedAt} is null and ${customers.id} in (${members})`;
}
