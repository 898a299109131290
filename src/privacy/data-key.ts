/**
 * Where the data key comes from: PRECIS_DATA_KEY, or for the embedded default a key generated
 * once into the data folder. The store remembers the key's fingerprint, so starting with the
 * wrong key fails at once instead of writing rows no one can read.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Store } from '../db/client.ts';
import { precisMeta } from '../db/schema/index.ts';
import { PrecisError } from '../errors.ts';
import { createKeyRing, generateDataKey, parseDataKey, type DataCipher } from './crypto.ts';

export interface KeySource {
  dataKey: string | undefined;
  dataDir: string;
}

/** One key, or a key ring written oldest first (comma- or line-separated): see createKeyRing. */
const ringOf = (text: string): DataCipher => createKeyRing(text.split(/[,\n]/).map((k) => k.trim()).filter(Boolean).map(parseDataKey));

const keyFile = (source: KeySource) => join(source.dataDir, 'data.key');

/**
 * Returns the cipher for this installation. `onGenerated` is called the one time a new key file
 * is written, so the door can tell the user where it is.
 */
export function loadDataCipher(source: KeySource, onGenerated: (path: string) => void = () => {}): DataCipher {
  if (source.dataKey) return ringOf(source.dataKey);
  const path = keyFile(source);
  if (!existsSync(path)) {
    mkdirSync(source.dataDir, { recursive: true });
    writeFileSync(path, `${generateDataKey()}\n`, { mode: 0o600, flag: 'wx' });
    onGenerated(path);
  }
  return ringOf(readFileSync(path, 'utf8'));
}

/**
 * Adds a newly generated key to the generated key file, as the one new values are encrypted
 * under. A key given in PRECIS_DATA_KEY is the operator's to change, on every replica: refused.
 */
export function addDataKey(source: KeySource): DataCipher {
  if (source.dataKey) {
    throw new PrecisError('input_invalid', {
      detail: 'PRECIS_DATA_KEY is set, so Precis cannot add a key to it. Append a new key to it, comma-separated (old first: PRECIS_DATA_KEY=<old>,<new>, e.g. from `openssl rand -hex 32`), on every replica, then run `precis keys rotate` again.',
    });
  }
  loadDataCipher(source);
  const path = keyFile(source);
  // Written aside and renamed over: a crash never leaves a file without the keys it had.
  writeFileSync(`${path}.new`, `${readFileSync(path, 'utf8').trimEnd()}\n${generateDataKey()}\n`, { mode: 0o600 });
  renameSync(`${path}.new`, path);
  return loadDataCipher(source);
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
