package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// Row history of a postgres-dialect chain on SQLite, as on the MySQL side
// (rowhook.go): the writer connection's pre-update hook reports every row
// a statement changes, and ExecText writes one blocksql.row_changes row
// for each, its values rendered as drivers.TextRowCapture describes (the
// JSON the PostgreSQL backend's triggers write), with the statement the
// engine put in blocksql.capture_context. No triggers: the file stays
// writable with any SQLite, and a TRUNCATE (a DELETE here, which SQLite
// then runs row by row) records its rows. A build without the
// sqlite_preupdate_hook tag refuses to open it (OpenPG).

var _ drivers.TextRowCapture = (*PGTx)(nil)

// SyncCapture implements drivers.TextRowCapture: the hook needs nothing
// per table.
func (t *PGTx) SyncCapture(context.Context) error { return nil }

func (t *PGTx) captureRows(on bool) {
	t.hook.setOn(on)
}

// recordRowChanges writes the changes the last statement made.
func (t *PGTx) recordRowChanges(ctx context.Context) error {
	changes, err := t.hook.take()
	if err != nil || len(changes) == 0 {
		return err
	}
	var height, stmt int64
	var txHash string
	err = t.tx.QueryRowContext(ctx, `SELECT coalesce(height, 0), coalesce(tx_hash, ''), coalesce(stmt_index, 0)
		FROM "blocksql.capture_context" WHERE id = 1`).Scan(&height, &txHash, &stmt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // row history is off
	}
	if err != nil {
		return fmt.Errorf("row capture: %w", err)
	}
	for _, c := range changes {
		if c.err != nil {
			return fmt.Errorf("row capture of %s: %w", c.table, c.err)
		}
		tb, err := t.table(ctx, c.table)
		if err != nil || tb == nil {
			return fmt.Errorf("row capture of %s: no catalog entry (%v)", c.table, err)
		}
		var pk any
		if key := pgKeyJSON(tb, c.before, c.after); key != "" {
			pk = key
		}
		if _, err := t.tx.ExecContext(noCancel(ctx), `INSERT INTO "blocksql.row_changes"
			(table_name, pk, op, row_before, row_after, height, tx_hash, stmt_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			strings.ToLower(tb.Name), pk, c.op, pgRowJSON(tb, c.before), pgRowJSON(tb, c.after), height, txHash, stmt); err != nil {
			return fmt.Errorf("row capture: %w", err)
		}
	}
	return nil
}

// pgRowJSON is a row's JSON object, nil for no row.
func pgRowJSON(t *pgTable, row []any) any {
	if row == nil {
		return nil
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, c := range t.Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(drivers.PGJSONQuote(c.Name))
		b.WriteByte(':')
		var v any
		if i < len(row) {
			v = row[i]
		}
		b.WriteString(pgJSONValue(pgJSONKind(c.Type), v))
	}
	b.WriteByte('}')
	return b.String()
}

// pgKeyJSON is the primary key of the row changed (after it, or before it
// for a delete) as a JSON array, "" for a table without one.
func pgKeyJSON(t *pgTable, before, after []any) string {
	row := after
	if row == nil {
		row = before
	}
	for _, ix := range t.Indexes {
		if !ix.Primary {
			continue
		}
		parts := make([]string, 0, len(ix.Columns))
		for _, name := range ix.Columns {
			i, c := t.column(name)
			if c == nil || i >= len(row) {
				return ""
			}
			parts = append(parts, pgJSONValue(pgJSONKind(c.Type), row[i]))
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	return ""
}

// pgJSONKind is how pgJSONValue writes a value of type t: i integer,
// n numeric text, b boolean, f/r float8/float4, x bytea, s text.
func pgJSONKind(t pgType) string {
	switch {
	case t.isInt():
		return "i"
	case t.Base == "numeric":
		return "n"
	case t.Base == "bool":
		return "b"
	case t.Base == "float8":
		return "f"
	case t.Base == "float4":
		return "r"
	case t.Base == "bytea":
		return "x"
	}
	return "s"
}

// pgJSONValue writes one stored value as PostgreSQL's to_json of the
// column's value would (see drivers.TextRowCapture).
func pgJSONValue(kind string, v any) string {
	v = pgArg(v)
	if v == nil {
		return "null"
	}
	switch kind {
	case "b":
		if x, ok := v.(int64); ok {
			return strconv.FormatBool(x != 0)
		}
	case "i", "n", "f", "r":
		var text string
		switch x := v.(type) {
		case float64:
			if kind == "i" && x == math.Trunc(x) {
				text = strconv.FormatFloat(x, 'f', -1, 64)
			} else {
				text = pgFloatText(x, pgFloatBits(kind))
			}
		case int64:
			text = strconv.FormatInt(x, 10)
			if kind == "f" || kind == "r" {
				text = pgFloatText(float64(x), pgFloatBits(kind))
			}
		case string:
			text = x
		case []byte:
			text = string(x)
		}
		if pgJSONNumber(text) {
			return text
		}
		return drivers.PGJSONQuote(text)
	case "x":
		if x, ok := v.([]byte); ok {
			return drivers.PGJSONQuote(pgOut(x, "x").(string))
		}
	}
	switch x := v.(type) {
	case string:
		return drivers.PGJSONQuote(x)
	case []byte:
		return drivers.PGJSONQuote(string(x))
	}
	return drivers.PGJSONQuote(fmt.Sprint(v))
}

// pgJSONNumber reports whether s is a JSON number (PostgreSQL's NaN and
// infinities are not).
func pgJSONNumber(s string) bool {
	if s == "" || strings.ContainsAny(s, "aAnNiIyY") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
