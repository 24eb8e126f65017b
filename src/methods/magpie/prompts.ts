/** Magpie's two prompts (pure): the pre-query text alone, and the query inside the same template. */
export function queryPrompt(preQuery: string): string {
  return preQuery;
}

export function responsePrompt(preQuery: string, query: string, postQuery: string): string {
  // The query is data: concatenated, never rendered as a template.
  return `${preQuery}${query}${postQuery}`;
}
