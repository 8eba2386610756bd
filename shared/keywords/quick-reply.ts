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
