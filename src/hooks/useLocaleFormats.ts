'use client';
import { useSyncExternalStore } from 'react';

/** Number and date formatting for display. */
export interface LocaleFormats {
  /** A number with at most this many decimals (default 3). */
  number: (value: number, maximumFractionDigits?: 0 | 1 | 2 | 3) => string;
  /** A share in [0, 1] as a whole percentage. */
  percent: (share: number) => string;
  /** A date and time: medium date, short time. */
  dateTime: (value: Date) => string;
  /** A date and time: short date, time with seconds. */
  shortDateTime: (value: Date) => string;
}

function createFormats(locale: string | undefined, timeZone: string | undefined): LocaleFormats {
  const numbers = ([0, 1, 2, 3] as const).map((digits) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }));
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const shortDateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone });
  const zone = timeZone ? ` ${timeZone}` : '';
  return {
    number: (value, digits = 3) => numbers[digits]!.format(value),
    percent: (share) => percent.format(share),
    dateTime: (value) => dateTime.format(value) + zone,
    shortDateTime: (value) => shortDateTime.format(value) + zone,
  };
}

let readerFormats: LocaleFormats | undefined;
let serverFormats: LocaleFormats | undefined;

/** Formats in the reader's locale and time zone. */
export function localFormats(): LocaleFormats {
  return (readerFormats ??= createFormats(undefined, undefined));
}

const subscribe = () => () => {};

/**
 * Formats in the reader's locale and time zone, except while a server renders and while the
 * browser hydrates that HTML: then a fixed locale and UTC, so both sides write the same text (a
 * server in UTC and a reader in Berlin would otherwise disagree on every timestamp). The component
 * renders again in the reader's formats right after hydration; an app without server rendering
 * gets the reader's formats from the first render.
 */
export function useLocaleFormats(): LocaleFormats {
  const hydrated = useSyncExternalStore(subscribe, () => true, () => false);
  return hydrated ? localFormats() : (serverFormats ??= createFormats('en-US', 'UTC'));
}
