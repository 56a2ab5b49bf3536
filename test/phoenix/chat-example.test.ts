/**
 * The chat example end to end against the suite's Phoenix: its spans go in over OTLP, the vote
 * and the reviewer's label through the Phoenix adapter behind the example's handler, and the
 * reviewer finds the voted trace with the filter bar (Chromium).
 */
import { expect, inject, it } from 'vitest';
import { findChromium } from '../../scripts/chromium.mjs';
import { runChatExample } from './support/chat-example';

it.skipIf(!findChromium())('passes the chat example’s end-to-end test against the real Phoenix', async () => {
  const run = await runChatExample({ PHOENIX_URL: inject('phoenixUrl') });
  console.log(`chat example against Phoenix: ${run.seconds.toFixed(1)} s\n${run.output.trim()}`);
  expect(run.code, run.output).toBe(0);
}, 300_000);
