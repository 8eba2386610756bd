// What each WeCom errcode means for us, in one place, as data (docs/wecom.md#errcodes-we-act-on).
// Two independent decisions per code:
//   action/retryable (the client and the SQS consumers):
//     refresh_token: the token was invalidated or expired: drop it, fetch a new one, retry once.
//     backoff:       transient: retry after a jittered, growing delay, a bounded number of times.
//     fail:          everything else: a WecomApiError; `retryable` says whether a later redelivery
//                    (an SQS retry) can succeed, e.g. 84061 right after an add event.
//   kind (callers that answer a person, i.e. the admin API: shared/wecom/refusal.ts):
//     request:     WeCom refused what the request carried (an id, a parameter, a WeCom limit) → 400.
//     credentials: the tenant's corp id or secret is wrong → 422, fix the tenant's settings.
//     permission:  the tenant's WeCom app lacks a permission or trusted IP → 422, fix it in WeCom's console.
//     transient:   WeCom busy, throttled, or our token went stale → 503, retry later.
//     outcome:     a business outcome of a delivery (welcome window over, kf session closed): consumers decide.
//     unknown:     anything not listed → 502: we cannot tell whose fault it is.
// Sources: [docs/wecom.md#…] = that section of the repo's WeCom notes (the errcode table is
// docs/wecom.md#errcodes-we-act-on); [90313] = WeCom's global errcode page (DOC 90313) as generated into
// xen0n/go-workwx errcodes/mod.go (commit 3887053, crawled 2024-04-08; see docs/wecom.md#errcodes-we-act-on).
// Codes added for `kind` only keep the default action and retryable (fail, false), so
// the consumers treat them exactly as before (pinned in errcodes.test.ts).

export type RetryAction = 'refresh_token' | 'backoff' | 'fail';
export type ErrcodeKind = 'request' | 'credentials' | 'permission' | 'transient' | 'outcome' | 'unknown';

export interface ErrcodePolicy {
  action: RetryAction;
  /** Total attempts, the first one included (backoff only). */
  maxAttempts?: number;
  /** First backoff delay; doubles per retry, with jitter (backoff only). */
  baseDelayMs?: number;
  /** Whether a failure with this errcode is worth retrying later (a new delivery). */
  retryable: boolean;
  /** Whose problem it is, for a person-facing answer (see above). */
  kind: ErrcodeKind;
  meaning: string;
  /** What an operator reads (Chinese), for the codes an admin request can meet. */
  zh?: string;
}

const refused = (meaning: string, zh: string): ErrcodePolicy => ({ action: 'fail', retryable: false, kind: 'request', meaning, zh });

export const ERRCODE_POLICIES: Readonly<Record<number, ErrcodePolicy>> = {
  // ── transient ─────────────────────────────────────────────────────────────────────────────
  [-1]: { action: 'backoff', maxAttempts: 3, baseDelayMs: 200, retryable: true, kind: 'transient', meaning: 'system busy' }, // [docs/wecom.md#errcodes-we-act-on] [90313]
  40014: { action: 'refresh_token', retryable: true, kind: 'transient', meaning: 'invalid access_token' }, // [docs/wecom.md#errcodes-we-act-on]
  42001: { action: 'refresh_token', retryable: true, kind: 'transient', meaning: 'access_token expired' }, // [docs/wecom.md#errcodes-we-act-on]
  45009: { action: 'backoff', maxAttempts: 3, baseDelayMs: 1000, retryable: true, kind: 'transient', meaning: 'API frequency exceeded' }, // [docs/wecom.md#rate-limits] [docs/wecom.md#errcodes-we-act-on]
  45033: { action: 'backoff', maxAttempts: 3, baseDelayMs: 300, retryable: true, kind: 'transient', meaning: 'API concurrency exceeded' }, // [docs/wecom.md#rate-limits] [docs/wecom.md#errcodes-we-act-on]

  // ── credentials: the tenant's corp id / secret ──────────────────────────────────────────
  40001: { action: 'fail', retryable: false, kind: 'credentials', meaning: 'invalid secret', zh: 'secret 不正确（与 corpId 不匹配、已重置，或应用已停用）' }, // [docs/wecom.md#errcodes-we-act-on] [90313]
  40013: { action: 'fail', retryable: false, kind: 'credentials', meaning: 'invalid corpid', zh: 'corpId 不正确' }, // [docs/wecom.md#errcodes-we-act-on] [90313]
  40091: { action: 'fail', retryable: false, kind: 'credentials', meaning: 'invalid secret (another corp’s?)', zh: 'secret 不合法（可能是别的企业的 secret）' }, // [90313]

  // ── permission: the tenant's WeCom app setup ────────────────────────────────────────────
  48002: {
    action: 'fail',
    retryable: false,
    kind: 'permission',
    meaning: 'API not authorized for this app',
    zh: '应用无权调用此接口（请在企业微信管理后台授权，如「客户联系 → 可调用接口的应用」）',
  }, // [docs/wecom.md#errcodes-we-act-on] [90313]
  60020: { action: 'fail', retryable: false, kind: 'permission', meaning: 'IP not in the trusted list', zh: '出口 IP 不在应用的「企业可信IP」中' }, // [docs/wecom.md#errcodes-we-act-on] [docs/wecom.md#trusted-ip] [90313]
  84074: { action: 'fail', retryable: false, kind: 'permission', meaning: 'no external-contact permission', zh: '应用没有客户联系（外部联系人）权限' }, // [docs/wecom.md#errcodes-we-act-on] [90313]

  // ── request: what the request carried ───────────────────────────────────────────────────
  40003: refused('invalid userid', '无效的成员 UserID（不存在于通讯录，或已离职）'), // [docs/wecom.md#errcodes-we-act-on] [90313]
  40031: refused('invalid userid list', '无效的成员 UserID 列表'), // [90313]
  40050: refused('chatid not found', '群聊不存在'), // [90313]
  40058: refused('invalid parameter', '参数不合法'), // [docs/wecom.md#errcodes-we-act-on] [90313]
  40063: refused('a required parameter is empty', '必填参数为空'), // [90313]
  40066: refused('invalid department list', '无效的部门列表'), // [90313]
  40068: refused('invalid tag or tag group id', '无效的标签或标签组 ID'), // [docs/wecom.md#errcodes-we-act-on] [90313]
  40070: refused('every tag scope node is invalid', '指定的标签范围节点全部无效'), // [90313]
  40071: refused('tag name already exists', '标签名已存在'), // [90313]
  40096: refused('invalid external userid', '无效的客户 external_userid'), // [docs/wecom.md#errcodes-we-act-on] [90313]
  40098: refused('member is not real-name verified', '成员尚未实名认证'), // [90313]
  40126: refused('corp tag limit (3000) reached', '企业标签数量已达上限（3000）'), // [90313] [docs/wecom.md#customers-and-tags]
  41009: refused('userid missing', '缺少 userid'), // [90313]
  41017: refused('tagid missing', '缺少标签 ID'), // [90313]
  41041: refused('too many members on a contact way', '「联系我」使用人数超过限制'), // [90313]
  41045: refused('contact way quota reached', 'API 添加的「联系我」数量已达上限'), // [90313] [docs/wecom.md#contact-ways]
  41055: refused('group welcome template limit reached', '入群欢迎语素材数量已达上限'), // [90313]
  60003: refused('department not found', '部门 ID 不存在'), // [90313]
  60011: refused('member/department/tag outside the app’s visible range', '指定的成员/部门/标签不在应用可见范围内'), // [docs/wecom.md#errcodes-we-act-on] [90313]
  60111: refused('userid not found', '成员 UserID 不存在'), // [90313]
  81013: refused('every userid/party/tag invalid or not permitted', '成员、部门、标签全部无效或无权限'), // [docs/wecom.md#errcodes-we-act-on] [90313]
  // Transient right after an add event (the relationship is not visible yet): fail now, redeliver later.
  84061: { action: 'fail', retryable: true, kind: 'request', meaning: 'not an external contact (yet)', zh: '该客户不是此成员的客户' }, // [docs/wecom.md#errcodes-we-act-on] [90313]

  // ── outcome: business outcomes of deliveries; retrying cannot help ──────────────────────
  41050: { action: 'fail', retryable: false, kind: 'outcome', meaning: 'invalid or expired welcome code' }, // [90313] [docs/wecom.md#welcome-code]
  41051: { action: 'fail', retryable: false, kind: 'outcome', meaning: 'welcome already delivered / customer started chatting' }, // [docs/wecom.md#errcodes-we-act-on] [90313]
  // Another app is delivering the welcome; by the time a redelivery runs the 20 s window is over.
  41096: { action: 'fail', retryable: false, kind: 'outcome', meaning: 'welcome message is being distributed by another app' }, // [docs/wecom.md#errcodes-we-act-on] [90313]
  95001: { action: 'fail', retryable: false, kind: 'outcome', meaning: 'kf: 5-message limit reached' }, // [docs/wecom.md#errcodes-we-act-on]
  95002: { action: 'fail', retryable: false, kind: 'outcome', meaning: 'kf: outside the 48 h window' }, // [docs/wecom.md#errcodes-we-act-on]
  95018: { action: 'fail', retryable: false, kind: 'outcome', meaning: 'kf: session state forbids API sending' }, // [docs/wecom.md#errcodes-we-act-on]
};

const DEFAULT_POLICY: ErrcodePolicy = { action: 'fail', retryable: false, kind: 'unknown', meaning: 'WeCom error' };

export function policyFor(errcode: number): ErrcodePolicy {
  return ERRCODE_POLICIES[errcode] ?? DEFAULT_POLICY;
}

/** Upper bound of the time spent sleeping between attempts of one call. */
export const MAX_TOTAL_BACKOFF_MS = 3000;
/** Upper bound of a single backoff delay. */
export const MAX_BACKOFF_DELAY_MS = 2000;

/**
 * Delay before retry number `retry` (1 = first retry): base·2^(retry−1), capped, with "equal jitter"
 * (between half and all of it) so that parallel callers spread out.
 */
export function backoffDelayMs(policy: ErrcodePolicy, retry: number, random: () => number): number {
  const base = policy.baseDelayMs ?? 200;
  const full = Math.min(MAX_BACKOFF_DELAY_MS, base * 2 ** Math.max(0, retry - 1));
  return Math.round(full / 2 + random() * (full / 2));
}
