import { ValidationPipe } from '@nestjs/common';
import { type FieldProblem, ValidationFailed } from '../common/domain-error.js';
import { toFieldProblems } from '../common/validation.js';

/** A refused field of a page's query, with the message the page shows next to it. */
export interface PageFieldError {
  field: string;
  message: string;
}

/** The Chinese names of the query parameters the pages take (the API's names). */
export const FIELD_LABELS: Record<string, string> = {
  q: '检索词',
  category: '文种',
  status: '有效性',
  issuer: '发文机关',
  year: '年份',
  from: '发布日期起',
  to: '发布日期止',
  sort: '排序',
  page: '页码',
  pageSize: '每页条数',
  inForceOn: '日期',
  on: '查看日期',
  docNumber: '发文字号',
  updatedSince: '更新时间',
};

const DATE_HINT = '须为有效日期，格式如 2024-01-31';

/**
 * The message a page shows for a refused parameter: the field's name and the rule, in Chinese. (The rules are
 * the API's, checked by the same DTOs; only the wording is the page's.)
 */
export function pageMessage(p: FieldProblem): string {
  const label = FIELD_LABELS[p.field] ?? p.field;
  const reason = p.reason;
  const range = /between (\d+) and (\d+)/.exec(reason);
  const chars = /at most (\d+) characters/.exec(reason);
  if (/must not be before/.test(reason)) return `${label}不能早于${FIELD_LABELS.from}`;
  if (/must be one of/.test(reason)) return `请从列出的${label}中选择`;
  if (/calendar date|YYYY-MM-DD/.test(reason)) return `${label}${DATE_HINT}`;
  if (chars) return `${label}不能超过 ${chars[1]} 个字`;
  if (/NUL/.test(reason)) return `${label}含有不可见的控制字符`;
  if (range) return `${label}须为 ${range[1]} 至 ${range[2]} 之间的整数`;
  if (/whole number|at least|at most/.test(reason)) return `${label}须为正整数`;
  if (/empty|blank|is required/.test(reason)) return `${label}不能为空`;
  if (/string/.test(reason)) return `${label}只能填写一个`;
  return `${label}填写有误`;
}

// Unknown parameters (a tracking tag a link picked up) are dropped, not refused as the API does.
const pipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: false,
  transform: true,
  stopAtFirstError: true,
  exceptionFactory: (errors) => new ValidationFailed(toFieldProblems(errors)),
});

/** Reads a page's query with the API's DTO: the typed value, or the refused fields in Chinese. */
export async function readQuery<T extends object>(
  metatype: new () => T,
  raw: unknown,
): Promise<{ ok: true; value: T } | { ok: false; errors: PageFieldError[] }> {
  try {
    const value = (await pipe.transform(raw ?? {}, { type: 'query', metatype })) as T;
    return { ok: true, value };
  } catch (e) {
    if (e instanceof ValidationFailed) return { ok: false, errors: toPageErrors(e.errors) };
    throw e;
  }
}

export function toPageErrors(problems: FieldProblem[]): PageFieldError[] {
  return problems.map((p) => ({ field: p.field, message: pageMessage(p) }));
}

/** A query value as typed, for a form to show again: the first when repeated, '' when absent. */
export function typed(raw: Record<string, unknown>, name: string): string {
  const v = raw[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}
