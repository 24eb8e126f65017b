import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PIPELINE_KEYS } from '../../src/config/common.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/errors.js';

const schema = z.strictObject({ ...PIPELINE_KEYS, method: z.string(), params: z.unknown().optional() });

describe('teachers: the map of named teachers', () => {
  it('fills each named teacher with the teacher defaults', () => {
    const cfg = parseConfig(schema, 'name: t\nmethod: x\nteachers:\n  strong:\n    model: gpt-4o\n  local:\n    provider: sim\n', 'p.yaml');
    expect(cfg.teachers.strong!.model).toBe('gpt-4o');
    expect(cfg.teachers.strong!.provider).toBe('auto');
    expect(cfg.teachers.local!.provider).toBe('sim');
    expect(cfg.teachers.local!.model).toBe('gpt-4o-mini');
  });
  it('defaults to no named teachers', () => {
    expect(parseConfig(schema, 'name: t\nmethod: x\n', 'p.yaml').teachers).toEqual({});
  });
  it('names the file, line and key of a bad teacher entry', () => {
    const text = 'name: t\nmethod: x\nteachers:\n  strong:\n    modle: gpt-4o\n';
    let err: unknown;
    try { parseConfig(schema, text, 'p.yaml'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).line).toBe(5);
    expect((err as ConfigError).key).toBe('teachers.strong.modle');
  });
});
