/**
 * Limits on the shape of a JSON request body, checked on the raw bytes as they arrive, before anything parses
 * them. JSON.parse and everything that walks the parsed value afterwards (the validation pipe strips prototype
 * keys and closes array gaps over every node, class-transformer copies it recursively) take time in proportion
 * to the number of values and, for class-transformer, stack in proportion to the depth: a body of a few million
 * nested `[` blocked the process for seconds per request. A body within these limits costs milliseconds.
 */
export interface JsonShapeLimits {
  /** Deepest nesting of arrays and objects; the body itself is level 1. */
  maxDepth: number;
  /** Most values in arrays and objects, counted as members and items (an upper bound: each `[`, `{` and `,`). */
  maxItems: number;
}

/** Every request body: the deepest body the API takes is 3 levels (a clean-up's list of decisions). */
export const JSON_SHAPE_LIMITS: JsonShapeLimits = { maxDepth: 16, maxItems: 20_000 };

export type JsonShapeViolation =
  { rule: 'depth'; limit: number } | { rule: 'items'; limit: number } | { rule: 'top_level'; limit?: undefined };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/**
 * Follows the structure of a JSON text chunk by chunk without building anything. The characters that decide
 * the structure are ASCII, and no byte of a multi-byte UTF-8 character is ASCII, so the scan works on bytes.
 * It does not check that the text is valid JSON (JSON.parse does that once the shape is known to be small).
 */
export class JsonShapeScanner {
  private depth = 0;
  private items = 0;
  private inString = false;
  private escaped = false;
  private started = false;

  constructor(private readonly limits: JsonShapeLimits = JSON_SHAPE_LIMITS) {}

  /** Scans the next chunk; returns the first rule broken, or null. */
  push(chunk: Uint8Array): JsonShapeViolation | null {
    const { maxDepth, maxItems } = this.limits;
    let { depth, items, inString, escaped } = this;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (!this.started) {
        // Only an object or an array may be a request body (as Express' JSON parser has it, "strict").
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
        if (c === 0xef || c === 0xbb || c === 0xbf) continue; // a byte-order mark
        if (c !== OPEN_ARRAY && c !== OPEN_OBJECT) return { rule: 'top_level' };
        this.started = true;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        if (++depth > maxDepth) return { rule: 'depth', limit: maxDepth };
        if (++items > maxItems) return { rule: 'items', limit: maxItems };
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
      else if (c === COMMA && ++items > maxItems) return { rule: 'items', limit: maxItems };
    }
    Object.assign(this, { depth, items, inString, escaped });
    return null;
  }
}
