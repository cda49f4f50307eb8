import { useLocation } from 'react-router';
import { recalledIdentifier } from './recovery-storage.ts';

/** The e-mail or username brought from the previous page (router state, never the URL), or typed earlier in this tab. */
export function useIncomingIdentifier(): string {
  const location = useLocation();
  const state = location.state as { identifier?: unknown } | null;
  return typeof state?.identifier === 'string' ? state.identifier : recalledIdentifier();
}
