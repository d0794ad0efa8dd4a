import { isUUID, validateSync } from 'class-validator';
import type { FieldProblem } from '../../common/domain-error.js';
import { toFieldProblems } from '../../common/validation.js';
import { checkDateOrder, type DocumentContent, normaliseContent } from '../document-rules.js';
import { CreateDocumentDto } from '../dto/create-document.dto.js';

/** Fields an export writes that an import reads past: the library derives them itself. */
export const DERIVED_FIELDS = ['status', 'statusLabel', 'categoryLabel', 'version', 'createdAt', 'updatedAt'] as const;

export type ParsedRecord =
  { ok: true; id: string | null; content: DocumentContent } | { ok: false; problems: FieldProblem[] };

/**
 * Parses and validates one JSONL line by the same rules as `POST /documents`.
 * `id` is optional (an export carries it); the derived fields are ignored.
 */
export function parseImportLine(line: string): ParsedRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return { ok: false, problems: [{ field: '(line)', reason: `is not valid JSON: ${(e as Error).message}` }] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [{ field: '(line)', reason: 'must be a JSON object' }] };
  }
  const record = { ...(raw as Record<string, unknown>) };
  for (const f of DERIVED_FIELDS) delete record[f];
  let id: string | null = null;
  if ('id' in record) {
    if (record.id !== null && !(typeof record.id === 'string' && isUUID(record.id))) {
      return { ok: false, problems: [{ field: 'id', reason: 'must be a UUID' }] };
    }
    id = (record.id as string | null) ?? null;
    delete record.id;
  }
  // The DTO has no nested types to transform, so a plain assign is enough (and much cheaper than plainToInstance).
  const dto = Object.assign(new CreateDocumentDto(), record);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  if (errors.length) return { ok: false, problems: toFieldProblems(errors) };
  const content = normaliseContent(dto);
  const order = checkDateOrder(content);
  if (order.length) return { ok: false, problems: order };
  return { ok: true, id, content };
}

/** What identifies a record within a file and in the library: its id, else issuer + 发文字号, else issuer + title + date. */
export function recordKey(id: string | null, c: DocumentContent): string {
  if (id) return `id:${id}`;
  if (c.docNumber) return `no:${c.issuer}\u0000${c.docNumber}`;
  return `title:${c.issuer}\u0000${c.title}\u0000${c.publishedOn ?? ''}`;
}
