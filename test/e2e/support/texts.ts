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
  },
};
