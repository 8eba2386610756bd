// A group welcome template as Siyu stores it, its store port, its ids and how the API shows it. Input
// schemas: group-welcome-template.schema.ts; adapter: shared/db/group-code-repository.ts.
import { randomBytes } from 'node:crypto';
import type { GroupWelcomeTemplateView } from './group-code.view';

export interface GroupWelcomeTemplateRecord {
  corpId: string;
  id: string;
  name?: string | undefined;
  text: string;
  notify: boolean;
  /** WeCom's template_id. */
  templateId: string;
  status: 'active' | 'deleted';
  createdAt: string;
  updatedAt: string;
}

export interface GroupWelcomeTemplateStore {
  get(corpId: string, id: string): Promise<GroupWelcomeTemplateRecord | undefined>;
  list(corpId: string): Promise<GroupWelcomeTemplateRecord[]>;
  put(record: GroupWelcomeTemplateRecord): Promise<void>;
}

export const newGroupWelcomeTemplateId = () => randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);

/** The template as the API shows it (group-code.view.ts). */
export function publicGroupWelcomeTemplate(t: GroupWelcomeTemplateRecord): GroupWelcomeTemplateView {
  return {
    id: t.id,
    ...(t.name === undefined ? {} : { name: t.name }),
    text: t.text,
    notify: t.notify,
    templateId: t.templateId,
    status: t.status,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}
