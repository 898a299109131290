/**
 * Turns a PersonRecord into the flat shape the comparators and blocking keys read: every field a
 * string ('' when missing), a single name field split into given name and surname, and the
 * pieces blocking keys are made of (Soundex codes, the street's own word) computed once rather
 * than once per pass. It never changes a value otherwise: normalizing is the ingest stage's job.
 */
import { soundex } from './similarity.ts';
import type { PersonRecord } from './types.ts';

export interface Person {
  given: string;
  surname: string;
  surnameSound: string;
  /** Both names' Soundex codes in sorted order, so swapped names share it; '' unless both names are known. */
  nameSounds: string;
  /** The first word of the street line with a letter in it: the street's own name, not its number or "street". */
  streetWord: string;
  birthDate: string;
  postcode: string;
  streetNumber: string;
  address: string;
  address2: string;
  city: string;
  region: string;
}

// Two-character Chinese surnames common enough to matter; any other hanzi name has a one-character surname.
const compoundSurnames = new Set(['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐', '钟离', '端木', '独孤', '南宫', '西门']);
const hanziOnly = /^\p{Script=Han}+$/u;

/**
 * Splits a one-field name. Hanzi names put the surname first ('张伟' → 张 + 伟); Latin names are
 * taken as "given … surname". A name written the other way round is caught later, because names
 * are also compared crosswise.
 *
 * @example
 * splitFullName('欧阳娜娜'); // { given: '娜娜', surname: '欧阳' }
 */
export function splitFullName(fullName: string): { given: string; surname: string } {
  const name = fullName.trim();
  if (hanziOnly.test(name)) {
    const surnameLength = name.length > 2 && compoundSurnames.has(name.slice(0, 2)) ? 2 : 1;
    return { given: name.slice(surnameLength), surname: name.slice(0, surnameLength) };
  }
  const tokens = name.split(/\s+/).filter((token) => token !== '');
  if (tokens.length === 0) return { given: '', surname: '' };
  return { given: tokens.slice(0, -1).join(' '), surname: tokens[tokens.length - 1]! };
}

export function preparePerson(record: PersonRecord): Person {
  let given = record.givenName ?? '';
  let surname = record.surname ?? '';
  if (given === '' && surname === '' && record.fullName) ({ given, surname } = splitFullName(record.fullName));
  const givenSound = given === '' ? '' : soundex(given);
  const surnameSound = surname === '' ? '' : soundex(surname);
  const address = record.address ?? '';
  return {
    given,
    surname,
    surnameSound,
    nameSounds: givenSound === '' || surnameSound === '' ? '' : givenSound < surnameSound ? `${givenSound} ${surnameSound}` : `${surnameSound} ${givenSound}`,
    streetWord: address.split(' ').find((word) => /\p{L}/u.test(word)) ?? '',
    birthDate: record.birthDate ?? '',
    postcode: record.postcode ?? '',
    streetNumber: record.streetNumber ?? '',
    address,
    address2: record.address2 ?? '',
    city: record.city ?? '',
    region: record.region ?? '',
  };
}
