/**
 * Where the data key comes from: PRECIS_DATA_KEY, or for the embedded default a key generated
 * once into the data folder. The store remembers the key's fingerprint, so starting with the
 * wrong key fails at once instead of writing rows no one can read.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { precisMeta } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import { createDataCipher, generateDataKey, parseDataKey, type DataCipher } from './crypto.ts';

export interface KeySource {
  dataKey: string | undefined;
  dataDir: string;
}

/**
 * Returns the cipher for this installation. `onGenerated` is called the one time a new key file
 * is written, so the door can tell the user where it is.
 */
export function loadDataCipher(source: KeySource, onGenerated: (path: string) => void = () => {}): DataCipher {
  if (source.dataKey) return createDataCipher(parseDataKey(source.dataKey));
  const path = join(source.dataDir, 'data.key');
  if (!existsSync(path)) {
    mkdirSync(source.dataDir, { recursive: true });
    writeFileSync(path, `${generateDataKey()}\n`, { mode: 0o600, flag: 'wx' });
    onGenerated(path);
  }
  return createDataCipher(parseDataKey(readFileSync(path, 'utf8')));
}

const FINGERPRINT_KEY = 'data_key_fingerprint';

/** Records the key's fingerprint on first use; refuses a different key afterwards. */
export async function checkKeyMatchesStore(store: Store, cipher: DataCipher): Promise<void> {
  const [row] = await store.db.select().from(precisMeta).where(eq(precisMeta.key, FINGERPRINT_KEY));
  if (!row) {
    await store.db.insert(precisMeta).values({ key: FINGERPRINT_KEY, value: cipher.fingerprint }).onConflictDoNothing();
    return;
  }
  if (row.value !== cipher.fingerprint) throw new PrecisError('data_key_mismatch');
}
