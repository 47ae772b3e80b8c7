import { describe, expect, it } from 'vitest';
import { outline, sectionAt } from './outline';

describe('outline', () => {
  it('lists the headings in order with their level, line and offset', () => {
    const text = '# Postmortem: down\n\nIntro\n\n## Impact\n\ntext\n### What went well\n';
    expect(outline(text)).toEqual([
      { level: 1, title: 'Postmortem: down', line: 1, from: 0 },
      { level: 2, title: 'Impact', line: 5, from: text.indexOf('## Impact') },
      { level: 3, title: 'What went well', line: 8, from: text.indexOf('### What') },
    ]);
  });

  it('skips lines in fenced code blocks, which are not headings', () => {
    const text = '# One\n```sh\n# a shell comment\n```\n~~~\n## not either\n~~~\n## Two';
    expect(outline(text).map((h) => h.title)).toEqual(['One', 'Two']);
  });

  it('needs a space after the hashes and drops a closing run of hashes', () => {
    expect(outline('#hashtag\n####### seven\n## Closed ##\n#\n').map((h) => [h.level, h.title])).toEqual([[2, 'Closed']]);
  });

  it('counts Windows line ends as one line each', () => {
    const text = '# A\r\n\r\n## B\r\n';
    expect(outline(text)).toEqual([
      { level: 1, title: 'A', line: 1, from: 0 },
      { level: 2, title: 'B', line: 3, from: text.indexOf('## B') },
    ]);
  });
});

describe('sectionAt', () => {
  it('is the last heading starting at or before the offset', () => {
    const headings = outline('# A\ntext\n## B\ntext');
    expect(sectionAt(headings, 0)?.title).toBe('A');
    expect(sectionAt(headings, 6)?.title).toBe('A');
    expect(sectionAt(headings, 9)?.title).toBe('B');
    expect(sectionAt(outline('no headings'), 3)).toBeNull();
  });
});
