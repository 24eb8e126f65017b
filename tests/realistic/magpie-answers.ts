/**
 * Completions as Llama-3-Instruct-class models write them when sent only the pre-query template
 * (written by us after the shapes seen on vLLM and llama.cpp servers; no released text copied).
 * `finish` is what the server reported; `query` what the recipe must keep (null: dropped, with `reason`).
 */
import type { FinishReason } from '../../src/teacher/types.js';

export interface MagpieCase {
  name: string;
  text: string;
  finish: FinishReason;
  query: string | null;
  reason?: string;
}

export const MAGPIE_QUERY_CASES: MagpieCase[] = [
  { name: 'clean, stop removed by the server', text: 'What are the main differences between a Roth IRA and a traditional IRA?', finish: 'stop', query: 'What are the main differences between a Roth IRA and a traditional IRA?' },
  {
    name: 'multi-line with code, trailing newline',
    text: "I'm trying to reverse a linked list in Python but my code loops forever:\n\n```python\ndef rev(head):\n    while head:\n        head.next = head\n```\n\nWhat am I doing wrong?\n",
    finish: 'stop',
    query: "I'm trying to reverse a linked list in Python but my code loops forever:\n\n```python\ndef rev(head):\n    while head:\n        head.next = head\n```\n\nWhat am I doing wrong?",
  },
  // llama.cpp with special tokens printed: the stop did not match, the turn structure follows the query.
  { name: 'special tokens left in', text: 'Can you suggest a 3-day itinerary for Lisbon?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nSure! Day 1: Alfama', finish: 'stop', query: 'Can you suggest a 3-day itinerary for Lisbon?' },
  { name: 'leading blank lines', text: '\n\nHow do I politely decline a meeting invitation from my manager?', finish: 'stop', query: 'How do I politely decline a meeting invitation from my manager?' },
  { name: 'ends with a colon (kept by the parser, dropped by the filter)', text: 'Rewrite the following paragraph to make it more concise:', finish: 'stop', query: 'Rewrite the following paragraph to make it more concise:' },
  { name: 'runaway query cut by max_tokens', text: 'Write a story about a dragon who ' + 'flies and flies and '.repeat(40), finish: 'length', query: null, reason: 'truncated' },
  { name: 'cut by max_tokens after the turn had ended', text: 'What is 17 times 23?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n17 times 23 is 391. ' + 'x '.repeat(30), finish: 'length', query: 'What is 17 times 23?' },
  { name: 'nothing but the end of turn', text: '<|eot_id|>', finish: 'stop', query: null, reason: 'empty' },
  { name: 'whitespace only', text: ' \n ', finish: 'stop', query: null, reason: 'empty' },
];

export const MAGPIE_RESPONSE_CASES: MagpieCase[] = [
  {
    name: 'markdown answer, stop removed',
    text: "Here are a few tips:\n\n1. **Set a schedule.** Start and end at the same time each day.\n2. **Make a workspace.** Keep it separate from where you relax.\n\nI hope this helps!",
    finish: 'stop',
    query: "Here are a few tips:\n\n1. **Set a schedule.** Start and end at the same time each day.\n2. **Make a workspace.** Keep it separate from where you relax.\n\nI hope this helps!",
  },
  { name: 'answer then the next user header printed', text: 'The capital of Australia is Canberra.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nThanks!', finish: 'stop', query: 'The capital of Australia is Canberra.' },
  { name: 'long answer cut by max_tokens', text: 'Step 1: preheat the oven. Step 2: ' + 'stir. '.repeat(100), finish: 'length', query: null, reason: 'truncated' },
];
