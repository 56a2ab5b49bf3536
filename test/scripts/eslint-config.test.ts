// @vitest-environment node
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../support/repoPath';

// The repository's own eslint.config.js, run on code placed (virtually) inside src/: these prove
// the rules `npm run lint` relies on are on and fail on a violation, not only that src/ is clean.
const eslint = new ESLint({ cwd: repoPath() });

async function problems(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: repoPath(file) });
  return result!.messages.map((message) => `${message.ruleId ?? 'eslint'}: ${message.message}`);
}

const layerViolations = [
  ['src/core/fixture.ts', "import { useState } from 'react';", 'core is framework-free and must not import "react"'],
  ['src/core/fixture.ts', "import { useQuery } from '@tanstack/react-query';", 'core is framework-free and must not import "@tanstack/react-query"'],
  ['src/core/filter/fixture.ts', "import { useFeedback } from '../../hooks/useFeedback';", 'core must not import hooks'],
  ['src/core/fixture.ts', "import { AnnotationProvider } from '../provider';", 'core must not import the provider'],
  ['src/core/fixture.ts', "export { FeedbackButtons } from '../components/feedback';", 'core must not import components'],
  ['src/core/fixture.ts', "import type { MemoryAdapterOptions } from '../adapters/memory';", 'core must not import the memory adapter'],
  ['src/adapters/phoenix/fixture.ts', "import { createMemoryAdapter } from '../memory';", 'the phoenix adapter must not import the memory adapter'],
  ['src/adapters/http/fixture.ts', "const load = () => import('../langfuse/convert');", 'the http adapter must not import the langfuse adapter'],
  ['src/adapters/langfuse/fixture.ts', "import { useMemo } from 'react';", 'the langfuse adapter is framework-free and must not import "react"'],
  ['src/adapters/memory/demo/fixture.ts', "import { useAnnotations } from '../../../hooks';", 'the memory adapter must not import hooks'],
  ['src/components/feedback/fixture.tsx', "import { createPhoenixAdapter } from '../../adapters/phoenix';", 'components must not import the phoenix adapter'],
  ['src/hooks/fixture.ts', "import { FeedbackButtons } from '../components/feedback/FeedbackButtons';", 'hooks must not import components'],
  ['src/provider/fixture.ts', "import { useFeedback } from '../hooks';", 'the provider must not import hooks'],
  ['src/fixture.ts', "export * from './adapters/memory';", 'the root entry must not import the memory adapter'],
  ['src/server/fixture.ts', "import { useState } from 'react';", 'annokit/server is framework-free and must not import "react"'],
  ['src/server/fixture.ts', "import { createPhoenixAdapter } from '../adapters/phoenix';", 'annokit/server must not import the phoenix adapter'],
  ['src/server/fixture.ts', "import { useFeedback } from '../hooks';", 'annokit/server must not import hooks'],
  ['src/integrations/assistant-ui/fixture.ts', "import { createMemoryAdapter } from '../../adapters/memory';", 'the assistant-ui integration must not import the memory adapter'],
  ['src/integrations/assistant-ui/fixture.ts', "import { x } from '../ai-sdk/x';", 'the assistant-ui integration must not import the ai-sdk integration'],
  ['src/core/fixture.ts', "import { getSpanTarget } from '../server';", 'core must not import annokit/server'],
] as const;

describe('eslint.config.js', () => {
  it.each(layerViolations)('%s: `%s` breaks the layers', async (file, code, expected) => {
    const found = await problems(file, code);
    expect(found.filter((message) => message.startsWith('annokit/layers'))).toEqual([expect.stringContaining(expected)]);
  });

  it.each([
    ['src/core/fixture.ts', "import { annotationKey } from './targets';\nexport { annotationKey };"],
    ['src/adapters/phoenix/fixture.ts', "import { AnnokitError } from '../../core/errors';\nimport { toPhoenix } from './convert';\nexport { AnnokitError, toPhoenix };"],
    ['src/provider/fixture.ts', "import { Outbox } from '../core/outbox/outbox';\nexport { Outbox };"],
    ['src/hooks/fixture.ts', "import { useAnnotationContext } from '../provider/context';\nexport { useAnnotationContext };"],
    ['src/components/feedback/fixture.tsx', "import { useFeedback } from '../../hooks/useFeedback';\nimport { cn } from '../primitives/cn';\nexport { useFeedback, cn };"],
    ['src/fixture.ts', "export * from './components/feedback';\nexport * from './core';"],
    ['src/server/fixture.ts', "export { createAnnotationHandler } from '../adapters/http/handler';\nexport { spanTargetHeaders } from './spanTarget';\nexport { validateSpanTarget } from '../core';"],
    ['src/integrations/assistant-ui/fixture.ts', "import { useAnnotationContext } from '../../provider/context';\nimport { useFeedback } from '../../hooks';\nimport { FeedbackButtons } from '../../components/feedback';\nexport { useAnnotationContext, useFeedback, FeedbackButtons };"],
  ])('%s: `%s` follows the layers', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it('enforces the rules of hooks in src/', async () => {
    const code = "import { useState } from 'react';\nexport function useFlag(on: boolean) {\n  if (on) useState(0);\n}\n";
    expect(await problems('src/hooks/fixture.ts', code)).toEqual([expect.stringMatching(/^react-hooks\/rules-of-hooks: React Hook "useState" is called conditionally/)]);
  });

  it('fails on a missing effect dependency', async () => {
    const code = "import { useEffect } from 'react';\nexport function useLog(value: string) {\n  useEffect(() => console.log(value), []);\n}\n";
    expect(await problems('src/hooks/fixture.ts', code)).toEqual([expect.stringMatching(/^react-hooks\/exhaustive-deps: React Hook useEffect has a missing dependency: 'value'/)]);
  });

  it('fails on an eslint-disable comment that no longer disables anything', async () => {
    const code = '// eslint-disable-next-line react-hooks/exhaustive-deps\nexport const answer = 42;\n';
    expect(await problems('src/core/fixture.ts', code)).toEqual([expect.stringContaining('Unused eslint-disable directive')]);
  });
});
