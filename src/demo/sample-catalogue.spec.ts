import {
  generateDocuments,
  realChainDocuments,
  SAMPLE_ISSUERS,
  type GenerateOptions,
  type SampleDocument,
} from './sample-catalogue.js';

const DAY_MS = 86_400_000;

function take(count: number, options?: GenerateOptions): SampleDocument[] {
  return [...generateDocuments(count, options)];
}

function dayOf(iso: string): number {
  const [y = 0, m = 0, d = 0] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isCalendarDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  return new Date(dayOf(iso) * DAY_MS).toISOString().slice(0, 10) === iso;
}

/** 2024-03-01 → 2024年3月1日, the form used inside bodies. */
function cnDate(iso: string): string {
  const [y = 0, m = 0, d = 0] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** effectiveFrom + n years - 1 day, computed independently of the generator. */
function validityEnd(iso: string, years: number): string {
  const [y = 0, m = 0, d = 0] = iso.split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d) - DAY_MS).toISOString().slice(0, 10);
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

// Small bodies keep the shared corpus cheap; metadata logic does not depend on body size.
const CORPUS_SIZE = 20_000;
let corpusCache: SampleDocument[] | undefined;
function corpus(): SampleDocument[] {
  corpusCache ??= take(CORPUS_SIZE, { seed: 2024, minBodyBytes: 256, maxBodyBytes: 512 });
  return corpusCache;
}

describe('generateDocuments', () => {
  it('is deterministic for a given seed', () => {
    expect(take(300, { seed: 42 })).toEqual(take(300, { seed: 42 }));
    expect(take(50)).toEqual(take(50));
  });

  it('produces different output for different seeds', () => {
    const a = take(50, { seed: 1 });
    const b = take(50, { seed: 2 });
    expect(a.map((d) => d.title)).not.toEqual(b.map((d) => d.title));
    expect(a[0]?.body).not.toEqual(b[0]?.body);
  });

  it('is lazy, so a huge count costs nothing until iterated', () => {
    const it = generateDocuments(1_000_000, { seed: 9 });
    const first = it.next();
    expect(first.done).toBe(false);
    expect(first.value?.title.length).toBeGreaterThan(5);
  });

  it('validates its arguments eagerly', () => {
    expect(() => generateDocuments(-1)).toThrow(RangeError);
    expect(() => generateDocuments(1.5)).toThrow(RangeError);
    expect(() => generateDocuments(1, { minBodyBytes: 500, maxBodyBytes: 100 })).toThrow(RangeError);
    expect(() => generateDocuments(1, { fromYear: 2020, toYear: 2019 })).toThrow(RangeError);
    expect(() => generateDocuments(1, { fromYear: 99 })).toThrow(RangeError);
    expect(take(0)).toEqual([]);
  });

  it('keeps dates valid and ordered: signedOn <= publishedOn <= effectiveFrom <= validUntil', () => {
    for (const d of corpus()) {
      const { signedOn, publishedOn, effectiveFrom, validUntil } = d;
      expect(signedOn && publishedOn && effectiveFrom).toBeTruthy();
      if (!signedOn || !publishedOn || !effectiveFrom) continue;
      for (const iso of [signedOn, publishedOn, effectiveFrom, validUntil]) {
        if (iso !== undefined) expect(isCalendarDate(iso), iso).toBe(true);
      }
      expect(signedOn <= publishedOn).toBe(true);
      expect(publishedOn <= effectiveFrom).toBe(true);
      expect(dayOf(effectiveFrom) - dayOf(publishedOn)).toBeLessThanOrEqual(30);
      if (validUntil !== undefined) expect(effectiveFrom <= validUntil).toBe(true);
      expect(signedOn >= '2010-01-01' && effectiveFrom <= '2025-12-31').toBe(true);
    }
  });

  it('honours fromYear/toYear', () => {
    for (const d of take(2000, { seed: 5, fromYear: 2016, toYear: 2017, maxBodyBytes: 2048 })) {
      expect(d.signedOn! >= '2016-01-01').toBe(true);
      expect(d.effectiveFrom! <= '2017-12-31').toBe(true);
    }
    const single = take(300, { seed: 5, fromYear: 2020, toYear: 2020, maxBodyBytes: 2048 });
    expect(single.every((d) => d.signedOn!.startsWith('2020-') && d.effectiveFrom!.startsWith('2020-'))).toBe(true);
  });

  it('sets validUntil by the normative rules and states it in the body', () => {
    const docs = take(3000, { seed: 11, minBodyBytes: 1024, maxBodyBytes: 4096 });
    let provisional = 0;
    for (const d of docs) {
      if (d.category === 'regulation') expect(d.validUntil).toBeUndefined();
      if (d.category !== 'normative') continue;
      const years = /暂行|试行/.test(d.title) ? 2 : 5;
      if (years === 2) provisional++;
      expect(d.validUntil).toBe(validityEnd(d.effectiveFrom!, years));
      expect(d.body).toContain(`自${cnDate(d.effectiveFrom!)}起施行，有效期至${cnDate(d.validUntil!)}。`);
      expect(d.registrationNo === undefined || /^SCPR-\d{4}-\d{3,}$/.test(d.registrationNo)).toBe(true);
    }
    expect(provisional).toBeGreaterThan(0);
  });

  it('produces bodies whose UTF-8 size lies within [minBodyBytes, maxBodyBytes]', () => {
    const sizes = take(2000, { seed: 3 }).map((d) => byteLength(d.body));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1024);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(20_480);
    // Roughly uniform: both ends of the range are reached.
    expect(Math.min(...sizes)).toBeLessThan(2048);
    expect(Math.max(...sizes)).toBeGreaterThan(19_000);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(9_500);
    expect(mean).toBeLessThan(12_000);

    for (const d of take(300, { seed: 4, minBodyBytes: 3000, maxBodyBytes: 3000 })) {
      expect(byteLength(d.body)).toBe(3000);
      expect(d.body).not.toContain('\uFFFD');
    }
    for (const d of take(300, { seed: 4, minBodyBytes: 0, maxBodyBytes: 300 })) {
      const size = byteLength(d.body);
      expect(size).toBeGreaterThanOrEqual(0);
      expect(size).toBeLessThanOrEqual(300);
    }
  });

  it('writes bodies with a realistic structure that mention the subject', () => {
    const docs = take(1000, { seed: 8, minBodyBytes: 4000, maxBodyBytes: 8000 });
    for (const d of docs) {
      expect(/第[一二三四五六七八九十百]+条|[一二三四五六七八九十]+、/.test(d.body)).toBe(true);
      const subject = d.keywords?.[0];
      if (subject !== undefined) {
        expect(d.title).toContain(subject);
        expect(d.body).toContain(subject);
      }
    }
    expect(docs.some((d) => d.body.includes('\n附件：'))).toBe(true);
    expect(docs.some((d) => d.body.includes('根据《中华人民共和国'))).toBe(true);
    // Not trivially repetitive: many distinct sentences across the corpus.
    const sentences = new Set(docs.flatMap((d) => d.body.split('。')));
    expect(sentences.size).toBeGreaterThan(20_000);
  });

  it('never repeats an (issuer, docNumber) pair within a run', () => {
    const seen = new Set<string>();
    const indexNos = new Set<string>();
    const registrationNos = new Set<string>();
    for (const d of corpus()) {
      if (d.docNumber !== undefined) {
        const key = `${d.issuer}|${d.docNumber}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
      if (d.indexNo !== undefined) {
        expect(indexNos.has(d.indexNo), d.indexNo).toBe(false);
        indexNos.add(d.indexNo);
      }
      if (d.registrationNo !== undefined) {
        expect(registrationNos.has(d.registrationNo), d.registrationNo).toBe(false);
        registrationNos.add(d.registrationNo);
      }
    }
    expect(seen.size).toBeGreaterThan(CORPUS_SIZE * 0.9);
  });

  it('keeps the category mix near 3% / 35% / 62%', () => {
    const docs = corpus();
    const share = (c: SampleDocument['category']): number => docs.filter((d) => d.category === c).length / docs.length;
    expect(share('regulation')).toBeGreaterThan(0.02);
    expect(share('regulation')).toBeLessThan(0.04);
    expect(share('normative')).toBeGreaterThan(0.33);
    expect(share('normative')).toBeLessThan(0.37);
    expect(share('policy')).toBeGreaterThan(0.6);
    expect(share('policy')).toBeLessThan(0.64);
  });

  it('formats document numbers by category and issuer', () => {
    const codes = new Map(SAMPLE_ISSUERS.map((i) => [i.name, i.code]));
    const policies = corpus().filter((d) => d.category === 'policy');
    const unnumbered = policies.filter((d) => d.docNumber === undefined).length / policies.length;
    expect(unnumbered).toBeGreaterThan(0.07);
    expect(unnumbered).toBeLessThan(0.13);
    for (const d of corpus()) {
      expect(codes.has(d.issuer), d.issuer).toBe(true);
      for (const co of d.coIssuers ?? []) expect(codes.has(co), co).toBe(true);
      if (d.category === 'regulation') {
        expect(d.issuer).toBe('攀枝花市人民政府');
        expect(d.docNumber).toMatch(/^攀枝花市人民政府令第\d+号$/);
        continue;
      }
      if (d.docNumber === undefined) continue;
      const code = codes.get(d.issuer) ?? '';
      const kinds = d.category === 'normative' ? '规' : '[发函]';
      expect(d.docNumber).toMatch(new RegExp(`^${code}${kinds}〔${d.signedOn!.slice(0, 4)}〕\\d+号$`));
    }
  });

  it('fills the metadata fields in their documented formats', () => {
    const docs = corpus();
    for (const d of docs) {
      if (d.topic !== undefined) expect(d.topic).toMatch(/^[^\\]+\\[^\\]+$/);
      if (d.indexNo !== undefined) expect(d.indexNo).toMatch(/^\d{9}\/\d{4}-\d{5,}$/);
      if (d.category !== 'normative') expect(d.registrationNo).toBeUndefined();
    }
    expect(docs.some((d) => d.coIssuers !== undefined && d.coIssuers.length > 0)).toBe(true);
    expect(docs.some((d) => d.issuer === '四川省人民政府')).toBe(true);
    expect(new Set(docs.map((d) => d.topic)).size).toBeGreaterThan(30);
    expect(new Set(docs.map((d) => d.keywords?.[0])).size).toBeGreaterThanOrEqual(60);
  });

  it('includes near-duplicates: the same notice issued again in another year', () => {
    const byTitle = new Map<string, Set<string>>();
    for (const d of corpus().slice(0, 5000)) {
      const key = `${d.issuer}|${d.title.replace(/\d{4}/g, 'YYYY').replace(/（修订）/, '')}`;
      const years = byTitle.get(key) ?? new Set<string>();
      years.add(d.signedOn!.slice(0, 4));
      byTitle.set(key, years);
    }
    const repeated = [...byTitle.values()].filter((years) => years.size > 1).length;
    expect(repeated).toBeGreaterThan(100);
  });

  it('never reuses the identifiers of the real chain', () => {
    const chainNumbers = new Set(realChainDocuments().map((d) => d.docNumber));
    for (const d of corpus()) {
      if (d.issuer === '攀枝花市人民政府') expect(chainNumbers.has(d.docNumber)).toBe(false);
    }
  });

  it('generates 20,000 documents with default body sizes', () => {
    let count = 0;
    let bytes = 0;
    for (const d of generateDocuments(20_000, { seed: 77 })) {
      count++;
      bytes += byteLength(d.body);
    }
    expect(count).toBe(20_000);
    expect(bytes).toBeGreaterThan(20_000 * 1024);
  }, 120_000);
});

describe('SAMPLE_ISSUERS', () => {
  it('lists city bodies plus a few provincial/other-city ones with unique codes', () => {
    expect(SAMPLE_ISSUERS).toContainEqual({ name: '攀枝花市人民政府', code: '攀府' });
    expect(SAMPLE_ISSUERS).toContainEqual({ name: '攀枝花市人民政府办公室', code: '攀办' });
    expect(SAMPLE_ISSUERS).toContainEqual({ name: '四川省人民政府', code: '川府' });
    expect(SAMPLE_ISSUERS.filter((i) => i.name.startsWith('攀枝花市')).length).toBeGreaterThanOrEqual(12);
    expect(new Set(SAMPLE_ISSUERS.map((i) => i.code)).size).toBe(SAMPLE_ISSUERS.length);
  });
});

describe('realChainDocuments', () => {
  const chain = realChainDocuments();

  it('returns the three documents of the succession chain in order', () => {
    expect(chain.map((d) => d.docNumber)).toEqual(['攀府发〔2018〕12号', '攀府规〔2022〕2号', '攀府规〔2025〕3号']);
    expect(chain.map((d) => d.category)).toEqual(['policy', 'normative', 'normative']);
    expect(chain.every((d) => d.issuer === '攀枝花市人民政府')).toBe(true);
    expect(realChainDocuments()).toEqual(chain);
  });

  it('makes the succession visible in titles and bodies', () => {
    const [first, second, third] = chain;
    expect(first?.title).toContain('招商引资');
    expect(second?.title).toContain('（修订）');
    expect(second?.body).toContain('（攀府发〔2018〕12号）同时废止');
    expect(third?.body).toContain('（攀府规〔2022〕2号）同时废止');
    for (const d of chain) {
      expect(d.signedOn! <= d.publishedOn! && d.publishedOn! <= d.effectiveFrom!).toBe(true);
      if (d.category === 'normative') {
        expect(d.validUntil).toBe(validityEnd(d.effectiveFrom!, 5));
        expect(d.body).toContain(`有效期至${cnDate(d.validUntil!)}`);
      }
    }
  });
});
