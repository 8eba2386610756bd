// Composition helpers shared by the handlers: which endpoints, which tables, which secret box.
import * as z from 'zod';
import { makeKmsClient } from '../aws/clients';
import { CONCERNS, concernQueueEnv, type Concern } from '../domain/fanout';
import { KmsSecretBox } from '../secrets/kms-secret-box';
import { LocalSecretBox } from '../secrets/local-secret-box';
import type { SecretBox } from '../secrets/secret-box';
import { optionalMatching, optionalUrl } from './env';

export const storageEnv = z.object({
  TABLE_NAME: z.string().min(1),
  DYNAMODB_ENDPOINT: optionalUrl,
});

/** The material library's bucket (unset: uploads are refused as not configured) and the local S3 endpoint. */
export const materialsEnv = z.object({
  MATERIALS_BUCKET: optionalMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
  S3_ENDPOINT: optionalUrl,
});

export const queueEnv = z.object({
  SQS_ENDPOINT: optionalUrl,
  ...Object.fromEntries(CONCERNS.map((c) => [concernQueueEnv(c), z.url()])),
} as Record<string, z.ZodType>);

export const secretsEnv = z
  .object({ KMS_KEY_ID: z.string().optional(), LOCAL_SECRET_KEY: z.string().optional() })
  .refine((e) => Boolean(e.KMS_KEY_ID) || Boolean(e.LOCAL_SECRET_KEY), 'set KMS_KEY_ID (AWS) or LOCAL_SECRET_KEY (local)');

export function queueUrlsFrom(env: Record<string, unknown>): Record<Concern, string> {
  return Object.fromEntries(CONCERNS.map((c) => [c, String(env[concernQueueEnv(c)])])) as Record<Concern, string>;
}

export function makeSecretBox(env: { KMS_KEY_ID?: string | undefined; LOCAL_SECRET_KEY?: string | undefined }): SecretBox {
  if (env.KMS_KEY_ID) return new KmsSecretBox(makeKmsClient(), env.KMS_KEY_ID);
  return new LocalSecretBox(String(env.LOCAL_SECRET_KEY));
}
