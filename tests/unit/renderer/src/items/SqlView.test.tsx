// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SqlResult } from '../../../../../renderer/src/items/SqlView.js';

describe('SQL results', () => {
  afterEach(cleanup);

  it('shows rows as a real table with column headers', () => {
    render(<SqlResult result={{ ok: true, columns: ['customer_id', 'order_count'], rows: [[1, 3], [2, null]], truncated: false }} />);
    const table = screen.getByRole('table');
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['customer_id', 'order_count']);
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(table.querySelector('caption')?.textContent).toBe('2 rows');
    expect(within(table).getByText('NULL')).toBeTruthy();
  });

  it('says when rows were cut off', () => {
    render(<SqlResult result={{ ok: true, columns: ['n'], rows: [[1]], truncated: true }} />);
    expect(screen.getByRole('table').querySelector('caption')?.textContent).toContain('only the first rows');
  });

  it('shows the database error instead of a table', () => {
    render(<SqlResult result={{ ok: false, error: 'no such table: order' }} />);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByTestId('sql-error').textContent).toContain('no such table: order');
  });
});
