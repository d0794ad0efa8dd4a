/**
 * Answers kept until the index changes: the public asks the same questions over and over (a new
 * policy, a number in the news), and an answer stays right for as long as the index generation it was
 * computed at is current. A bounded map in insertion order, refreshed on use (least recently used goes).
 */
export class SearchAnswerCache<T> {
  private readonly entries = new Map<string, { generation: string; value: T }>();

  constructor(private readonly capacity: number) {}

  get(key: string, generation: string): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.generation !== generation) return undefined;
    this.entries.set(key, hit);
    return hit.value;
  }

  set(key: string, generation: string, value: T): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { generation, value });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
