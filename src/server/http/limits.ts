/** Request size and time limits, in one place. */

/** The default body limit; 1 MiB stays until imports need more. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Sign-in and password forms are tiny; refusing more early bounds what an anonymous caller can send. */
export const FORM_BODY_LIMIT_BYTES = 16 * 1024;
/** A client that trickles its request must not hold a connection forever. */
export const REQUEST_TIMEOUT_MILLISECONDS = 30_000;
