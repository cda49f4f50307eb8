export { createUserStore } from './store.ts';
export type { UserRow, UserStore } from './store.ts';
export { createUserService, normaliseEmail, normaliseIdentifier, normaliseUsername, toPublicUser } from './service.ts';
export type { NewUser, PublicUser, UserService } from './service.ts';
