/**
 * Property-based fuzzing of every endpoint the application describes in its OpenAPI document, so an endpoint
 * added later is fuzzed without touching this file. Each endpoint's path, query and body parameters come from
 * the document and from the class-validator rules of the DTOs its handler takes (what the Swagger build plugin
 * would add to the document). Values are plausible ones mixed with hostile ones: lone surrogates, NUL, RTL
 * overrides, combining marks, 4-byte characters, huge and deep values, and values of the wrong type.
 *
 * For every request: never a 5xx; on a 4xx, no stored record changed (a digest of the tables before and
 * after); at most 2 KB of log for the request.
 *
 * FUZZ_RUNS (requests per endpoint, default 40: about a minute for the whole suite) and FUZZ_SEED (to replay a
 * run) make longer local runs possible: `FUZZ_RUNS=1000 npx vitest run test/fuzz`.
 */
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import pg from 'pg';
import { createOpenApiDocument } from '../../src/app.setup.js';
import { ROLES_KEY } from '../../src/auth/roles.decorator.js';
import { LOG_LINE_LIMIT } from '../../src/common/log-limits.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/** class-transformer's @Type() records, from the same module instance the validation pipe uses. */
const { defaultMetadataStorage } = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: object, property: string): { typeFunction(): unknown } | undefined;
  };
};

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/**
 * Tables whose rows are not records a request keeps: the search index and the outbox (written by background
 * work after earlier successful writes), the provincial push's runs (the same), the migrations, and the records
 * of attempts themselves (an audit of a refused login, a throttling counter), which a 4xx is meant to add to.
 */
const NOT_RECORDS = /^(search_|document_change$|province_sync_|schema_migration$|audit|login_)/;

// ---------------------------------------------------------------------------------------------------------
// Values

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const oddCharacter = fc.constantFrom(
  '\u0000', // NUL
  '\u202e', // right-to-left override
  '\u200f', // right-to-left mark
  '\u0301', // a combining acute accent
  '\ufeff', // a byte-order mark
  '\u{20000}', // 𠀀, a 4-byte CJK character
  '\u{1f600}', // 😀
  '\r\n',
  '"',
  '\\',
  '%',
  '〔',
  '０',
);
const hostileText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.string({
      unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogate, oddCharacter),
      maxLength: 40,
    }),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\udfff',
      'a\ud800',
      "' OR 1=1 --",
      '=HYPERLINK("http://example.com","x")',
      '../../etc/passwd',
      '攀府发【2024】５号',
      'e\u0301\u0301\u0301\u0301',
      '\u202egnp.exe',
      '1e400',
      '-1',
      'NaN',
      '2024-02-30',
      '0000-01-01',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => '政'.repeat(n)) },
);
/** Arrays and objects nested up to 40 levels: past the body limit of 16, and within it. */
const deepValue = fc.integer({ min: 2, max: 40 }).map((depth) => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
});
const confusedValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.object({ maxDepth: 2 }) },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 30_000 }).map((n) => Array.from({ length: n }, () => 1)) },
);

/** Percent-encodes as a client might, including what no UTF-8 encoder would write (a lone surrogate's bytes). */
function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    out +=
      ch.length === 1 && c >= 0xd800 && c <= 0xdfff
        ? `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`
        : encodeURIComponent(ch);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Endpoints: from the OpenAPI document, with the DTOs' rules

interface Rule {
  name: string;
  constraints: unknown[];
  each: boolean;
}
interface Field {
  name: string;
  rules: Rule[];
  nested?: Field[];
}
interface Endpoint {
  method: string;
  /** OpenAPI template: /api/v1/documents/{id} */
  path: string;
  pathParams: string[];
  headerParams: string[];
  query: Field[];
  body?: Field[];
  secured: boolean;
}

type Class = abstract new (...args: never[]) => unknown;

function fieldsOf(cls: Class, seen = new Set<Class>()): Field[] {
  if (seen.has(cls)) return [];
  seen.add(cls);
  const byName = new Map<string, Field>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const field = byName.get(m.propertyName) ?? { name: m.propertyName, rules: [] };
    byName.set(m.propertyName, field);
    field.rules.push({ name: m.name ?? m.type, constraints: m.constraints ?? [], each: m.each ?? false });
    if (m.type === 'nestedValidation') {
      const type = defaultMetadataStorage.findTypeMetadata(cls, m.propertyName)?.typeFunction() as Class | undefined;
      if (type) field.nested = fieldsOf(type, seen);
    }
  }
  return [...byName.values()];
}

/** Each route the application serves, as the OpenAPI document lists it, with its handler's DTOs. */
function endpointsOf(t: TestApp, doc: OpenAPIObject): Endpoint[] {
  const handlers = new Map<string, { query?: Class; body?: Class; secured: boolean }>();
  const methods = ['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head'];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Class & { prototype: Record<string, unknown> };
      // The public pages (web/) are not the API: their paths mirror the API's at the root, outside /api/v1.
      if (Reflect.getMetadata('swagger/apiExcludeController', controller)) continue;
      const base = String(Reflect.getMetadata('path', controller) ?? '');
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[key];
        if (typeof handler !== 'function' || Reflect.getMetadata('method', handler) === undefined) continue;
        const route = String(Reflect.getMetadata('path', handler) ?? '');
        const template = `/api/v1/${[base, route].filter((p) => p && p !== '/').join('/')}`
          .replace(/\/+/g, '/')
          .replace(/\/$/, '')
          .replace(/:(\w+)/g, '{$1}');
        const method = methods[Reflect.getMetadata('method', handler) as number];
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {}) as Record<
          string,
          { index: number }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, key) ?? []) as Class[];
        const argOf = (type: RouteParamtypes) => {
          const entry = Object.entries(args).find(([k]) => k.split(':')[0] === String(type));
          return entry ? types[entry[1].index] : undefined;
        };
        handlers.set(`${method} ${template}`, {
          query: argOf(RouteParamtypes.QUERY),
          body: argOf(RouteParamtypes.BODY),
          secured: Reflect.getMetadata(ROLES_KEY, handler) !== undefined,
        });
      }
    }
  }
  const endpoints: Endpoint[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const op = (item as Record<string, { parameters?: { in: string; name: string }[] } | undefined>)[method];
      if (!op) continue;
      const handler = handlers.get(`${method} ${path}`);
      const params = op.parameters ?? [];
      endpoints.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        headerParams: params.filter((p) => p.in === 'header').map((p) => p.name),
        query: [
          ...(handler?.query && handler.query !== Object ? fieldsOf(handler.query) : []),
          ...params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, rules: [] })),
        ],
        body: handler?.body && handler.body !== Object ? fieldsOf(handler.body) : undefined,
        secured: handler?.secured ?? false,
      });
    }
  }
  return endpoints;
}

// ---------------------------------------------------------------------------------------------------------
// Requests

interface Known {
  documentIds: string[];
  cleanupIds: string[];
  runIds: string[];
}

const plainText = fc.constantFrom(
  '攀枝花市人民政府',
  '关于印发攀枝花市养老服务补贴办法的通知',
  '攀府发〔2024〕5号',
  '攀府规〔2025〕3号',
  '养老',
  '卫生、体育\\医药管理',
  'x',
);
const calendarDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A value that passes the field's rules (most of the time), so requests also get past validation. */
function plausible(field: Field, known: Known): fc.Arbitrary<unknown> {
  const rule = (name: string) => field.rules.find((r) => r.name === name);
  const one = (): fc.Arbitrary<unknown> => {
    const isIn = rule('isIn');
    if (isIn) return fc.constantFrom(...(isIn.constraints[0] as unknown[]));
    if (rule('isCalendarDate')) return calendarDate;
    if (rule('isUUID')) return fc.oneof(fc.constantFrom(...known.documentIds), fc.uuid());
    if (rule('isISO8601')) return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    if (rule('isInt') || rule('min') || rule('max'))
      return fc.integer({
        min: Number(rule('min')?.constraints[0] ?? 0),
        max: Number(rule('max')?.constraints[0] ?? 3000),
      });
    if (rule('isBoolean')) return fc.boolean();
    if (field.nested) return fc.record(model(field.nested, known), { requiredKeys: [] });
    return plainText;
  };
  if (rule('isArray') || field.rules.some((r) => r.each)) return fc.array(one(), { minLength: 1, maxLength: 4 });
  return one();
}

function model(fields: Field[], known: Known): Record<string, fc.Arbitrary<unknown>> {
  return Object.fromEntries(fields.map((f) => [f.name, plausible(f, known)]));
}

/**
 * Fields of a request: either all plausible (so requests reach the handler and its rules), or plausible ones
 * with some replaced by hostile values of any type, and members no DTO declares.
 */
function fieldsArbitrary(
  fields: Field[],
  known: Known,
  hostile: fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const plain = fc.record(model(fields, known), { requiredKeys: [] });
  const names = fields.map((f) => f.name);
  const mutated = fc
    .tuple(
      plain,
      names.length
        ? fc.subarray(names, { minLength: 1, maxLength: Math.min(2, names.length) })
        : fc.constant([] as string[]),
      fc.array(hostile, { minLength: 2, maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: names.length ? 1 : 2 }),
    )
    .map(([values, replaced, hostileValues, extra]) => {
      const out: Record<string, unknown> = { ...extra, ...values };
      replaced.forEach((name, i) => (out[name] = hostileValues[i]));
      return out;
    });
  return fc.oneof({ weight: 3, arbitrary: plain }, { weight: 2, arbitrary: mutated });
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Sent as is, with Content-Type: application/json. */
  body?: string;
}

function requestFor(endpoint: Endpoint, known: Known, tokens: { admin: string }): fc.Arbitrary<FuzzRequest> {
  const segment = (name: string) =>
    fc.oneof(
      {
        weight: 4,
        arbitrary:
          name === 'year'
            ? fc.integer({ min: 1800, max: 3100 }).map(String)
            : fc.constantFrom(...known.documentIds, ...known.cleanupIds, ...known.runIds),
      },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: hostileText.filter((s) => s.length > 0 && s.length < 3_000).map(encode) },
    );
  const path = fc
    .tuple(...endpoint.pathParams.map(segment))
    .map((values) => endpoint.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, values[i]), endpoint.path));
  const query = fieldsArbitrary(
    endpoint.query,
    known,
    hostileText.filter((s) => s.length < 2_000),
  ).map((fields) =>
    Object.entries(fields)
      .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encode(k)}=${encode(String(x))}`))
      .join('&'),
  );
  const body: fc.Arbitrary<string | undefined> = !['POST', 'PUT', 'PATCH', 'DELETE'].includes(endpoint.method)
    ? fc.constant(undefined)
    : fc.oneof(
        {
          weight: 6,
          arbitrary: fieldsArbitrary(endpoint.body ?? [], known, confusedValue).map((fields) => JSON.stringify(fields)),
        },
        { weight: 1, arbitrary: confusedValue.map((v) => JSON.stringify(v) ?? 'null') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '{"title":',
            `{"a":${'['.repeat(100_000)}`,
            `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
            '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
            '\uFEFF{}',
            '',
          ),
        },
      );
  // Mostly the admin's token (admin may do everything), sometimes none or a bad one.
  const badTokens = [undefined, 'Bearer not.a.token', `Bearer ${tokens.admin}x`];
  const auth = fc
    .integer({ min: 0, max: 10 })
    .map((i) =>
      endpoint.secured
        ? i < 8
          ? `Bearer ${tokens.admin}`
          : badTokens[i - 8]
        : i < 7
          ? undefined
          : `Bearer ${tokens.admin}`,
    );
  const ifMatch = fc.constantFrom(undefined, '"1"', '"2"', 'W/"1"', '*', 'garbage', '"99999999999"');
  return fc.tuple(path, query, body, auth, ifMatch).map(([p, q, b, a, m]) => ({
    // A failure report shows the request, not megabytes of it.
    [fc.toStringMethod]() {
      return `${this.method} ${this.url.slice(0, 200)} ${JSON.stringify(this.headers).slice(0, 100)} body: ${this.body?.slice(0, 200)}${(this.body?.length ?? 0) > 200 ? `…(${this.body!.length} characters)` : ''}`;
    },
    method: endpoint.method,
    url: q ? `${p}?${q}` : p,
    headers: {
      ...(a ? { Authorization: a } : {}),
      ...(m && endpoint.headerParams.includes('If-Match') ? { 'If-Match': m } : {}),
    },
    body: b,
  }));
}

// ---------------------------------------------------------------------------------------------------------

describe('fuzzing every endpoint', () => {
  let t: TestApp;
  let db: pg.Client;
  let tables: string[];
  const logLines: string[] = [];
  const known: Known = { documentIds: [], cleanupIds: [], runIds: [] };
  let admin: string;
  /** The token the generated requests carry; replaced when a request ends its session (logout, a new password). */
  const tokens = { admin: '' };

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream: { write: (l: string) => void logLines.push(l) } });
    admin = await t.tokenFor('admin');
    tokens.admin = admin;
    for (const [i, category] of (['normative', 'regulation', 'policy'] as const).entries()) {
      const res = await t.http
        .post('/api/v1/documents')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          title: `测试文件${i}`,
          category,
          issuer: '攀枝花市人民政府',
          docNumber: `攀府发〔2024〕${i + 1}号`,
          publishedOn: '2024-01-10',
          effectiveFrom: '2024-02-01',
        })
        .expect(201);
      known.documentIds.push(res.body.id);
    }
    const cleanup = await t.http
      .post('/api/v1/cleanups')
      .set('Authorization', `Bearer ${admin}`)
      .send({ title: '2025年规范性文件清理', category: 'normative' })
      .expect(201);
    known.cleanupIds.push(cleanup.body.id);
    db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    const rows = await db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    tables = rows.rows.map((r) => r.tablename).filter((name) => !NOT_RECORDS.test(name));
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  /** One digest per table of what it stores, in one round trip. */
  const digest = async () =>
    (
      await db.query<{ d: string }>(
        tables
          .map(
            (name) =>
              `SELECT '${name}' || ':' || coalesce((SELECT md5(string_agg(md5(r::text), '' ORDER BY md5(r::text))) FROM "${name}" r), '-') AS d`,
          )
          .join(' UNION ALL '),
      )
    ).rows
      .map((r) => r.d)
      .join(' ');

  let sequence = 0;
  const send = async (r: FuzzRequest) => {
    const requestId = `fuzz-${++sequence}`;
    const first = logLines.length;
    let req = t.http[r.method.toLowerCase() as 'get'](r.url).set('X-Request-Id', requestId);
    for (const [k, v] of Object.entries(r.headers)) req = req.set(k, v);
    if (r.body !== undefined) req = req.set('Content-Type', 'application/json').send(r.body);
    const res = await req;
    await new Promise((resolve) => setImmediate(resolve));
    const logged = logLines
      .slice(first)
      .filter((l) => l.includes(requestId))
      .reduce((n, l) => n + Buffer.byteLength(l), 0);
    return { res, logged };
  };

  it(
    'never answers 5xx, never changes stored records on a 4xx, never logs more than 2 KB a request',
    { timeout: Math.max(180_000, RUNS * 30 * 400) },
    async () => {
      const runs = await t.http.get('/api/v1/sync/province/runs').set('Authorization', `Bearer ${admin}`);
      if (runs.status === 200) known.runIds.push(...(runs.body.items ?? []).map((r: { id: string }) => r.id));
      const doc = createOpenApiDocument(t.app);
      const endpoints = endpointsOf(t, doc);
      // The document lists every route; the ones with a body or a query have their DTOs' fields.
      expect(endpoints.length).toBeGreaterThanOrEqual(20);
      expect(
        endpoints.find((e) => e.method === 'POST' && e.path === '/api/v1/documents')?.body?.map((f) => f.name),
      ).toContain('issuer');
      expect(
        endpoints.find((e) => e.method === 'GET' && e.path === '/api/v1/search')?.query.map((f) => f.name),
      ).toContain('q');

      const statuses = new Map<string, Map<number, number>>();
      for (const endpoint of endpoints) {
        const name = `${endpoint.method} ${endpoint.path}`;
        const seen = new Map<number, number>();
        statuses.set(name, seen);
        await fc.assert(
          fc.asyncProperty(requestFor(endpoint, known, tokens), async (r) => {
            const before = await digest();
            const { res, logged } = await send(r);
            // A logout or a password change ends the session it was sent with: carry on with a new one.
            if (res.status < 300 && /\/auth\/(logout|password)$/.test(endpoint.path))
              tokens.admin = await t.tokenFor('admin');
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            const what = `${r.method} ${r.url.slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`;
            if (res.status >= 500) throw new Error(`a 5xx: ${what}`);
            if (res.status >= 400 && (await digest()) !== before)
              throw new Error(`a ${res.status} changed stored records: ${what}`);
            if (logged > LOG_LINE_LIMIT) throw new Error(`${logged} bytes of log: ${what}`);
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      }
      // Not only refusals: some requests of each kind got through to the handler.
      const table = [...statuses].map(([n, s]) => `${n}: ${JSON.stringify(Object.fromEntries(s))}`).join('\n');
      if (process.env.FUZZ_REPORT) console.log(table);
      // Not only refusals: requests to many endpoints got through to the handler.
      const succeeded = [...statuses].filter(([, s]) => [...s.keys()].some((code) => code < 300));
      expect(succeeded.length, table).toBeGreaterThanOrEqual(Math.floor(endpoints.length / 3));
    },
  );
});
