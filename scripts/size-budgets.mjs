// The size budgets `npm run size` enforces: gzip bytes, one per figure it measures, each set a
// little above the figure measured when it was set (so an unplanned growth fails, not noise).
// Raise one only on purpose, in the same change that explains the growth.

/** @type {Record<string, number>} */
export const BUDGETS = {
  // FeedbackButtons on their own (loaded at start): 4.93 kB when set.
  thumbs: 5_200,
  // The reasons/comment popover chunk, loaded when a reason or comment is asked for: 24.99 kB when set.
  'thumbs-popover': 26_000,
  // What the thumbs add beside the provider: 3.26 kB when set.
  'thumbs-beside-provider': 3_500,
  // AnnotationProvider + FeedbackButtons, loaded at start: 12.47 kB when set.
  // Issue #16 item 6 (pay for what you use) brings this to 8 kB and sets that budget here.
  'provider-thumbs': 13_000,
  // ... + createMemoryAdapter: 17.93 kB when set.
  'provider-thumbs-memory': 18_700,
  // Whole adapter entries: 18.50, 8.43 and 14.04 kB when set.
  'adapter-phoenix': 19_300,
  'adapter-http': 8_900,
  'adapter-langfuse': 14_700,
};

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;

/**
 * What is wrong with the measured rows: a figure over its budget, a figure without a budget (a new
 * entry must get one), a budget whose figure is no longer measured.
 * @param {{ id: string, label: string, bytes: number }[]} rows
 * @param {Record<string, number>} budgets
 */
export function checkBudgets(rows, budgets) {
  const problems = [];
  for (const row of rows) {
    const budget = budgets[row.id];
    if (budget === undefined) problems.push(`${row.id} (${row.label.trim()}) has no budget in scripts/size-budgets.mjs: measured ${kB(row.bytes)}`);
    else if (row.bytes > budget) problems.push(`${row.id} (${row.label.trim()}) is ${kB(row.bytes)}, over its budget of ${kB(budget)} by ${kB(row.bytes - budget)}`);
  }
  const measured = new Set(rows.map((row) => row.id));
  for (const id of Object.keys(budgets)) if (!measured.has(id)) problems.push(`the budget ${id} matches no measured figure`);
  return problems;
}

/** The table `npm run size` prints: each figure, its budget and how much of it is used. */
export function formatSizeTable(rows, budgets) {
  const width = Math.max(...rows.map((row) => row.label.length));
  return rows
    .map((row) => {
      const budget = budgets[row.id];
      const status = budget === undefined ? 'no budget' : `budget ${kB(budget)} (${Math.round((row.bytes / budget) * 100)}%)${row.bytes > budget ? '  OVER' : ''}`;
      return `  ${row.label.padEnd(width)}  ${kB(row.bytes).padStart(9)}   ${status}`;
    })
    .join('\n');
}
