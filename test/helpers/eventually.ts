/**
 * Retries an assertion until it passes or the time runs out, then throws its last failure. For
 * effects that happen in the background (the search indexer), instead of sleeping a fixed time.
 */
export async function eventually<T>(assertion: () => Promise<T>, options: { withinMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.withinMs ?? 5_000);
  for (;;) {
    try {
      return await assertion();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
