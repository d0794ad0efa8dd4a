import { checkDateOrder, contentChecksum, initialEvents, normaliseContent } from './document-rules.js';

const base = normaliseContent({
  title: ' 关于印发《攀枝花市养老服务补贴办法》的通知 ',
  category: 'normative',
  issuer: '攀枝花市人民政府',
});

describe('normaliseContent', () => {
  it('trims text, normalises the 发文字号 and de-duplicates lists', () => {
    const c = normaliseContent({
      title: ' 标题 ',
      category: 'policy',
      issuer: ' 攀枝花市人民政府 ',
      docNumber: '攀府发【２０２４】５号',
      keywords: ['养老', ' 养老 ', ''],
      summary: '   ',
    });
    expect(c).toMatchObject({
      title: '标题',
      issuer: '攀枝花市人民政府',
      docNumber: '攀府发〔2024〕5号',
      keywords: ['养老'],
      summary: null,
      body: '',
    });
  });
});

describe('checkDateOrder', () => {
  it('accepts dates in order', () => {
    expect(
      checkDateOrder({
        signedOn: '2024-01-02',
        publishedOn: '2024-01-05',
        effectiveFrom: '2024-02-01',
        validUntil: '2029-01-31',
      }),
    ).toEqual([]);
  });
  it('refuses a signing date after publication, naming signedOn', () => {
    expect(
      checkDateOrder({ signedOn: '2024-01-06', publishedOn: '2024-01-05', effectiveFrom: null, validUntil: null }),
    ).toEqual([{ field: 'signedOn', reason: 'must not be after publishedOn (2024-01-05)' }]);
  });
  it('refuses a validity end before the start, naming validUntil', () => {
    expect(
      checkDateOrder({ signedOn: null, publishedOn: null, effectiveFrom: '2024-02-01', validUntil: '2024-01-31' })[0]
        .field,
    ).toBe('validUntil');
  });
  it('accepts validUntil on the day it takes effect', () => {
    expect(
      checkDateOrder({ signedOn: null, publishedOn: null, effectiveFrom: '2024-02-01', validUntil: '2024-02-01' }),
    ).toEqual([]);
  });
});

describe('initialEvents', () => {
  const today = '2025-06-30';
  it('makes an imported document unmarked', () => {
    expect(initialEvents({ ...base, effectiveFrom: '2020-01-01' }, today, 'import').map((e) => e.toStatus)).toEqual([
      'unmarked',
    ]);
  });
  it('makes a document effective in the future pending', () => {
    const [e] = initialEvents({ ...base, publishedOn: '2025-06-20', effectiveFrom: '2025-08-01' }, today, 'api');
    expect(e).toMatchObject({ toStatus: 'pending', effectiveOn: '2025-06-20' });
  });
  it('makes a document effective today in force from today', () => {
    expect(initialEvents({ ...base, effectiveFrom: today }, today, 'api')).toEqual([
      expect.objectContaining({ toStatus: 'in_force', effectiveOn: today }),
    ]);
  });
  it('falls back to publishedOn when there is no effectiveFrom', () => {
    expect(initialEvents({ ...base, publishedOn: '2025-01-01' }, today, 'api')[0]).toMatchObject({
      toStatus: 'in_force',
      effectiveOn: '2025-01-01',
    });
  });
  it('ends a validity period that has already run out on the day after validUntil', () => {
    const events = initialEvents({ ...base, effectiveFrom: '2019-01-01', validUntil: '2023-12-31' }, today, 'api');
    expect(events.map((e) => [e.toStatus, e.effectiveOn])).toEqual([
      ['in_force', '2019-01-01'],
      ['expired', '2024-01-01'],
    ]);
  });
  it('keeps a document in force on its last valid day', () => {
    expect(
      initialEvents({ ...base, effectiveFrom: '2020-07-01', validUntil: today }, today, 'api').map((e) => e.toStatus),
    ).toEqual(['in_force']);
  });
  it('leaves a document without dates unmarked', () => {
    expect(initialEvents(base, today, 'api').map((e) => e.toStatus)).toEqual(['unmarked']);
  });
});

describe('contentChecksum', () => {
  it('changes with any field and not otherwise', () => {
    expect(contentChecksum(base)).toBe(contentChecksum({ ...base }));
    expect(contentChecksum(base)).not.toBe(contentChecksum({ ...base, body: 'x' }));
    expect(contentChecksum(base)).not.toBe(contentChecksum({ ...base, keywords: ['养老'] }));
  });
});
