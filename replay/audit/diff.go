package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
	if to < from {
		return nil, fmt.Errorf("diff: --to %d is below --from %d", to, from)
	}
	changes, err := Changes(ctx, src, table, from, to)
	if err != nil {
		return nil, err
	}
	return fold(changes), nil
}

func fold(changes []Change) []RowDiff {
	byKey := map[string]*RowDiff{}
	var order []*RowDiff
	for i, c := range changes {
		k := string(c.PK)
		if isNull(c.PK) {
			k = fmt.Sprintf("#%d", i) // a table without a key: every change stands alone
		}
		d := byKey[k]
		if d == nil {
			d = &RowDiff{PK: c.PK, Before: c.Before}
			byKey[k] = d
			order = append(order, d)
		}
		d.After = c.After
		d.Changes++
	}
	var out []RowDiff
	for _, d := range order {
		switch before, after := isNull(d.Before), isNull(d.After); {
		case before && !after:
			d.Op = "insert"
		case !before && after:
			d.Op = "delete"
		case !before && !after && !bytes.Equal(d.Before, d.After):
			d.Op = "update"
		default:
			continue
		}
		out = append(out, *d)
	}
	return out
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
