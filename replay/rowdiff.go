package replay

import (
	"context"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
)

// TableDiff is one table whose rows differ between a database and the
// state rebuilt from the chain.
type TableDiff struct {
	DB    string `json:"db"`
	Table string `json:"table"`
	// Missing says the table exists on one side only: "database" (the
	// chain has it, the database lacks it) or "chain".
	Missing string    `json:"missing_from,omitempty"`
	Rows    []RowDiff `json:"rows,omitempty"`
	// More counts the differing rows beyond those listed.
	More int `json:"more,omitempty"`
}

// RowDiff is one primary key whose row differs: "changed" (both hold the
// key with different values), "extra" (only the database holds it) or
// "missing" (only the chain's state holds it).
type RowDiff struct {
	Key    string `json:"key"`
	Change string `json:"change"`
}

// DiffState compares the user tables of db with those of want (the state
// rebuilt from the chain) table by table, reading only tables whose digests
// differ, and names at most limit differing keys per table.
func DiffState(ctx context.Context, db, want *Engine, limit int) ([]TableDiff, error) {
	dd, err := db.Digest(ctx)
	if err != nil {
		return nil, err
	}
	wd, err := want.Digest(ctx)
	if err != nil {
		return nil, err
	}
	have, need := digestMap(dd), digestMap(wd)
	var out []TableDiff
	for _, k := range unionKeys(have, need) {
		a, inA := have[k]
		b, inB := need[k]
		switch {
		case !inA:
			out = append(out, TableDiff{DB: b.DB, Table: b.Name, Missing: "database"})
		case !inB:
			out = append(out, TableDiff{DB: a.DB, Table: a.Name, Missing: "chain"})
		case a.Hash != b.Hash:
			td, err := diffTable(ctx, db, want, a.DB, a.Name, limit)
			if err != nil {
				return nil, err
			}
			out = append(out, td)
		}
	}
	return out, nil
}

func digestMap(d *Digest) map[string]TableDigest {
	m := make(map[string]TableDigest, len(d.Tables))
	for _, t := range d.Tables {
		m[tableKey(t.DB, t.Name)] = t
	}
	return m
}

func unionKeys(a, b map[string]TableDigest) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func diffTable(ctx context.Context, db, want *Engine, dbName, table string, limit int) (TableDiff, error) {
	td := TableDiff{DB: dbName, Table: table}
	def := want.pub.Load().table(dbName, table)
	have, err := keyedRows(ctx, db, def)
	if err != nil {
		return td, err
	}
	need, err := keyedRows(ctx, want, def)
	if err != nil {
		return td, err
	}
	var diffs []RowDiff
	for k, row := range have {
		if w, ok := need[k]; !ok {
			diffs = append(diffs, RowDiff{Key: keyText(def, k), Change: "extra"})
		} else if w != row {
			diffs = append(diffs, RowDiff{Key: keyText(def, k), Change: "changed"})
		}
	}
	for k := range need {
		if _, ok := have[k]; !ok {
			diffs = append(diffs, RowDiff{Key: keyText(def, k), Change: "missing"})
		}
	}
	sort.Slice(diffs, func(i, j int) bool { return diffs[i].Key < diffs[j].Key })
	if len(diffs) > limit {
		td.More = len(diffs) - limit
		diffs = diffs[:limit]
	}
	td.Rows = diffs
	return td, nil
}

// keyedRows reads a table as primary key → encoded row, with the layout of
// the chain's catalog (def). A table without a primary key is keyed by the
// whole row.
func keyedRows(ctx context.Context, e *Engine, def *TableDef) (map[string]string, error) {
	rows, err := e.drv.ScanTable(ctx, def.DB, def.Name, def.PrimaryKey)
	if err != nil {
		return nil, fmt.Errorf("read %s.%s: %w", def.DB, def.Name, err)
	}
	defer rows.Close()
	enc, err := encodeRows(rows, def)
	if err != nil {
		return nil, fmt.Errorf("read %s.%s: %w", def.DB, def.Name, err)
	}
	m := make(map[string]string, len(enc))
	for _, r := range enc {
		k := r.key
		if len(def.PrimaryKey) == 0 {
			k = r.row
		}
		m[string(k)] = string(r.row)
	}
	return m, nil
}

// keyText renders an encoded key as "col=value, ..." for an operator.
func keyText(def *TableDef, key string) string {
	names := def.PrimaryKey
	if len(names) == 0 {
		for _, c := range def.Columns {
			names = append(names, c.Name)
		}
	}
	vals := decodeFields([]byte(key))
	parts := make([]string, 0, len(vals))
	for i, v := range vals {
		name := "?"
		if i < len(names) {
			name = names[i]
		}
		parts = append(parts, name+"="+v)
	}
	return strings.Join(parts, ", ")
}

// decodeFields reverses appendField; NULL renders as NULL.
func decodeFields(b []byte) []string {
	var out []string
	for len(b) > 0 {
		if b[0] == 0 {
			out = append(out, "NULL")
			b = b[1:]
			continue
		}
		n, w := binary.Uvarint(b[1:])
		if w <= 0 || uint64(len(b)-1-w) < n {
			break
		}
		out = append(out, string(b[1+w:1+w+int(n)]))
		b = b[1+w+int(n):]
	}
	return out
}
