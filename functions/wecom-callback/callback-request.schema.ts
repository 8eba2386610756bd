import * as z from 'zod';

const param = z.string().min(1).max(512);

export const callbackQuerySchema = z.object({
  msg_signature: z.string().regex(/^[0-9a-fA-F]{40}$/, 'expected a 40-hex SHA1 signature'),
  timestamp: z.string().regex(/^\d{1,12}$/, 'expected unix seconds'),
  nonce: param,
});

export const verifyQuerySchema = callbackQuerySchema.extend({ echostr: z.string().min(1).max(4096) });

export interface CallbackRequest {
  corpId: string;
  query: Record<string, string | undefined>;
  /** Raw request body as received (already base64-decoded when API Gateway encoded it). */
  body: string;
}

export interface CallbackResponse {
  status: number;
  contentType: 'text/plain';
  body: string;
}
