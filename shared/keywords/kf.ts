// Ports of the 微信客服 (kf) reply path: the sync cursor per kf account and once-only reply markers.
export interface KfStore {
  cursor(corpId: string, openKfId: string): Promise<string | undefined>;
  saveCursor(corpId: string, openKfId: string, cursor: string): Promise<void>;
  /** Whether a reply to this customer message was already sent. */
  replied(corpId: string, openKfId: string, msgid: string): Promise<boolean>;
  markReplied(corpId: string, openKfId: string, msgid: string, reply: { ruleId: string; sentMsgid: string; at: number }): Promise<void>;
}
