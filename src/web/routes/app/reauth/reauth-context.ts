import { createContext, use, useCallback } from 'react';
import { ApiError } from '../../../api/client.ts';

/** The person closed the step-up dialog: the action is dropped without an error message. */
export class ReauthCancelled extends Error {
  constructor() {
    super('Re-authentication cancelled');
    this.name = 'ReauthCancelled';
  }
}

/** Opens the step-up dialog; resolves once a fresh proof was given, rejects with ReauthCancelled. */
export type RequestReauth = () => Promise<void>;

export const ReauthContext = createContext<RequestReauth | null>(null);

/**
 * Wraps a sensitive action: when the server answers 403 reauth_required, the person confirms
 * it is them (password, a code or a passkey) and the action runs again by itself.
 */
export function useReauth(): <T>(action: () => Promise<T>) => Promise<T> {
  const requestReauth = use(ReauthContext);
  if (requestReauth === null) throw new Error('useReauth() outside <ReauthProvider>');
  return useCallback(
    async <T>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action();
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'reauth_required')) throw error;
        await requestReauth();
        return action();
      }
    },
    [requestReauth],
  );
}

export function isReauthCancelled(error: unknown): boolean {
  return error instanceof ReauthCancelled;
}
