/**
 * Answer → plain text, for the console and the CLI: the reading of the question first (so a
 * misreading shows at a glance), then the figures as an aligned table, then any notes.
 */
import type { Answer, HelpAnswer, Reading, TableAnswer } from '../assistant/types.ts';
import { t } from '../messages/index.ts';
import { dimensions, metrics } from '../semantic/index.ts';
import { formatCell, padEnd, padStart, displayWidth } from './format.ts';

export function readingLine(reading: Reading, lang: TableAnswer['lang']): string {
  const parts = [reading.metrics.join(lang === 'zh' ? '、' : ', ')];
  if (reading.ranking) parts.push(reading.ranking);
  if (reading.dimensions.length > 0) parts.push(t(lang, 'reading.by', { dims: reading.dimensions.join(lang === 'zh' ? '和' : ' and ') }));
  parts.push(...reading.filters, reading.period);
  if (reading.versus) parts.push(reading.versus);
  return parts.join(' · ');
}

function renderTable(answer: TableAnswer): string {
  const { columns, rows, lang } = answer;
  const lines = [
    `${answer.verified ? `✓ ${t(lang, 'answer.verified')} · ` : ''}${readingLine(answer.reading, lang)}`,
    ...answer.reading.definitions.map((d) => `  ${d}`),
  ];
  if (rows.length === 0) {
    lines.push(t(lang, 'answer.no_rows'));
  } else if (columns.every((c) => c.role === 'metric') && rows.length === 1) {
    // A single figure reads best as "Label: value".
    for (const [i, c] of columns.entries()) lines.push(`${c.label}: ${formatCell(rows[0]![i]!, c, lang)}`);
  } else {
    const cells = rows.map((row) => row.map((cell, i) => formatCell(cell, columns[i]!, lang)));
    const widths = columns.map((c, i) => Math.max(displayWidth(c.label), ...cells.map((r) => displayWidth(r[i]!))));
    const align = (text: string, i: number) => (columns[i]!.role === 'metric' ? padStart(text, widths[i]!) : padEnd(text, widths[i]!));
    lines.push('');
    lines.push(columns.map((c, i) => align(c.label, i)).join('  ').trimEnd());
    lines.push(widths.map((w) => '─'.repeat(w)).join('  '));
    for (const r of cells) lines.push(r.map(align).join('  ').trimEnd());
  }
  if (answer.notes.length > 0) lines.push('', ...answer.notes.map((n) => `※ ${n}`));
  return lines.join('\n');
}

function renderHelp(answer: HelpAnswer): string {
  const { lang } = answer;
  const list = (labels: string[]) => labels.join(lang === 'zh' ? '、' : ', ');
  return [
    answer.notUnderstood ? t(lang, 'answer.not_understood') : t(lang, 'help.title'),
    ...t(lang, 'help.examples').split('\n').map((e) => `  • ${e}`),
    '',
    t(lang, 'help.metrics', { list: list(Object.values(metrics).map((m) => m.label[lang])) }),
    t(lang, 'help.dimensions', { list: list(Object.values(dimensions).map((d) => d.label[lang])) }),
    t(lang, 'help.periods'),
  ].join('\n');
}

export function renderText(answer: Answer): string {
  switch (answer.kind) {
    case 'table':
      return renderTable(answer);
    case 'help':
      return renderHelp(answer);
    case 'refusal':
    case 'notice':
      return answer.message;
    case 'report':
      return answer.report.text;
    case 'clarify':
      return [answer.message, ...answer.options.map((o, i) => `  ${i + 1}. ${o.label}`)].join('\n');
  }
}
