// The WeCom endpoints we call: path, method, request and response schemas (docs/wecom.md, one
// section per group below). Requests are checked before anything is sent; responses are validated on success.
// Schemas are loose: fields WeCom adds later pass through, and we only name the fields we read.
import * as z from 'zod';

export type HttpMethod = 'GET' | 'POST';

export interface EndpointDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  path: string;
  method: HttpMethod;
  /** `json`: POST body; `query`: GET parameters; `multipart`: the `media` file as form data, the rest in the query. */
  encoding: 'json' | 'query' | 'multipart';
  request: Req;
  response: Res;
}

const errFields = { errcode: z.number(), errmsg: z.string() };
/** A response: errcode/errmsg plus the fields we read. */
const res = <S extends z.core.$ZodLooseShape>(shape: S) => z.looseObject({ ...errFields, ...shape });
const ok = res({});

const id = z.string().min(1).max(256);
const userId = z.string().min(1).max(64);
const cursor = z.string().max(256).optional();
/** 「联系我」 and join-way channel keys: ≤ 30 characters. */
const state = z.string().refine((s) => [...s].length <= 30, 'state must be at most 30 characters');
const utf8Max = (n: number) => z.string().refine((s) => Buffer.byteLength(s, 'utf8') <= n, `at most ${n} bytes`);

const attachment = z.looseObject({
  msgtype: z.enum(['image', 'link', 'miniprogram', 'video', 'file']),
  image: z.looseObject({ media_id: z.string().optional(), pic_url: z.string().optional() }).optional(),
  link: z.looseObject({ title: utf8Max(128), url: z.string(), picurl: z.string().optional(), desc: utf8Max(512).optional() }).optional(),
  miniprogram: z.looseObject({ title: utf8Max(64), pic_media_id: z.string(), appid: z.string(), page: z.string() }).optional(),
  video: z.looseObject({ media_id: z.string() }).optional(),
  file: z.looseObject({ media_id: z.string() }).optional(),
});
const text = (maxBytes: number) => z.looseObject({ content: utf8Max(maxBytes) });

/** transfer_result / resigned/transfer_result: status 1 接替完毕, 2 等待接替, 3 客户拒绝, 4 接替成员客户达到上限, 5 无接替记录. */
const transferResultResponse = res({
  customer: z.array(z.looseObject({ external_userid: z.string(), status: z.number(), takeover_time: z.number().optional() })).default([]),
  next_cursor: z.string().optional(),
});
const groupTransferResponse = res({
  failed_chat_list: z.array(z.looseObject({ chat_id: z.string(), errcode: z.number(), errmsg: z.string().optional() })).default([]),
});

const followUser = z.looseObject({
  userid: z.string(),
  remark: z.string().optional(),
  description: z.string().optional(),
  createtime: z.number(),
  tags: z
    .array(z.looseObject({ group_name: z.string().optional(), tag_name: z.string().optional(), type: z.number().optional(), tag_id: z.string().optional() }))
    .optional(),
  remark_mobiles: z.array(z.string()).optional(),
  oper_userid: z.string().optional(),
  add_way: z.number().optional(),
  state: z.string().optional(),
});
const externalContact = z.looseObject({
  external_userid: z.string(),
  name: z.string(),
  type: z.number(),
  avatar: z.string().optional(),
  gender: z.number().optional(),
  unionid: z.string().optional(),
  corp_name: z.string().optional(),
});
const tag = z.looseObject({
  id: z.string(),
  name: z.string(),
  create_time: z.number().optional(),
  order: z.number().optional(),
  deleted: z.boolean().optional(),
});
const tagGroup = z.looseObject({
  group_id: z.string(),
  group_name: z.string(),
  create_time: z.number().optional(),
  order: z.number().optional(),
  deleted: z.boolean().optional(),
  tag: z.array(tag),
});
const contactWayFields = {
  style: z.number().int().optional(),
  remark: z.string().max(30).optional(),
  skip_verify: z.boolean().optional(),
  state: state.optional(),
  user: z.array(userId).max(100).optional(),
  party: z.array(z.number().int()).optional(),
  expires_in: z.number().int().positive().optional(),
  chat_expires_in: z.number().int().positive().optional(),
  unionid: z.string().optional(),
  conclusions: z.looseObject({}).optional(),
};
const joinWayRequest = z.looseObject({
  scene: z.union([z.literal(1), z.literal(2)]),
  remark: z.string().optional(),
  auto_create_room: z.union([z.literal(0), z.literal(1)]).optional(),
  room_base_name: z.string().max(40).optional(),
  room_base_id: z.number().int().optional(),
  chat_id_list: z.array(id).min(1).max(5),
  state: state.optional(),
});
const upload = z.object({
  filename: z.string().min(1),
  contentType: z.string().optional(),
  data: z.instanceof(Uint8Array),
});
const createdAt = z.union([z.string(), z.number()]).transform(Number);

export const endpoints = {
  gettoken: {
    path: '/cgi-bin/gettoken',
    method: 'GET',
    encoding: 'query',
    request: z.object({ corpid: z.string().min(1), corpsecret: z.string().min(1) }),
    response: res({ access_token: z.string().min(1).max(2048), expires_in: z.number().positive() }),
  },

  // ---- JS-SDK tickets (docs/wecom.md#js-sdk; shared/wecom/jsapi-tickets.ts caches them) ----
  get_jsapi_ticket: {
    path: '/cgi-bin/get_jsapi_ticket',
    method: 'GET',
    encoding: 'query',
    request: z.object({}),
    response: res({ ticket: z.string().min(1).max(512), expires_in: z.number().positive() }),
  },
  'ticket/get': {
    path: '/cgi-bin/ticket/get',
    method: 'GET',
    encoding: 'query',
    request: z.object({ type: z.literal('agent_config') }),
    response: res({ ticket: z.string().min(1).max(512), expires_in: z.number().positive() }),
  },

  // ---- welcome messages (docs/wecom.md#welcome-code) ----
  'externalcontact/send_welcome_msg': {
    path: '/cgi-bin/externalcontact/send_welcome_msg',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ welcome_code: z.string().min(1), text: text(4000).optional(), attachments: z.array(attachment).max(9).optional() }),
    response: ok,
  },
  'externalcontact/group_welcome_template/add': {
    path: '/cgi-bin/externalcontact/group_welcome_template/add',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ text: text(3000).optional(), notify: z.union([z.literal(0), z.literal(1)]).optional() }),
    response: res({ template_id: z.string() }),
  },
  'externalcontact/group_welcome_template/edit': {
    path: '/cgi-bin/externalcontact/group_welcome_template/edit',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ template_id: id, text: text(3000).optional() }),
    response: ok,
  },
  'externalcontact/group_welcome_template/get': {
    path: '/cgi-bin/externalcontact/group_welcome_template/get',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ template_id: id }),
    response: res({ text: z.looseObject({ content: z.string().optional() }).optional() }),
  },
  'externalcontact/group_welcome_template/del': {
    path: '/cgi-bin/externalcontact/group_welcome_template/del',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ template_id: id }),
    response: ok,
  },

  // ---- 「联系我」 (docs/wecom.md#contact-ways) ----
  'externalcontact/add_contact_way': {
    path: '/cgi-bin/externalcontact/add_contact_way',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      type: z.union([z.literal(1), z.literal(2)]),
      scene: z.union([z.literal(1), z.literal(2)]),
      is_temp: z.boolean().optional(),
      ...contactWayFields,
    }),
    response: res({ config_id: z.string(), qr_code: z.string().optional() }),
  },
  'externalcontact/get_contact_way': {
    path: '/cgi-bin/externalcontact/get_contact_way',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ config_id: id }),
    response: res({
      contact_way: z.looseObject({
        config_id: z.string(),
        type: z.number(),
        scene: z.number(),
        state: z.string().optional(),
        qr_code: z.string().optional(),
        user: z.array(z.string()).optional(),
        party: z.array(z.number()).optional(),
      }),
    }),
  },
  'externalcontact/update_contact_way': {
    path: '/cgi-bin/externalcontact/update_contact_way',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ config_id: id, ...contactWayFields }),
    response: ok,
  },
  'externalcontact/del_contact_way': {
    path: '/cgi-bin/externalcontact/del_contact_way',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ config_id: id }),
    response: ok,
  },
  'externalcontact/list_contact_way': {
    path: '/cgi-bin/externalcontact/list_contact_way',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      start_time: z.number().int().optional(),
      end_time: z.number().int().optional(),
      cursor,
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    response: res({ contact_way: z.array(z.looseObject({ config_id: z.string() })), next_cursor: z.string().optional() }),
  },

  // ---- 获客助手 acquisition links (../shared/docs/wecom-frontier.md §3; self-built app secret, not 客户联系's) ----
  'externalcontact/customer_acquisition/list_link': {
    path: '/cgi-bin/externalcontact/customer_acquisition/list_link',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ limit: z.number().int().min(1).max(100).optional(), cursor }),
    response: res({ link_id_list: z.array(z.string()), next_cursor: z.string().optional() }),
  },
  'externalcontact/customer_acquisition/get': {
    path: '/cgi-bin/externalcontact/customer_acquisition/get',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ link_id: id }),
    response: res({
      link: z.looseObject({ link_name: z.string(), url: z.string(), create_time: z.number(), skip_verify: z.boolean().optional() }),
      range: z.looseObject({ user_list: z.array(z.string()).optional(), department_list: z.array(z.number()).optional() }),
    }),
  },
  'externalcontact/customer_acquisition/create_link': {
    path: '/cgi-bin/externalcontact/customer_acquisition/create_link',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      link_name: z.string().min(1),
      range: z.looseObject({ user_list: z.array(userId).optional(), department_list: z.array(z.number().int()).optional() }),
      skip_verify: z.boolean().optional(),
    }),
    response: res({ link: z.looseObject({ link_id: z.string(), link_name: z.string(), url: z.string(), create_time: z.number() }) }),
  },
  'externalcontact/customer_acquisition/update_link': {
    path: '/cgi-bin/externalcontact/customer_acquisition/update_link',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      link_id: id,
      link_name: z.string().min(1).optional(),
      range: z.looseObject({ user_list: z.array(userId).optional(), department_list: z.array(z.number().int()).optional() }).optional(),
      skip_verify: z.boolean().optional(),
    }),
    response: ok,
  },
  'externalcontact/customer_acquisition/delete_link': {
    path: '/cgi-bin/externalcontact/customer_acquisition/delete_link',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ link_id: id }),
    response: ok,
  },
  'externalcontact/customer_acquisition/customer': {
    path: '/cgi-bin/externalcontact/customer_acquisition/customer',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ link_id: id, limit: z.number().int().min(1).max(1000).optional(), cursor }),
    response: res({
      customer_list: z.array(z.looseObject({ external_userid: z.string(), userid: z.string(), chat_status: z.number(), state: z.string().optional() })),
      next_cursor: z.string().optional(),
    }),
  },
  'externalcontact/customer_acquisition_quota': {
    path: '/cgi-bin/externalcontact/customer_acquisition_quota',
    method: 'GET',
    encoding: 'query',
    request: z.object({}),
    response: res({
      total: z.number(),
      balance: z.number(),
      quota_list: z.array(z.looseObject({ expire_date: z.number(), balance: z.number() })).optional(),
    }),
  },
  'externalcontact/customer_acquisition/statistic': {
    path: '/cgi-bin/externalcontact/customer_acquisition/statistic',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ link_id: id, start_time: z.number().int(), end_time: z.number().int() }),
    response: res({ click_link_customer_cnt: z.number(), new_customer_cnt: z.number() }),
  },

  // ---- 「加入群聊」 (docs/wecom.md#group-join-ways) ----
  'externalcontact/groupchat/add_join_way': {
    path: '/cgi-bin/externalcontact/groupchat/add_join_way',
    method: 'POST',
    encoding: 'json',
    request: joinWayRequest,
    response: res({ config_id: z.string() }),
  },
  'externalcontact/groupchat/get_join_way': {
    path: '/cgi-bin/externalcontact/groupchat/get_join_way',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ config_id: id }),
    response: res({
      join_way: z.looseObject({
        config_id: z.string(),
        scene: z.number(),
        chat_id_list: z.array(z.string()),
        qr_code: z.string().optional(),
        state: z.string().optional(),
      }),
    }),
  },
  'externalcontact/groupchat/update_join_way': {
    path: '/cgi-bin/externalcontact/groupchat/update_join_way',
    method: 'POST',
    encoding: 'json',
    request: joinWayRequest.extend({ config_id: id }),
    response: ok,
  },
  'externalcontact/groupchat/del_join_way': {
    path: '/cgi-bin/externalcontact/groupchat/del_join_way',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ config_id: id }),
    response: ok,
  },

  // ---- customers and tags (docs/wecom.md#customers-and-tags) ----
  'externalcontact/get_follow_user_list': {
    path: '/cgi-bin/externalcontact/get_follow_user_list',
    method: 'GET',
    encoding: 'query',
    request: z.object({}),
    response: res({ follow_user: z.array(z.string()) }),
  },
  'externalcontact/list': {
    path: '/cgi-bin/externalcontact/list',
    method: 'GET',
    encoding: 'query',
    request: z.object({ userid: userId }),
    response: res({ external_userid: z.array(z.string()) }),
  },
  'externalcontact/get': {
    path: '/cgi-bin/externalcontact/get',
    method: 'GET',
    encoding: 'query',
    request: z.object({ external_userid: id, cursor }),
    response: res({ external_contact: externalContact, follow_user: z.array(followUser), next_cursor: z.string().optional() }),
  },
  'externalcontact/batch/get_by_user': {
    path: '/cgi-bin/externalcontact/batch/get_by_user',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ userid_list: z.array(userId).min(1).max(100), cursor, limit: z.number().int().min(1).max(100).optional() }),
    response: res({
      external_contact_list: z.array(
        z.looseObject({
          external_contact: externalContact,
          follow_info: z.looseObject({
            userid: z.string(),
            createtime: z.number(),
            tag_id: z.array(z.string()).optional(),
            state: z.string().optional(),
            remark: z.string().optional(),
          }),
        }),
      ),
      next_cursor: z.string().optional(),
    }),
  },
  // ---- conversation archive consent (docs/wecom.md#conversation-archive); the field name `exteranalopenid` is WeCom's own spelling ----
  'msgaudit/check_single_agree': {
    path: '/cgi-bin/msgaudit/check_single_agree',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      info: z
        .array(z.looseObject({ userid: userId, exteranalopenid: id }))
        .min(1)
        .max(100),
    }),
    response: res({
      agreeinfo: z.array(
        z.looseObject({ userid: z.string(), exteranalopenid: z.string(), agree_status: z.string(), status_change_time: z.number().optional() }),
      ),
    }),
  },
  // ---- on-job transfer (docs/wecom.md#on-job-transfer): moves a customer to another member; effective after 24 h ----
  'externalcontact/transfer_customer': {
    path: '/cgi-bin/externalcontact/transfer_customer',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      handover_userid: userId,
      takeover_userid: userId,
      external_userid: z.array(id).min(1).max(100),
      transfer_success_msg: z
        .string()
        .refine((s) => [...s].length <= 200, 'at most 200 characters')
        .optional(),
    }),
    response: res({ customer: z.array(z.looseObject({ external_userid: z.string(), errcode: z.number() })) }),
  },
  // ---- inheritance (wecom-frontier.md §7, wecom-api.md §11): resigned transfers, results, unassigned customers, groups ----
  'externalcontact/resigned/transfer_customer': {
    path: '/cgi-bin/externalcontact/resigned/transfer_customer',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ handover_userid: userId, takeover_userid: userId, external_userid: z.array(id).min(1).max(100) }),
    response: res({ customer: z.array(z.looseObject({ external_userid: z.string(), errcode: z.number() })) }),
  },
  'externalcontact/transfer_result': {
    path: '/cgi-bin/externalcontact/transfer_result',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ handover_userid: userId, takeover_userid: userId, cursor }),
    response: transferResultResponse,
  },
  'externalcontact/resigned/transfer_result': {
    path: '/cgi-bin/externalcontact/resigned/transfer_result',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ handover_userid: userId, takeover_userid: userId, cursor }),
    response: transferResultResponse,
  },
  'externalcontact/get_unassigned_list': {
    path: '/cgi-bin/externalcontact/get_unassigned_list',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ cursor, page_size: z.int().min(1).max(1000).optional() }),
    response: res({
      info: z.array(z.looseObject({ handover_userid: z.string(), external_userid: z.string(), dimission_time: z.number().optional() })).default([]),
      is_last: z.boolean().optional(),
      next_cursor: z.string().optional(),
    }),
  },
  'externalcontact/groupchat/transfer': {
    path: '/cgi-bin/externalcontact/groupchat/transfer',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ chat_id_list: z.array(id).min(1).max(100), new_owner: userId }),
    response: groupTransferResponse,
  },
  'externalcontact/groupchat/onjob_transfer': {
    path: '/cgi-bin/externalcontact/groupchat/onjob_transfer',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ chat_id_list: z.array(id).min(1).max(100), new_owner: userId }),
    response: groupTransferResponse,
  },
  'externalcontact/remark': {
    path: '/cgi-bin/externalcontact/remark',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      userid: userId,
      external_userid: id,
      remark: z.string().max(20).optional(),
      description: z.string().max(150).optional(),
      remark_company: z.string().max(20).optional(),
      remark_mobiles: z.array(z.string()).optional(),
      remark_pic_mediaid: z.string().optional(),
    }),
    response: ok,
  },
  'externalcontact/get_corp_tag_list': {
    path: '/cgi-bin/externalcontact/get_corp_tag_list',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ tag_id: z.array(z.string()).optional(), group_id: z.array(z.string()).optional() }),
    response: res({ tag_group: z.array(tagGroup) }),
  },
  'externalcontact/add_corp_tag': {
    path: '/cgi-bin/externalcontact/add_corp_tag',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      group_id: z.string().optional(),
      group_name: z.string().max(30).optional(),
      order: z.number().int().min(0).optional(),
      tag: z.array(z.looseObject({ name: z.string().min(1).max(30), order: z.number().int().min(0).optional() })).min(1),
      agentid: z.number().int().optional(),
    }),
    response: res({ tag_group: tagGroup }),
  },
  'externalcontact/edit_corp_tag': {
    path: '/cgi-bin/externalcontact/edit_corp_tag',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ id, name: z.string().min(1).max(30).optional(), order: z.number().int().min(0).optional(), agentid: z.number().int().optional() }),
    response: ok,
  },
  'externalcontact/del_corp_tag': {
    path: '/cgi-bin/externalcontact/del_corp_tag',
    method: 'POST',
    encoding: 'json',
    request: z
      .looseObject({ tag_id: z.array(z.string()).optional(), group_id: z.array(z.string()).optional(), agentid: z.number().int().optional() })
      .refine((b) => (b.tag_id?.length ?? 0) + (b.group_id?.length ?? 0) > 0, 'tag_id and group_id are both empty'),
    response: ok,
  },
  'externalcontact/mark_tag': {
    path: '/cgi-bin/externalcontact/mark_tag',
    method: 'POST',
    encoding: 'json',
    request: z
      .looseObject({ userid: userId, external_userid: id, add_tag: z.array(z.string()).optional(), remove_tag: z.array(z.string()).optional() })
      .refine((b) => (b.add_tag?.length ?? 0) + (b.remove_tag?.length ?? 0) > 0, 'add_tag and remove_tag are both empty'),
    response: ok,
  },

  // ---- customer groups (docs/wecom.md#customers-and-tags) ----
  'externalcontact/groupchat/list': {
    path: '/cgi-bin/externalcontact/groupchat/list',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      status_filter: z.number().int().min(0).max(3).optional(),
      owner_filter: z.looseObject({ userid_list: z.array(userId).max(100) }).optional(),
      cursor,
      limit: z.number().int().min(1).max(1000),
    }),
    response: res({ group_chat_list: z.array(z.looseObject({ chat_id: z.string(), status: z.number() })), next_cursor: z.string().optional() }),
  },
  'externalcontact/groupchat/get': {
    path: '/cgi-bin/externalcontact/groupchat/get',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ chat_id: id, need_name: z.union([z.literal(0), z.literal(1)]).optional() }),
    response: res({
      group_chat: z.looseObject({
        chat_id: z.string(),
        name: z.string().optional(),
        owner: z.string(),
        create_time: z.number(),
        notice: z.string().optional(),
        member_list: z.array(
          z.looseObject({
            userid: z.string(),
            type: z.number(),
            join_time: z.number(),
            join_scene: z.number().optional(),
            invitor: z.looseObject({ userid: z.string() }).optional(),
            name: z.string().optional(),
            unionid: z.string().optional(),
          }),
        ),
        admin_list: z.array(z.looseObject({ userid: z.string() })).optional(),
        member_version: z.string().optional(),
      }),
    }),
  },

  // ---- mass messages (docs/wecom.md#mass-messages) ----
  'externalcontact/add_msg_template': {
    path: '/cgi-bin/externalcontact/add_msg_template',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      chat_type: z.enum(['single', 'group']).optional(),
      external_userid: z.array(id).max(10_000).optional(),
      chat_id_list: z.array(id).max(2000).optional(),
      sender: userId.optional(),
      allow_select: z.boolean().optional(),
      text: text(4000).optional(),
      attachments: z.array(attachment).max(9).optional(),
    }),
    response: res({ msgid: z.string(), fail_list: z.array(z.string()).optional() }),
  },
  'externalcontact/get_groupmsg_send_result': {
    path: '/cgi-bin/externalcontact/get_groupmsg_send_result',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ msgid: id, userid: userId, cursor, limit: z.number().int().min(1).max(1000).optional() }),
    response: res({
      send_list: z.array(
        z.looseObject({
          external_userid: z.string().optional(),
          chat_id: z.string().optional(),
          userid: z.string(),
          status: z.number(),
          send_time: z.number().optional(),
        }),
      ),
      next_cursor: z.string().optional(),
    }),
  },
  // Per-member task status, remind and cancel (wecom-frontier.md §4).
  'externalcontact/get_groupmsg_task': {
    path: '/cgi-bin/externalcontact/get_groupmsg_task',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ msgid: id, cursor, limit: z.number().int().min(1).max(1000).optional() }),
    response: res({
      task_list: z.array(z.looseObject({ userid: z.string(), status: z.number(), send_time: z.number().optional() })),
      next_cursor: z.string().optional(),
    }),
  },
  'externalcontact/remind_groupmsg_send': {
    path: '/cgi-bin/externalcontact/remind_groupmsg_send',
    method: 'POST',
    encoding: 'json',
    request: z.object({ msgid: id }),
    response: res({}),
  },
  'externalcontact/cancel_groupmsg_send': {
    path: '/cgi-bin/externalcontact/cancel_groupmsg_send',
    method: 'POST',
    encoding: 'json',
    request: z.object({ msgid: id }),
    response: res({}),
  },

  // ---- moments (docs/wecom.md#moments) ----
  'externalcontact/add_moment_task': {
    path: '/cgi-bin/externalcontact/add_moment_task',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      text: z.looseObject({ content: z.string().refine((s) => [...s].length <= 2000, 'at most 2000 characters') }).optional(),
      attachments: z
        .array(z.looseObject({ msgtype: z.enum(['image', 'video', 'link']) }))
        .max(9)
        .optional(),
      visible_range: z.looseObject({}).optional(),
    }),
    response: res({ jobid: z.string() }),
  },
  'externalcontact/get_moment_task_result': {
    path: '/cgi-bin/externalcontact/get_moment_task_result',
    method: 'GET',
    encoding: 'query',
    request: z.object({ jobid: id }),
    response: res({
      status: z.number(),
      type: z.string().optional(),
      result: z
        .looseObject({
          errcode: z.number().optional(),
          errmsg: z.string().optional(),
          moment_id: z.string().optional(),
          invalid_sender_list: z.looseObject({ user_list: z.array(z.string()).optional() }).optional(),
          invalid_external_contact_list: z.looseObject({ tag_list: z.array(z.string()).optional() }).optional(),
        })
        .optional(),
    }),
  },
  // Per-member publish status and likes/comments of a corp moment (wecom-frontier.md §8).
  'externalcontact/get_moment_task': {
    path: '/cgi-bin/externalcontact/get_moment_task',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ moment_id: id, cursor, limit: z.number().int().min(1).max(1000).optional() }),
    response: res({ task_list: z.array(z.looseObject({ userid: z.string(), publish_status: z.number() })), next_cursor: z.string().optional() }),
  },
  'externalcontact/get_moment_comments': {
    path: '/cgi-bin/externalcontact/get_moment_comments',
    method: 'POST',
    encoding: 'json',
    request: z.object({ moment_id: id, userid: userId }),
    response: res({
      comment_list: z.array(z.looseObject({ create_time: z.number().optional() })).optional(),
      like_list: z.array(z.looseObject({ create_time: z.number().optional() })).optional(),
    }),
  },
  'externalcontact/get_user_behavior_data': {
    path: '/cgi-bin/externalcontact/get_user_behavior_data',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      userid: z.array(userId).max(100).optional(),
      partyid: z.array(z.number().int()).max(100).optional(),
      start_time: z.number().int(),
      end_time: z.number().int(),
    }),
    response: res({
      behavior_data: z.array(
        z.looseObject({
          stat_time: z.number(),
          new_apply_cnt: z.number().optional(),
          new_contact_cnt: z.number().optional(),
          chat_cnt: z.number().optional(),
          message_cnt: z.number().optional(),
          reply_percentage: z.number().optional(),
          avg_reply_time: z.number().optional(),
          negative_feedback_cnt: z.number().optional(),
        }),
      ),
    }),
  },

  // ---- 微信客服 (docs/wecom.md#customer-service) ----
  'kf/sync_msg': {
    path: '/cgi-bin/kf/sync_msg',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      cursor: z.string().max(64).optional(),
      token: z.string().max(128).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      voice_format: z.union([z.literal(0), z.literal(1)]).optional(),
      open_kfid: id,
    }),
    response: res({
      next_cursor: z.string(),
      has_more: z.number(),
      msg_list: z.array(
        z.looseObject({
          msgid: z.string(),
          open_kfid: z.string().optional(),
          external_userid: z.string().optional(),
          send_time: z.number(),
          origin: z.number(),
          servicer_userid: z.string().optional(),
          msgtype: z.string(),
        }),
      ),
    }),
  },
  'kf/send_msg': {
    path: '/cgi-bin/kf/send_msg',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      touser: id,
      open_kfid: id,
      msgid: z
        .string()
        .max(32)
        .regex(/^[0-9A-Za-z_-]*$/)
        .optional(),
      msgtype: z.string().min(1),
    }),
    response: res({ msgid: z.string() }),
  },
  'kf/send_msg_on_event': {
    path: '/cgi-bin/kf/send_msg_on_event',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      code: z.string().min(1),
      msgid: z
        .string()
        .max(32)
        .regex(/^[0-9A-Za-z_-]*$/)
        .optional(),
      msgtype: z.enum(['text', 'msgmenu']),
    }),
    response: res({ msgid: z.string() }),
  },

  // ---- app messages (docs/wecom.md#app-messages) ----
  'message/send': {
    path: '/cgi-bin/message/send',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({
      touser: z.string().optional(),
      toparty: z.string().optional(),
      totag: z.string().optional(),
      msgtype: z.string().min(1),
      agentid: z.number().int(),
      safe: z.number().int().optional(),
      enable_duplicate_check: z.union([z.literal(0), z.literal(1)]).optional(),
      duplicate_check_interval: z.number().int().optional(),
    }),
    response: res({
      invaliduser: z.string().optional(),
      invalidparty: z.string().optional(),
      invalidtag: z.string().optional(),
      unlicenseduser: z.string().optional(),
      msgid: z.string().optional(),
      response_code: z.string().optional(),
    }),
  },

  // ---- media (docs/wecom.md#media) ----
  'media/upload': {
    path: '/cgi-bin/media/upload',
    method: 'POST',
    encoding: 'multipart',
    request: z.object({ type: z.enum(['image', 'voice', 'video', 'file']), media: upload }),
    response: res({ type: z.string(), media_id: z.string(), created_at: createdAt }),
  },
  'media/uploadimg': {
    path: '/cgi-bin/media/uploadimg',
    method: 'POST',
    encoding: 'multipart',
    request: z.object({ media: upload }),
    response: res({ url: z.string() }),
  },
  'media/upload_attachment': {
    path: '/cgi-bin/media/upload_attachment',
    method: 'POST',
    encoding: 'multipart',
    request: z.object({ media_type: z.enum(['image', 'video', 'file']), attachment_type: z.union([z.literal(1), z.literal(2)]), media: upload }),
    response: res({ type: z.string(), media_id: z.string(), created_at: createdAt }),
  },

  // ---- login (docs/wecom.md; wecom-frontier §2): a QR-scan or in-client OAuth code → the member or a non-member ----
  'auth/getuserinfo': {
    path: '/cgi-bin/auth/getuserinfo',
    method: 'GET',
    encoding: 'query',
    request: z.object({ code: z.string().min(1).max(512) }),
    response: res({ userid: z.string().optional(), user_ticket: z.string().optional(), openid: z.string().optional(), external_userid: z.string().optional() }),
  },

  // ---- directory (docs/wecom.md#directory-and-behaviour-data) ----
  'user/get': {
    path: '/cgi-bin/user/get',
    method: 'GET',
    encoding: 'query',
    request: z.object({ userid: userId }),
    response: res({ userid: z.string(), name: z.string().optional(), department: z.array(z.number()).optional(), status: z.number().optional() }),
  },
  'user/list': {
    path: '/cgi-bin/user/list',
    method: 'GET',
    encoding: 'query',
    request: z.object({ department_id: z.number().int().min(1), fetch_child: z.union([z.literal(0), z.literal(1)]).optional() }),
    response: res({
      userlist: z.array(
        z.looseObject({ userid: z.string(), name: z.string().optional(), department: z.array(z.number()).optional(), status: z.number().optional() }),
      ),
    }),
  },
  'user/list_id': {
    path: '/cgi-bin/user/list_id',
    method: 'POST',
    encoding: 'json',
    request: z.looseObject({ cursor, limit: z.number().int().min(1).max(10_000).optional() }),
    response: res({ dept_user: z.array(z.looseObject({ userid: z.string(), department: z.number() })), next_cursor: z.string().optional() }),
  },
  'department/list': {
    path: '/cgi-bin/department/list',
    method: 'GET',
    encoding: 'query',
    request: z.object({ id: z.number().int().min(1).optional() }),
    response: res({ department: z.array(z.looseObject({ id: z.number(), name: z.string().optional(), parentid: z.number(), order: z.number().optional() })) }),
  },
  'department/simplelist': {
    path: '/cgi-bin/department/simplelist',
    method: 'GET',
    encoding: 'query',
    request: z.object({ id: z.number().int().min(1).optional() }),
    response: res({ department_id: z.array(z.looseObject({ id: z.number(), parentid: z.number(), order: z.number().optional() })) }),
  },
} as const satisfies Record<string, EndpointDef>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;
/** Endpoints that need an access token (all but gettoken). */
export type ApiName = Exclude<EndpointName, 'gettoken'>;
export type RequestOf<N extends EndpointName> = z.input<Endpoints[N]['request']>;
export type ResponseOf<N extends EndpointName> = z.output<Endpoints[N]['response']>;
