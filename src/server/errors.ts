/**
 * The one catalogue of error codes. Services throw `AppError`s by code; the HTTP error
 * handler turns them into `{"error": {"code", "message"}}` with the status and the message
 * in the caller's language. Codes are stable and never reused for another meaning.
 */
import { LOCALE_VALUES } from '../shared/schemas.ts';

export type Locale = (typeof LOCALE_VALUES)[number];
export const LOCALES: readonly Locale[] = LOCALE_VALUES;

interface ErrorEntry {
  readonly status: number;
  readonly en: string;
  readonly 'zh-CN': string;
}

export const ERRORS = {
  validation_failed: { status: 400, en: 'Some fields are not valid.', 'zh-CN': '部分字段填写有误。' },
  malformed_json: { status: 400, en: 'The request body is not valid JSON.', 'zh-CN': '请求内容不是有效的 JSON。' },
  unsupported_media_type: { status: 415, en: 'Send the request body as application/json.', 'zh-CN': '请求内容必须是 application/json。' },
  payload_too_large: { status: 413, en: 'The request body is too large.', 'zh-CN': '请求内容过大。' },
  not_found: { status: 404, en: 'Nothing is here.', 'zh-CN': '找不到请求的内容。' },
  csrf_rejected: { status: 403, en: 'The request did not come from this site.', 'zh-CN': '请求并非来自本站，已拒绝。' },
  unauthenticated: { status: 401, en: 'Please sign in.', 'zh-CN': '请先登录。' },
  forbidden: { status: 403, en: 'You do not have the right to do this.', 'zh-CN': '您没有执行此操作的权限。' },
  password_change_required: {
    status: 403,
    en: 'Choose a new password before you continue.',
    'zh-CN': '请先修改密码再继续。',
  },
  invalid_credentials: {
    status: 401,
    en: 'The e-mail/username or password is incorrect.',
    'zh-CN': '邮箱/用户名或密码不正确。',
  },
  too_many_attempts: {
    status: 429,
    en: 'Too many attempts. Wait a moment, then try again.',
    'zh-CN': '尝试次数过多，请稍后再试。',
  },
  temporary_password_expired: {
    status: 401,
    en: 'Your initial password has expired. Ask your administrator for a new one.',
    'zh-CN': '初始密码已过期，请联系管理员重新获取。',
  },
  account_disabled: {
    status: 403,
    en: 'This account is disabled. Contact your administrator.',
    'zh-CN': '此账户已停用，请联系管理员。',
  },
  password_too_short: {
    status: 400,
    en: 'The password must have at least 12 characters.',
    'zh-CN': '密码至少需要 12 个字符。',
  },
  password_too_long: {
    status: 400,
    en: 'The password must have at most 256 characters.',
    'zh-CN': '密码最多 256 个字符。',
  },
  password_unchanged: {
    status: 400,
    en: 'The new password must differ from the current one.',
    'zh-CN': '新密码不能与当前密码相同。',
  },
  current_password_invalid: {
    status: 400,
    en: 'The current password is incorrect.',
    'zh-CN': '当前密码不正确。',
  },
  setup_token_invalid: {
    status: 401,
    en: 'This setup link is invalid, expired or already used. Restart Cairn to print a new one.',
    'zh-CN': '此初始化链接无效、已过期或已被使用。请重启 Cairn 以获取新链接。',
  },
  setup_completed: {
    status: 410,
    en: 'Cairn is already set up. Sign in instead.',
    'zh-CN': 'Cairn 已完成初始化，请直接登录。',
  },
  email_taken: { status: 409, en: 'A user with this e-mail already exists.', 'zh-CN': '该邮箱已被其他用户使用。' },
  username_taken: { status: 409, en: 'A user with this username already exists.', 'zh-CN': '该用户名已被使用。' },
  password_incorrect: {
    status: 401,
    en: 'That password is not correct.',
    'zh-CN': '密码不正确。',
  },
  reauth_required: {
    status: 403,
    en: 'For your security, confirm it is you before you continue.',
    'zh-CN': '为了您的账户安全，请先验证身份再继续。',
  },
  mfa_code_invalid: {
    status: 401,
    en: 'That code is not correct. Check it and try again.',
    'zh-CN': '验证码不正确，请检查后重试。',
  },
  mfa_code_expired: {
    status: 401,
    en: 'That code has expired or was already used. Send a new one.',
    'zh-CN': '验证码已过期或已使用，请重新获取。',
  },
  mfa_sign_in_expired: {
    status: 401,
    en: 'This sign-in has timed out or ended. Enter your password again.',
    'zh-CN': '本次登录已超时或已结束，请重新输入密码。',
  },
  mfa_attempts_exceeded: {
    status: 429,
    en: 'Too many wrong codes. This sign-in has ended; wait a while, then sign in again.',
    'zh-CN': '验证码错误次数过多，本次登录已结束。请稍后重新登录。',
  },
  mfa_send_limited: {
    status: 429,
    en: 'Too many codes were sent. Wait a while, or use another method.',
    'zh-CN': '发送验证码次数过多，请稍后再试，或改用其他验证方式。',
  },
  mfa_method_unavailable: {
    status: 400,
    en: 'This verification method is not set up for your account or not allowed.',
    'zh-CN': '您的账户未设置此验证方式，或管理员不允许使用。',
  },
  mfa_factor_exists: {
    status: 409,
    en: 'This method is already set up. Remove it first to set it up again.',
    'zh-CN': '此验证方式已设置。如需重新设置，请先移除。',
  },
  mfa_factor_required: {
    status: 409,
    en: 'Your company requires two-step verification. Add another method before removing this one.',
    'zh-CN': '贵公司要求开启双重验证。请先添加其他验证方式，再移除此方式。',
  },
  mfa_enrollment_required: {
    status: 403,
    en: 'Your company requires two-step verification. Set it up to continue.',
    'zh-CN': '贵公司要求开启双重验证，请先完成设置。',
  },
  delivery_failed: {
    status: 503,
    en: 'We could not send the code right now. Try again later, or use another method.',
    'zh-CN': '验证码暂时无法发送。请稍后再试，或改用其他验证方式。',
  },
  phone_invalid: {
    status: 400,
    en: 'Enter a valid mobile phone number, e.g. +86 138 0000 0000.',
    'zh-CN': '请输入有效的手机号码，例如 +86 138 0000 0000。',
  },
  passkey_invalid: {
    status: 401,
    en: 'The passkey could not be verified. Try again, or use another method.',
    'zh-CN': '通行密钥验证失败。请重试，或改用其他验证方式。',
  },
  outbox_body_unavailable: {
    status: 409,
    en: 'This message was sent through the mail or SMS provider; its content is not kept.',
    'zh-CN': '此消息已通过邮件或短信服务发送，系统不保留其内容。',
  },
  account_locked: {
    status: 423,
    en: 'Too many wrong passwords: this account is locked. Reset your password by e-mail, or ask your administrator to unlock it.',
    'zh-CN': '密码错误次数过多，账户已被锁定。请通过邮件重置密码，或联系管理员解锁。',
  },
  reset_link_invalid: {
    status: 410,
    en: 'This reset link has expired or was already used. Request a new one.',
    'zh-CN': '此重置链接已过期或已被使用，请重新申请。',
  },
  reset_mfa_required: {
    status: 401,
    en: 'This account has two-step verification: enter a code as well.',
    'zh-CN': '此账户已开启双重验证，还需输入验证码。',
  },
  recovery_attempt_invalid: {
    status: 410,
    en: 'This recovery attempt has expired or ended. Start again.',
    'zh-CN': '本次找回已过期或已结束，请重新开始。',
  },
  security_questions_disabled: {
    status: 404,
    en: 'Security questions are not used by your company.',
    'zh-CN': '贵公司未启用安全问题。',
  },
  security_answers_incorrect: {
    status: 401,
    en: 'The answers do not match.',
    'zh-CN': '答案不正确。',
  },
  recovery_request_decided: {
    status: 409,
    en: 'This request has already been decided.',
    'zh-CN': '此申请已处理。',
  },
  recovery_request_no_account: {
    status: 409,
    en: 'No account matches this request; it can only be rejected.',
    'zh-CN': '没有与此申请匹配的账户，只能拒绝。',
  },
  recovery_send_to_not_stored: {
    status: 400,
    en: "A reset link goes only to the account's e-mail or its confirmed backup e-mail. Issue a temporary password instead.",
    'zh-CN': '重置链接只能发送到账户邮箱或已验证的备用邮箱。请改为发放临时密码。',
  },
  cannot_change_own_account: {
    status: 409,
    en: 'You cannot do this to your own account.',
    'zh-CN': '不能对自己的账户执行此操作。',
  },
  backup_channel_same_as_primary: {
    status: 400,
    en: 'A backup address must differ from your sign-in e-mail.',
    'zh-CN': '备用邮箱不能与登录邮箱相同。',
  },
  service_unavailable: {
    status: 503,
    en: 'The service is briefly unavailable. Try again in a moment.',
    'zh-CN': '服务暂时不可用，请稍后再试。',
  },
  internal_error: {
    status: 500,
    en: 'Something went wrong on the server. Try again later.',
    'zh-CN': '服务器出错，请稍后再试。',
  },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Per-field messages for validation errors. */
  readonly fields: Record<string, string> | undefined;
  /** For 429 answers: sent as `Retry-After` and in the body. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, options: { fields?: Record<string, string>; retryAfterSeconds?: number } = {}) {
    super(ERRORS[code].en);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return ERRORS[code][locale];
}
