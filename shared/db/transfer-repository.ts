// Inheritances (离职/在职继承) on the single table: one item per transfer under the tenant (sk TRANSFER#<id>, ids
// time-ordered, so a reverse query lists newest first) holding its per-customer / per-group items. Every write
// after creation is conditional on the version read, so two runs of the transfers job never overwrite each other.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransferRecord } from '../domain/transfer';
import { keys } from './keys';
import { VersionedRecords } from './versioned-records';

export interface TransferStore {
  get(corpId: string, id: string): Promise<TransferRecord | undefined>;
  create(t: TransferRecord): Promise<void>;
  /** Stores `t` if the stored one is still version `t.version - 1`; false otherwise. */
  update(t: TransferRecord): Promise<boolean>;
  /** Newest first; `after` is the last id of the previous page. */
  list(corpId: string, limit: number, after?: string): Promise<{ items: TransferRecord[]; last: string | null }>;
}

/** Transfers through the shared versioned-record store (shared/db/versioned-records.ts). */
export class DynamoTransferStore extends VersionedRecords<TransferRecord> implements TransferStore {
  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    super(doc, tableName, { entity: 'transfer', prefix: 'TRANSFER#', key: keys.transfer });
  }
}
