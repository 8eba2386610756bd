import { addMomentTaskBody, canMoveMoment, momentIssues, momentTaskOutcome, type MomentAttachment, type MomentContent } from './moments';
import { limitsOn, WECOM_LIMITS, type WecomLimits } from './quota';

const limits = limitsOn('2026-11-23').moments;
const image = (i: number): MomentAttachment => ({ msgtype: 'image', image: { media_id: `img${i}` } });
const video: MomentAttachment = { msgtype: 'video', video: { media_id: 'vid' } };
const link: MomentAttachment = { msgtype: 'link', link: { title: '双十一', url: 'https://example.com/a' } };
const content = (o: Partial<MomentContent>): MomentContent => ({ text: '周末活动', attachments: [], senders: [], visibleTags: [], ...o });

describe('moments limits', () => {
  it('takes 9 images, 1 video or 1 link, with text up to 2000 characters', () => {
    expect(momentIssues(content({ attachments: Array.from({ length: 9 }, (_, i) => image(i)) }), limits)).toEqual([]);
    expect(momentIssues(content({ attachments: [video] }), limits)).toEqual([]);
    expect(momentIssues(content({ text: undefined, attachments: [link] }), limits)).toEqual([]);
    expect(momentIssues(content({ text: '字'.repeat(2000) }), limits)).toEqual([]);
  });

  it('names the field of every limit broken', () => {
    expect(momentIssues(content({ attachments: Array.from({ length: 10 }, (_, i) => image(i)) }), limits)).toEqual([
      { field: 'attachments', message: 'at most 9 images (got 10)' },
    ]);
    expect(momentIssues(content({ attachments: [video, video] }), limits)).toEqual([{ field: 'attachments', message: 'at most 1 video (got 2)' }]);
    expect(momentIssues(content({ attachments: [link, link] }), limits)).toEqual([{ field: 'attachments', message: 'at most 1 link (got 2)' }]);
    expect(momentIssues(content({ attachments: [image(1), video] }), limits)[0]).toMatchObject({
      field: 'attachments',
      message: expect.stringContaining('not a mix'),
    });
    expect(momentIssues(content({ text: '字'.repeat(2001) }), limits)).toEqual([{ field: 'text', message: 'at most 2000 characters (got 2001)' }]);
    expect(momentIssues(content({ text: undefined }), limits)).toEqual([{ field: 'text', message: 'text or attachments is required' }]);
    const senders = Array.from({ length: 100_001 }, (_, i) => `u${i}`);
    expect(momentIssues(content({ senders }), limits)).toEqual([{ field: 'senders', message: 'at most 100000 executors (got 100001)' }]);
    expect(momentIssues(content({ senders: senders.slice(0, 100_000) }), limits)).toEqual([]);
  });

  it('follows the limits given (dated configuration)', () => {
    const tighter: WecomLimits['moments'] = { ...WECOM_LIMITS.at(-1)!.moments, images: 4 };
    expect(momentIssues(content({ attachments: [1, 2, 3, 4, 5].map(image) }), tighter)).toEqual([
      { field: 'attachments', message: 'at most 4 images (got 5)' },
    ]);
  });
});

describe('moments status machine and WeCom shapes', () => {
  it('moves scheduled → submitting → submitted → published|failed, and never out of a final status', () => {
    expect(canMoveMoment('scheduled', 'submitting')).toBe(true);
    expect(canMoveMoment('scheduled', 'submitted')).toBe(false);
    expect(canMoveMoment('scheduled', 'failed')).toBe(true); // a material it names was deleted
    expect(canMoveMoment('submitting', 'submitted')).toBe(true);
    expect(canMoveMoment('submitting', 'scheduled')).toBe(true);
    expect(canMoveMoment('submitting', 'failed')).toBe(true);
    expect(canMoveMoment('submitted', 'published')).toBe(true);
    expect(canMoveMoment('submitted', 'submitting')).toBe(false);
    for (const s of ['published', 'failed'] as const)
      for (const t of ['scheduled', 'submitting', 'submitted', 'published', 'failed'] as const) expect(canMoveMoment(s, t)).toBe(false);
  });

  it('builds add_moment_task: text, attachments, executors and visible tags (deduplicated)', () => {
    expect(addMomentTaskBody(content({ attachments: [link], senders: ['u1', 'u1', 'u2'], visibleTags: ['t1'] }))).toEqual({
      text: { content: '周末活动' },
      attachments: [link],
      visible_range: { sender_list: { user_list: ['u1', 'u2'] }, external_contact_list: { tag_list: ['t1'] } },
    });
    expect(addMomentTaskBody(content({}))).toEqual({ text: { content: '周末活动' } });
  });

  it('reads get_moment_task_result: 1/2 not final, 3 published or failed by result.errcode', () => {
    expect(momentTaskOutcome({ status: 1 })).toEqual({ final: false });
    expect(momentTaskOutcome({ status: 2 })).toEqual({ final: false });
    expect(
      momentTaskOutcome({
        status: 3,
        result: {
          errcode: 0,
          errmsg: 'ok',
          moment_id: 'mom1',
          invalid_sender_list: { user_list: ['ghost'] },
          invalid_external_contact_list: { tag_list: ['tx'] },
        },
      }),
    ).toEqual({ final: true, status: 'published', results: { momentId: 'mom1', invalidSenders: ['ghost'], invalidTags: ['tx'] } });
    expect(momentTaskOutcome({ status: 3, result: { errcode: 40058, errmsg: 'invalid attachments size' } })).toEqual({
      final: true,
      status: 'failed',
      results: { momentId: undefined, invalidSenders: [], invalidTags: [], errcode: 40058, errmsg: 'invalid attachments size' },
    });
  });
});
