import { JsonShapeScanner } from './json-limits.js';

const scan = (text: string, limits = { maxDepth: 3, maxItems: 10 }, chunkSize = Infinity) => {
  const scanner = new JsonShapeScanner(limits);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += Math.min(chunkSize, bytes.length)) {
    const violation = scanner.push(bytes.subarray(i, i + chunkSize));
    if (violation) return violation;
  }
  return null;
};

describe('JsonShapeScanner', () => {
  it('accepts a body within both limits', () => {
    expect(scan('{"a":[1,2,{"b":"c"}]}')).toBeNull();
  });

  it('stops at the first level too deep, however the body is cut into chunks', () => {
    expect(scan('[[[[1]]]]')).toEqual({ rule: 'depth', limit: 3 });
    expect(scan('[[[[1]]]]', undefined, 1)).toEqual({ rule: 'depth', limit: 3 });
    // Only the first bytes of a body of millions of levels are ever looked at.
    expect(scan(`[[[[${'['.repeat(1_000_000)}`)).toEqual({ rule: 'depth', limit: 3 });
  });

  it('counts sibling containers at the same depth only once each', () => {
    expect(scan('[[1],[2],[3]]')).toBeNull();
  });

  it('ignores brackets, braces and commas inside strings, escaped quotes included', () => {
    expect(scan('{"a":"[[[[,,,,,,,,,,,,{{{{","b":"\\"[[[[[["}')).toBeNull();
    expect(scan('{"a":"\\\\"}')).toBeNull(); // an escaped backslash ends the escape
    expect(scan('{"a":"\\\\",', { maxDepth: 3, maxItems: 10 }, 1)).toBeNull();
  });

  it('reads UTF-8 bytes of Chinese text without mistaking them for structure', () => {
    expect(
      scan(JSON.stringify({ title: '关于印发【攀枝花市】〔2024〕5号的通知', keywords: ['规章', '清理'] })),
    ).toBeNull();
  });

  it('refuses more values than allowed', () => {
    expect(scan(`[${'1,'.repeat(20)}1]`)).toEqual({ rule: 'items', limit: 10 });
  });

  it('refuses a body that is not an object or an array', () => {
    expect(scan('"hello"')).toEqual({ rule: 'top_level' });
    expect(scan('  \n 42')).toEqual({ rule: 'top_level' });
    expect(scan('\uFEFF{"a":1}')).toBeNull();
  });
});
