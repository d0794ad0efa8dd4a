import { ACCOUNT_POLICY, ADDRESS_POLICY, delayAfter } from './login-throttle.service.js';
import { passwordProblems } from './password-policy.js';

describe('password rules', () => {
  it.each([
    [' '.repeat(10), 'must not be blank or only spaces'],
    ['\u3000'.repeat(12), 'must not be blank or only spaces'],
    ['short-pw', 'must be at least 10 characters'],
    ['ééééééééééé', 'must not be one character or a short group repeated'],
    ['abcabcabcabc', 'must not be one character or a short group repeated'],
    ['aabbaabbaab1', 'must use at least 5 different characters'],
    ['9876543210', 'must not be a run of consecutive characters'],
    ['woaini1314', 'is too common: it is on the list of passwords that attackers try first'],
    ['Dragon2024!!', 'is too common: it is on the list of passwords that attackers try first'],
    ['zhang.san.office', 'must not contain the username'],
  ])('refuses %j: %s', (password, reason) => {
    expect(passwordProblems(password, 'Zhang.San')).toEqual([{ field: 'password', reason }]);
  });

  it('accepts a long passphrase, counting a 4-byte character as one', () => {
    expect(passwordProblems('攀枝花的阳光照在金沙江上', 'zhang.san')).toEqual([]);
    expect(passwordProblems('correct-horse-battery', null)).toEqual([]);
    expect(passwordProblems('𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈', null)).toEqual([
      { field: 'password', reason: 'must be at least 10 characters' },
    ]);
  });
});

describe('login delays', () => {
  it('waits from the fifth failure of an account, doubling, up to an hour', () => {
    expect([1, 4, 5, 6, 7, 15, 16, 300].map((n) => delayAfter(n, ACCOUNT_POLICY))).toEqual([
      0, 0, 2, 4, 8, 2048, 3600, 3600,
    ]);
  });

  it('lets an address fail twenty times first', () => {
    expect([19, 20, 21].map((n) => delayAfter(n, ADDRESS_POLICY))).toEqual([0, 2, 4]);
  });
});
