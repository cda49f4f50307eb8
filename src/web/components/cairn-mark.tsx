/** Cairn's mark: three stacked stones. */
export function CairnMark({ size = 32 }: { size?: number }): React.JSX.Element {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="cairn-mark-gradient" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#5b7cfa" />
          <stop offset="1" stopColor="#2440c4" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#cairn-mark-gradient)" />
      <ellipse cx="16" cy="23.2" rx="9" ry="3.6" fill="#fff" />
      <ellipse cx="15.4" cy="16.4" rx="6.4" ry="2.9" fill="#fff" fillOpacity="0.88" />
      <ellipse cx="16.3" cy="10.6" rx="3.9" ry="2.3" fill="#fff" fillOpacity="0.74" />
    </svg>
  );
}
