import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DATA = resolve(REPO, '..', 'shared', 'data');
export const sharedData = (name: string) => resolve(SHARED_DATA, name);
