package sqlite

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// Row history of a postgres-dialect chain on SQLite: AFTER INSERT, UPDATE
// and DELETE triggers on every user table write one blocksql.row_changes
// row per row changed, its values rendered by pg_json_object as
// drivers.TextRowCapture describes (the JSON the PostgreSQL backend's
// triggers write). A TRUNCATE is a DELETE here, so the delete trigger
// records its rows. SQLite refuses to drop a column a trigger names, so a
// DDL statement drops the capture triggers of the tables it changes and
// the engine's SyncCapture puts them back.

var _ drivers.TextRowCapture = (*PGTx)(nil)

const pgCapturePrefix = drivers.Schema + ".capture."

var pgCaptureOps = []struct{ event, op, rec string }{
	{"INSERT", drivers.OpInsert, "NEW"}, {"UPDATE", drivers.OpUpdate, "NEW"}, {"DELETE", drivers.OpDelete, "OLD"},
}

// pgCaptureTriggers are the capture triggers of t, by name.
func pgCaptureTriggers(t *pgTable) map[string]string {
	out := make(map[string]string, len(pgCaptureOps))
	for _, o := range pgCaptureOps {
		before, after := "NULL", pgRowJSON(t, "NEW")
		switch o.op {
		case drivers.OpUpdate:
			before = pgRowJSON(t, "OLD")
		case drivers.OpDelete:
			before, after = pgRowJSON(t, "OLD"), "NULL"
		}
		name := pgCapturePrefix + t.Name + "." + o.op
		out[name] = fmt.Sprintf("CREATE TRIGGER %s AFTER %s ON %s BEGIN INSERT INTO %s "+
			"(table_name, pk, op, row_before, row_after, height, tx_hash, stmt_index) "+
			"SELECT %s, %s, '%s', %s, %s, height, tx_hash, stmt_index FROM %s WHERE id = 1; END",
			quoteIdent(name), o.event, quoteIdent(t.Name), quoteIdent(drivers.Schema+".row_changes"),
			quoteString(strings.ToLower(t.Name)), pgKeyJSON(t, o.rec), o.op, before, after, quoteIdent(drivers.Schema+".capture_context"))
	}
	return out
}

// pgRowJSON is the SQLite expression of row rec's JSON object.
func pgRowJSON(t *pgTable, rec string) string {
	args := make([]string, 0, 2*len(t.Columns))
	for _, c := range t.Columns {
		args = append(args, quoteString(pgJSONKind(c.Type)+c.Name), rec+"."+quoteIdent(c.Name))
	}
	return "pg_json_object(" + strings.Join(args, ", ") + ")"
}

// pgKeyJSON is the SQLite expression of row rec's primary key as a JSON
// array, NULL for a table without one.
func pgKeyJSON(t *pgTable, rec string) string {
	for _, ix := range t.Indexes {
		if !ix.Primary {
			continue
		}
		args := make([]string, 0, 2*len(ix.Columns))
		for _, name := range ix.Columns {
			_, c := t.column(name)
			if c == nil {
				return "NULL"
			}
			args = append(args, quoteString(pgJSONKind(c.Type)), rec+"."+quoteIdent(name))
		}
		return "pg_json_array(" + strings.Join(args, ", ") + ")"
	}
	return "NULL"
}

// pgJSONKind is how pg_json_value writes a value of type t: i integer,
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

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// pgJSONObject is pg_json_object(kind+name, value, …): a row as compact
// JSON, in argument order.
func pgJSONObject(args ...any) (string, error) {
	if len(args)%2 != 0 {
		return "", fmt.Errorf("pg_json_object: %d arguments, want pairs", len(args))
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i < len(args); i += 2 {
		key, _ := pgArg(args[i]).(string)
		if key == "" {
			return "", fmt.Errorf("pg_json_object: argument %d is no kind and name", i+1)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(drivers.PGJSONQuote(key[1:]))
		b.WriteByte(':')
		b.WriteString(pgJSONValue(key[:1], args[i+1]))
	}
	b.WriteByte('}')
	return b.String(), nil
}

// pgJSONArray is pg_json_array(kind, value, …): a primary key as a
// compact JSON array.
func pgJSONArray(args ...any) (string, error) {
	if len(args)%2 != 0 {
		return "", fmt.Errorf("pg_json_array: %d arguments, want pairs", len(args))
	}
	parts := make([]string, 0, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		kind, _ := pgArg(args[i]).(string)
		parts = append(parts, pgJSONValue(kind, args[i+1]))
	}
	return "[" + strings.Join(parts, ",") + "]", nil
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

// SyncCapture implements drivers.TextRowCapture: every user table's
// capture triggers are made what its columns call for now.
func (t *PGTx) SyncCapture(ctx context.Context) error {
	tables, err := t.QueryStrings(ctx, `SELECT name FROM blocksql.pg_tables ORDER BY name`)
	if err != nil {
		return fmt.Errorf("row capture: %w", err)
	}
	want := map[string]string{}
	for _, name := range tables {
		tb, err := t.table(ctx, name)
		if err != nil {
			return fmt.Errorf("row capture of %s: %w", name, err)
		}
		if tb != nil {
			for n, q := range pgCaptureTriggers(tb) {
				want[n] = q
			}
		}
	}
	have, err := t.captureTriggers(ctx, "")
	if err != nil {
		return err
	}
	for name, q := range have {
		if want[name] != q {
			if _, err := t.tx.ExecContext(ctx, "DROP TRIGGER "+quoteIdent(name)); err != nil {
				return fmt.Errorf("row capture: %w", err)
			}
		}
	}
	for name, q := range want {
		if have[name] != q {
			if _, err := t.tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("row capture: %w", err)
			}
		}
	}
	return nil
}

// captureTriggers are the capture triggers installed (on table, or on
// every table for ""), their SQL by name.
func (t *PGTx) captureTriggers(ctx context.Context, table string) (map[string]string, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
		AND substr(name, 1, ?) = ? AND (? = '' OR tbl_name = ?)`, len(pgCapturePrefix), pgCapturePrefix, table, table)
	if err != nil {
		return nil, fmt.Errorf("row capture: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			return nil, err
		}
		out[name] = q
	}
	return out, rows.Err()
}

// dropCapture drops the capture triggers of the tables a DDL statement
// changes, before it runs (SyncCapture installs them again after).
func (t *PGTx) dropCapture(ctx context.Context, tables []*pgTable) error {
	for _, tb := range tables {
		have, err := t.captureTriggers(ctx, tb.Name)
		if err != nil {
			return err
		}
		for name := range have {
			if _, err := t.tx.ExecContext(ctx, "DROP TRIGGER "+quoteIdent(name)); err != nil {
				return fmt.Errorf("row capture: %w", err)
			}
		}
	}
	return nil
}
