/**
 * Fake people for the demo data set: names, emails, phones, street addresses and postcodes that
 * look right for each city and are obviously not anyone's. Emails use only the domains reserved
 * for examples (RFC 2606), already normalized (trimmed, lower case), and each email and phone is
 * handed out once. Everything follows from the Random passed in.
 */
import type { Gender } from '../db/schema/index.ts';
import type { PersonalField } from '../privacy/crypto.ts';
import type { Place } from '../semantic/places.ts';
import { drawUnique, type Random, Weighted } from './random.ts';

/** The fields the store keeps only encrypted; see src/privacy/crypto.ts. */
export type Personal = Record<PersonalField, string>;


/** Reserved for documentation by RFC 2606, so no real mailbox can ever receive a demo email. */
export const exampleEmailDomains = ['example.com', 'example.net', 'example.org'] as const;
const emailDomain = new Weighted(exampleEmailDomains, [6, 2, 2]);

/** [hanzi, pinyin], most common surnames first. */
const chineseSurnames = new Weighted(
  [
    ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
    ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
    ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'], ['高', 'gao'], ['罗', 'luo'], ['郑', 'zheng'],
    ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'],
    ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'], ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'],
  ] as const,
  [7.3, 7.2, 6.9, 5.4, 4.5, 3.1, 2.2, 2.0, 1.9, 1.9, 1.6, 1.5, 1.2, 1.2, 1.1, 1.1, 1.1, 1.0, 1.0, 0.9, 0.9,
   0.8, 0.8, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.6, 0.6, 0.6, 0.6, 0.5, 0.5],
);

const chineseGivenChars: Record<Gender, readonly (readonly [string, string])[]> = {
  female: [
    ['婷', 'ting'], ['静', 'jing'], ['丽', 'li'], ['敏', 'min'], ['燕', 'yan'], ['芳', 'fang'], ['娜', 'na'],
    ['雪', 'xue'], ['欣', 'xin'], ['怡', 'yi'], ['佳', 'jia'], ['琳', 'lin'], ['慧', 'hui'], ['颖', 'ying'],
    ['晶', 'jing'], ['莉', 'li'], ['倩', 'qian'], ['悦', 'yue'], ['雨', 'yu'], ['涵', 'han'], ['梦', 'meng'],
    ['诗', 'shi'], ['晓', 'xiao'], ['玥', 'yue'],
  ],
  male: [
    ['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['杰', 'jie'],
    ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['斌', 'bin'], ['浩', 'hao'], ['鹏', 'peng'], ['宇', 'yu'],
    ['俊', 'jun'], ['峰', 'feng'], ['辉', 'hui'], ['凯', 'kai'], ['鑫', 'xin'], ['昊', 'hao'], ['博', 'bo'],
    ['文', 'wen'], ['轩', 'xuan'], ['志', 'zhi'],
  ],
};

const englishGivenNames: Record<Gender, readonly string[]> = {
  female: ['Olivia', 'Emma', 'Amelia', 'Sophie', 'Chloe', 'Grace', 'Hannah', 'Isla', 'Mia', 'Ruby', 'Zoe', 'Lucy',
    'Ella', 'Charlotte', 'Emily', 'Jessica', 'Rachel', 'Sarah', 'Priya', 'Aiko', 'Mei', 'Nur'],
  male: ['Oliver', 'Jack', 'Noah', 'Liam', 'Ethan', 'James', 'Lucas', 'Henry', 'Leo', 'Daniel', 'Samuel', 'Ryan',
    'Adam', 'Thomas', 'Benjamin', 'Nathan', 'David', 'Arjun', 'Kenji', 'Hiro', 'Amir', 'Marcus'],
};

const englishSurnames = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Walker',
  'Wright', 'Thompson', 'White', 'Harris', 'Martin', 'Clarke', 'Lewis', 'Tan', 'Lim', 'Ng', 'Wong', 'Lee', 'Chan',
  'Sato', 'Suzuki', 'Tanaka', 'Patel', 'Singh', 'Kumar', 'Nguyen', 'Ahmad', 'Rahman', 'Murphy', 'Kelly', 'Campbell'];

const chineseStreets = ['人民路', '中山路', '解放路', '建设路', '和平路', '文化路', '长江路', '学府路', '滨江路', '新华路',
  '青年路', '光明路', '花园路', '科技路', '东风路', '朝阳路'];

const englishStreets = ['Maple', 'Harbour', 'Station', 'Park', 'Victoria', 'Church', 'Orchard', 'King', 'Queen',
  'Market', 'Garden', 'River', 'Hill', 'Cedar', 'Bay', 'Elm'];
const streetKinds = ['Street', 'Road', 'Avenue', 'Lane', 'Crescent'];

/** The first three digits of the city's postcodes (China Post). */
const chinesePostcodePrefix: Record<string, string> = {
  Shanghai: '200', Beijing: '100', Shenzhen: '518', Guangzhou: '510', Hangzhou: '310', Chengdu: '610', Wuhan: '430',
  Nanjing: '210', "Xi'an": '710', Chongqing: '400', Suzhou: '215', Tianjin: '300', Changsha: '410', Qingdao: '266',
};

/** Where people often write their name in hanzi even outside mainland China. */
const hanziNameShare: Record<string, number> = { CN: 1, HK: 0.6, SG: 0.4, MY: 0.3 };

export interface FakePerson {
  personal: Personal;
  /** Not a personal field in Precis: stored in clear for regional questions. */
  postcode: string | null;
}

/**
 * Hands out fake people one at a time, never repeating an email or phone number.
 *
 * @example
 * const people = new PeopleFactory();
 * people.next(rng, shanghai, 'female', 1994).personal.email; // 'wangting94@example.com'
 */
export class PeopleFactory {
  /** Emails and phones handed out so far; the spaces they are drawn from dwarf any demo. */
  readonly #taken = new Set<string>();

  next(rng: Random, place: Place, gender: Gender, birthYear: number): FakePerson {
    const useHanzi = rng.chance(hanziNameShare[place.country] ?? 0);
    const name = useHanzi ? chineseName(rng, gender) : englishName(rng, gender);
    return {
      personal: {
        name: name.display,
        email: drawUnique(this.#taken, () => email(rng, name.handles, birthYear)),
        phone: drawUnique(this.#taken, () => phone(rng, place.country)),
        address: address(rng, place),
      },
      postcode: postcode(rng, place),
    };
  }
}

interface Name {
  display: string;
  /** ASCII pieces an email address is made of: [given, family]. */
  handles: readonly [string, string];
}

function chineseName(rng: Random, gender: Gender): Name {
  const [surname, surnamePinyin] = chineseSurnames.draw(rng);
  const chars = chineseGivenChars[gender];
  const given = rng.chance(0.7) ? [rng.pick(chars), rng.pick(chars)] : [rng.pick(chars)];
  return {
    display: surname + given.map(([hanzi]) => hanzi).join(''),
    handles: [given.map(([, pinyin]) => pinyin).join(''), surnamePinyin],
  };
}

function englishName(rng: Random, gender: Gender): Name {
  const given = rng.pick(englishGivenNames[gender]);
  const family = rng.pick(englishSurnames);
  return { display: `${given} ${family}`, handles: [given.toLowerCase(), family.toLowerCase()] };
}

/** How people build their address; the QQ number is a common choice in mainland China. */
const emailStyle = new Weighted(['familyGiven', 'dotted', 'initial', 'qqNumber'] as const, [4, 3, 2, 1]);

function email(rng: Random, [given, family]: readonly [string, string], birthYear: number): string {
  const suffix = rng.chance(0.5) ? String(birthYear).slice(2) : String(rng.int(1, 999));
  const local = {
    familyGiven: () => `${family}${given}${suffix}`,
    dotted: () => `${given}.${family}`,
    initial: () => `${given.slice(0, 1)}${family}${suffix}`,
    qqNumber: () => `${rng.int(1, 9)}${rng.digits(rng.int(7, 9))}`,
  }[emailStyle.draw(rng)]();
  return `${local}@${emailDomain.draw(rng)}`;
}

/** Allocated Chinese mobile prefixes: numbers outside them (154…, 174…) fail validation, as they should. */
const cnMobilePrefixes = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199'];

/** E.164, mobile ranges of each country; US and Canada use the 555 exchange kept for fiction. */
function phone(rng: Random, country: string): string {
  switch (country) {
    case 'CN':
      return `+86${rng.pick(cnMobilePrefixes)}${rng.digits(8)}`;
    case 'HK':
      return `+852${rng.pick(['61', '62', '63', '64', '65', '66', '67', '68', '90', '91', '92', '93', '94', '95', '96', '97', '98'])}${rng.digits(6)}`;
    case 'SG':
      return `+65${rng.pick(['81', '82', '83', '84', '85', '86', '87', '88', '90', '91', '92', '93', '94', '96', '97', '98'])}${rng.digits(6)}`;
    case 'MY':
      return `+601${rng.pick(['2', '6', '9'])}${rng.digits(7)}`;
    case 'JP':
      return `+81${rng.pick(['70', '80', '90'])}${rng.digits(8)}`;
    case 'AU':
      return `+614${rng.pick(['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19'])}${rng.digits(6)}`;
    case 'GB':
      return `+447${rng.pick(['4', '5', '7', '8', '9'])}${rng.digits(8)}`;
    case 'US':
      return `+1${rng.pick(['212', '646', '917', '718', '347'])}555${rng.digits(4)}`;
    case 'CA':
      return `+1${rng.pick(['416', '647', '437'])}555${rng.digits(4)}`;
    default:
      throw new Error(`people: no phone format for country ${country}`);
  }
}

function address(rng: Random, place: Place): string {
  if (place.country === 'CN') {
    return `${place.cityZh}市${rng.pick(chineseStreets)}${rng.int(1, 999)}号${rng.int(1, 30)}栋${rng.int(1, 32)}0${rng.int(1, 8)}室`;
  }
  const flat = rng.chance(0.5) ? `Apt ${rng.int(1, 40)}${rng.pick(['A', 'B', 'C', 'D'])}, ` : '';
  return `${flat}${rng.int(1, 280)} ${rng.pick(englishStreets)} ${rng.pick(streetKinds)}, ${place.city}`;
}

/** Hong Kong has no postcodes, so its customers have none. */
function postcode(rng: Random, place: Place): string | null {
  const letter = () => rng.pick([...'ABCDEFGHJKLMNPRSTUWXYZ']);
  switch (place.country) {
    case 'CN': {
      const prefix = chinesePostcodePrefix[place.city];
      if (!prefix) throw new Error(`people: no postcode prefix for ${place.city}`);
      return `${prefix}${rng.digits(3)}`;
    }
    case 'HK':
      return null;
    case 'SG':
      return `${String(rng.int(1, 82)).padStart(2, '0')}${rng.digits(4)}`;
    case 'MY':
      return String(rng.int(50000, 60000));
    case 'JP':
      return `1${String(rng.int(0, 99)).padStart(2, '0')}-${rng.digits(4)}`;
    case 'AU':
      return String(rng.int(2000, 2234));
    case 'GB':
      return `${rng.pick(['E1', 'N1', 'SE1', 'SW1A', 'W1D', 'EC2A', 'NW3'])} ${rng.int(1, 9)}${letter()}${letter()}`;
    case 'US':
      return String(rng.int(10001, 10282));
    case 'CA':
      return `M${rng.int(1, 9)}${letter()} ${rng.int(1, 9)}${letter()}${rng.int(1, 9)}`;
    default:
      throw new Error(`people: no postcode format for country ${place.country}`);
  }
}
