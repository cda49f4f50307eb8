/** How long a mailed reset link works (docs/recovery-api.md; OWASP Forgot Password cheat sheet). */
export const RESET_LINK_MINUTES = 30;
