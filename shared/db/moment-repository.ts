// Moments campaigns on the single table: one item per campaign under the tenant (sk MOMENT#<id>, ids
// time-ordered, so a reverse query lists newest first). Every write after creation is conditional on the
// version read and on the status it moves from, so e.g. scheduled → submitting happens once.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MomentCampaign, MomentStatus } from '../domain/moments';
import { keys } from './keys';
import { VersionedRecords } from './versioned-records';

export interface MomentStore {
  get(corpId: string, id: string): Promise<MomentCampaign | undefined>;
  create(c: MomentCampaign): Promise<void>;
  /** Stores `c` if the stored one is still version `c.version - 1` in status `from`; false otherwise. */
  update(c: MomentCampaign, from: MomentStatus): Promise<boolean>;
  /** Newest first; `after` is the last id of the previous page. */
  list(corpId: string, limit: number, after?: string): Promise<{ items: MomentCampaign[]; last: string | null }>;
}

/** Campaigns through the shared versioned-record store; an update also needs the status it moves from. */
export class DynamoMomentStore implements MomentStore {
  private readonly records: VersionedRecords<MomentCampaign>;

  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    this.records = new VersionedRecords(doc, tableName, { entity: 'moment', prefix: 'MOMENT#', key: keys.moment });
  }

  get(corpId: string, id: string): Promise<MomentCampaign | undefined> {
    return this.records.get(corpId, id);
  }

  create(c: MomentCampaign): Promise<void> {
    return this.records.create(c);
  }

  update(c: MomentCampaign, from: MomentStatus): Promise<boolean> {
    return this.records.update(c, { expression: '#s = :from', names: { '#s': 'status' }, values: { ':from': from } });
  }

  list(corpId: string, limit: number, after?: string): Promise<{ items: MomentCampaign[]; last: string | null }> {
    return this.records.list(corpId, limit, after);
  }
}
