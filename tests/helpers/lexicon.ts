import { demoTaxonomy } from '../../src/demo/catalog.ts';
import { buildLexicon } from '../../src/nl/lexicon.ts';
import { gazetteerValues, type ValueEntry } from '../../src/semantic/values.ts';

/** Demo brands as `storeValues` loads them: products.brand holds the English name only. */
const demoBrands = [
  'Lumina', 'Aqualis', 'Petalune', 'Mossa Lab', 'Moonpetal', 'Kirei Studio', 'Rougeline', 'Maison Orée', 'Cedar & Salt', 'Linen & Lane',
  'Qingyi', 'Maple Row', 'Northgate', 'Stonefield', 'Harbour Line', 'Stride Lab', 'Cloudwalk', 'Novaphone', 'Kestrel', 'Zento', 'Sonique',
  'Echoform', 'Auralis', 'Hearthware', 'Ironleaf', 'Sakura Kitchen', 'Cloudnest', 'Orchard Tales', 'Crunchy Fox', 'Misty Peak',
  'Roastery Nine', 'Little Cloud', 'Babybloom', 'Tiny Tinker', 'Woodland Play',
];

const phrases = (...names: string[]) => [...new Set(names.map((n) => n.normalize('NFKC').toLowerCase().trim()))];

/** The gazetteer plus store values (demo categories with Chinese names, brands), as the assistant would load them from the demo data. */
export const testValues: ValueEntry[] = [
  ...gazetteerValues(),
  ...demoTaxonomy().map((c) => ({ dimension: 'category' as const, value: c.name, phrases: phrases(c.name, c.nameZh) })),
  ...demoBrands.map((b) => ({ dimension: 'brand' as const, value: b, phrases: phrases(b) })),
];

export const testLexicon = buildLexicon(testValues);

/** Saturday 28 November 2026, noon in Shanghai. */
export const testNow = new Date('2026-11-28T04:00:00Z');
