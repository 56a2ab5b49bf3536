import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
    const { container } = render(<Markdown source={deep} limit={deep.length} />);
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

  it('nests emphasis and strong emphasis as CommonMark does', () => {
    const html = (source: string) => render(<Markdown source={source} />).container.querySelector('p')!.innerHTML;
    expect(html('***both***')).toBe('<em><strong>both</strong></em>');
    expect(html('*emph *with emph* in it*')).toBe('<em>emph <em>with emph</em> in it</em>');
    expect(html('**strong *and emph***')).toBe('<strong>strong <em>and emph</em></strong>');
    expect(html('foo*bar*baz and snake_case_name')).toBe('foo<em>bar</em>baz and snake_case_name');
    expect(html('*a `*`*')).toBe('<em>a <code data-slot="markdown-code">*</code></em>');
    expect(html('*foo**bar**baz* and *foo**bar*')).toBe('<em>foo<strong>bar</strong>baz</em> and <em>foo**bar</em>');
    expect(html('\\*not emphasis\\*')).toBe('*not emphasis*');
  });

  it('keeps emphasis inside a link inside the link, and never puts a link in a link', () => {
    const { container } = render(
      <Markdown source={'**x [a*b**c*](https://d.example/) and [outer [inner](https://a.example/)](https://b.example/)'} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://d.example/', 'https://a.example/']);
    expect(links[0]!.innerHTML).toBe('a<em>b**c</em>');
    expect(container.querySelector('p')!.textContent).toBe('**x ab**c and [outer inner](https://b.example/)');
  });

  it('lets a link follow an image whose description held a link', () => {
    const { container } = render(<Markdown source={'![[a](https://a.example/)](https://i.example/x.png) [b](https://b.example/)'} />);
    expect([...container.querySelectorAll('a')].map((link) => link.getAttribute('href'))).toEqual(['https://a.example/', 'https://b.example/']);
    expect(container.querySelector('img')).toBeNull();
  });

  it('reads code spans by backtick run length, titles and autolinks', () => {
    const { container } = render(
      <Markdown source={'``a`b`` and `` `x` `` and ``unclosed` then [t](https://t.example/ "Title") [bad](https://t.example/ oops) <https://auto.example/x> <javascript:alert(1)>'} />,
    );
    expect([...container.querySelectorAll('code')].map((code) => code.textContent)).toEqual(['a`b', '`x`']);
    expect(container).toHaveTextContent('``unclosed` then');
    expect([...container.querySelectorAll('a')].map((link) => link.getAttribute('href'))).toEqual(['https://t.example/', 'https://auto.example/x']);
    expect(container).toHaveTextContent('[bad](https://t.example/ oops)');
    expect(container).toHaveTextContent('<javascript:alert(1)>');
  });

  it('keeps line breaks inside a paragraph without an element per line', () => {
    const { container } = render(<Markdown source={'one\ntwo\nthree'} />);
    const paragraph = container.querySelector('p')!;
    expect(paragraph.textContent).toBe('one\ntwo\nthree');
    expect(paragraph.children).toHaveLength(0);
  });

  it('shows hostile emphasis runs as the text they are', () => {
    const source = '*a '.repeat(60_000);
    const { container } = render(<Markdown source={source} limit={source.length} />);
    expect(container.querySelector('em, strong')).toBeNull();
    expect(container.querySelector('p')!.textContent).toBe(source.trim());
  });

  it('caps inline nesting and keeps the text of what lies deeper', () => {
    const source = `${'*a **a '.repeat(1_000)}b${' a** a*'.repeat(1_000)}`;
    const { container } = render(<Markdown source={source} limit={source.length} />);
    let depth = 0;
    let deepest: Element = container.querySelector('p')!;
    for (let node: Element | null = deepest; node; node = node.querySelector('em, strong')) {
      depth += 1;
      deepest = node;
    }
    expect(depth - 1).toBe(12);
    // What lies deeper is one text node, not one per dropped emphasis.
    expect(deepest.childNodes).toHaveLength(1);
    expect(container.querySelector('p')!.textContent!.replace(/\s+/g, '')).toBe(`${'aa'.repeat(1_000)}b${'aa'.repeat(1_000)}`);
  });

  it('renders the first 10,000 characters and reveals ten times more with "Show more"', async () => {
    const paragraph = `${'word '.repeat(199)}end`;
    const source = Array.from({ length: 50 }, (_, index) => `${index} ${paragraph}`).join('\n\n'); // ~50,000 characters
    const { container } = render(<Markdown source={source} />);
    const root = container.querySelector('[data-slot="markdown"]')!;
    expect(root).toHaveAttribute('data-truncated');
    const shown = container.querySelectorAll('p').length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(12);
    // Cut at a paragraph boundary, so no paragraph is split.
    for (const p of container.querySelectorAll('p')) expect(p.textContent).toMatch(/end$/);
    const button = screen.getByRole('button', { name: /Show more \([\d,]+ more characters\)/ });
    await userEvent.click(button);
    expect(container.querySelectorAll('p')).toHaveLength(50);
    expect(root).not.toHaveAttribute('data-truncated');
    expect(screen.queryByRole('button', { name: /Show more/ })).toBeNull();
  });

  it('cuts a dense text shorter, so 10,000 characters render about 500 elements at most', async () => {
    const source = '`a` '.repeat(50_000); // an element every 4 characters
    const { container } = render(<Markdown source={source} />);
    const elements = container.querySelectorAll('[data-slot="markdown"] *').length;
    expect(elements).toBeGreaterThan(200);
    expect(elements).toBeLessThanOrEqual(510);
    await userEvent.click(screen.getByRole('button', { name: /Show more/ }));
    expect(container.querySelectorAll('[data-slot="markdown"] code').length).toBeGreaterThan(2_000);
  });
});
