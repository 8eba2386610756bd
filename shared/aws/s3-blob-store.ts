// The object storage adapter on S3 (originals of the material library): put, get, delete one object. Locally the
// endpoint is the s3rver emulator started by scripts/local (path-style addressing, as emulators need).
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadEnv } from '../config/env';
import { materialsEnv } from '../config/runtime';
import type { BlobStore } from '../materials/material';
import { traced } from '../observability';
import type { ClientOptions } from './clients';
import { costTraced } from './cost-trace';

export function makeS3Client(o: ClientOptions = {}): S3Client {
  return costTraced(
    traced(
      new S3Client({
        region: o.region ?? process.env.AWS_REGION ?? 'ap-east-1',
        // An endpoint is only set locally (S3_ENDPOINT = the s3rver emulator), which accepts its own fixed key and no
        // other: the local stack's AWS_ACCESS_KEY_ID (for DynamoDB Local and fauxqs) must not be used for it.
        ...(o.endpoint ? { endpoint: o.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
        maxAttempts: 3,
      }),
    ),
    's3',
  );
}

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, data: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: data, ContentType: contentType, ServerSideEncryption: 'AES256' }));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : undefined;
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** The material library's object store: S3 when the bucket is configured, else one that refuses every use. */
export function materialBlobs(bucket: string | undefined, endpoint: string | undefined): BlobStore {
  if (bucket) return new S3BlobStore(makeS3Client({ endpoint }), bucket);
  const refuse = () => Promise.reject(new Error('MATERIALS_BUCKET is not configured'));
  return { put: refuse, get: refuse, delete: refuse };
}

/** The material library's originals from MATERIALS_BUCKET / S3_ENDPOINT. Only the functions that read or write
 *  originals (admin API, sidebar API, greeting) call it, so the S3 client is bundled only into theirs. */
export function materialBlobsFromEnv(): BlobStore {
  const env = loadEnv(materialsEnv);
  return materialBlobs(env.MATERIALS_BUCKET, env.S3_ENDPOINT);
}
