// Composition of the moments slice: its store on the single table, and what the moments job needs
// (tenants, secrets, the WeCom client, due markers and leases). Built once per container by the handlers.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoMomentStore } from '../db/moment-repository';
import { scheduleStores } from './jobs-context';
import { wecomContext } from './wecom-context';

export function momentStores(doc: DynamoDBDocumentClient, tableName: string) {
  return { moments: new DynamoMomentStore(doc, tableName) };
}

/** What runMoments needs, from the environment. */
export function momentsContext() {
  const { doc, tableName, ...ctx } = wecomContext();
  return { ...ctx, ...momentStores(doc, tableName), ...scheduleStores(doc, tableName) };
}
