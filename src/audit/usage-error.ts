/**
 * An error the user can fix: the CLI prints its message on one line and exits 2. Kept apart from
 * open.ts so that a command can use it without loading the database driver.
 */
export function usageError(message: string): Error {
  return Object.assign(new Error(message), { name: 'UsageError' });
}
