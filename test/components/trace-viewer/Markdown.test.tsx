import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, safeHref } from '../../../src/components/trace-viewer/Markdown';

describe('Markdown', () => {
  it('renders headings, emphasis, code, lists and quotes as elements', () => {
    const { container } = render(
      <Markdown
        source={'# Title\n\nSome **bold**, *italic*, ~~gone~~ and `code`.\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n> quoted\n\n```js\nconst x = 1 < 2;\n```'}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Title' })).toBeInTheDocument();
    expect(container.querySelector('strong')).toHaveTextContent('bold');
    expect(container.querySelector('em')).toHaveTextContent('italic');
    expect(container.querySelector('del')).toHaveTextContent('gone');
    expect(container.querySelector('code')).toHaveTextContent('code');
    expect(container.querySelectorAll('ul > li')).toHaveLength(3);
    expect(container.querySelector('ul ul li')).toHaveTextContent('nested');
    expect(container.querySelectorAll('ol > li')).toHaveLength(2);
    expect(container.querySelector('blockquote')).toHaveTextContent('quoted');
    expect(container.querySelector('pre code')).toHaveTextContent('const x = 1 < 2;');
  });

  it('makes http(s) and mailto links clickable and leaves every other URL as text', () => {
    const { container } = render(
      <Markdown source={'[ok](https://example.com/a) [mail](mailto:a@b.c) [bad](javascript:alert(1)) [rel](/local) [data](data:text/html,x) [tab](java\tscript:alert(1))'} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://example.com/a', 'mailto:a@b.c']);
    expect(links[0]).toHaveAttribute('rel', expect.stringContaining('noopener'));
    expect(container).toHaveTextContent('[bad](javascript:alert(1))');
    expect(container).toHaveTextContent('[rel](/local)');
  });

  it('keeps raw HTML and images as text so nothing is parsed or fetched', () => {
    const { container } = render(<Markdown source={'<img src=x onerror="alert(1)"> ![pixel](https://tracker.example/p.gif) <script>alert(1)</script>'} />);
    expect(container.querySelector('img, script')).toBeNull();
    expect(container).toHaveTextContent('<img src=x onerror="alert(1)">');
    expect(container).toHaveTextContent('![pixel](https://tracker.example/p.gif)');
  });

  it('does not italicise snake_case identifiers', () => {
    const { container } = render(<Markdown source="llm.token_count_total and _real emphasis_" />);
    expect(container.querySelectorAll('em')).toHaveLength(1);
    expect(container).toHaveTextContent('llm.token_count_total');
  });

  it('survives deeply nested and unterminated input', () => {
    const deep = `${'> '.repeat(5_000)}deep\n${'- '.repeat(3_000)}item\n${'**'.repeat(2_000)}\n\`\`\`\nunterminated`;
    const { container } = render(<Markdown source={deep} />);
    expect(container).toHaveTextContent('deep');
    expect(container).toHaveTextContent('unterminated');
  });

  it('accepts only absolute http, https and mailto URLs', () => {
    expect(safeHref('https://a.b/c?d')).toBe('https://a.b/c?d');
    expect(safeHref(' JAVASCRIPT:alert(1)')).toBeNull();
    expect(safeHref('vbscript:x')).toBeNull();
    expect(safeHref('//evil.example')).toBeNull();
    expect(safeHref('')).toBeNull();
  });
});
