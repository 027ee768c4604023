import { promises as fsp } from 'node:fs';
import { VigilError } from '../../shared/errors.js';
import { toStorageError } from './storageError.js';
import { errnoCode } from './storeFs.js';

/** Parsed JSON of a file, or undefined when it does not exist. Damaged JSON is a storage error naming the file. */
export async function readJsonIfExists(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw toStorageError(error, 'read', file);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new VigilError('storage', `${file} is damaged: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
}
