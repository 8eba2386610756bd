// The archive's media files on S3, one object per tenant and md5 (`archive-media/<corpId>/<md5>`): a HEAD first,
// then a conditional PUT (If-None-Match: *), so the same file sent in many messages, or fetched again after a
// retried batch, is stored once. Encrypted at rest like the material library's originals (shared/aws/s3-blob-store.ts).
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { MediaSink } from './finance-chat-source';

const status = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

export class S3MediaSink implements MediaSink {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly corpId: string,
  ) {}

  keyOf(md5: string): string {
    return `archive-media/${this.corpId}/${md5}`;
  }

  async put(md5: string, bytes: Buffer, meta: { sdkfileid: string; msgtype: string }): Promise<string> {
    if (!/^[0-9a-f]{32}$/.test(md5)) throw new Error(`not an md5: ${md5}`);
    const Key = this.keyOf(md5);
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return Key;
    } catch (e) {
      if (status(e) !== 404 && (e as { name?: string }).name !== 'NotFound') throw e;
    }
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: bytes,
          IfNoneMatch: '*',
          ContentType: 'application/octet-stream',
          Metadata: { msgtype: meta.msgtype },
          ServerSideEncryption: 'AES256',
        }),
      );
    } catch (e) {
      // 412: another puller stored it between our HEAD and PUT; 409: a concurrent conditional write.
      if (status(e) !== 412 && status(e) !== 409) throw e;
    }
    return Key;
  }
}
