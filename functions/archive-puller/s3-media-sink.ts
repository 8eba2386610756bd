// Where the puller puts archive media (GetMediaData, assembled by the Finance SDK source): the materials
// bucket under archive-media/<corpId>/<md5>. The key is the content's md5, so the same file sent many times
// is one object (deduplicated by construction); the archive rows reference the returned key.
import type { BlobStore } from '../../shared/materials/material';
import type { MediaSink } from '../../shared/archive/finance-sdk/finance-chat-source';

export const ARCHIVE_MEDIA_PREFIX = 'archive-media/';

const MD5 = /^[0-9a-f]{32}$/i;

export class BlobMediaSink implements MediaSink {
  constructor(
    private readonly blobs: BlobStore,
    private readonly corpId: string,
  ) {}

  async put(md5: string, bytes: Buffer, meta: { sdkfileid: string; msgtype: string }): Promise<string> {
    if (!MD5.test(md5)) throw new Error(`archive media: not an md5: ${md5.slice(0, 64)}`);
    const key = `${ARCHIVE_MEDIA_PREFIX}${this.corpId}/${md5.toLowerCase()}`;
    await this.blobs.put(key, bytes, contentTypeOf(meta.msgtype));
    return key;
  }
}

function contentTypeOf(msgtype: string): string {
  switch (msgtype) {
    case 'image':
      return 'image/jpeg';
    case 'voice':
      return 'audio/amr';
    case 'video':
      return 'video/mp4';
    default:
      return 'application/octet-stream';
  }
}
