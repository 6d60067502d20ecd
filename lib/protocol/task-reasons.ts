// Kept apart from index.ts (which defines the messaging) so that word modules import no messaging.
/**
 * Reason codes in a task failure's `detail` for a finished task that said nothing of its own:
 * success without a TaskResult, failure without ErrorMsg/FailReason (lib/domain/api gives them,
 * lib/i18n words them in the language in force).
 */
export const TASK_NO_CODE = 'task-no-code';
export const TASK_NO_REASON = 'task-no-reason';
