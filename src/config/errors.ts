/** A configuration problem located in its file: one clear message, file:line, key, expectation. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly key: string | undefined,
    readonly expected: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${key ? `key "${key}": ` : ''}${expected}`);
    this.name = 'ConfigError';
  }
}
