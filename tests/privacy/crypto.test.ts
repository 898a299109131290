/**
 * Problem: personal fields must be unreadable at rest, yet "is this email already a customer?"
 * must still be answerable.
 * Required behaviour: AES-256-GCM ciphertext that differs on every write and fails loudly when
 * tampered with; a blind index that is stable per value and field, and useless without the key.
 */
import { describe, expect, it } from 'vitest';
import { createDataCipher, generateDataKey, parseDataKey } from '../../src/privacy/crypto.ts';
import { PrecisError } from '../../src/errors.ts';

const cipher = createDataCipher(parseDataKey(generateDataKey()));

describe('data cipher', () => {
  it('round-trips a value and never stores it in clear', () => {
    const token = cipher.encrypt('wang.fang@example.cn');
    expect(token).not.toContain('wang');
    expect(cipher.decrypt(token)).toBe('wang.fang@example.cn');
  });

  it('encrypts the same value differently each time', () => {
    expect(cipher.encrypt('13812345678')).not.toBe(cipher.encrypt('13812345678'));
  });

  it('refuses a tampered ciphertext', () => {
    const token = cipher.encrypt('13812345678');
    const flipped = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(() => cipher.decrypt(flipped)).toThrow();
  });

  it('gives a stable blind index per field, and another under another key', () => {
    const other = createDataCipher(parseDataKey(generateDataKey()));
    expect(cipher.blindIndex('email', 'a@example.com')).toBe(cipher.blindIndex('email', 'a@example.com'));
    expect(cipher.blindIndex('email', 'a@example.com')).not.toBe(cipher.blindIndex('phone', 'a@example.com'));
    expect(cipher.blindIndex('email', 'a@example.com')).not.toBe(other.blindIndex('email', 'a@example.com'));
  });

  it('accepts a key as hex or base64 and says what is wrong with a short one', () => {
    const hex = generateDataKey();
    expect(parseDataKey(hex)).toEqual(parseDataKey(Buffer.from(hex, 'hex').toString('base64')));
    expect(() => parseDataKey('too-short')).toThrow(PrecisError);
    expect(() => parseDataKey('too-short')).toThrow(/32 random bytes/);
  });
});
