// Groups as the console uses them: the registry's groups, group codes (群活码) and group welcome templates
// as the admin API shows them (GET …/groups, …/group-codes, …/group-welcome-templates).
export interface Group {
  chatId: string;
  name: string;
  owner: string;
  memberCount: number;
  status: 'active' | 'dismissed';
  changedAt: number;
  updatedAt: string;
}

export interface GroupCode {
  id: string;
  name: string;
  chatIds: string[];
  memberCap: number;
  autoCreate: boolean;
  roomBaseName: string;
  welcomeTemplateId?: string;
  qrCode: string;
  status: 'active' | 'exhausted' | 'deleted';
  createdAt: string;
  groups: Array<{ chatId: string; name: string; memberCount: number; status: 'in_use' | 'full' | 'dismissed' | 'waiting' }>;
}

export interface WelcomeTemplate {
  id: string;
  name?: string;
  text: string;
  notify: boolean;
  status: 'active' | 'deleted';
  createdAt: string;
  updatedAt: string;
}

export const tenantPath = (corpId: string, rest: string) => `/admin/v1/tenants/${encodeURIComponent(corpId)}/${rest}`;

/** The welcome as a new member named `name` reads it. */
export const previewWelcome = (text: string, name: string) => text.replace(/\{\{\s*name\s*\}\}/g, name);
