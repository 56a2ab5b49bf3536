// ESLint rule `annokit/layers`: imports run one way, `components → hooks → provider → core` and
// `adapters/* → core` (DESIGN.md). A relative import is resolved against the importing file, so
// `../../hooks/useFeedback` from a component and from core are told apart; type-only imports count
// too, because a type import still ties a layer to the one it names.
import { dirname, relative, resolve, sep } from 'node:path';

/** What each layer may import from inside `src/`: itself and the layers below it. */
const ALLOWED = {
  core: ['core'],
  adapter: ['core', 'same-adapter'],
  provider: ['core', 'provider'],
  hooks: ['core', 'provider', 'hooks'],
  components: ['core', 'provider', 'hooks', 'components'],
  // annokit/server: Node only, no React; it serves the HTTP adapter's proxy handler, nothing else of an adapter.
  server: ['core', 'server', 'adapter:http'],
  // annokit/<integration> (assistant-ui…): built on the kit's React layers, never on an adapter or another integration.
  integration: ['core', 'provider', 'hooks', 'components', 'same-integration'],
  // src/index.ts and other files at the top: everything but an adapter (adapters ship as subpath exports).
  root: ['core', 'provider', 'hooks', 'components'],
};

/** Packages a framework-free layer must not import (React and what is built on it). */
const REACT_PACKAGES = /^(react|react-dom|@tanstack\/react-query|@radix-ui\/[^/]+|scheduler)(\/|$)/;
const FRAMEWORK_FREE = new Set(['core', 'adapter', 'server']);

const LAYER_NAMES = { core: 'core', adapter: 'an adapter', provider: 'the provider', hooks: 'hooks', components: 'components', server: 'annokit/server', root: 'the root entry' };

/** The layer of a path relative to `src/` (a file or a folder import), or null outside it (and for styles). */
function layerOf(fromSrc) {
  const parts = fromSrc.split(sep);
  if (fromSrc === '' || parts[0] === '..') return fromSrc === '' ? { layer: 'root' } : null;
  switch (parts[0]) {
    case 'core':
    case 'provider':
    case 'hooks':
    case 'components':
      return { layer: parts[0] };
    case 'adapters':
      return parts.length > 1 ? { layer: 'adapter', adapter: parts[1].replace(/\.[jt]sx?$/, '') } : { layer: 'root' };
    case 'server':
      return { layer: 'server' };
    case 'integrations':
      return parts.length > 1 ? { layer: 'integration', integration: parts[1].replace(/\.[jt]sx?$/, '') } : { layer: 'root' };
    case 'styles':
      return null;
    default:
      // src/index.ts and any other file at the top.
      return { layer: 'root' };
  }
}

function describe(target) {
  if (target.layer === 'adapter') return `the ${target.adapter} adapter`;
  if (target.layer === 'integration') return `the ${target.integration} integration`;
  return LAYER_NAMES[target.layer];
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layers of DESIGN.md: components → hooks → provider → core, adapters/* → core.' },
    schema: [{ type: 'object', properties: { srcDir: { type: 'string' } }, additionalProperties: false }],
    messages: {
      layer: '{{from}} must not import {{to}} ("{{source}}"): imports run components → hooks → provider → core, and adapters/* → core.',
      react: '{{from}} is framework-free and must not import "{{source}}" (React lives in provider, hooks and components).',
    },
  },
  create(context) {
    const srcDir = resolve(context.cwd, context.options[0]?.srcDir ?? 'src');
    const filename = context.filename;
    const from = layerOf(relative(srcDir, filename));
    if (!from) return {};

    function check(node, source) {
      if (typeof source !== 'string') return;
      if (!source.startsWith('.')) {
        if (FRAMEWORK_FREE.has(from.layer) && REACT_PACKAGES.test(source)) {
          context.report({ node, messageId: 'react', data: { from: describe(from), source } });
        }
        return;
      }
      const to = layerOf(relative(srcDir, resolve(dirname(filename), source)));
      if (!to) return;
      const allowed = ALLOWED[from.layer];
      const ok =
        to.layer === 'adapter'
          ? (allowed.includes('same-adapter') && to.adapter === from.adapter) || allowed.includes(`adapter:${to.adapter}`)
          : to.layer === 'integration'
            ? allowed.includes('same-integration') && to.integration === from.integration
            : allowed.includes(to.layer);
      if (!ok) context.report({ node, messageId: 'layer', data: { from: describe(from), to: describe(to), source } });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      // `import('../hooks').X` in a type position.
      TSImportType: (node) => {
        const literal = node.source ?? node.argument?.literal;
        if (literal?.type === 'Literal') check(literal, literal.value);
      },
    };
  },
};

export default { meta: { name: 'annokit' }, rules: { layers: layersRule } };
