// What an API handler receives once the token, rate limit and faults have been checked.
import type { Body } from '../args';
import type { CorpState } from '../corp-state';
import type { SimConfig } from '../model';

export interface Upload {
  /** The multipart part's field name (WeCom expects `media`). */
  field?: string | undefined;
  filename?: string | undefined;
  contentType?: string | undefined;
  bytes: number;
}

export interface ApiContext {
  corpId: string;
  corp: CorpState;
  /** Query parameters other than access_token. */
  query: Record<string, string>;
  /** The parsed JSON body ({} for GET and multipart requests). */
  body: Body;
  upload?: Upload | undefined;
  /** Epoch milliseconds of the simulator clock. */
  now: number;
  config: SimConfig;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Returns the business fields of a successful answer; throws SimApiError for an errcode. */
  handle(ctx: ApiContext): Body;
}

export type Routes = Record<string, Route>;
