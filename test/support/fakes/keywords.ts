// Fakes of the keyword-reply stores.
// - InMemoryKfStore ~ shared/db/kf-repository.ts: one sync cursor per kf account (a put replaces it) and
//   one reply marker per customer message (markReplied is a plain put: the last one written stays).
// - InMemoryQuickReplyStore ~ shared/db/quick-reply-repository.ts: list (id order)/put that replaces; per-member send counts.
// The keyword-rule store fake is InMemoryKeywordRuleStore in ../fakes.ts.
import type { KfStore } from '../../../shared/keywords/kf';
import type { QuickReply, QuickReplyStore, QuickReplyUses } from '../../../shared/keywords/quick-reply';
import { RecordTable } from './common';

export class InMemoryKfStore implements KfStore {
  private readonly cursors = new Map<string, string>();
  readonly replies = new Map<string, { ruleId: string; sentMsgid: string; at: number }>();

  async cursor(corpId: string, openKfId: string): Promise<string | undefined> {
    return this.cursors.get(`${corpId}\n${openKfId}`);
  }

  async saveCursor(corpId: string, openKfId: string, cursor: string): Promise<void> {
    this.cursors.set(`${corpId}\n${openKfId}`, cursor);
  }

  async replied(corpId: string, openKfId: string, msgid: string): Promise<boolean> {
    return this.replies.has(`${corpId}\n${openKfId}\n${msgid}`);
  }

  async markReplied(corpId: string, openKfId: string, msgid: string, reply: { ruleId: string; sentMsgid: string; at: number }): Promise<void> {
    this.replies.set(`${corpId}\n${openKfId}\n${msgid}`, { ...reply });
  }
}

export class InMemoryQuickReplyStore extends RecordTable<QuickReply> implements QuickReplyStore, QuickReplyUses {
  readonly uses = new Map<string, number>();
  constructor() {
    super((r) => r.id);
  }

  async usesOf(corpId: string, userId: string): Promise<Map<string, number>> {
    const prefix = `${corpId}\n${userId}\n`;
    return new Map([...this.uses].filter(([k]) => k.startsWith(prefix)).map(([k, n]) => [k.slice(prefix.length), n]));
  }

  async countUse(corpId: string, userId: string, id: string): Promise<number> {
    const k = `${corpId}\n${userId}\n${id}`;
    const n = (this.uses.get(k) ?? 0) + 1;
    this.uses.set(k, n);
    return n;
  }
}
