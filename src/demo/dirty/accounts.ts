/**
 * Customer records per platform, with who they really are. Every identity of the clean data
 * becomes an account on its platform (a person on two platforms has two, the second sometimes
 * written with a typo or another email); a few people register a second time on the same
 * platform, with a slip in the name or address and another email or none, and then place some
 * of their later orders from that second account. What each platform leaves out (many Tmall
 * buyers share no email, many Shopify buyers no phone) follows the platform's shape.
 */
import { places, type Place, type PlatformId } from '../../semantic/places.ts';
import type { DemoData } from '../generate.ts';
import { drawUnique, type Random } from '../random.ts';
import type { DirtyRates } from './rates.ts';
import type { Account, Variation } from './model.ts';
import type { PlatformShape } from './platforms/shape.ts';
import { addressTypo, nameTypo } from './text.ts';
import { exampleEmailDomains } from '../people.ts';

const DAY_MS = 86_400_000;
/** A second platform's account is opened within this long of the first, and before its first use. */
const SECOND_PLATFORM_WITHIN_MS = 180 * DAY_MS;
/** Share of a person's orders and events, after a duplicate account exists, placed from it. */
const DUPLICATE_USE = 0.5;

export interface AccountBook {
  /** Accounts per platform, in the order of their sign-up (the order exports list them in). */
  byPlatform: Record<PlatformId, Account[]>;
  /** The account `person` used on `platform` at `at`: their usual one, or now and then their duplicate. */
  route(person: number, platform: PlatformId, at: number): Account;
}

const key = (person: number, platform: PlatformId) => `${person}:${platform}`;

export function buildAccounts(
  rng: Random,
  routeRng: Random,
  data: DemoData,
  shapes: Readonly<Record<PlatformId, PlatformShape>>,
  rates: DirtyRates,
  until: number,
): AccountBook {
  const placeByCity = new Map<string, Place>(places.map((p) => [p.city, p]));
  const firstUse = new Map<string, number>();
  const noteUse = (person: number, platform: PlatformId, at: number) => {
    const k = key(person, platform as PlatformId);
    firstUse.set(k, Math.min(firstUse.get(k) ?? Infinity, at));
  };
  for (const o of data.orders) noteUse(o.customerId, o.platform as PlatformId, o.orderedAt.getTime());
  for (const e of data.events) noteUse(e.customerId, e.platform as PlatformId, e.occurredAt.getTime());

  const identitiesOf = new Map<number, DemoData['customerIdentities']>();
  for (const identity of data.customerIdentities) {
    const list = identitiesOf.get(identity.customerId);
    if (list) list.push(identity);
    else identitiesOf.set(identity.customerId, [identity]);
  }
  const takenIds = new Set(data.customerIdentities.map((i) => i.platformCustomerId));
  const takenEmails = new Set(data.customers.map((c) => c.personal.email));

  const byPlatform: Record<PlatformId, Account[]> = { tmall: [], jd: [], shopify: [] };
  const usual = new Map<string, { main: Account; duplicate?: Account }>();

  for (const customer of data.customers) {
    const place = placeByCity.get(customer.city ?? '');
    if (!place) throw new Error(`dirty demo: no place for city ${customer.city}`);
    const birthYear = customer.birthYear ?? 1990;
    const month = rng.int(1, 12);
    const birth = { year: birthYear, month, day: rng.int(1, new Date(Date.UTC(birthYear, month, 0)).getUTCDate()) };
    const signupAt = customer.signupAt?.getTime() ?? until;
    const identities = identitiesOf.get(customer.id) ?? [];

    let primary: Account | undefined;
    for (const identity of identities) {
      const platform = identity.platform as PlatformId;
      const carries = shapes[platform].carries;
      const first = firstUse.get(key(customer.id, platform)) ?? until;
      const account: Account = {
        platform,
        id: identity.platformCustomerId,
        person: customer.id,
        role: primary ? 'secondary' : 'primary',
        sameAs: primary ? { platform: primary.platform, id: primary.id } : null,
        variations: [],
        signupAt: primary ? signupAt + rng.next() * Math.max(0, Math.min(first - signupAt, SECOND_PLATFORM_WITHIN_MS)) : signupAt,
        name: customer.personal.name,
        email: rng.chance(carries.email) ? customer.personal.email : null,
        phone: rng.chance(carries.phone) ? customer.personal.phone : null,
        address: customer.personal.address,
        place,
        postcode: customer.postcode,
        gender: customer.gender === 'female' || customer.gender === 'male' ? customer.gender : null,
        birth: rng.chance(carries.birth) ? birth : null,
        consent: customer.marketingConsent,
      };
      if (primary && rng.chance(rates.crossPlatformVariant)) {
        vary(rng, account, rng.pick(['name_typo', 'address_typo', 'email_changed'] as const), takenEmails);
      }
      primary ??= account;
      byPlatform[platform].push(account);
      const entry: { main: Account; duplicate?: Account } = { main: account };
      usual.set(key(customer.id, platform), entry);

      if (rng.chance(rates.duplicateCustomer)) {
        const duplicate: Account = {
          ...account,
          id: drawUnique(takenIds, () => `${account.id.slice(0, 3)}${base36(rng, 10)}`),
          role: 'duplicate',
          sameAs: { platform, id: account.id },
          variations: [],
          signupAt: account.signupAt + rng.next() * Math.max(0, until - account.signupAt),
        };
        const typo = rng.next();
        if (typo < 0.8) vary(rng, duplicate, 'name_typo', takenEmails);
        if (typo >= 0.5) vary(rng, duplicate, 'address_typo', takenEmails);
        const email = rng.next();
        if (email < 0.35) vary(rng, duplicate, 'email_changed', takenEmails);
        else if (email < 0.6) vary(rng, duplicate, 'email_missing', takenEmails);
        if (rng.chance(0.2)) vary(rng, duplicate, 'phone_missing', takenEmails);
        entry.duplicate = duplicate;
        byPlatform[platform].push(duplicate);
      }
    }
  }

  for (const accounts of Object.values(byPlatform)) accounts.sort((a, b) => a.signupAt - b.signupAt || (a.id < b.id ? -1 : 1));

  return {
    byPlatform,
    route(person, platform, at) {
      const entry = usual.get(key(person, platform));
      if (!entry) throw new Error(`dirty demo: person ${person} has no ${platform} account`);
      const { main, duplicate } = entry;
      return duplicate && at >= duplicate.signupAt && routeRng.chance(DUPLICATE_USE) ? duplicate : main;
    },
  };
}

/** Applies one variation, when the account has what it changes; records it. */
function vary(rng: Random, account: Account, variation: Variation, takenEmails: Set<string>): void {
  switch (variation) {
    case 'name_typo':
      account.name = nameTypo(rng, account.name);
      break;
    case 'address_typo':
      account.address = addressTypo(rng, account.address);
      break;
    case 'email_changed':
      if (account.email === null) return;
      account.email = otherEmail(rng, account.email, takenEmails);
      break;
    case 'email_missing':
      if (account.email === null) return;
      account.email = null;
      break;
    case 'phone_missing':
      if (account.phone === null) return;
      account.phone = null;
      break;
  }
  account.variations.push(variation);
}

/** Another address of the same person, on a reserved example domain, used by nobody else. */
function otherEmail(rng: Random, email: string, taken: Set<string>): string {
  const [local = 'shopper', domain = 'example.com'] = email.split('@');
  return drawUnique(taken, () => {
    const style = rng.int(0, 2);
    if (style === 0) return `${local}${rng.int(1, 99)}@${domain}`;
    if (style === 1) return `${local}.${rng.pick(['shop', 'home', 'work', 'mail'])}@${domain}`;
    return `${local}@${rng.pick(exampleEmailDomains.filter((d) => d !== domain))}`;
  });
}

function base36(rng: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += rng.int(0, 35).toString(36);
  return out;
}
