// Static files a function serves from its package (the API docs page's assets): read once from a folder,
// answered with their content type, gzipped (base64, as API Gateway expects binary bodies) when the
// client accepts it, so a 1.7 MB script stays far below Lambda's 6 MB response limit.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png' };

/** The first of `dirs` that exists (the Lambda task root, then the working directory for the local stack). */
export const firstExisting = (dirs: readonly string[]): string | undefined => dirs.find((d) => existsSync(d));

/** Serves `names` from `dir`; undefined for a name it does not serve. */
export function staticFiles(dir: string | undefined, names: readonly string[]) {
  const cache = new Map<string, { raw: Buffer; gz: Buffer }>();
  return (name: string, acceptEncoding: string | undefined): APIGatewayProxyStructuredResultV2 | undefined => {
    if (!names.includes(name) || !dir) return undefined;
    let file = cache.get(name);
    if (!file) {
      const raw = readFileSync(join(dir, name));
      file = { raw, gz: gzipSync(raw, { level: 9 }) };
      cache.set(name, file);
    }
    const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
    const gzip = /\bgzip\b/.test(acceptEncoding ?? '');
    return {
      statusCode: 200,
      headers: { 'content-type': type, 'cache-control': 'public, max-age=86400', vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
      body: (gzip ? file.gz : file.raw).toString('base64'),
      isBase64Encoded: true,
    };
  };
}
