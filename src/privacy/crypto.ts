/**
 * Encryption of personal fields at rest: AES-256-GCM for the value, HMAC-SHA256 blind index for
 * exact lookup ("is this email already a customer?") without decrypting anything.
 * Two sub-keys are derived from the one data key with HKDF, so the index key can never decrypt.
 * This module must never log or return a clear value except from `decrypt`.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';
import { PrecisError } from '../errors.ts';

/** The personal fields Precis stores; each has its own blind-index domain. */
export type PersonalField = 'email' | 'phone' | 'name' | 'address';

export interface DataCipher {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /** Deterministic keyed hash of an already-normalized value; equal inputs give equal indexes. */
  blindIndex(field: PersonalField, normalized: string): string;
  /** Identifies the key without revealing it; stored in the database to catch a wrong key. */
  readonly fingerprint: string;
  /** A 32-byte key for another use (e.g. `backup`), derived under its own HKDF label: it cannot decrypt fields. */
  subKey(purpose: string): Buffer;
  /** The id of the key new values are encrypted under. */
  readonly keyId: string;
  /** Whether `token` is under the current key; `precis keys rotate` re-encrypts those that are not. */
  isCurrent(token: string): boolean;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Accepts 32 bytes written as 64 hex characters or as base64. */
export function parseDataKey(text: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) {
    throw new PrecisError('data_key_invalid', { detail: `got ${bytes.length} bytes` });
  }
  return bytes;
}

export function generateDataKey(): string {
  return randomBytes(32).toString('hex');
}

export function createDataCipher(key: Buffer): DataCipher {
  return createKeyRing([key]);
}

const derive = (key: Buffer, info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));

/** A short public id of a key: tells which key a ciphertext needs, reveals nothing of it. */
export const keyIdOf = (key: Buffer): string => derive(key, 'precis/key-id').toString('hex').slice(0, 8);

/**
 * Random IVs drawn from a pool refilled 1,024 at a time: a call into the system's random source
 * per IV was 4% of a customers file's CPU (profiled). Each IV is still CSPRNG output, used once.
 */
const ivPool = Buffer.alloc(IV_BYTES * 1024);
let ivNext = ivPool.length;
function nextIv(): Buffer {
  if (ivNext === ivPool.length) {
    randomFillSync(ivPool);
    ivNext = 0;
  }
  // A copy: the pool is overwritten on the next refill.
  return Buffer.from(ivPool.subarray(ivNext, (ivNext += IV_BYTES)));
}

/**
 * A key ring for rotation (`precis keys rotate`): the FIRST key is the root, from which the
 * blind index, the fingerprint and the backup key derive, so lookups, the store's key check and
 * old backups keep working across rotations; the LAST key encrypts new values. Values under the
 * root are written `v1:<payload>` (as before key rings existed), values under a later key
 * `v2:<key id>:<payload>`; decryption picks the key by that id.
 */
export function createKeyRing(keys: readonly Buffer[]): DataCipher {
  const root = keys[0];
  if (!root) throw new PrecisError('data_key_invalid', { detail: 'no key given' });
  const ring = new Map(keys.map((k) => [keyIdOf(k), derive(k, 'precis/aes-256-gcm')]));
  const rootId = keyIdOf(root);
  const currentId = keyIdOf(keys[keys.length - 1]!);
  const macKey = derive(root, 'precis/blind-index');
  const hmac = (input: string) => createHmac('sha256', macKey).update(input, 'utf8').digest('base64url');
  /** Which key a token was written under, and its payload. */
  const parse = (token: string): { keyId: string; payload: string } => {
    const parts = token.split(':');
    if (parts[0] === VERSION && parts.length === 2 && parts[1]) return { keyId: rootId, payload: parts[1] };
    if (parts[0] === 'v2' && parts.length === 3 && parts[1] && parts[2]) return { keyId: parts[1], payload: parts[2] };
    throw new PrecisError('input_invalid', { detail: 'not a Precis ciphertext' });
  };

  return {
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', ring.get(currentId)!, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const payload = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
      return currentId === rootId ? `${VERSION}:${payload}` : `v2:${currentId}:${payload}`;
    },
    decrypt(token) {
      const { keyId, payload } = parse(token);
      const encKey = ring.get(keyId);
      if (!encKey) throw new PrecisError('input_invalid', { detail: `encrypted under key ${keyId}, which is not in the key ring (PRECIS_DATA_KEY)` });
      const raw = Buffer.from(payload, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    blindIndex(field, normalized) {
      return hmac(`${field}\u0000${normalized}`);
    },
    fingerprint: hmac('precis/key-check'),
    subKey: (purpose) => derive(root, `precis/${purpose}`),
    keyId: currentId,
    isCurrent: (token) => parse(token).keyId === currentId,
  };
}
