import { describe, expect, it } from 'vitest';
import { preparePerson, splitFullName } from '../../../src/ingest/identity/prepare.ts';

describe('splitFullName', () => {
  it('takes the first hanzi as the surname, or the first two for a compound surname', () => {
    expect([splitFullName('张伟'), splitFullName('欧阳娜娜'), splitFullName('欧阳')]).toEqual([
      { given: '伟', surname: '张' },
      { given: '娜娜', surname: '欧阳' },
      { given: '阳', surname: '欧' },
    ]);
  });

  it('reads a Latin name as given names then surname', () => {
    expect([splitFullName('jane smith'), splitFullName(' mary  ann smith '), splitFullName('smith')]).toEqual([
      { given: 'jane', surname: 'smith' },
      { given: 'mary ann', surname: 'smith' },
      { given: '', surname: 'smith' },
    ]);
  });
});

describe('preparePerson', () => {
  it('uses the full name only when given name and surname are both missing', () => {
    expect([preparePerson({ id: '1', fullName: '张伟' }).surname, preparePerson({ id: '2', surname: 'wang', fullName: '张伟' }).surname]).toEqual(['张', 'wang']);
  });

  it('derives blocking pieces once: sorted name sounds and the street’s own word', () => {
    const person = preparePerson({ id: '1', givenName: 'smith', surname: 'jane', address: '12 tullaroop street' });
    expect([person.nameSounds, person.streetWord]).toEqual(['j500 s530', 'tullaroop']);
  });
});
