// Composition of the outreach slice (broadcasts, SOP plans, the quota ledger): its stores on the single
// table, and everything the broadcast and SOP jobs need (WeCom client, follows, groups, event log, due
// markers and leases). Built once per container by the handlers.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerStores } from '../customers/stores';
import { DynamoBroadcastStore } from '../db/broadcast-repository';
import { DynamoEventLog } from '../db/event-log-repository';
import { DynamoGroupStore } from '../db/group-repository';
import { DynamoQuotaLedger } from '../db/quota-ledger-repository';
import { DynamoSopStore } from '../db/sop-repository';
import { scheduleStores } from './jobs-context';
import { wecomContext } from './wecom-context';

export function outreachStores(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    quota: new DynamoQuotaLedger(doc, tableName),
    broadcasts: new DynamoBroadcastStore(doc, tableName),
    sopPlans: new DynamoSopStore(doc, tableName),
  };
}

/** What runBroadcasts and runSop need, from the environment. */
export function outreachContext() {
  const { doc, tableName, ...ctx } = wecomContext();
  return {
    ...ctx,
    ...customerStores(doc, tableName),
    groups: new DynamoGroupStore(doc, tableName),
    eventLog: new DynamoEventLog(doc, tableName),
    ...outreachStores(doc, tableName),
    ...scheduleStores(doc, tableName),
  };
}
