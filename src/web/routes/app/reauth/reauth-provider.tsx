import { useCallback, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ReauthCancelled, ReauthContext } from './reauth-context.ts';
import { ReauthModal } from './reauth-modal.tsx';

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Holds the one step-up dialog of the app; every caller waiting on it continues once it is done. */
export function ReauthProvider({ children }: { children: ReactNode }): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const waiting = useRef<Pending[]>([]);

  const requestReauth = useCallback(
    () =>
      new Promise<void>((resolve, reject) => {
        waiting.current.push({ resolve, reject });
        setOpen(true);
      }),
    [],
  );

  function settle(outcome: 'proven' | 'cancelled'): void {
    const pending = waiting.current;
    waiting.current = [];
    setOpen(false);
    for (const { resolve, reject } of pending) {
      if (outcome === 'proven') resolve();
      else reject(new ReauthCancelled());
    }
  }

  return (
    <ReauthContext value={requestReauth}>
      {children}
      <ReauthModal open={open} onProven={() => settle('proven')} onCancel={() => settle('cancelled')} />
    </ReauthContext>
  );
}
