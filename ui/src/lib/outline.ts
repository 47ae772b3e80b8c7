// The section outline of a Markdown text: its ATX headings (`#` to
// `######`) in order, with where each starts, so the editor can jump there.
// Lines inside fenced code blocks are not headings.

export interface Heading {
  /** 1 for `#`, 2 for `##`, … */
  level: number;
  /** The heading's words, without the `#`s or a closing `#` run. */
  title: string;
  /** Its line, counted from 1. */
  line: number;
  /** Where the line starts in the text (a character offset). */
  from: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The headings of `text`, in order. */
export function outline(text: string): Heading[] {
  const headings: Heading[] = [];
  let fence: string | null = null;
  let from = 0;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const opening = FENCE.exec(line);
    if (fence !== null) {
      // A fence closes with at least as many of the same character.
      if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length && line.trim() === opening[1]) fence = null;
    } else if (opening) {
      fence = opening[1];
    } else {
      const match = ATX.exec(line);
      if (match) {
        const title = (match[2] ?? '').replace(/[ \t]+#+$/, '').trim();
        if (title !== '') headings.push({ level: match[1].length, title, line: i + 1, from });
      }
    }
    from += raw.length + 1;
  });
  return headings;
}

/** The heading whose section holds `offset` (the last one starting at or before it). */
export function sectionAt(headings: Heading[], offset: number): Heading | null {
  let found: Heading | null = null;
  for (const h of headings) {
    if (h.from > offset) break;
    found = h;
  }
  return found;
}
