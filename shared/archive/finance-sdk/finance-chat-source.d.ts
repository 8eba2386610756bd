// TYPE-ONLY STAND-IN for helper "finance-sdk"'s shared/archive/finance-sdk/finance-chat-source.ts, declaring
// exactly the agreed interface so the puller typechecks on this branch. Delete when the binding is merged.
import type { ChatDataSource } from '../archive-feed';
import type { ArchiveEntry } from '../archive-message';
import type { FinanceSdk } from './finance-sdk';

export interface ArchivePrivateKeys {
  get(version: number): string | undefined;
}
export interface MediaSink {
  put(md5: string, bytes: Buffer, meta: { sdkfileid: string; msgtype: string }): Promise<string>;
}
export declare class FinanceSdkChatSource implements ChatDataSource {
  constructor(opts: {
    sdk: FinanceSdk;
    corpId: string;
    keys: ArchivePrivateKeys;
    media?: MediaSink;
    timeoutSeconds?: number;
    proxy?: string;
    proxyPassword?: string;
  });
  getChatData(corpId: string, seq: number, limit: number): Promise<ArchiveEntry[]>;
}
