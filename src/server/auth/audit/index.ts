export { createAuditStore } from './store.ts';
export type { AuditEventRow, AuditPosition, AuditStore } from './store.ts';
export { createAuditLog } from './service.ts';
export type { AuditEvent, AuditEventName, AuditLog, RequestContext } from './service.ts';
