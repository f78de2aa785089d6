package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// RowDiff is the net change of one row between two heights.
type RowDiff struct {
	Op     string          `json:"op"` // insert, update or delete
	PK     json.RawMessage `json:"pk"`
	Before json.RawMessage `json:"before"` // the row at the lower height
	After  json.RawMessage `json:"after"`  // the row at the higher height
	// Changes counts the row changes folded into this one.
	Changes int `json:"changes"`
}

// Diff returns the rows of table inserted, updated or deleted between the
// state after block from and the state after block to, in the order they
// were first changed. A row inserted and deleted in between, or changed
// back to what it was, is not listed.
func Diff(ctx context.Context, src Source, table string, from, to int64) ([]RowDiff, error) {
	diffs, _, err := DiffPage(ctx, src, table, from, to, 0, 0)
	return diffs, err
}

// DiffPage is one page of Diff: the rows first changed after the change
// after (0: from the start), up to limit of them (0: all), and the cursor
// of the next page (0: this is the last). Rows that are unchanged in the
// end are left out, so a page may hold fewer than limit. The database
// folds each row's changes in the range (a range of the row_changes_table
// index), and only a row's first and last change are read.
func DiffPage(ctx context.Context, src Source, table string, from, to, after int64, limit int) ([]RowDiff, int64, error) {
	if to < from {
		return nil, 0, fmt.Errorf("diff: --to %d is below --from %d", to, from)
	}
	groups, err := diffGroups(ctx, src, table, from, to, after, limit)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, 0, 2*len(groups))
	for _, g := range groups {
		ids = append(ids, g.first, g.last)
	}
	changes, err := changesByID(ctx, src, ids)
	if err != nil {
		return nil, 0, err
	}
	var out []RowDiff
	for _, g := range groups {
		first, last := changes[g.first], changes[g.last]
		d := RowDiff{PK: first.PK, Before: first.Before, After: last.After, Changes: g.n}
		if d.Op = netOp(d.Before, d.After); d.Op != "" {
			out = append(out, d)
		}
	}
	var next int64
	if limit > 0 && len(groups) == limit {
		next = groups[len(groups)-1].first
	}
	return out, next, nil
}

// group is one row's changes in a diff's range: its first and last
// change, and how many there were.
type group struct {
	first, last int64
	n           int
}

// diffGroups groups the range's changes by row; a table without a key has
// no row identity, so each of its changes stands alone.
func diffGroups(ctx context.Context, src Source, table string, from, to, after int64, limit int) ([]group, error) {
	q := "SELECT MIN(id), MAX(id), COUNT(*) FROM " + src.Internal("row_changes") +
		" WHERE table_name = ? AND height > ? AND height <= ?" +
		" GROUP BY pk, CASE WHEN pk IS NULL THEN id ELSE 0 END HAVING MIN(id) > ? ORDER BY MIN(id)" + limitClause(limit)
	rows, err := src.QueryInternal(ctx, q, strings.ToLower(table), from, to, after)
	if err != nil {
		return nil, fmt.Errorf("read row history: %w", err)
	}
	defer rows.Close()
	var out []group
	for rows.Next() {
		var g group
		if err := rows.Scan(&g.first, &g.last, &g.n); err != nil {
			return nil, fmt.Errorf("read row history: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// netOp names the net change from before to after; "" is none.
func netOp(before, after json.RawMessage) string {
	switch b, a := isNull(before), isNull(after); {
	case b && !a:
		return "insert"
	case !b && a:
		return "delete"
	case !b && !a && !bytes.Equal(before, after):
		return "update"
	}
	return ""
}

func isNull(m json.RawMessage) bool { return len(m) == 0 || string(m) == "null" }

// AppliedHeight is the height of the newest block in the local log.
func AppliedHeight(ctx context.Context, src Source) (int64, error) {
	rows, err := src.QueryInternal(ctx, "SELECT COALESCE(MAX(height), 0) FROM "+src.Internal("blocks"))
	if err != nil {
		return 0, fmt.Errorf("read applied height: %w", err)
	}
	defer rows.Close()
	var h int64
	if rows.Next() {
		err = rows.Scan(&h)
	}
	if err == nil {
		err = rows.Err()
	}
	return h, err
}
