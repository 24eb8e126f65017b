// How the CLI words an error (src/cli/errors.ts): the exit code, and whether --debug is hinted.
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/cli/errors.js';
import { FileWriteError } from '../../src/util/atomic-file.js';

const sqlite = (code: string, message: string) => Object.assign(new Error(message), { name: 'SqliteError', code });

describe('describeError', () => {
  it('an unexpected error: its message, exit 1, and the --debug hint', () => {
    expect(describeError(new TypeError('x is not a function'), { args: [] })).toEqual({ message: 'x is not a function', code: 1, known: false });
    expect(describeError('a string', { args: [] })).toEqual({ message: 'a string', code: 1, known: false });
  });

  it('bad input is exit 2 and a failure exit 1, without the hint', () => {
    expect(describeError(Object.assign(new Error('bad'), { name: 'UsageError' }), { args: [] })).toMatchObject({ code: 2, known: true });
    expect(describeError(new FileWriteError('/x', 'ENOSPC', 'cannot write /x: no space left on device (ENOSPC)'), { args: [] })).toMatchObject({ code: 1, known: true });
  });

  it('SQLite errors name the database of the command', () => {
    const ctx = { name: 'status', args: [], db: 'data/d.db' };
    expect(describeError(sqlite('SQLITE_FULL', 'database or disk is full'), ctx)).toMatchObject({ code: 1, message: expect.stringMatching(/^data\/d\.db: cannot write the database: the disk is full/) });
    expect(describeError(sqlite('SQLITE_CORRUPT', 'database disk image is malformed'), ctx)).toMatchObject({ code: 2, message: expect.stringMatching(/^data\/d\.db: the database file is damaged/) });
    expect(describeError(sqlite('SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database'), ctx)).toMatchObject({ code: 1, message: expect.stringMatching(/read-only/) });
    expect(describeError(sqlite('SQLITE_IOERR_WRITE', 'disk I/O error'), ctx)).toMatchObject({ code: 1, known: true });
  });

  it('the yaml package alias guard is bad input naming the pipeline file', () => {
    const err = new ReferenceError('Excessive alias count indicates a resource exhaustion attack');
    expect(describeError(err, { name: 'run', args: ['p.yaml'] })).toMatchObject({ code: 2, message: expect.stringMatching(/^p\.yaml: invalid YAML: its aliases expand too much/) });
  });
});
