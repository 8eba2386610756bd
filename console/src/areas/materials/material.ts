// A material of the library (素材库) as GET …/materials answers it, the upload cap of one request, and reading a
// chosen file as the base64 the upload takes.

export type MaterialKind = 'image' | 'file' | 'video' | 'link' | 'miniprogram';
export const MATERIAL_KINDS: readonly MaterialKind[] = ['image', 'file', 'video', 'link', 'miniprogram'];

export interface Material {
  id: string;
  kind: MaterialKind;
  title: string;
  file?: { filename: string; contentType: string; bytes: number };
  url?: string;
  desc?: string;
  picUrl?: string;
  coverId?: string;
  appid?: string;
  page?: string;
  mediaExpiresAt?: string;
  createdAt: string;
}

/**
 * One request carries at most 6 MB (Lambda's payload limit, with the event's headers and JSON around the body);
 * base64 makes 4 bytes of 3: originals up to ~4.4 MB (docs/manual.md#素材库).
 */
export const UPLOAD_CAP_BYTES = Math.floor(4.4 * 1024 * 1024);

export const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);

/** The file's bytes as base64 (no data: prefix). */
export function base64Of(file: Blob): Promise<string> {
  return new Promise((ok, fail) => {
    const r = new FileReader();
    r.onload = () => ok(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => fail(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}
