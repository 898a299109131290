/**
 * Encryption of personal fields at rest: AES-256-GCM for the value, HMAC-SHA256 blind index for
 * exact lookup ("is this email already a customer?") without decrypting anything.
 * Two sub-keys are derived from the one data key with HKDF, so the index key can never decrypt.
 * This module must never log or return a clear value except from `decrypt`.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
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
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
  const encKey = derive('precis/aes-256-gcm');
  const macKey = derive('precis/blind-index');
  const hmac = (input: string) => createHmac('sha256', macKey).update(input, 'utf8').digest('base64url');

  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(token) {
      const [version, payload] = token.split(':');
      if (version !== VERSION || !payload) throw new PrecisError('input_invalid', { detail: 'not a Precis ciphertext' });
      const raw = Buffer.from(payload, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
    blindIndex(field, normalized) {
      return hmac(`${field}\u0000${normalized}`);
    },
    fingerprint: hmac('precis/key-check'),
  };
}
