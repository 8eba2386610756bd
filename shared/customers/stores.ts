// The customer, staff and tag stores on the single table (composition root; no logic).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCustomerStore } from '../db/customer-repository';
import { DynamoFollowStore } from '../db/follow-repository';
import { DynamoStaffStore } from '../db/staff-repository';
import { DynamoTagStore } from '../db/tag-repository';

export function customerStores(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    follows: new DynamoFollowStore(doc, tableName),
    customerRecords: new DynamoCustomerStore(doc, tableName),
    staffRegistry: new DynamoStaffStore(doc, tableName),
    tagMirror: new DynamoTagStore(doc, tableName),
  };
}
