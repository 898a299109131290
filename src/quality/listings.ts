/**
 * Checks of the product catalog across platforms, read from its listings (product_aliases, a
 * catalog-sized table read once): prices of one product that disagree between platforms, and
 * platform category labels the taxonomy cannot map. The mapping and the platform currencies
 * come from src/ingest/products, so these checks judge exactly what ingest did.
 */
import type { Store } from '../db/client.ts';
import { categories, productAliases, products } from '../db/schema/index.ts';
import { collectUnmappedLabels, compileTaxonomy, platformCurrencies } from '../ingest/products/index.ts';
import { convertMinor } from '../ingest/values.ts';
import { redactText } from '../privacy/redact.ts';
import type { Check } from './checks.ts';
import type { BatchMeasured } from './batches.ts';

export type ListingCheck = Extract<Check, { kind: 'price_spread' | 'unmapped_labels' }>;

type Alias = typeof productAliases.$inferSelect;

function priceSpread(check: Extract<ListingCheck, { kind: 'price_spread' }>, aliases: Alias[], currencyOf: ReadonlyMap<string, string>): BatchMeasured {
  const prices = new Map<number, Map<string, number>>();
  for (const a of aliases) {
    const currency = currencyOf.get(a.platform);
    if (a.priceMinor === null || a.priceMinor <= 0 || !currency) continue;
    const converted = convertMinor(a.priceMinor, currency, 'CNY');
    if (!converted.ok) continue;
    const perPlatform = prices.get(a.productId) ?? new Map<string, number>();
    // One price per platform (its lowest listing), so two listings on one platform are not "platforms".
    perPlatform.set(a.platform, Math.min(perPlatform.get(a.platform) ?? Infinity, converted.value));
    prices.set(a.productId, perPlatform);
  }
  const compared = [...prices].filter(([, p]) => p.size >= 2);
  const spread = compared
    .map(([id, p]) => ({ id, ratio: Math.max(...p.values()) / Math.min(...p.values()), platforms: [...p.keys()].sort() }))
    .filter((s) => s.ratio > check.maxRatio)
    .sort((x, y) => y.ratio - x.ratio || x.id - y.id);
  return {
    violations: spread.length,
    considered: compared.length,
    value: compared.length === 0 ? null : (100 * spread.length) / compared.length,
    samples: spread.slice(0, 5).map((s) => `id ${s.id}: ${s.ratio.toFixed(2)}× ${s.platforms.join('/')}`),
  };
}

async function unmappedLabels(store: Store, aliases: Alias[]): Promise<BatchMeasured> {
  const rows = await store.db.select().from(categories);
  const nameOf = new Map(rows.map((c) => [c.id, c.name]));
  const taxonomy = compileTaxonomy(rows.map((c) => ({ name: c.name, nameZh: c.nameZh, parentName: c.parentId === null ? null : (nameOf.get(c.parentId) ?? null) })));
  const unmapped = collectUnmappedLabels(aliases, taxonomy);
  const labelled = aliases.filter((a) => a.categoryLabel?.trim()).length;
  const violations = unmapped.reduce((sum, p) => sum + p.labels.reduce((n, l) => n + l.listings, 0), 0);
  return {
    violations,
    considered: labelled,
    value: labelled === 0 ? null : (100 * violations) / labelled,
    // Per platform, its most frequent unmapped labels: what a person would add to the taxonomy.
    // Labels are shop text: masked like any free text, in case one carries a contact.
    samples: unmapped.slice(0, 5).map((p) => redactText(`${p.platform}: ${p.labels.slice(0, 3).map((l) => `${l.label} (${l.listings})`).join(', ')}${p.labels.length > 3 ? ` +${p.labels.length - 3}` : ''}`).text),
  };
}

/** Measures the listing checks from one read of the listings and products. */
export async function runListingChecks(store: Store, checks: readonly ListingCheck[]): Promise<Map<string, BatchMeasured>> {
  if (checks.length === 0) return new Map();
  const aliases = await store.db.select().from(productAliases);
  const stored = await store.db.select().from(products);
  const currencyOf = platformCurrencies(stored.map((p) => ({ ...p, priceMinor: p.listPriceMinor, category: null })), aliases);
  const out = new Map<string, BatchMeasured>();
  for (const check of checks) out.set(check.id, check.kind === 'price_spread' ? priceSpread(check, aliases, currencyOf) : await unmappedLabels(store, aliases));
  return out;
}
