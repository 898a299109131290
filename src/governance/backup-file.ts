/**
 * The encrypted backup file. A dump holds every personal field's ciphertext and everything else
 * in clear, so the file as a whole is sealed too: AES-256-GCM in 1 MiB chunks (memory stays flat
 * whatever the dump's size), under a per-file key derived from the data key's `backup` sub-key
 * and a random salt.
 *
 *   "PRECISBK" | u32 header length | header JSON { v, kind, createdAt, fingerprint, salt }
 *   then frames: u8 last (0|1) | u32 ciphertext length | ciphertext | 16-byte tag
 *
 * Each frame's nonce is its sequence number, and its additional data is the header's hash plus
 * the `last` flag: frames cannot be reordered, dropped, moved to another file, or the file cut
 * short after a frame without the reader noticing. Never writes anything in clear but the header.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { PrecisError } from '../errors.ts';
import type { DataCipher } from '../privacy/crypto.ts';

const MAGIC = Buffer.from('PRECISBK');
const CHUNK = 1 << 20;
const TAG = 16;

export type BackupKind = 'postgres' | 'pglite';

export interface BackupHeader {
  v: 1;
  kind: BackupKind;
  createdAt: string;
  /** The data key's fingerprint: restoring with another key fails before anything is touched. */
  fingerprint: string;
  salt: string;
}

const fileKey = (cipher: DataCipher, salt: string) => Buffer.from(hkdfSync('sha256', cipher.subKey('backup'), Buffer.from(salt, 'base64'), 'precis/backup-file', 32));

function nonce(seq: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(seq), 4);
  return iv;
}

const aad = (headerHash: Buffer, last: boolean) => Buffer.concat([headerHash, Buffer.from([last ? 1 : 0])]);

/** Seals `source` (any byte stream) into the backup format, chunk by chunk. */
export async function* seal(source: AsyncIterable<Uint8Array>, cipher: DataCipher, kind: BackupKind, now: Date): AsyncGenerator<Buffer> {
  const header: BackupHeader = { v: 1, kind, createdAt: now.toISOString(), fingerprint: cipher.fingerprint, salt: randomBytes(16).toString('base64') };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  yield Buffer.concat([MAGIC, length, headerBytes]);

  const key = fileKey(cipher, header.salt);
  const headerHash = createHash('sha256').update(headerBytes).digest();
  let seq = 0;
  const frame = (plain: Buffer, last: boolean) => {
    const c = createCipheriv('aes-256-gcm', key, nonce(seq++));
    c.setAAD(aad(headerHash, last));
    const body = Buffer.concat([c.update(plain), c.final()]);
    const head = Buffer.alloc(5);
    head.writeUInt8(last ? 1 : 0, 0);
    head.writeUInt32BE(body.length, 1);
    return Buffer.concat([head, body, c.getAuthTag()]);
  };
  // One full chunk is held back, so the final frame can say it is the last.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let full: Buffer | undefined;
  for await (const piece of source) {
    pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    pendingBytes += piece.byteLength;
    while (pendingBytes >= CHUNK) {
      const all = Buffer.concat(pending);
      if (full) yield frame(full, false);
      full = all.subarray(0, CHUNK);
      pending = [all.subarray(CHUNK)];
      pendingBytes = all.length - CHUNK;
    }
  }
  const rest = Buffer.concat(pending);
  if (full) yield frame(full, rest.length === 0);
  if (!full || rest.length > 0) yield frame(rest, true);
}

/** Reads exactly n bytes at a time from a byte stream (pieces are joined once per read, not per piece). */
class Reader {
  private pieces: Buffer[] = [];
  private size = 0;
  private readonly it: AsyncIterator<Uint8Array>;
  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  /** The next n bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.size < n) {
      const next = await this.it.next();
      if (next.done) break;
      this.pieces.push(Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      this.size += next.value.byteLength;
    }
    const all = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces);
    const out = all.subarray(0, n);
    const rest = all.subarray(out.length);
    this.pieces = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    return out;
  }
}

const damaged = (why: string) => new PrecisError('input_invalid', { detail: `This backup file is damaged or was altered (${why}); it cannot be restored.` });

async function readHeader(reader: Reader): Promise<{ header: BackupHeader; headerHash: Buffer }> {
  const start = await reader.read(MAGIC.length + 4);
  if (start.length < MAGIC.length + 4 || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new PrecisError('input_invalid', { detail: 'That file is not a Precis backup.' });
  }
  const headerBytes = await reader.read(start.readUInt32BE(MAGIC.length));
  let header: BackupHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as BackupHeader;
  } catch {
    throw damaged('unreadable header');
  }
  if (header.v !== 1 || (header.kind !== 'postgres' && header.kind !== 'pglite')) throw damaged('unknown header');
  return { header, headerHash: createHash('sha256').update(headerBytes).digest() };
}

/** Just the header: what kind of store the backup is of, when it was made, under which key. */
export async function readBackupHeader(source: AsyncIterable<Uint8Array>): Promise<BackupHeader> {
  return (await readHeader(new Reader(source))).header;
}

/**
 * Opens a sealed backup: checks the header (a Precis backup, made under this data key) before
 * yielding anything, then yields the dump's bytes chunk by chunk, each authenticated.
 */
export async function openSealed(source: AsyncIterable<Uint8Array>, cipher: DataCipher): Promise<{ header: BackupHeader; body: AsyncGenerator<Buffer> }> {
  const reader = new Reader(source);
  const { header, headerHash } = await readHeader(reader);
  if (header.fingerprint !== cipher.fingerprint) {
    throw new PrecisError('input_invalid', { detail: 'This backup was made under another data key: set PRECIS_DATA_KEY to the key it was made with.' });
  }
  const key = fileKey(cipher, header.salt);
  async function* body(): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const head = await reader.read(5);
      if (head.length < 5) throw damaged('it ends before its last chunk');
      const last = head.readUInt8(0) === 1;
      const sealed = await reader.read(head.readUInt32BE(1) + TAG);
      if (sealed.length < TAG) throw damaged('a chunk is cut short');
      const d = createDecipheriv('aes-256-gcm', key, nonce(seq));
      d.setAAD(aad(headerHash, last));
      d.setAuthTag(sealed.subarray(sealed.length - TAG));
      let plain: Buffer;
      try {
        plain = Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
      } catch {
        throw damaged(`chunk ${seq + 1} fails its check`);
      }
      yield plain;
      if (last) {
        if ((await reader.read(1)).length > 0) throw damaged('bytes follow its last chunk');
        return;
      }
    }
  }
  return { header, body: body() };
}
