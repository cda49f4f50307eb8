/**
 * What a person sees, per interface language. Written out here (not read from the app's
 * message files) so a wrong or missing translation fails the browser tests.
 */
export type Lang = 'en' | 'zh-CN';

export interface Texts {
  browserLocale: string;
  switchLabel: string;
  loginHeading: string;
  identifier: string;
  password: string;
  signIn: string;
  required: string;
  invalidCredentials: string;
  tooManyAttempts: string;
  setupHeading: string;
  setupName: string;
  setupEmail: string;
  setupUsername: string;
  setupPassword: string;
  setupConfirm: string;
  setupSubmit: string;
  setupLinkInvalid: string;
  setupDone: string;
  passwordTooShortHint: string;
  welcome: (name: string) => string;
  navHome: string;
  navAccount: string;
  navAdmin: string;
  signOut: string;
  usersHeading: string;
  addUser: string;
  formName: string;
  formEmail: string;
  formUsername: string;
  formRole: string;
  roleAdmin: string;
  emailTaken: string;
  roleSalesManager: string;
  roleSalesRep: string;
  createdTitle: (name: string) => string;
  shownOnce: string;
  done: string;
  mustChangePassword: string;
  neverSignedIn: string;
  forcedHeading: string;
  forcedIntro: string;
  initialPassword: string;
  newPassword: string;
  confirmNewPassword: string;
  forcedSubmit: string;
  accountHeading: string;
  changePassword: string;
  currentPassword: string;
  notFound: string;
  // Two-step verification
  navSecurity: string;
  securityHeading: string;
  enrollmentBanner: string;
  bannerAction: string;
  addTotp: string;
  addPasskey: string;
  addEmail: string;
  addSMS: string;
  phone: string;
  changePhone: string;
  totpCodeLabel: string;
  confirm: string;
  methodTotp: string;
  methodPasskey: string;
  methodEmail: string;
  methodSMS: string;
  otherMethods: string;
  trustBrowser: string;
  recoveryCodesTitle: string;
  downloadCodes: string;
  codesSaved: string;
  recoveryCodesDone: string;
  recoveryFileTitle: string;
  recoveryFileAccount: (email: string) => string;
  codesLeft: (count: number) => string;
  mfaHeading: string;
  verify: string;
  codeInvalid: string;
  signInExpired: string;
  attemptsExceeded: string;
  useRecoveryCode: string;
  recoveryCodeLabel: string;
  newCodes: string;
  newCodesConfirm: string;
  reauthTitle: string;
  reauthPassword: string;
  passwordIncorrect: string;
  passkeySignIn: string;
  usePasskey: string;
  passkeyName: string;
  createPasskey: string;
  adminNavSecurity: string;
  adminNavOutbox: string;
  adminSecurityHeading: string;
  modeEveryone: string;
  gracePeriod: string;
  saveSettings: string;
  settingsSaved: string;
  enrollHeading: string;
  sendCode: string;
  codeLabel: string;
  outboxHeading: string;
  outboxOpen: string;
  outboxRefresh: string;
  mfaNotSetUp: string;
  mfaShortTotp: string;
  mfaShortEmail: string;
  resetMFA: string;
  resetConfirm: string;
  resetDone: (name: string) => string;
}

export const TEXTS: Record<Lang, Texts> = {
  en: {
    browserLocale: 'en-US',
    switchLabel: 'English',
    loginHeading: 'Sign in to Cairn',
    identifier: 'Work e-mail or username',
    password: 'Password',
    signIn: 'Sign in',
    required: 'This field is required.',
    invalidCredentials: 'The e-mail/username or password is incorrect.',
    tooManyAttempts: 'Too many attempts. Try again in 1 min.',
    setupHeading: 'Set up Cairn',
    setupName: 'Your name',
    setupEmail: 'Work e-mail',
    setupUsername: 'Username',
    setupPassword: 'Password',
    setupConfirm: 'Confirm password',
    setupSubmit: 'Create administrator and sign in',
    setupLinkInvalid: 'This setup link cannot be used',
    setupDone: 'Cairn is already set up',
    passwordTooShortHint: 'At least 12 characters · 5/12',
    welcome: (name) => `Welcome, ${name}`,
    navHome: 'Home',
    navAccount: 'Account',
    navAdmin: 'Admin',
    signOut: 'Sign out',
    usersHeading: 'Users',
    addUser: 'Add user',
    formName: 'Name',
    formEmail: 'Work e-mail',
    formUsername: 'Username (optional)',
    formRole: 'Role',
    roleAdmin: 'Administrator',
    emailTaken: 'A user with this e-mail already exists.',
    roleSalesManager: 'Sales manager',
    roleSalesRep: 'Sales representative',
    createdTitle: (name) => `${name} was added`,
    shownOnce: 'This password is shown only once. Copy it now.',
    done: 'Done',
    mustChangePassword: 'Must change password',
    neverSignedIn: 'Never',
    forcedHeading: 'Choose your own password',
    forcedIntro: 'Your administrator gave you an initial password. Choose your own password to continue.',
    initialPassword: 'Initial password',
    newPassword: 'New password',
    confirmNewPassword: 'Confirm new password',
    forcedSubmit: 'Save password and continue',
    accountHeading: 'Account',
    changePassword: 'Change password',
    currentPassword: 'Current password',
    notFound: 'Page not found',
    navSecurity: 'Account security',
    securityHeading: 'Account security',
    enrollmentBanner: 'Your company requires two-step verification. Set it up by',
    bannerAction: 'Set up now',
    addTotp: 'Set up an authenticator app',
    addPasskey: 'Add a passkey',
    addEmail: 'Add e-mail codes',
    addSMS: 'Add text message codes',
    phone: 'Mobile phone number',
    changePhone: 'Change phone number',
    totpCodeLabel: '6-digit code',
    confirm: 'Confirm',
    methodTotp: 'Authenticator app',
    methodPasskey: 'Passkey',
    methodEmail: 'E-mail code',
    methodSMS: 'Text message (SMS)',
    otherMethods: 'Use another method',
    trustBrowser: 'Trust this browser for 30 days',
    recoveryCodesTitle: 'Save your recovery codes',
    downloadCodes: 'Download as text file',
    codesSaved: 'I have saved these codes',
    recoveryCodesDone: 'Done',
    recoveryFileTitle: 'Cairn recovery codes',
    recoveryFileAccount: (email) => `Account: ${email}`,
    codesLeft: (count) => `Codes left: ${count}`,
    mfaHeading: 'Two-step verification',
    verify: 'Verify',
    codeInvalid: 'That code is not correct. Check it and try again.',
    signInExpired: 'This sign-in has timed out. Enter your password again.',
    attemptsExceeded: 'Too many wrong codes. This sign-in has ended; sign in again in',
    useRecoveryCode: 'Use a recovery code',
    recoveryCodeLabel: 'Recovery code',
    newCodes: 'Generate new recovery codes',
    newCodesConfirm: 'Generate',
    reauthTitle: 'Confirm it is you',
    reauthPassword: 'Password',
    passwordIncorrect: 'That password is not correct.',
    passkeySignIn: 'Sign in with a passkey',
    usePasskey: 'Use passkey',
    passkeyName: 'Name of this passkey',
    createPasskey: 'Create passkey',
    adminNavSecurity: 'Security settings',
    adminNavOutbox: 'Dev outbox',
    adminSecurityHeading: 'Security settings',
    modeEveryone: 'Required for everyone',
    gracePeriod: 'Grace period',
    saveSettings: 'Save settings',
    settingsSaved: 'Security settings saved.',
    enrollHeading: 'Set up two-step verification',
    sendCode: 'Send code',
    codeLabel: 'Verification code',
    outboxHeading: 'Dev outbox',
    outboxOpen: 'Open',
    outboxRefresh: 'Refresh',
    mfaNotSetUp: 'Not set up',
    mfaShortTotp: 'App',
    mfaShortEmail: 'E-mail',
    resetMFA: 'Reset second factors',
    resetConfirm: 'Reset',
    resetDone: (name) => `Two-step verification of ${name} was reset.`,
  },
  'zh-CN': {
    browserLocale: 'zh-CN',
    switchLabel: '中文',
    loginHeading: '登录 Cairn',
    identifier: '工作邮箱或用户名',
    password: '密码',
    signIn: '登录',
    required: '此项为必填项。',
    invalidCredentials: '邮箱/用户名或密码不正确。',
    tooManyAttempts: '尝试次数过多，请在 1 分钟后重试。',
    setupHeading: '初始化 Cairn',
    setupName: '您的姓名',
    setupEmail: '工作邮箱',
    setupUsername: '用户名',
    setupPassword: '密码',
    setupConfirm: '确认密码',
    setupSubmit: '创建管理员并登录',
    setupLinkInvalid: '此初始化链接无法使用',
    setupDone: 'Cairn 已完成初始化',
    passwordTooShortHint: '至少 12 个字符 · 5/12',
    welcome: (name) => `欢迎，${name}`,
    navHome: '首页',
    navAccount: '我的账户',
    navAdmin: '系统管理',
    signOut: '退出登录',
    usersHeading: '用户管理',
    addUser: '添加用户',
    formName: '姓名',
    formEmail: '工作邮箱',
    formUsername: '用户名（可选）',
    formRole: '角色',
    roleAdmin: '管理员',
    emailTaken: '该邮箱已被其他用户使用。',
    roleSalesManager: '销售经理',
    roleSalesRep: '销售代表',
    createdTitle: (name) => `已添加 ${name}`,
    shownOnce: '此密码仅显示一次，请立即复制。',
    done: '完成',
    mustChangePassword: '需修改密码',
    neverSignedIn: '从未登录',
    forcedHeading: '设置您自己的密码',
    forcedIntro: '管理员为您设置了初始密码。请设置您自己的密码后继续。',
    initialPassword: '初始密码',
    newPassword: '新密码',
    confirmNewPassword: '确认新密码',
    forcedSubmit: '保存密码并继续',
    accountHeading: '我的账户',
    changePassword: '修改密码',
    currentPassword: '当前密码',
    notFound: '页面不存在',
    navSecurity: '账户安全',
    securityHeading: '账户安全',
    enrollmentBanner: '贵公司要求开启双重验证，请在',
    bannerAction: '立即设置',
    addTotp: '设置身份验证器应用',
    addPasskey: '添加通行密钥',
    addEmail: '添加邮箱验证',
    addSMS: '添加短信验证',
    phone: '手机号码',
    changePhone: '更换手机号码',
    totpCodeLabel: '6 位验证码',
    confirm: '确认',
    methodTotp: '身份验证器应用',
    methodPasskey: '通行密钥',
    methodEmail: '邮箱验证码',
    methodSMS: '短信验证码',
    otherMethods: '使用其他验证方式',
    trustBrowser: '信任此浏览器，30 天内免验证',
    recoveryCodesTitle: '保存您的恢复码',
    downloadCodes: '下载为文本文件',
    codesSaved: '我已妥善保存这些恢复码',
    recoveryCodesDone: '完成',
    recoveryFileTitle: 'Cairn 恢复码',
    recoveryFileAccount: (email) => `账户：${email}`,
    codesLeft: (count) => `剩余可用：${count} 个`,
    mfaHeading: '双重验证',
    verify: '验证',
    codeInvalid: '验证码不正确，请检查后重试。',
    signInExpired: '本次登录已超时，请重新输入密码。',
    attemptsExceeded: '验证码错误次数过多，本次登录已结束。请在',
    useRecoveryCode: '使用恢复码',
    recoveryCodeLabel: '恢复码',
    newCodes: '重新生成恢复码',
    newCodesConfirm: '生成',
    reauthTitle: '验证身份',
    reauthPassword: '密码',
    passwordIncorrect: '密码不正确。',
    passkeySignIn: '使用通行密钥登录',
    usePasskey: '使用通行密钥',
    passkeyName: '通行密钥名称',
    createPasskey: '创建通行密钥',
    adminNavSecurity: '安全设置',
    adminNavOutbox: '开发发件箱',
    adminSecurityHeading: '安全设置',
    modeEveryone: '所有人必须开启',
    gracePeriod: '宽限期',
    saveSettings: '保存设置',
    settingsSaved: '安全设置已保存。',
    enrollHeading: '设置双重验证',
    sendCode: '发送验证码',
    codeLabel: '验证码',
    outboxHeading: '开发发件箱',
    outboxOpen: '查看',
    outboxRefresh: '刷新',
    mfaNotSetUp: '未设置',
    mfaShortTotp: '验证器',
    mfaShortEmail: '邮箱',
    resetMFA: '重置双重验证',
    resetConfirm: '重置',
    resetDone: (name) => `已重置 ${name} 的双重验证。`,
  },
};
