// The admin API's OpenAPI 3.1 document, generated from the route table: per route an operation with its
// id, Chinese-first summary, tag, path and query parameters, request body (zod 'input' mode), success
// response (zod 'output' mode; JSON, plus text/csv for exports), the shared error shape with the codes
// the route can answer, the security schemes and the permission (`x-permission`). `untypedRoutes` names
// the routes the document cannot describe (a write without a body schema, a `shape<T>()` response).
import * as z from 'zod';
import { PERMISSIONS } from '../../../shared/auth/policy';
import { isUntyped, type Method, type Route } from '../route';
import { operationIdOf, successStatuses, summaryOf, TAGS, tagOf } from './summaries';

/** What the generator reads of a route. */
export type DocumentedRoute = Pick<Route, 'method' | 'path' | 'permission' | 'scope' | 'params' | 'query' | 'body' | 'response' | 'summary'>;

type JsonSchema = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is plain JSON
export type OpenApiDocument = Record<string, any>;

export const OPENAPI_PATH = '/admin/v1/openapi.json';
const ERROR_REF = '#/components/schemas/Error';

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect); definitions of recursive parts go to components. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', name: string, components: Record<string, JsonSchema>): JsonSchema {
  const {
    $schema: _s,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  if (!$defs) return rest;
  const rename = (text: string) => text.replaceAll('"#/$defs/', `"#/components/schemas/${name}_`);
  for (const [k, v] of Object.entries($defs)) components[`${name}_${k}`] = JSON.parse(rename(JSON.stringify(v))) as JsonSchema;
  return JSON.parse(rename(JSON.stringify(rest))) as JsonSchema;
}

const isWrite = (m: Method) => m !== 'GET';
/** Writes that act without input (sync the directory, run a job). */
const ACTION = /\/(sync|run)$/;

/** The routes the document cannot describe: a write with no body schema, or a response that states a type only. */
export function untypedRoutes(routes: readonly DocumentedRoute[]): string[] {
  const out: string[] = [];
  for (const r of routes) {
    const id = `${r.method} ${r.path} (${operationIdOf(r.method, r.path)})`;
    if (['POST', 'PUT', 'PATCH'].includes(r.method) && !r.body && !ACTION.test(r.path)) out.push(`${id}: no request body schema`);
    const out_ = z.toJSONSchema(r.response, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
    const empty = Object.keys(out_).filter((k) => k !== '$schema').length === 0;
    if (isUntyped(r.response) || empty) out.push(`${id}: untyped response schema (shape<T>() or any)`);
  }
  return out;
}

/** Does the query admit `format=csv` (an export)? */
function exportsCsv(query: JsonSchema | undefined): boolean {
  const format = (query?.properties as Record<string, JsonSchema> | undefined)?.format;
  return Array.isArray(format?.enum) && format.enum.includes('csv');
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: ERROR_REF } } } });

/** The error answers of an operation, each with the codes it can carry. */
function errorsOf(r: DocumentedRoute) {
  const write = isWrite(r.method);
  return {
    '400': errorResponse(
      '请求无效（validation_failed：逐字段说明在 details；invalid_cursor；wecom_rejected：企业微信拒绝了请求携带的内容）。Bad request: validation_failed (details per field), invalid_cursor, wecom_rejected.',
    ),
    '401': errorResponse('未认证（unauthorized：缺少或无效的 API 密钥 / 会话）。unauthorized: missing or invalid API key or session.'),
    '403': errorResponse('无权限（forbidden：角色无此权限，或属于其他租户）。forbidden: the role lacks the permission, or another tenant.'),
    '404': errorResponse('不存在（not_found）。not_found: no such resource.'),
    ...(write
      ? {
          '409': errorResponse('冲突（conflict）。conflict: the resource changed or exists.'),
          '413': errorResponse('请求体过大（payload_too_large）。payload_too_large.'),
          '422': errorResponse('无法处理（unprocessable）。unprocessable: valid, but not possible now.'),
        }
      : {}),
    '429': errorResponse('请求过于频繁（rate_limited，可稍后重试）。rate_limited: retry later.'),
    '500': errorResponse('服务内部错误（internal；企业微信异常应答也在此：502）。internal.'),
    '502': errorResponse('企业微信调用失败（internal，可重试与否见日志）。WeCom failed (code internal).'),
    '503': errorResponse('依赖暂不可用（unavailable，可重试）。unavailable: a dependency failed, retry.'),
  };
}

function operation(r: DocumentedRoute, components: Record<string, JsonSchema>) {
  const operationId = operationIdOf(r.method, r.path);
  const tag = tagOf(r.path);
  const roles = (PERMISSIONS[r.permission] as readonly string[]).join('、');
  const scope =
    r.scope === 'caller' ? '按调用者的数据范围过滤（staff 仅本人客户，manager 本部门）。Rows are limited to the caller’s scope.' : '租户级数据。Tenant-wide.';
  const pathNames = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const paramProps = r.params ? ((jsonSchema(r.params, 'input', `${operationId}_params`, components).properties ?? {}) as Record<string, JsonSchema>) : {};
  const query = r.query ? jsonSchema(r.query, 'input', `${operationId}_query`, components) : undefined;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const parameters = [
    ...pathNames.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: name === 'corpId' ? { type: 'string', description: '企业 ID（corpId）' } : (paramProps[name] ?? { type: 'string' }),
    })),
    ...Object.entries((query?.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
      name,
      in: 'query',
      required: required.has(name),
      schema,
    })),
  ];
  const response = jsonSchema(r.response, 'output', `${operationId}_response`, components);
  const csvToo = exportsCsv(query);
  const success = Object.fromEntries(
    successStatuses(r.method, r.path).map((status) => [
      status,
      {
        description: status === '201' ? '已创建 · Created' : '成功 · OK',
        content: {
          'application/json': { schema: response },
          ...(csvToo && status === '200' ? { 'text/csv': { schema: { type: 'string', description: 'UTF-8 BOM CSV（format=csv）' } } } : {}),
        },
      },
    ]),
  );
  return {
    operationId,
    summary: r.summary ?? summaryOf(r.method, r.path),
    description: `所需权限 Permission: \`${r.permission}\`（${roles}）。${scope}`,
    tags: [tag.name],
    'x-permission': r.permission,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(r.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input', `${operationId}_body`, components) } } } }
      : {}),
    responses: {
      ...success,
      ...errorsOf(r),
    },
  };
}

/** The document for `routes`; `serverUrl` is the origin the request came to (absent: a relative server). */
export function openApiDocument(routes: readonly DocumentedRoute[], serverUrl?: string): OpenApiDocument {
  const components: Record<string, JsonSchema> = {
    Error: {
      type: 'object',
      properties: {
        error: {
          type: 'object',
          properties: {
            code: { type: 'string', description: '稳定的英文错误码 · stable English code', examples: ['validation_failed'] },
            message: { type: 'string', description: '按 Accept-Language 的说明（默认中文）· message in the request’s language' },
            details: { description: '逐字段说明等 · e.g. one entry per invalid field' },
          },
          required: ['code', 'message'],
        },
      },
      required: ['error'],
    },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r, components);
  paths[OPENAPI_PATH] = {
    get: {
      operationId: 'getOpenApiDocument',
      summary: '本 OpenAPI 文档 · This OpenAPI document',
      description: '无需认证。No authentication.',
      tags: ['docs'],
      security: [],
      responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  const used = new Set(routes.map((r) => tagOf(r.path).name));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Siyu 私域管理 API · Siyu admin API',
      version: '1',
      description:
        '企业微信私域 CRM 的管理接口。认证：`Authorization: Bearer <API 密钥>`，或浏览器登录后的 `siyu_session` 会话 Cookie。错误统一为 `{"error":{"code","message","details?"}}`；错误码为稳定的英文标识，说明文字随 `Accept-Language`（默认 zh-CN）。路径存在但方法不对时返回 405（method_not_allowed，带 Allow 头）。\n\nThe admin API of Siyu. Authenticate with a Bearer API key or the `siyu_session` cookie. Errors share one shape; codes are stable English identifiers, messages follow Accept-Language. A known path with another method answers 405 with `Allow`.',
    },
    servers: [{ url: serverUrl ?? '/' }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    tags: [
      ...TAGS.filter((t) => used.has(t.name)).map((t) => ({ name: t.name, description: `${t.zh} · ${t.en}：${t.description}` })),
      { name: 'docs', description: '文档 · Docs' },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'API 密钥（机器调用）· API key' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'siyu_session', description: '企业微信登录后的会话 Cookie · session cookie after WeCom login' },
      },
    },
  };
}
