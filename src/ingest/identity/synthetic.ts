/**
 * Synthetic people for the identity-resolution benchmark and tests: made-up Latin and hanzi
 * names (Zipf-distributed, so some are common), birth dates, street addresses and localities,
 * and duplicates carrying the errors sources make (typos, swapped names and street lines,
 * missing fields, slipped birth dates, changed emails). Deterministic for a given seed.
 * Nothing here resembles a real person; resolution itself never imports this file.
 */
import { Random, Weighted, zipfWeights } from '../../demo/random.ts';
import type { PersonRecord } from './types.ts';

const consonants = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'ch', 'cl', 'gr', 'sh', 'st', 'th', 'tr'];
const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ee', 'ia', 'ie', 'oo', 'ou'];
const endings = ['', '', 'n', 'r', 's', 'l', 'ton', 'son', 'ley', 'er', 'man', 'well', 'ford', 'ing'];

/** `count` distinct made-up words of 2–3 syllables, Zipf-weighted so a few are common, as names are. */
function vocabulary(rng: Random, count: number, exponent: number): Weighted<string> {
  const words = new Set<string>();
  while (words.size < count) {
    let word = '';
    for (let s = rng.int(2, 3); s > 0; s--) word += rng.pick(consonants) + rng.pick(vowels);
    words.add(word + rng.pick(endings));
  }
  return new Weighted([...words], zipfWeights(count, exponent));
}

const hanziSurnames = new Weighted(['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '欧阳', '司马'], zipfWeights(32, 0.9));
const hanziGiven = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏宇浩俊峰辉凯鑫昊博文轩志婷雪欣怡佳琳慧颖晶莉倩悦雨涵梦诗晓玥'];
const hanziStreetChars = [...'人民中山解放建设和平文化长江学府滨江新华青年光明花园科技东风朝阳'];
const streetKinds = ['street', 'road', 'avenue', 'place', 'crescent', 'drive', 'court', 'lane'];
const regions = ['nsw', 'vic', 'qld', 'wa', 'sa', 'tas', 'act', 'nt'];

interface Entity {
  givenName: string;
  surname: string;
  hanzi: boolean;
  birthDate: string;
  streetNumber: string;
  address: string;
  address2: string | undefined;
  city: string;
  postcode: string;
  region: string;
  email: string;
  phone: string;
}

interface Places {
  cities: { name: string; postcodes: string[]; region: string }[];
  streets: Weighted<string>;
}

function makePlaces(rng: Random): Places {
  const cityNames = vocabulary(rng, 1_500, 0.6);
  const taken = new Set<string>();
  const cities = Array.from({ length: 1_500 }, () => {
    let name = cityNames.draw(rng);
    while (taken.has(name)) name = `${name} ${rng.pick(['north', 'south', 'east', 'west', 'park', 'vale'])}`;
    taken.add(name);
    return { name, postcodes: Array.from({ length: rng.int(1, 3) }, () => rng.digits(4)), region: rng.pick(regions) };
  });
  return { cities, streets: vocabulary(rng, 8_000, 0.5) };
}

function makeEntity(rng: Random, serial: number, given: Weighted<string>, surnames: Weighted<string>, places: Places): Entity {
  const hanzi = rng.chance(0.15);
  const city = rng.pick(places.cities);
  const year = rng.int(1940, 2006);
  const day = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  const street = hanzi ? `${rng.pick(hanziStreetChars)}${rng.pick(hanziStreetChars)}${rng.pick(['路', '街', '大道'])}` : `${places.streets.draw(rng)} ${rng.pick(streetKinds)}`;
  return {
    givenName: hanzi ? (rng.chance(0.7) ? rng.pick(hanziGiven) + rng.pick(hanziGiven) : rng.pick(hanziGiven)) : given.draw(rng),
    surname: hanzi ? hanziSurnames.draw(rng) : surnames.draw(rng),
    hanzi,
    birthDate: day,
    streetNumber: String(rng.int(1, 250)),
    address: street,
    address2: rng.chance(0.2) ? `${rng.pick(['unit', 'apt', 'level', 'flat'])} ${rng.int(1, 40)}` : undefined,
    city: city.name,
    postcode: rng.pick(city.postcodes),
    region: city.region,
    // Blind indexes are opaque to resolution; any unique string stands in for the HMAC.
    email: `e${serial}`,
    phone: `p${serial}`,
  };
}

const letters = [...'abcdefghijklmnopqrstuvwxyz'];
const digits = [...'0123456789'];

/** One keyboard slip: a character substituted, inserted, deleted, or two neighbours swapped. */
function typo(rng: Random, text: string, alphabet = /\p{Script=Han}/u.test(text) ? hanziGiven : letters): string {
  if (text.length < 2) return text;
  const at = rng.int(0, text.length - 1);
  const letter = rng.pick(alphabet);
  switch (rng.int(0, 3)) {
    case 0: return text.slice(0, at) + letter + text.slice(at + 1);
    case 1: return text.slice(0, at) + letter + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at + 1);
    default: return at + 1 < text.length ? text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2) : text.slice(0, -1);
  }
}

/** One digit of a YYYY-MM-DD date mistyped. */
function digitSlip(rng: Random, date: string): string {
  const at = rng.pick([0, 1, 2, 3, 5, 6, 8, 9]);
  return date.slice(0, at) + rng.pick(digits) + date.slice(at + 1);
}

const maybe = (rng: Random, p: number, value: string | undefined) => (rng.chance(p) ? undefined : value);

/** The record a source holds for an entity: the original, or a copy with the errors sources make. */
function recordOf(rng: Random, e: Entity, id: string, duplicate: boolean): PersonRecord {
  const name = e.hanzi ? { fullName: e.surname + e.givenName } : { givenName: e.givenName, surname: e.surname };
  const record: PersonRecord = {
    id,
    emailIdx: rng.chance(0.6) ? e.email : undefined,
    phoneIdx: rng.chance(0.5) ? e.phone : undefined,
    ...name,
    streetNumber: e.streetNumber,
    address: e.address,
    address2: e.address2,
    city: e.city,
    postcode: e.postcode,
    region: e.region,
    birthDate: maybe(rng, 0.05, e.birthDate),
  };
  if (!duplicate) return record;

  // Another source, another person typing: a few independent errors per copy.
  if (record.emailIdx && rng.chance(0.3)) record.emailIdx = `${e.email}-other`;
  if (rng.chance(0.25) && record.givenName) record.givenName = typo(rng, record.givenName);
  if (rng.chance(0.25) && record.surname) record.surname = typo(rng, record.surname);
  if (rng.chance(0.1) && record.fullName) record.fullName = typo(rng, record.fullName);
  if (rng.chance(0.05) && record.givenName) [record.givenName, record.surname] = [record.surname, record.givenName];
  if (rng.chance(0.05)) record.givenName = undefined;
  if (rng.chance(0.05) && record.birthDate) record.birthDate = `${record.birthDate.slice(0, 5)}${record.birthDate.slice(8)}-${record.birthDate.slice(5, 7)}`;
  if (rng.chance(0.05) && record.birthDate) record.birthDate = digitSlip(rng, record.birthDate);
  if (rng.chance(0.1)) record.postcode = rng.chance(0.5) ? undefined : typo(rng, e.postcode, digits);
  if (rng.chance(0.1)) record.streetNumber = rng.chance(0.5) ? undefined : String(rng.int(1, 250));
  if (rng.chance(0.2) && record.address) record.address = typo(rng, record.address);
  if (rng.chance(0.1)) record.address = undefined;
  if (rng.chance(0.05) && record.address2) [record.address, record.address2] = [record.address2, record.address];
  if (rng.chance(0.15)) record.city = rng.chance(0.5) ? undefined : typo(rng, e.city);
  if (rng.chance(0.1)) record.region = undefined;
  return record;
}

/**
 * `count` records of made-up people, about one in six a duplicate of another, shuffled. Ids
 * carry the truth: "e<N>.<k>" is copy k of person N (see entityOfSyntheticId).
 *
 * @example
 * const records = syntheticPeople(100_000, 1);
 */
export function syntheticPeople(count: number, seed: number): PersonRecord[] {
  const rng = new Random(seed);
  const places = makePlaces(rng.fork());
  const given = vocabulary(rng.fork(), 4_000, 0.9);
  const surnames = vocabulary(rng.fork(), 40_000, 0.7);
  const draw = rng.fork();
  const copies = new Weighted([1, 2, 3, 4], [85, 10, 4, 1]);
  const records: PersonRecord[] = [];
  for (let serial = 0; records.length < count; serial++) {
    const entity = makeEntity(draw, serial, given, surnames, places);
    const n = Math.min(copies.draw(draw), count - records.length);
    for (let k = 0; k < n; k++) records.push(recordOf(draw, entity, `e${serial}.${k}`, k > 0));
  }
  return rng.fork().shuffle(records);
}

/** The true person behind a syntheticPeople id. */
export const entityOfSyntheticId = (id: string) => id.slice(0, id.indexOf('.'));
