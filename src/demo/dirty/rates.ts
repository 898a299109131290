/**
 * How dirty the dirty demo is. Every rate is a probability per record of the kind named; the
 * defaults aim at what real shop exports show: a few percent of customers registered twice,
 * about one line in a hundred repeated, and each kind of broken value in about one record in
 * two hundred. Each line gets at most one broken value, so the rates of one record kind should
 * add up to well under one.
 */
import { PrecisError } from '../../errors.ts';

export interface DirtyRates {
  /** Per account: the person registers a second time on the same platform. */
  duplicateCustomer: number;
  /** Per account on a person's second platform: written with a typo or another email. */
  crossPlatformVariant: number;
  /** Per listing: the product is listed a second time on the same platform. */
  duplicateProduct: number;
  /** Per line without problems: the line is repeated a few lines further on. */
  exactDuplicateRow: number;
  /** Per customer record. */
  malformedEmailFixable: number;
  malformedEmailUnfixable: number;
  malformedPhone: number;
  outOfRangeBirthYear: number;
  /** Per customer record and per listing. */
  fullwidthText: number;
  /** Per order line, listing and event. */
  missingRequiredField: number;
  /** Per order line (on orders not cancelled). */
  outOfRangeQuantity: number;
  /** Per order line and per listing. */
  nonPositivePrice: number;
  /** Per order (every line of it). */
  futureDate: number;
  unknownStatus: number;
  /** Per event. */
  unknownEventType: number;
}

export const defaultRates: Readonly<DirtyRates> = {
  duplicateCustomer: 0.03,
  crossPlatformVariant: 0.3,
  duplicateProduct: 0.03,
  exactDuplicateRow: 0.01,
  malformedEmailFixable: 0.005,
  malformedEmailUnfixable: 0.005,
  malformedPhone: 0.005,
  outOfRangeBirthYear: 0.005,
  fullwidthText: 0.005,
  missingRequiredField: 0.005,
  outOfRangeQuantity: 0.005,
  nonPositivePrice: 0.005,
  futureDate: 0.005,
  unknownStatus: 0.005,
  unknownEventType: 0.005,
};

/** The defaults with `overrides` applied; a rate outside [0, 1] stops with its name. */
export function resolveRates(overrides: Partial<DirtyRates> = {}): DirtyRates {
  const rates = { ...defaultRates, ...overrides };
  const wrong = Object.entries(rates).filter(([, r]) => !(r >= 0 && r <= 1));
  if (wrong.length > 0) {
    throw new PrecisError('input_invalid', { detail: `Dirty demo rates must be between 0 and 1: ${wrong.map(([k, r]) => `${k}=${r}`).join(', ')}` });
  }
  return rates;
}
