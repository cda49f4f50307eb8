import type { MFAMethod } from '../api/endpoints.ts';

const PATHS: Record<MFAMethod, React.JSX.Element> = {
  totp: (
    <>
      <rect x="6" y="2.5" width="12" height="19" rx="2.5" />
      <path d="M12 8.2 9.3 9.4v2.1c0 1.8 1.2 3.2 2.7 3.8 1.5-.6 2.7-2 2.7-3.8V9.4Z" />
      <path d="M10.5 18.5h3" />
    </>
  ),
  sms: (
    <>
      <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4A2.5 2.5 0 0 1 4 13.5Z" />
      <path d="M8.5 9.5h.01M12 9.5h.01M15.5 9.5h.01" strokeWidth="2.4" />
    </>
  ),
  email: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2.5" />
      <path d="m3.8 6.5 8.2 6.2 8.2-6.2" />
    </>
  ),
  passkey: (
    <>
      <circle cx="8.5" cy="12" r="4.5" />
      <path d="M13 12h8M18 12v3.2M21 12v2.2" />
      <circle cx="8.5" cy="12" r="1.2" />
    </>
  ),
  recovery_code: (
    <>
      <rect x="3" y="6" width="18" height="12" rx="2.5" />
      <path d="M7 12h.01M10.3 12h.01M13.7 12h.01M17 12h.01" strokeWidth="2.4" />
    </>
  ),
};

/** A small line icon for a verification method (the same on the public pages and in the app). */
export function MFAMethodIcon({ method, size = 20 }: { method: MFAMethod; size?: number }): React.JSX.Element {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[method]}
    </svg>
  );
}
