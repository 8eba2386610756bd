// WeCom's 可信域名 ownership check (wecom-frontier.md §1.6): the admin downloads WW_verify_<x>.txt from the
// app's settings and WeCom fetches it at the root of the domain. The file's name and content come from the
// deploy parameter wecomDomainVerifyFile ("WW_verify_<x>.txt:<content>", checked at package time by
// infra/domain-mode.cjs); this answers GET /<that name> with the content and every other root file with 404.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CONSOLE_BASE, SIDEBAR_BASE } from './serve-console';

export interface VerifyFile {
  name: string;
  content: string;
}

const SPEC = /^(WW_verify_[A-Za-z0-9]{1,64}\.txt):([A-Za-z0-9]{1,128})$/;

/** The configured file, or undefined when the value is empty or not "WW_verify_<x>.txt:<content>". */
export function parseVerifyFile(value: string | undefined): VerifyFile | undefined {
  const m = SPEC.exec((value ?? '').trim());
  return m ? { name: m[1] as string, content: m[2] as string } : undefined;
}

/** True for a file at the root (/WW_verify_abc.txt, /robots.txt: the route GET /{file}), not the pages /console, /sidebar. */
export function isRootFilePath(rawPath: string): boolean {
  return /^\/[^/]+$/.test(rawPath) && rawPath !== CONSOLE_BASE && rawPath !== SIDEBAR_BASE;
}

type Reply = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

/** The reply to GET <rawPath> at the root: the verification file's content when it is the configured name. */
export function serveVerifyFile(file: VerifyFile | undefined, rawPath: string): Reply {
  if (file && rawPath === `/${file.name}`) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
      body: file.content,
    };
  }
  return {
    statusCode: 404,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' },
    body: JSON.stringify({ error: { code: 'not_found', message: '无此文件 · no such file' } }),
  };
}
