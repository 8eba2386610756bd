// The sidebar's API client and the shapes of /sidebar/v1 (the contract of issue #15): same-origin fetch with
// the session cookie, the CSRF token (cookie siyu_csrf → X-CSRF-Token) on writes, the page's language, and
// the API's error (code and Chinese-first message) on failure.
import { sidebarLang } from './i18n';

export class SidebarApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const cookie = (name: string) =>
  document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);

export async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': sidebarLang() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = cookie('siyu_csrf');
  if (method !== 'GET' && csrf !== undefined) headers['x-csrf-token'] = decodeURIComponent(csrf);
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!res.ok) {
    const err = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    throw new SidebarApiError(res.status, err?.error?.code ?? 'http_error', err?.error?.message ?? `HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

const id = (s: string) => encodeURIComponent(s);

export interface Member {
  corpId: string;
  userid: string;
  name: string;
  agentId: string;
}
export interface Signature {
  timestamp: number;
  nonceStr: string;
  signature: string;
}
export interface JssdkAnswer {
  corpId: string;
  agentId: string;
  config: Signature;
  agentConfig: Signature;
}
export interface TagGroup {
  groupId: string;
  groupName: string;
  tags: Array<{ id: string; name: string }>;
}
export interface Customer {
  externalUserId: string;
  name: string;
  avatar: string;
  type: number;
  corpName: string;
  remark: string;
  description: string;
  tags: TagGroup[];
  channel: { id: string; name: string; addedAt: string } | null;
  followers: Array<{ userId: string; name: string; addedAt: string }>;
  timeline: Array<{ at: string; kind: string; text: string }>;
  rfm: { class: string } | null;
  orders: { count: number; totalFen: number };
  stage: string | null;
  pipeline: string[];
  fieldDefinitions: FieldDefinition[];
  fields: Record<string, FieldValue>;
}
export type FieldValue = string | number | string[];
export interface FieldDefinition {
  id: string;
  name: string;
  type: 'text' | 'number' | 'date' | 'single' | 'multi';
  maxLength?: number;
  options?: string[];
}
export interface Material {
  id: string;
  kind: 'image' | 'file' | 'video' | 'link' | 'miniprogram';
  title: string;
  filename?: string;
  url?: string;
  desc?: string;
  createdAt: string;
}
export interface QuickReply {
  id: string;
  group: string;
  title: string;
  text: string;
  attachments: Array<Record<string, unknown>>;
  uses: number;
}
export interface GroupInfo {
  chatId: string;
  name: string;
  owner: string;
  ownerName: string;
  memberCount: number;
  groupCode: { id: string; name: string } | null;
  customers: Array<{ externalUserId: string; name: string }>;
  recent: Array<{ kind: 'join' | 'leave'; who: string; name: string; at: string }>;
}

export const sidebarApi = {
  me: () => call<Member>('GET', '/sidebar/v1/me'),
  config: () => call<{ jssdkUrls: string[] }>('GET', '/sidebar/v1/config'),
  jssdk: (url: string) => call<JssdkAnswer>('GET', `/sidebar/v1/jssdk?url=${encodeURIComponent(url)}`),
  customer: (externalUserId: string) => call<Customer>('GET', `/sidebar/v1/customers/${id(externalUserId)}`),
  tagLibrary: () => call<{ groups: TagGroup[] }>('GET', '/sidebar/v1/tags'),
  changeTags: (externalUserId: string, change: { add?: string[]; remove?: string[] }) =>
    call<TagGroup[]>('POST', `/sidebar/v1/customers/${id(externalUserId)}/tags`, change),
  editCustomer: (externalUserId: string, edit: { remark?: string; description?: string }) =>
    call<{ remark: string; description: string }>('PATCH', `/sidebar/v1/customers/${id(externalUserId)}`, edit),
  quickReplies: (q: string, group: string) =>
    call<{ items: QuickReply[] }>('GET', `/sidebar/v1/quick-replies?q=${encodeURIComponent(q)}&group=${encodeURIComponent(group)}`),
  /** The reply ready to send: its materials ({materialId}) resolved to WeCom attachments with valid media ids. */
  replyMessage: (replyId: string) =>
    call<{ id: string; text: string; attachments: Array<Record<string, unknown>> }>('POST', `/sidebar/v1/quick-replies/${id(replyId)}/message`),
  replySent: (replyId: string) => call<{ id: string; uses: number }>('POST', `/sidebar/v1/quick-replies/${id(replyId)}/sent`),
  group: (chatId: string) => call<GroupInfo>('GET', `/sidebar/v1/groups/${id(chatId)}`),
  // Stage, custom fields and materials (round 2).
  setStage: (externalUserId: string, stage: string) =>
    call<{ from: string | null; to: string }>('PUT', `/sidebar/v1/customers/${id(externalUserId)}/stage`, { stage }),
  setFields: (externalUserId: string, values: Record<string, FieldValue | null>) =>
    call<{ fields: Record<string, FieldValue>; stage: string | null }>('PUT', `/sidebar/v1/customers/${id(externalUserId)}/fields`, { values }),
  materials: (kind: string) =>
    call<{ items: Material[]; cursor: string | null }>('GET', `/sidebar/v1/materials${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`),
  materialMessage: (materialId: string) => call<Record<string, unknown>>('POST', `/sidebar/v1/materials/${id(materialId)}/chat-message`),
};
