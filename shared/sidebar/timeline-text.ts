// What staff read on the sidebar's customer timeline: one Chinese line per item (adds, deletions, tag and
// remark changes, orders), staff and tags by name. Pure: no I/O.
import type { TimelineItem } from '../domain/customers';

export interface TimelineNames {
  staff: (userId: string) => string;
  tag: (tagId: string) => string;
  channel: (channelId: string) => string | undefined;
}

const list = (ids: unknown, name: (id: string) => string) =>
  Array.isArray(ids)
    ? ids
        .filter((x): x is string => typeof x === 'string')
        .map(name)
        .join('、')
    : '';

export function timelineText(t: Pick<TimelineItem, 'kind' | 'userId' | 'channelId' | 'detail'>, names: TimelineNames): string {
  const who = names.staff(t.userId);
  switch (t.kind) {
    case 'added': {
      const channel = t.channelId ? names.channel(t.channelId) : undefined;
      return channel ? `通过渠道「${channel}」添加了${who}` : `添加了${who}`;
    }
    case 'added_half':
      return `添加了${who}（待${who}通过）`;
    case 'deleted_by_staff':
      return `${who}删除了客户`;
    case 'deleted_by_customer':
      return `客户删除了${who}`;
    case 'transfer_failed':
      return `转接给${who}失败`;
    case 'transferred':
      return `由${typeof t.detail?.from === 'string' ? names.staff(t.detail.from) : '原成员'}转接给${who}`;
    case 'tags_changed': {
      const added = list(t.detail?.added, names.tag);
      const removed = list(t.detail?.removed, names.tag);
      const parts = [added ? `添加标签 ${added}` : '', removed ? `移除标签 ${removed}` : ''].filter(Boolean);
      return `${who}${parts.length ? parts.join('，') : '修改了标签'}`;
    }
    case 'remark_changed': {
      const remark = typeof t.detail?.remark === 'string' ? `：${t.detail.remark}` : '';
      return `${who}修改了备注${remark}`;
    }
    case 'stage_changed': {
      const from = typeof t.detail?.from === 'string' ? `从「${t.detail.from}」` : '';
      const to = typeof t.detail?.to === 'string' ? t.detail.to : '';
      return `${who}将客户阶段${from}改为「${to}」`;
    }
  }
}

/** An order's line: the amount in 元 with two decimals. */
export const orderText = (amountFen: number) => `下单 ¥${(amountFen / 100).toFixed(2)}`;
