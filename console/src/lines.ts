// Text areas of one item per line, as the API's arrays: trimmed, blanks dropped.
export const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
