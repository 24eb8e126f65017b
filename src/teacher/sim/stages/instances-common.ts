/** Shared by the two Self-Instruct instance-generation stages (methods.md 1c). */
import { tail } from '../text.js';

/** The prompt ends with "Task: <instruction>" and a newline. */
export const TASK_ENDING = /(?:^|\n)[ \t]*Task:[ \t]*([^\n]+)\n[ \t]*\n?$/;

export function taskAtEnd(text: string): string | undefined {
  return tail(text, 4000).match(TASK_ENDING)?.[1]?.trim();
}

/** The field name an input of this kind is shown under ("Review", "Sentence", ...). */
export function fieldName(inputKind: string | null): string {
  switch (inputKind) {
    case null:
      return 'Input';
    case 'product review':
    case 'movie review':
    case 'restaurant review':
      return 'Review';
    case 'customer message':
    case 'text message':
      return 'Message';
    case 'news headline':
    case 'headline':
      return 'Headline';
    case 'social media post':
      return 'Post';
    case 'short story':
      return 'Story';
    case 'job posting':
      return 'Posting';
    case 'recipe description':
      return 'Recipe';
    case 'list':
      return 'List';
    case 'paragraph':
      return 'Text';
    default:
      return inputKind.charAt(0).toUpperCase() + inputKind.slice(1).replace(/\s.*$/, '');
  }
}
