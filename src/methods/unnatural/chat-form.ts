/**
 * A chat model's core example, put into the layout the parser reads (pure; each change recorded):
 * bold or heading marks around the labels ("**Instruction:**", "### Example 4"), an opener before
 * the first label ("Sure! Here is a fourth example:"), closing remarks after the constraints, and
 * for outputs and reformulations the opener and closing remarks around the text.
 */
import { dropOpeningLine } from '../../chat/chatter.js';
import { edit, pipe, type Edit, type Normalised } from '../../chat/edits.js';
import { dropLead } from '../../chat/lead.js';
import { unmarkHead } from '../../chat/markup.js';
import { dropClosingRemarks } from '../../chat/trailer.js';

const LABEL = /^[ \t]*(?:instruction|input|constraints?)[ \t]*:/i;
const EXAMPLE_LINE = /^[ \t]*example[ \t]+\d+[ \t]*:?[ \t]*$/i;

/** Markdown taken off label and example-header lines only (a value's own markdown is content). */
function unmarkLabels(text: string): Normalised {
  const edits: Edit[] = [];
  const lines = text.split('\n').map((line) => {
    const bare = unmarkHead(line);
    if (bare === line || !(LABEL.test(bare) || EXAMPLE_LINE.test(bare))) return line;
    edits.push(edit('markup', line));
    return bare;
  });
  return { text: lines.join('\n'), edits };
}

export function normaliseCore(text: string): Normalised {
  return pipe(
    text,
    unmarkLabels,
    (t) => dropLead(t, (line) => LABEL.test(line) || EXAMPLE_LINE.test(line)),
    dropClosingRemarks,
  );
}

/** An output or a reformulation: free text, with a chat opener and closing remarks taken out. */
export function normaliseFreeText(text: string): Normalised {
  return pipe(text, dropOpeningLine, dropClosingRemarks);
}
