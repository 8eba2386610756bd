// The console's static files (the Vite build in console/dist) on the API's origin under /console/: the
// file for a path with an extension (404 when there is none), index.html for every other path (the
// single-page app's routes), content types, long caching for hashed assets and none for index.html.
// Paths that try to leave the build folder (.., encoded slashes, backslashes, NUL) are refused.
// The staff sidebar (docs/manual.md#侧边栏) is a second page of the same build: every path under /sidebar/
// (but its API, /sidebar/v1/) answers sidebar.html, whose policy also lets WeCom's JS-SDK scripts load.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Reads a file of the build folder by its relative path ('assets/index-1a2b3c4d.js'); undefined when absent. */
export interface ConsoleFiles {
  read(relPath: string): Promise<Buffer | undefined>;
}

export const CONSOLE_BASE = '/console';
export const SIDEBAR_BASE = '/sidebar';

const TYPES: Record<string, { type: string; text: boolean }> = {
  html: { type: 'text/html; charset=utf-8', text: true },
  js: { type: 'text/javascript; charset=utf-8', text: true },
  mjs: { type: 'text/javascript; charset=utf-8', text: true },
  css: { type: 'text/css; charset=utf-8', text: true },
  json: { type: 'application/json; charset=utf-8', text: true },
  map: { type: 'application/json; charset=utf-8', text: true },
  svg: { type: 'image/svg+xml', text: true },
  txt: { type: 'text/plain; charset=utf-8', text: true },
  png: { type: 'image/png', text: false },
  jpg: { type: 'image/jpeg', text: false },
  jpeg: { type: 'image/jpeg', text: false },
  gif: { type: 'image/gif', text: false },
  webp: { type: 'image/webp', text: false },
  ico: { type: 'image/x-icon', text: false },
  woff: { type: 'font/woff', text: false },
  woff2: { type: 'font/woff2', text: false },
};
const OTHER = { type: 'application/octet-stream', text: false };

/** Vite names built assets `<name>-<hash>.<ext>` (hash: 8 url-safe characters) under assets/. */
const HASHED = /^assets\/.+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/**
 * What index.html may load: our origin only (ECharts' SVG uses inline styles; images may be data: URLs), plus
 * images from WeCom's image CDN: the QR codes of channels and group codes (add_contact_way / get_join_way
 * `qr_code`) and avatars are URLs there.
 */
const WECOM_IMAGES = 'https://wework.qpic.cn https://p.qpic.cn';
const CSP = `default-src 'self'; img-src 'self' data: ${WECOM_IMAGES}; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'`;

/** The sidebar's policy: the JS-SDK's script origins may load and be asked (the local stub calls its simulator). */
export function sidebarCsp(scriptOrigins: readonly string[]): string {
  const extra = scriptOrigins.map((o) => ` ${o}`).join('');
  return `default-src 'self'; script-src 'self'${extra}; connect-src 'self'${extra}; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'`;
}

type Reply = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

const notFound = (message: string): Reply => ({
  statusCode: 404,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': REVALIDATE },
  body: JSON.stringify({ error: { code: 'not_found', message } }),
});

/**
 * The build-relative file a request path names: '' for the app's root, undefined when the path is not
 * under /console or tries to leave the build folder. Decodes percent-escapes once, segment by segment.
 */
export function consolePath(rawPath: string): string | undefined {
  if (rawPath !== CONSOLE_BASE && !rawPath.startsWith(`${CONSOLE_BASE}/`)) return undefined;
  const segments: string[] = [];
  for (const raw of rawPath.slice(CONSOLE_BASE.length).split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (s === '' || s === '.') continue;
    if (s === '..' || /[/\\\0]/.test(s) || s.startsWith('.')) return undefined;
    segments.push(s);
  }
  return segments.join('/');
}

const extensionOf = (rel: string) => {
  const last = rel.slice(rel.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(dot + 1).toLowerCase() : undefined;
};

function fileReply(rel: string, bytes: Buffer, cache: string): Reply {
  const t = TYPES[extensionOf(rel) ?? ''] ?? OTHER;
  const headers: Record<string, string> = { 'content-type': t.type, 'cache-control': cache, 'x-content-type-options': 'nosniff' };
  if (rel === 'index.html') Object.assign(headers, { 'content-security-policy': CSP, 'referrer-policy': 'same-origin' });
  return t.text
    ? { statusCode: 200, headers, body: bytes.toString('utf8') }
    : { statusCode: 200, headers, body: bytes.toString('base64'), isBase64Encoded: true };
}

/** True for the sidebar page's paths (/sidebar, /sidebar/…), not its API (/sidebar/v1/…). */
export function isSidebarPath(rawPath: string): boolean {
  if (rawPath !== SIDEBAR_BASE && !rawPath.startsWith(`${SIDEBAR_BASE}/`)) return false;
  return !/^\/sidebar\/v1(\/|$)/.test(rawPath);
}

async function serveSidebar(files: ConsoleFiles, rawPath: string, scriptOrigins: readonly string[]): Promise<Reply> {
  // Its scripts and styles are the build's /console/assets/…; under /sidebar/ there are only the page's routes.
  const last = rawPath.slice(rawPath.lastIndexOf('/') + 1);
  if (!isSidebarPath(rawPath) || last.includes('.')) return notFound('无此文件 · no such file');
  const page = await files.read('sidebar.html');
  if (page === undefined) return notFound('侧边栏尚未构建（npm run build） · the sidebar is not built (npm run build)');
  const reply = fileReply('sidebar.html', page, REVALIDATE);
  Object.assign(reply.headers, { 'content-security-policy': sidebarCsp(scriptOrigins), 'referrer-policy': 'same-origin' });
  return reply;
}

/** The reply to GET <rawPath>; `scriptOrigins`: where the sidebar's JS-SDK scripts come from. */
export async function serveConsole(files: ConsoleFiles, rawPath: string, scriptOrigins: readonly string[] = []): Promise<Reply> {
  if (rawPath === SIDEBAR_BASE || rawPath.startsWith(`${SIDEBAR_BASE}/`)) return serveSidebar(files, rawPath, scriptOrigins);
  const rel = consolePath(rawPath);
  if (rel === undefined) return notFound('无此文件 · no such file');
  const ext = rel === '' ? undefined : extensionOf(rel);
  if (ext !== undefined) {
    const bytes = await files.read(rel);
    if (bytes === undefined) return notFound('无此文件 · no such file');
    return fileReply(rel, bytes, HASHED.test(rel) ? IMMUTABLE : REVALIDATE);
  }
  // A route of the app (/console/, /console/customers/…): the app's page, which routes itself.
  const index = await files.read('index.html');
  if (index === undefined) return notFound('控制台尚未构建（npm run build） · the console is not built (npm run build)');
  return fileReply('index.html', index, REVALIDATE);
}
