// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkBudgets, formatSizeTable } from '../../scripts/size-budgets.mjs';

const row = (id: string, bytes: number) => ({ id, label: id, bytes });

describe('npm run size budgets', () => {
  it('fails a figure over its budget, naming it, its size and by how much', () => {
    expect(checkBudgets([row('thumbs', 5_301)], { thumbs: 5_200 })).toEqual(['thumbs (thumbs) is 5.30 kB, over its budget of 5.20 kB by 0.10 kB']);
    expect(formatSizeTable([row('thumbs', 5_301)], { thumbs: 5_200 })).toContain('OVER');
  });

  it('passes a figure at or under its budget', () => {
    expect(checkBudgets([row('thumbs', 5_200)], { thumbs: 5_200 })).toEqual([]);
  });

  it('fails a measured figure without a budget, and a budget nothing measures', () => {
    expect(checkBudgets([row('adapter-new', 1_000)], {})).toEqual([expect.stringContaining('adapter-new (adapter-new) has no budget')]);
    expect(checkBudgets([], { thumbs: 5_200 })).toEqual(['the budget thumbs matches no measured figure']);
  });

});
