// What every writer of channels' contact ways needs (the auto-accept consumer, the channel-review
// schedule, the admin API): the channel, activity and lease stores on one table, and a real clock.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactWaySyncDeps } from '../channels/contact-way-sync';
import { DynamoChannelActivityStore } from '../db/channel-activity-repository';
import { DynamoChannelStore } from '../db/channel-repository';
import { DynamoLeaseStore } from '../db/lease-repository';

export function channelContext(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    channels: new DynamoChannelStore(doc, tableName),
    activity: new DynamoChannelActivityStore(doc, tableName),
    leases: new DynamoLeaseStore(doc, tableName),
    nowMs: Date.now,
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  } satisfies ContactWaySyncDeps;
}
