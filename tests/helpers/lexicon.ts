import { buildLexicon } from '../../src/nl/lexicon.ts';
import { gazetteerValues } from '../../src/semantic/values.ts';

/** The gazetteer plus a few store values, as the assistant would load them from the demo data. */
export const testLexicon = buildLexicon([
  ...gazetteerValues(),
  { dimension: 'category', value: 'Skincare', phrases: ['skincare', '护肤'] },
  { dimension: 'category', value: 'Beauty', phrases: ['beauty', '美妆'] },
  { dimension: 'brand', value: 'Lumina', phrases: ['lumina'] },
]);

/** Saturday 28 November 2026, noon in Shanghai. */
export const testNow = new Date('2026-11-28T04:00:00Z');
