import { createContext, use } from 'react';
import type { Me } from '../../api/endpoints.ts';

export const ME_QUERY_KEY = ['auth', 'me'] as const;

export const MeContext = createContext<Me | null>(null);

/** The signed-in person; only inside the app behind the sign-in guard. */
export function useMe(): Me {
  const me = use(MeContext);
  if (me === null) throw new Error('useMe() outside the signed-in app');
  return me;
}
