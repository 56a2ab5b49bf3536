// Type-checks the README's ```ts / ```tsx examples against this repo's src/: each block becomes a
// module in a scratch directory where `annokit`, `annokit/core`, `annokit/server`, `annokit/assistant-ui`,
// `annokit/adapters/*` and `annokit/styles.css` resolve to src/, and one TypeScript program checks them all. Errors are
// reported at the README line they come from. Used by scripts/check-readme.mjs and its unit test.
//
// Conventions for blocks (written down in the script so a README author can find them):
// - A block is a module users paste. A block with `import`s must import everything it uses.
// - A block without any `import` is a fragment: the components it renders (`<X>`, `<X.Part>`) and the
//   hooks it calls (`useX(...)`) are imported for it, React's hooks from 'react', the rest from 'annokit'.
// - A block that only declares types (no imports) documents the package's types: each declared type
//   must match the export of the same name from 'annokit' (assignable both ways, so an optional
//   property the README leaves out is not caught).
// - Blocks are checked as if they were files in test/adapters/<name>/ of this repo, so the repo-internal
//   example (the adapter conformance suite) can import '../conformance' and '../../../src/...'.
// - Free names that stand for what the host app provides are declared by HOST_NAMES below, per block,
//   only when the block uses the name and does not declare it itself.
// - `<!-- readme-check: skip (reason) -->` on the line before a fence skips that block; the reason is required.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');

/** Where the generated modules go by default: inside node_modules so `react` and its types resolve. */
export const DEFAULT_WORK_DIR = join(ROOT, 'node_modules/.cache/annokit-readme');

// Host-provided names the README's fragments use without defining them: the app's adapter, its user,
// its data and its own components or helpers. Keep this list to things a host obviously has; an
// example that needs anything else should define it.
const HOST_NAMES = {
  adapter: `declare const adapter: import('annokit/core').AnnotationAdapter;`,
  hostQueryClient: `declare const hostQueryClient: import('@tanstack/react-query').QueryClient;`,
  currentUser: `declare const currentUser: { id: string; name: string };`,
  userId: `declare const userId: string;`,
  reviewerId: `declare const reviewerId: string;`,
  spanId: `declare const spanId: string;`,
  traceId: `declare const traceId: string;`,
  spans: `declare const spans: readonly import('annokit').Span[];`,
  selectedSpans: `declare const selectedSpans: readonly import('annokit').Span[];`,
  annotations: `declare const annotations: readonly import('annokit').Annotation[];`,
  spanTargets: `declare const spanTargets: readonly import('annokit').AnnotationTarget[];`,
  file: `declare const file: File; // e.g. from <input type="file">`,
  children: `declare const children: import('react').ReactNode;`,
  toast: `declare function toast(message: string): void;`,
  reportError: `declare function reportError(error: Error, context: Record<string, unknown>): void;`,
  getSession: `declare function getSession(request: Request): Promise<{ userId: string } | null>;`,
  YourSpanDetails: `declare function YourSpanDetails(props: { spanId: string }): import('react').ReactNode;`,
  MyIconButton: `declare const MyIconButton: (props: { icon: string } & import('react').ComponentPropsWithRef<'button'>) => import('react').ReactNode;`,
  // The adapter conformance example runs inside a test file of this repo, against a fake backend.
  server: `declare const server: { url: string; reset(): void; load(data: unknown): Promise<void> };`,
};

const REACT_HOOKS = new Set(['useState', 'useMemo', 'useEffect', 'useRef', 'useCallback', 'useReducer', 'useId', 'useContext', 'useLayoutEffect', 'useTransition', 'useDeferredValue']);
const SKIP_MARKER = /^<!--\s*readme-check:\s*skip\b\s*(.*?)\s*-->$/;

/**
 * The ```ts / ```tsx blocks of a Markdown text, with the 1-based line of the fence and of the first
 * code line, and the skip reason when a marker precedes the fence.
 */
export function extractBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  const problems = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[2];
    const lang = open[3].toLowerCase();
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence)) end++;
    if (lang === 'ts' || lang === 'tsx' || lang === 'typescript') {
      let prev = i - 1;
      while (prev >= 0 && (lines[prev] ?? '').trim() === '') prev--;
      const marker = SKIP_MARKER.exec((lines[prev] ?? '').trim());
      let skip = null;
      if (marker) {
        const reason = (marker[1] ?? '').replace(/^\((.*)\)$/, '$1').trim();
        if (reason) skip = reason;
        else problems.push({ line: prev + 1, message: 'readme-check: skip needs a reason, e.g. <!-- readme-check: skip (why) -->' });
      }
      blocks.push({
        index: blocks.length,
        lang: lang === 'typescript' ? 'ts' : lang,
        fenceLine: i + 1,
        line: i + 2,
        code: lines.slice(i + 1, end).join('\n'),
        skip,
      });
    }
    i = end;
  }
  return { blocks, problems };
}

// Names a block declares at its top level (imports, variables, functions, classes, types).
function topLevelDeclarations(sourceFile) {
  const names = new Set();
  const bind = (name) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  let hasImports = false;
  let onlyTypes = sourceFile.statements.length > 0;
  const types = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      hasImports = true;
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      names.add(statement.name.text);
      types.push(statement);
    }
    if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) onlyTypes = false;
  }
  return { names, hasImports, onlyTypes, types };
}

// Every identifier in the block, and the ones used as JSX tag roots or hook calls.
function usedNames(sourceFile) {
  const all = new Set();
  const components = new Set();
  const hooks = new Set();
  const tagRoot = (tag) => {
    while (ts.isPropertyAccessExpression(tag)) tag = tag.expression;
    return ts.isIdentifier(tag) && /^[A-Z]/.test(tag.text) ? tag.text : null;
  };
  const visit = (node) => {
    if (ts.isIdentifier(node)) all.add(node.text);
    if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
      const root = tagRoot(node.tagName);
      if (root) components.add(root);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && /^use[A-Z]/.test(node.expression.text)) hooks.add(node.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { all, components, hooks };
}

/**
 * The module text for one block: the generated prelude (fragment imports, host declarations), the
 * block's code unchanged, and any type checks, with `origins[i]` = the README line of generated line i + 1.
 */
export function prepareBlock(block) {
  const fileName = `block-${String(block.index + 1).padStart(2, '0')}-line-${block.line}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`;
  const sourceFile = ts.createSourceFile(fileName, block.code, ts.ScriptTarget.Latest, true, block.lang === 'tsx' ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const declared = topLevelDeclarations(sourceFile);
  const used = usedNames(sourceFile);
  const prelude = [];
  if (!declared.hasImports) {
    const fromReact = [...used.hooks].filter((name) => REACT_HOOKS.has(name) && !declared.names.has(name));
    const fromAnnokit = [...used.components, ...used.hooks].filter(
      (name) => !REACT_HOOKS.has(name) && !declared.names.has(name) && !(name in HOST_NAMES),
    );
    if (fromReact.length) prelude.push(`import { ${[...new Set(fromReact)].sort().join(', ')} } from 'react';`);
    if (fromAnnokit.length) prelude.push(`import { ${[...new Set(fromAnnokit)].sort().join(', ')} } from 'annokit';`);
  }
  for (const [name, declaration] of Object.entries(HOST_NAMES)) {
    if (used.all.has(name) && !declared.names.has(name)) prelude.push(declaration);
  }
  prelude.push('export {};'); // always a module, so blocks do not share a global scope
  const lines = [...prelude];
  const origins = prelude.map(() => block.fenceLine);
  const notes = new Map(); // generated line index → what a diagnostic there means
  const codeLines = block.code.split('\n');
  codeLines.forEach((text, i) => {
    lines.push(text);
    origins.push(block.line + i);
  });
  if (!declared.hasImports && declared.onlyTypes) {
    lines.push('type ReadmeSame<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;');
    origins.push(block.fenceLine);
    for (const type of declared.types) {
      const name = type.name.text;
      notes.set(lines.length, `${name} here differs from the ${name} that annokit exports`);
      lines.push(`const readmeSame${name}: ReadmeSame<${name}, import('annokit').${name}> = true;`);
      origins.push(block.line + sourceFile.getLineAndCharacterOfPosition(type.name.getStart(sourceFile)).line);
    }
  }
  origins.push(block.line + codeLines.length); // the end of the file is the closing fence
  return { fileName, text: lines.join('\n') + '\n', origins, notes, codeStart: prelude.length };
}

/** The tsconfig the blocks are checked with: ours (strict, bundler resolution) plus the package paths. */
export function readmeTsconfig(root = ROOT, mirrorDir = '.') {
  const src = (path) => join(root, 'src', path);
  return {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      module: 'ESNext',
      moduleResolution: 'bundler',
      jsx: 'react-jsx',
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      esModuleInterop: true,
      skipLibCheck: true,
      resolveJsonModule: true,
      noEmit: true,
      types: ['node'], // server examples read process.env; no bundler types: a block must not rely on Vite
      // The adapter conformance example is a test file of this repo (test/adapters/<name>/) and imports
      // '../conformance' and '../../../src/...': the blocks sit at the same depth in a mirror of the
      // repo that rootDirs merges with the repo, so those relative imports resolve as they would there.
      rootDirs: [mirrorDir, root],
      paths: {
        annokit: [src('index.ts')],
        'annokit/core': [src('core/index.ts')],
        'annokit/server': [src('server/index.ts')],
        'annokit/assistant-ui': [src('integrations/assistant-ui/index.ts')],
        'annokit/adapters/*': [src('adapters/*/index.ts')],
        'annokit/adapters/http/openapi.json': [src('adapters/http/openapi.json')],
        'annokit/styles.css': [src('styles/styles.css')],
      },
    },
    files: [],
  };
}

/**
 * Writes the blocks into `workDir` (a fresh `repo/test/adapters/readme/` folder and a tsconfig.json you can also run
 * `npx tsc -p` on) and type-checks them in one program. Returns the problems with their README lines.
 */
export function checkBlocks(blocks, { workDir = DEFAULT_WORK_DIR, root = ROOT } = {}) {
  const mirror = join(workDir, 'repo');
  rmSync(mirror, { recursive: true, force: true });
  const nested = join(mirror, 'test/adapters/readme');
  mkdirSync(nested, { recursive: true });
  const prepared = new Map();
  for (const block of blocks) {
    if (block.skip) continue;
    const file = prepareBlock(block);
    const path = join(nested, file.fileName);
    writeFileSync(path, file.text);
    prepared.set(resolve(path), { block, ...file });
  }
  const config = readmeTsconfig(root, mirror);
  config.files = [...prepared.keys()].map((path) => relative(workDir, path));
  // A `*.css` import is a side effect only.
  writeFileSync(join(workDir, 'css.d.ts'), "declare module '*.css' {}\n");
  config.files.push('css.d.ts');
  const configPath = join(workDir, 'tsconfig.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2) + '\n');

  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, workDir, undefined, configPath);
  const problems = parsed.errors.map((d) => ({ line: null, block: null, code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') }));
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
  // Only the blocks' own diagnostics: src/ is checked by `npm run typecheck`, and checking just the
  // blocks (which pulls in only the declarations they touch) is several times faster.
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const path of prepared.keys()) {
    const sourceFile = program.getSourceFile(path);
    if (sourceFile) diagnostics.push(...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile));
  }
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const file = diagnostic.file ? prepared.get(resolve(diagnostic.file.fileName)) : undefined;
    if (!diagnostic.file || !file) {
      const where = diagnostic.file ? `${relative(root, diagnostic.file.fileName)}: ` : '';
      problems.push({ line: null, block: null, code: diagnostic.code, message: where + message });
      continue;
    }
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const inCode = line >= file.codeStart && line < file.codeStart + file.block.code.split('\n').length;
    const note = file.notes.get(line);
    problems.push({
      line: file.origins[line] ?? file.block.fenceLine,
      column: inCode ? character + 1 : null,
      block: file.block,
      code: diagnostic.code,
      message: note ?? (inCode ? message : `${message}\n  (in the code generated for the block: ${file.text.split('\n')[line]?.trim() || 'its end'})`),
    });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { problems, checked: prepared.size, skipped: blocks.filter((b) => b.skip).length };
}

/** Extracts and checks every ts / tsx block of a Markdown text. */
export function checkMarkdown(markdown, options) {
  const { blocks, problems: markerProblems } = extractBlocks(markdown);
  const result = checkBlocks(blocks, options);
  return { ...result, blocks, problems: [...markerProblems, ...result.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
}

/** One problem as `README.md:LINE:COL - error TSxxxx: message`. */
export function formatProblem(problem, fileLabel = 'README.md') {
  const where = problem.line == null ? fileLabel : `${fileLabel}:${problem.line}${problem.column ? `:${problem.column}` : ''}`;
  return `${where} - error${problem.code ? ` TS${problem.code}` : ''}: ${problem.message}`;
}

/** Reads a Markdown file and checks it. */
export function checkMarkdownFile(path, options) {
  return checkMarkdown(readFileSync(path, 'utf8'), options);
}
