/**
 * Text widths for chart layout without a browser or canvas. Vega measures labels to place them,
 * truncate them and hide overlaps; without canvas it guesses 0.8 em for every character, which
 * is too wide for Latin and too narrow for Chinese. These are the advance widths of Noto Sans SC
 * (the font the PNG is drawn with), grouped by kind of character.
 */
import { displayWidth } from '../format.ts';

const NARROW = new Set([...'.,:;!|\'"`iIjlft()[]{}·-–/\\ ']);

/** Width of one character, in em. */
function charEm(ch: string): number {
  if (displayWidth(ch) === 2) return 1;
  if (ch === ' ') return 0.22;
  if (NARROW.has(ch)) return 0.3;
  if (/[0-9]/.test(ch)) return 0.55;
  if (/[A-Z]/.test(ch)) return 0.64;
  if (/[mwMW]/.test(ch)) return 0.82;
  return 0.53;
}

/** Width of `text` at `fontSize` pixels. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return em * fontSize;
}

/**
 * Breaks a reading line ("Revenue · by City · last 30 days (…)") into lines no wider than
 * `maxWidth`: at its " · " joints where it can, inside a part (between words, or between any two
 * Chinese characters) where a part alone is too wide.
 */
export function wrapParts(text: string, fontSize: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const part of text.split(' · ')) {
    const joined = current ? `${current} · ${part}` : part;
    if (textWidth(joined, fontSize) <= maxWidth) {
      current = joined;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    // Chinese breaks between any two characters, other scripts between words.
    for (const token of part.match(/[\u2E80-\uFFFF]|[^\s\u2E80-\uFFFF]+\s*|\s+/gu) ?? []) {
      if (current && textWidth((current + token).trimEnd(), fontSize) > maxWidth) {
        lines.push(current.trimEnd());
        current = token.trimStart();
      } else current += token;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Shortens `text` with an ellipsis so it is at most `maxWidth` wide. */
export function fitText(text: string, fontSize: number, maxWidth: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, fontSize) > maxWidth) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}
