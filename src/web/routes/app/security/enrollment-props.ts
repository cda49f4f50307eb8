import type { FactorConfirmed } from '../../../api/endpoints.ts';

/** What every method's set-up steps take. */
export interface EnrollmentProps {
  onConfirmed: (result: FactorConfirmed) => void;
  /** The person gave up (e.g. closed the "confirm it is you" dialog that adding a second method needs). */
  onCancel: () => void;
}
