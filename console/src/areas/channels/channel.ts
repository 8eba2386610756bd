// Channels (渠道活码) as the console uses them: the API's view (GET/POST …/channels), the form's draft and
// how a draft becomes the create/PATCH body, the `{{name}}` welcome preview, comma lists.
export interface DayStats {
  adds: number;
  deletions: number;
  deletedByStaff: number;
  deletedByCustomer: number;
  net: number;
}
export interface ScheduleWindow {
  days: number[];
  from: string;
  to: string;
}
export interface Channel {
  id: string;
  state: string;
  name: string;
  staff: string[];
  backupStaff: string[];
  skipVerify: boolean;
  autoAccept: { mode: 'always' | 'schedule' | 'never'; windows: ScheduleWindow[] };
  dailyCapPerStaff: number;
  tags: string[];
  remark?: string;
  welcome?: { text: string; attachments?: unknown[] };
  configId: string;
  qrCode: string;
  /** A 获客链接 channel has a link (to publish: customerUrl) instead of a QR code. */
  kind?: 'contact_way' | 'acquisition_link';
  link?: { id: string; url: string; customerUrl: string } | null;
  status: 'active' | 'deleted';
  createdAt: string;
  updatedAt: string;
  contactWay: { staff: string[]; cappedStaff: string[]; usingBackup: boolean; verificationForced: boolean } | null;
}
export type ChannelWithTotals = Channel & { stats: { total: DayStats } };
export type ChannelWithDays = Channel & { stats: { total: DayStats; days: Array<DayStats & { day: string }> } };

export interface ChannelDraft {
  name: string;
  staff: string;
  backupStaff: string;
  dailyCapPerStaff: number;
  mode: 'always' | 'schedule' | 'never';
  windows: ScheduleWindow[];
  tags: string;
  remark: string;
  welcome: string;
}

/** `a, b，c` (ASCII or Chinese commas, spaces, new lines) → ['a', 'b', 'c']. */
export const splitList = (s: string) =>
  s
    .split(/[\s,，、]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

export const emptyDraft = (): ChannelDraft => ({
  name: '',
  staff: '',
  backupStaff: '',
  dailyCapPerStaff: 0,
  mode: 'always',
  windows: [],
  tags: '',
  remark: '',
  welcome: '',
});

export const draftOf = (c: Channel): ChannelDraft => ({
  name: c.name,
  staff: c.staff.join(', '),
  backupStaff: c.backupStaff.join(', '),
  dailyCapPerStaff: c.dailyCapPerStaff,
  mode: c.autoAccept.mode,
  windows: c.autoAccept.windows.map((w) => ({ ...w, days: [...w.days] })),
  tags: c.tags.join(', '),
  remark: c.remark ?? '',
  welcome: c.welcome?.text ?? '',
});

/**
 * The request body of a draft. skipVerify follows the auto-accept mode (never: verify every add). An empty
 * welcome is left out on create (the tenant's default welcome applies) and kept as it was on edit.
 */
export function bodyOf(d: ChannelDraft, existing?: Channel): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: d.name.trim(),
    staff: splitList(d.staff),
    backupStaff: splitList(d.backupStaff),
    skipVerify: d.mode !== 'never',
    autoAccept: { mode: d.mode, windows: d.mode === 'schedule' ? d.windows : [] },
    dailyCapPerStaff: Number(d.dailyCapPerStaff) || 0,
    tags: splitList(d.tags),
  };
  if (d.remark.trim() !== '' || existing?.remark !== undefined) body.remark = d.remark.trim();
  if (d.welcome.trim() !== '') body.welcome = { ...(existing?.welcome ?? {}), text: d.welcome };
  return body;
}

/** The welcome as a customer named `name` reads it. */
export const previewWelcome = (text: string, name: string) => text.replace(/\{\{\s*name\s*\}\}/g, name);
