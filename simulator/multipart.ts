// Just enough multipart/form-data parsing for media uploads: which part, its filename and size.
import type { Upload } from './apis/api-context';

interface Part {
  name?: string | undefined;
  filename?: string | undefined;
  contentType?: string | undefined;
  bytes: number;
}

function header(headers: string, pattern: RegExp): string | undefined {
  const m = pattern.exec(headers);
  return m ? (m[1] ?? m[2]) : undefined;
}

export function parseMultipart(contentType: string, body: Buffer): Upload | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundaryText = m ? (m[1] ?? m[2]) : undefined;
  if (!boundaryText) return undefined;
  const boundary = Buffer.from(`--${boundaryText}`);
  const delimiter = Buffer.concat([Buffer.from('\r\n'), boundary]);
  const parts: Part[] = [];
  let pos = body.indexOf(boundary);
  while (pos >= 0) {
    pos += boundary.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    pos += 2; // CRLF after the boundary
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) break;
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const dataStart = headerEnd + 4;
    const next = body.indexOf(delimiter, dataStart);
    if (next < 0) break;
    parts.push({
      name: header(headers, /[;\s]name="([^"]*)"|[;\s]name=([^;\s]+)/i),
      filename: header(headers, /filename="([^"]*)"|filename=([^;\s]+)/i),
      contentType: header(headers, /content-type:\s*([^\r\n]+)()/i),
      bytes: next - dataStart,
    });
    pos = next + 2;
  }
  const part = parts.find((p) => p.name === 'media') ?? parts.find((p) => p.filename !== undefined);
  if (!part) return undefined;
  return { field: part.name, filename: part.filename, contentType: part.contentType, bytes: part.bytes };
}
