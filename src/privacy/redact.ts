/**
 * Redaction, the last line of defence: whatever a query returned, personal data is masked
 * before an answer leaves the core. Catalog columns never hold personal fields, so this scans
 * free text (product titles, category labels, the question itself for the audit log) for
 * emails, phone numbers and ID-card numbers. Nothing the asker says can turn it off.
 */

export type PersonalKind = 'email' | 'phone' | 'id_card';

const patterns: { kind: PersonalKind; re: RegExp; mask: (found: string) => string }[] = [
  { kind: 'email', re: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, mask: maskEmail },
  // Chinese resident ID: 17 digits and a check digit or X; before phones, which it contains.
  { kind: 'id_card', re: /(?<!\d)\d{17}[\dXx](?!\d)/g, mask: (id) => `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}` },
  // Chinese mobiles with or without +86, and any other E.164 number.
  { kind: 'phone', re: /(?<![\d+])(?:(?:\+|00)86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)|\+\d[\d\s-]{6,16}\d/g, mask: maskPhone },
];

/** `zhang.wei@example.cn` → `z***@example.cn` */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** `13812345678` → `138****5678`; `+86 138 1234 5678` → `+86 138****5678` */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const national = digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
  const prefix = national === digits ? (phone.startsWith('+') ? '+' : '') : '+86 ';
  return `${prefix}${national.slice(0, 3)}****${national.slice(-4)}`;
}

/** `张伟` → `张*`; `Jane Smith` → `J*** S.` */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (/^[\p{Script=Han}]+$/u.test(trimmed)) return `${trimmed.slice(0, 1)}${'*'.repeat(Math.max(1, trimmed.length - 1))}`;
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const last = rest.at(-1);
  return `${first.slice(0, 1)}***${last ? ` ${last.slice(0, 1)}.` : ''}`;
}

export interface Redacted {
  text: string;
  found: PersonalKind[];
}

/** Masks every email, phone number and ID-card number found in `text`. */
export function redactText(text: string): Redacted {
  const found = new Set<PersonalKind>();
  let out = text;
  for (const { kind, re, mask } of patterns) {
    out = out.replace(re, (hit) => {
      found.add(kind);
      return mask(hit);
    });
  }
  return { text: out, found: [...found] };
}

/** Redacts every text cell of a table; reports which columns held personal data. */
export function redactRows<T>(columns: readonly { id: string }[], rows: readonly T[][]): { rows: T[][]; redactedColumns: string[] } {
  const redactedColumns = new Set<string>();
  const out = rows.map((row) =>
    row.map((cell, i) => {
      if (typeof cell !== 'string') return cell;
      const r = redactText(cell);
      if (r.found.length > 0) redactedColumns.add(columns[i]?.id ?? String(i));
      return r.text as T;
    }),
  );
  return { rows: out, redactedColumns: [...redactedColumns] };
}
