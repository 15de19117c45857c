import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { officialYears } from '../../functions/domain/calendar/index.ts';

/** What a deployment's year schedules are, for the trigger of the provisional recount. */
export interface CalendarDigest {
  /** sha256 of the official years and each operator file's content: it changes when a year comes or changes. */
  digest: string;
  /** The operator years bundled, e.g. `["2027"]`. */
  operatorYears: string[];
}

/**
 * The digest of the year schedules the functions of a deployment carry: the years the official data
 * covers (a new official year comes with the package) and the content of each operator file
 * (infra/calendar/YYYY.json, listed in `calendarYears`). Same schedules, same digest: a deployment
 * that changes none of them starts no recount.
 *
 * @example
 * ```ts
 * calendarDigest(['infra/calendar/2027.json']).operatorYears; // ['2027']
 * ```
 */
export function calendarDigest(files: readonly string[]): CalendarDigest {
  const operator = [...files]
    .map((file) => [basename(file), createHash('sha256').update(readFileSync(file)).digest('hex')] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const digest = createHash('sha256')
    .update(JSON.stringify({ official: officialYears(), operator }))
    .digest('hex');
  return { digest, operatorYears: operator.map(([name]) => name.replace(/\.json$/, '')) };
}
