/**
 * Long lists render their first rows and a button for the rest: a team's desk can hold hundreds
 * of open leads, and drawing them all before the first shows costs more than the data itself.
 */
import { useState } from 'react';

/** Default rows drawn before "Show all" (Default: 50). */
export const FIRST_ROWS = 50;

export function useFirstRows<T>(rows: T[], first = FIRST_ROWS): { shown: T[]; more: number; showAll: () => void } {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, first);
  return { shown, more: rows.length - shown.length, showAll: () => setAll(true) };
}

export function ShowAll({ more, total, onClick, what }: { more: number; total: number; onClick: () => void; what: string }) {
  if (more <= 0) return null;
  return (
    <p>
      <button type="button" onClick={onClick}>
        Show all {total} {what} ({more} more)
      </button>
    </p>
  );
}
