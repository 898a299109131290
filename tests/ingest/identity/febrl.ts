/**
 * Reads a Febrl benchmark file (../shared/data/real/febrl, see its README) into PersonRecords
 * plus the truth: rec-N-org and rec-N-dup-k are the same person exactly when N is equal.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { PersonRecord } from '../../../src/ingest/identity/index.ts';

/** Repo root's sibling ../shared, where the benchmark data is kept outside the repository. */
export const febrlFolder = new URL('../../../../shared/data/real/febrl/', import.meta.url);
export const febrlAvailable = existsSync(new URL('febrl1.csv', febrlFolder)) && existsSync(new URL('febrl2.csv', febrlFolder));

type FebrlRow = Record<'rec_id' | 'given_name' | 'surname' | 'street_number' | 'address_1' | 'address_2' | 'suburb' | 'postcode' | 'state' | 'date_of_birth', string>;

const orMissing = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

export function readFebrl(file: 'febrl1.csv' | 'febrl2.csv'): { records: PersonRecord[]; entityOf: (id: string) => string } {
  const rows = parse(readFileSync(new URL(file, febrlFolder)), { columns: true, ltrim: true }) as FebrlRow[];
  const records = rows.map((row): PersonRecord => {
    const dob = row.date_of_birth;
    return {
      id: row.rec_id,
      givenName: orMissing(row.given_name),
      surname: orMissing(row.surname),
      streetNumber: orMissing(row.street_number),
      address: orMissing(row.address_1),
      address2: orMissing(row.address_2),
      city: orMissing(row.suburb),
      postcode: orMissing(row.postcode),
      region: orMissing(row.state),
      birthDate: /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : undefined,
    };
  });
  // rec-<N>-org / rec-<N>-dup-<k>: the entity is N.
  const entityOf = (id: string) => id.split('-')[1]!;
  return { records, entityOf };
}
