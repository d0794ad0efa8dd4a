import { SearchAnswerCache } from './search-answer-cache.js';

describe('SearchAnswerCache', () => {
  it('answers from the cache only while the generation is the one the answer was computed at', () => {
    const cache = new SearchAnswerCache<string>(10);
    cache.set('q=养老', '7', 'answer');
    expect(cache.get('q=养老', '7')).toBe('answer');
    expect(cache.get('q=养老', '8')).toBeUndefined();
    // A stale entry is gone for good.
    expect(cache.get('q=养老', '7')).toBeUndefined();
  });

  it('forgets the least recently used answer beyond its capacity', () => {
    const cache = new SearchAnswerCache<number>(2);
    cache.set('a', '1', 1);
    cache.set('b', '1', 2);
    cache.get('a', '1');
    cache.set('c', '1', 3);
    expect(cache.get('b', '1')).toBeUndefined();
    expect(cache.get('a', '1')).toBe(1);
    expect(cache.size).toBe(2);
  });

  it('keeps nothing when its capacity is zero', () => {
    const cache = new SearchAnswerCache<number>(0);
    cache.set('a', '1', 1);
    expect(cache.get('a', '1')).toBeUndefined();
  });
});
