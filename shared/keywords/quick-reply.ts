// Quick replies (话术库): scripts staff can send, in groups; keyword rules point at them. Port.
export interface QuickReply {
  corpId: string;
  id: string;
  group: string;
  title: string;
  content: string;
  attachments: Array<Record<string, unknown>>;
  createdAt: string;
}

export interface QuickReplyStore {
  put(r: QuickReply): Promise<void>;
  list(corpId: string): Promise<QuickReply[]>;
}

/** How often each member sent each quick reply from the sidebar (most used first per member). */
export interface QuickReplyUses {
  /** The member's use counts by quick reply id (replies never sent are absent). */
  usesOf(corpId: string, userId: string): Promise<Map<string, number>>;
  /** Counts one more send (atomic) and returns the new count. */
  countUse(corpId: string, userId: string, id: string): Promise<number>;
}
