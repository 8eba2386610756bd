// The relationship projection on DynamoDB Local: order-safe by CreateTime, whatever the delivery order.
import { randomUUID } from 'node:crypto';
import { makeDocumentClient } from '../../shared/aws/clients';
import { DynamoFollowStore } from '../../shared/db/follow-repository';
import { queueMessage } from '../../shared/testing/queue-messages';
import { applyContactChange } from './apply-contact-change';

const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const follows = new DynamoFollowStore(doc, process.env.TABLE_NAME!);
afterAll(() => doc.destroy());

const corpId = `wwrel${randomUUID().slice(0, 8)}`;
const msg = (type: string, at: number, ext: string, extra: Record<string, unknown> = {}) =>
  queueMessage({
    corpId,
    type: `change_external_contact.${type}`,
    occurredAt: at,
    event: { UserID: 'zhangsan', ExternalUserID: ext, ...extra },
  });
const statusOf = async (ext: string) => (await follows.followsOfCustomer(corpId, ext))[0];

describe('applyContactChange', () => {
  it('a delete that arrives before its add leaves the customer deleted, and keeps when/how they were added', async () => {
    const ext = `wm${randomUUID()}`;
    expect(await applyContactChange({ follows }, msg('del_follow_user', 1_700_000_100, ext))).toBe('applied');
    expect(await applyContactChange({ follows }, msg('add_external_contact', 1_700_000_000, ext, { State: 'c1' }))).toBe('stale');
    expect(await statusOf(ext)).toMatchObject({ status: 'deleted_by_customer', addedAt: 1_700_000_000, state: 'c1' });
  });

  it('same second: the delete wins in either order', async () => {
    for (const order of [
      ['add_external_contact', 'del_external_contact'],
      ['del_external_contact', 'add_external_contact'],
    ]) {
      const ext = `wm${randomUUID()}`;
      for (const t of order) await applyContactChange({ follows }, msg(t!, 1_700_000_500, ext));
      expect((await statusOf(ext))?.status).toBe('deleted_by_staff');
    }
  });

  it('a later re-add makes the relationship active again; half then full add keeps it active', async () => {
    const ext = `wm${randomUUID()}`;
    await applyContactChange({ follows }, msg('add_half_external_contact', 1_700_000_000, ext, { State: 'ch' }));
    await applyContactChange({ follows }, msg('add_external_contact', 1_700_000_000, ext, { State: 'ch' }));
    expect((await statusOf(ext))?.status).toBe('active');
    await applyContactChange({ follows }, msg('del_external_contact', 1_700_000_010, ext));
    await applyContactChange({ follows }, msg('add_external_contact', 1_700_000_020, ext));
    expect(await statusOf(ext)).toMatchObject({ status: 'active', addedAt: 1_700_000_020 });
  });

  it('ignores events that do not change follow state', async () => {
    const ext = `wm${randomUUID()}`;
    expect(await applyContactChange({ follows }, msg('edit_external_contact', 1_700_000_000, ext))).toBe('ignored');
    expect(await applyContactChange({ follows }, msg('transfer_fail', 1_700_000_000, ext, { FailReason: 'customer_refused' }))).toBe('ignored');
    expect(await follows.followsOfCustomer(corpId, ext)).toEqual([]);
  });
});
