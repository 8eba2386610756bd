// Checks an answer against the OpenAPI document: the operation of a method and path template, the
// declared status, and the JSON body against that status's schema with Ajv (JSON Schema 2020-12, formats).
// zod's 'output' mode closes objects (additionalProperties: false), so a missing field, a wrong type and an
// undeclared extra field each fail.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../../functions/admin-api/openapi/document';

const DOC_ID = 'siyu-openapi';

export function responseChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOC_ID, components: doc.components });
  const compiled = new Map<string, ValidateFunction>();
  /** The problems of an answer (empty: it matches the document). */
  return (method: string, path: string, status: number, contentType: string | undefined, body: string): string[] => {
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) return [`${method} ${path} is not in the document`];
    const declared = op.responses[String(status)];
    if (!declared) return [`${op.operationId}: status ${status} is not declared (${Object.keys(op.responses).join(', ')}): ${body.slice(0, 300)}`];
    const media = (contentType ?? '').split(';')[0]!.trim();
    if (!declared.content?.[media]) return [`${op.operationId}: ${status} ${media} is not declared`];
    if (media !== 'application/json') return [];
    const key = `${op.operationId} ${status}`;
    let validate = compiled.get(key);
    if (!validate) {
      const schema = JSON.parse(JSON.stringify(declared.content[media].schema).replaceAll('"#/components/', `"${DOC_ID}#/components/`));
      validate = ajv.compile(schema);
      compiled.set(key, validate);
    }
    if (validate(JSON.parse(body))) return [];
    return (validate.errors ?? []).map((e) => `${op.operationId} ${status}: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
}
