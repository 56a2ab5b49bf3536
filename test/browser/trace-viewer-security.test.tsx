import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { TraceViewer } from '../../src/components/trace-viewer';
import type { Annotation, Attributes, Span } from '../../src/core';
import { makeAnnotation, makeSpan, T0 } from '../components/trace-viewer/fixtures';
import { makeWrapper } from '../components/trace-viewer/wrapper';

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

const PWN = 'window.__pwned=1';

/** Payloads that would run script or inject markup if any field were rendered as HTML or linked unsafely. */
const PAYLOADS = [
  `<script>${PWN}</script>`,
  `<img src=x onerror="${PWN}">`,
  `"><img src=x onerror=${PWN}>`,
  `<svg onload="${PWN}"><circle r="5"/></svg>`,
  `<svg><script>${PWN}</script></svg>`,
  `<iframe src="javascript:${PWN}"></iframe>`,
  `<iframe srcdoc="<script>parent.${PWN}</script>"></iframe>`,
  `<a href="javascript:${PWN}">click</a>`,
  `javascript:${PWN}`,
  `[click me](javascript:${PWN})`,
  `[click me](JaVaScRiPt:${PWN})`,
  `[tab](java\tscript:${PWN})`,
  `[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)`,
  `![pixel](javascript:${PWN})`,
  `![tracker](https://tracker.invalid/p.gif)`,
  `<javascript:${PWN}>`,
  `&lt;script&gt;${PWN}&lt;/script&gt; &#60;img src=x onerror=${PWN}&#62;`,
  `</textarea><script>${PWN}</script>`,
  `</pre><img src=x onerror=${PWN}>`,
  `<details open ontoggle="${PWN}">`,
  `<math><mi xlink:href="javascript:${PWN}">x</mi></math>`,
  `<object data="javascript:${PWN}"></object><embed src="javascript:${PWN}">`,
  `<body onload="${PWN}"><style>*{display:none}</style>`,
  `<form action="javascript:${PWN}"><button>go</button></form>`,
  `{{constructor.constructor('${PWN}')()}}`,
  '**<img src=x onerror=window.__pwned=1>** `<script>window.__pwned=1</script>`',
  '# <svg onload=window.__pwned=1>\n\n- [x](javascript:window.__pwned=1)\n\n```html\n<script>window.__pwned=1</script>\n```',
];

const ALL = PAYLOADS.join('\n\n');

function hostileAttributes(payload: string): Attributes {
  return {
    input: { value: payload, mime_type: 'text/plain' },
    output: { value: JSON.stringify({ answer: payload, [payload]: [payload] }), mime_type: 'application/json' },
    llm: {
      model_name: payload,
      input_messages: [{ message: { role: payload, content: payload, name: payload } }],
      output_messages: [
        {
          message: {
            role: 'assistant',
            content: payload,
            contents: [{ message_content: { type: 'text', text: `${payload} (part)` } }, { message_content: { type: 'image', image: { url: `javascript:${PWN}` } } }],
            tool_calls: [{ tool_call: { id: payload, function: { name: payload, arguments: JSON.stringify({ q: payload }) } } }],
          },
        },
      ],
    },
    retrieval: { documents: [{ document: { id: payload, content: payload, score: 0.5, metadata: { source: payload } } }] },
    tool: { name: payload, description: payload, parameters: JSON.stringify({ [payload]: payload }) },
    metadata: { [payload]: payload },
    [payload.slice(0, 40)]: payload,
  };
}

function hostileSpans(): Span[] {
  const spans: Span[] = [
    makeSpan({ spanId: 'root', name: ALL, kind: 'AGENT', attributes: hostileAttributes(ALL), endTime: T0 + 5_000 }),
  ];
  PAYLOADS.forEach((payload, index) => {
    spans.push(
      makeSpan({
        spanId: `p${index}`,
        parentId: index % 3 === 0 ? 'root' : `p${index - 1}`,
        name: payload,
        kind: index % 2 ? 'LLM' : 'UNKNOWN',
        rawKind: index % 2 ? undefined : payload,
        startTime: T0 + index * 10,
        endTime: T0 + index * 10 + 50,
        status: { code: 'ERROR', message: payload },
        attributes: hostileAttributes(payload),
        events: [
          { name: payload, time: T0, attributes: { [payload]: payload } },
          { name: 'exception', time: T0, attributes: { exception: { type: payload, message: payload, stacktrace: payload } } },
        ],
        problems: [payload],
      }),
    );
  });
  return spans;
}

function hostileAnnotations(spans: Span[]): Annotation[] {
  return spans.flatMap((span, index) => {
    const payload = PAYLOADS[index % PAYLOADS.length]!;
    return [
      makeAnnotation({ spanId: span.spanId, name: payload, label: payload, explanation: payload, userId: payload, score: 0.5 }),
      makeAnnotation({ spanId: span.spanId, name: 'correctness', annotatorKind: 'LLM', label: payload, explanation: ALL }),
    ];
  });
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything a payload could have smuggled into the DOM. */
function injectedElements(root: ParentNode): string[] {
  const found: string[] = [];
  for (const element of root.querySelectorAll('script, img, svg, iframe, object, embed, math, form, style, link, meta, base, body body, details[ontoggle]')) {
    found.push(element.outerHTML.slice(0, 120));
  }
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.getAttributeNames()) {
      if (/^on/i.test(attribute)) found.push(`${element.tagName} ${attribute}`);
      if (/^(href|src|action|data|formaction|xlink:href|srcdoc)$/i.test(attribute)) {
        const value = element.getAttribute(attribute) ?? '';
        if (!/^(https?:|mailto:)/i.test(value)) found.push(`${element.tagName} ${attribute}=${value.slice(0, 60)}`);
      }
    }
  }
  return found;
}

async function clickAll(root: HTMLElement, selector: string, rounds = 2) {
  for (let round = 0; round < rounds; round += 1) {
    for (const button of [...root.querySelectorAll<HTMLElement>(selector)]) {
      if (!button.isConnected) continue;
      button.click();
      await tick();
    }
  }
}

describe('TraceViewer security (Chromium)', () => {
  it('renders a corpus of HTML, script, SVG and javascript: payloads in every field as inert text', async () => {
    window.__pwned = undefined;
    const spans = hostileSpans();
    const { Wrapper } = makeWrapper();
    // Wide and tall enough that every row is mounted (below 42rem the details pane takes half the height).
    const screen = await render(
      <TraceViewer spans={spans} annotations={hostileAnnotations(spans)} height={900} style={{ width: 1000 }} />,
      { wrapper: Wrapper },
    );
    const container = screen.container as HTMLElement;
    const rows = () => [...container.querySelectorAll<HTMLElement>('[role="treeitem"]')];
    expect(rows().length).toBe(spans.length);

    // The payload text itself is on screen, as text.
    expect(container.textContent).toContain(`<script>${PWN}</script>`);

    const details = () => container.querySelector<HTMLElement>('[data-slot="trace-viewer-details-pane"]')!;
    for (let index = 0; index < rows().length; index += 1) {
      rows()[index]!.click();
      await tick();
      // Every view of every value: text, JSON tree (all open), Markdown; every "show more".
      for (const mode of ['Markdown', 'JSON', 'Text', 'Markdown']) {
        await clickAll(details(), `[data-slot="content-view"] [role="group"] button[aria-pressed="false"]`, 1);
        void mode;
      }
      await clickAll(details(), '[data-slot="json-tree"] button[aria-expanded="false"]', 3);
      await clickAll(details(), '[data-slot="show-more"]', 1);
      expect(injectedElements(container), `span ${index}`).toEqual([]);
    }
    // Let any error or load event that an injected element might have queued fire.
    await tick(300);
    expect(window.__pwned).toBeUndefined();
    expect(injectedElements(document.body)).toEqual([]);

    // Markdown did render real elements, and its links are only http(s)/mailto.
    rows()[0]!.click();
    await tick();
    await clickAll(details(), `[data-slot="content-view"] [role="group"] button[aria-pressed="false"]`, 1);
    const links = [...container.querySelectorAll('a')];
    for (const link of links) expect(link.getAttribute('href')).toMatch(/^(https?:|mailto:)/);
  });

  it('searches hostile text without turning it into markup', async () => {
    window.__pwned = undefined;
    const spans = hostileSpans();
    const { Wrapper } = makeWrapper();
    const screen = await render(<TraceViewer spans={spans} />, { wrapper: Wrapper });
    await screen.getByRole('searchbox', { name: 'Search spans' }).fill('<img src=x onerror');
    await expect.poll(() => screen.container.querySelector('[data-slot="trace-viewer-match-count"]')?.textContent).toMatch(/of/);
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => screen.container.querySelector('[data-current-match]')).not.toBeNull();
    expect(injectedElements(document.body)).toEqual([]);
    expect(window.__pwned).toBeUndefined();
  });
});
