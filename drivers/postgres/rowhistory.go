package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/blocksql/blocksql/drivers"
)

// Row history on PostgreSQL: each user table has an AFTER row trigger and
// a BEFORE TRUNCATE trigger calling a PL/pgSQL function generated for its
// columns, which writes one blocksql.row_changes row per row changed as
// drivers.TextRowCapture describes (table_name is the name in lower case, as
// blocksql compares table names; the JSON the SQLite backend writes).
// blocksql.capture_defs keeps each table's function text, so SyncCapture
// only replaces what a DDL statement changed.

var _ drivers.TextRowCapture = (*Tx)(nil)

var captureDDL = []string{
	`CREATE TABLE IF NOT EXISTS blocksql.row_changes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		table_name text NOT NULL, pk text, op text NOT NULL, row_before text, row_after text, height bigint,
		tx_hash text, stmt_index int)`,
	`CREATE INDEX IF NOT EXISTS row_changes_row ON blocksql.row_changes (table_name, pk, height)`,
	`CREATE INDEX IF NOT EXISTS row_changes_table ON blocksql.row_changes (table_name, height)`,
	`CREATE TABLE IF NOT EXISTS blocksql.capture_context (id int PRIMARY KEY, height bigint, tx_hash text, stmt_index int)`,
	`CREATE TABLE IF NOT EXISTS blocksql.capture_defs (table_name text PRIMARY KEY, def text NOT NULL)`,
}

// captureColumn is a column of a captured table; kind is n (a number:
// to_json), b (boolean), c (character(n), printed with its padding) or s
// (any other type: its text output); typ is its type as format_type
// prints it.
type captureColumn struct {
	name, kind, typ string
	key             int // position in the primary key, 0 if not in it
}

// columnsQuery lists every column of the public schema's tables, in
// table and column order.
const columnsQuery = `SELECT c.relname, a.attname,
	CASE WHEN t.typname IN ('int2', 'int4', 'int8', 'numeric', 'float4', 'float8') THEN 'n'
		WHEN t.typname = 'bool' THEN 'b' WHEN t.typname = 'bpchar' THEN 'c' ELSE 's' END,
	coalesce((SELECT k.n FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(att, n) WHERE k.att = a.attnum), 0),
	format_type(a.atttypid, a.atttypmod)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
WHERE n.nspname = 'public' AND c.relkind = 'r'
ORDER BY c.relname, a.attnum`

// SyncCapture implements drivers.TextRowCapture.
func (t *Tx) SyncCapture(ctx context.Context) error {
	tables, order, err := t.captureColumns(ctx)
	if err != nil {
		return err
	}
	have := map[string]string{}
	rows, err := t.tx.Query(ctx, `SELECT table_name, def FROM blocksql.capture_defs`)
	if err != nil {
		return fmt.Errorf("row capture: %w", err)
	}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return err
		}
		have[name] = def
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("row capture: %w", err)
	}
	for _, name := range order {
		if def := captureFunction(name, tables[name]); have[name] != def {
			if err := t.installCapture(ctx, name, def); err != nil {
				return err
			}
		}
	}
	// A function goes after the tables that were renamed have their new one.
	for name := range have {
		if _, ok := tables[name]; !ok {
			if err := t.execAll(ctx, "DROP FUNCTION IF EXISTS "+captureFunctionName(name)+"()",
				"DELETE FROM blocksql.capture_defs WHERE table_name = "+quoteLiteral(name)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *Tx) captureColumns(ctx context.Context) (map[string][]captureColumn, []string, error) {
	rows, err := t.tx.Query(ctx, columnsQuery)
	if err != nil {
		return nil, nil, fmt.Errorf("row capture: %w", err)
	}
	defer rows.Close()
	tables := map[string][]captureColumn{}
	var order []string
	for rows.Next() {
		var table string
		var c captureColumn
		if err := rows.Scan(&table, &c.name, &c.kind, &c.key, &c.typ); err != nil {
			return nil, nil, fmt.Errorf("row capture: %w", err)
		}
		if _, ok := tables[table]; !ok {
			order = append(order, table)
		}
		tables[table] = append(tables[table], c)
	}
	return tables, order, rows.Err()
}

func (t *Tx) installCapture(ctx context.Context, table, def string) error {
	on := "public." + pgx.Identifier{table}.Sanitize()
	fn := captureFunctionName(table)
	return t.execAll(ctx, def,
		"DROP TRIGGER IF EXISTS blocksql_capture ON "+on,
		"DROP TRIGGER IF EXISTS blocksql_capture_truncate ON "+on,
		"CREATE TRIGGER blocksql_capture AFTER INSERT OR UPDATE OR DELETE ON "+on+" FOR EACH ROW EXECUTE FUNCTION "+fn+"()",
		"CREATE TRIGGER blocksql_capture_truncate BEFORE TRUNCATE ON "+on+" FOR EACH STATEMENT EXECUTE FUNCTION "+fn+"()",
		"INSERT INTO blocksql.capture_defs (table_name, def) VALUES ("+quoteLiteral(table)+", "+quoteLiteral(def)+
			") ON CONFLICT (table_name) DO UPDATE SET def = EXCLUDED.def")
}

func (t *Tx) execAll(ctx context.Context, stmts ...string) error {
	for _, q := range stmts {
		if _, err := t.tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("row capture: %w", err)
		}
	}
	return nil
}

// captureFunctionName is the trigger function of table.
func captureFunctionName(table string) string { return drivers.PGCaptureFunction(table) }

// captureFunction is the CREATE FUNCTION of table's trigger function. Its
// text names the columns' types, so that ALTER COLUMN … TYPE replaces it:
// PL/pgSQL keeps a function's plans for the session, and a plan made for
// NEW.c of the old type fails (42804, "type of parameter … does not match
// that when preparing the plan") once c has another.
func captureFunction(table string, cols []captureColumn) string {
	types := make([]string, len(cols))
	for i, c := range cols {
		types[i] = strings.ReplaceAll(c.typ, "\n", " ")
	}
	insert := func(op, rec, before, after, from string) string {
		return "INSERT INTO blocksql.row_changes (table_name, pk, op, row_before, row_after, height, tx_hash, stmt_index) SELECT " +
			quoteLiteral(strings.ToLower(table)) + ", " + keyJSON(cols, rec) + ", '" + op + "', " + before + ", " + after +
			", c.height, c.tx_hash, c.stmt_index FROM " + from + "blocksql.capture_context c WHERE c.id = 1"
	}
	var order []string
	for _, c := range keyColumns(cols) {
		order = append(order, "r."+pgx.Identifier{c.name}.Sanitize())
	}
	truncate := insert(drivers.OpDelete, "r", rowJSON(cols, "r"), "NULL", "public."+pgx.Identifier{table}.Sanitize()+" r, ")
	if len(order) > 0 {
		truncate += " ORDER BY " + strings.Join(order, ", ")
	}
	return "CREATE OR REPLACE FUNCTION " + captureFunctionName(table) + "() RETURNS trigger LANGUAGE plpgsql AS $blocksql$\n-- column types: " +
		strings.Join(types, ", ") + "\nBEGIN\n" +
		"IF TG_OP = 'INSERT' THEN " + insert(drivers.OpInsert, "NEW", "NULL", rowJSON(cols, "NEW"), "") + ";\n" +
		"ELSIF TG_OP = 'UPDATE' THEN " + insert(drivers.OpUpdate, "NEW", rowJSON(cols, "OLD"), rowJSON(cols, "NEW"), "") + ";\n" +
		"ELSIF TG_OP = 'DELETE' THEN " + insert(drivers.OpDelete, "OLD", rowJSON(cols, "OLD"), "NULL", "") + ";\n" +
		"ELSE " + truncate + ";\nEND IF;\nRETURN NULL;\nEND $blocksql$"
}

// rowJSON is the SQL expression of record rec's JSON object.
func rowJSON(cols []captureColumn, rec string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		sep := ","
		if i == 0 {
			sep = "{"
		}
		parts[i] = quoteLiteral(sep+drivers.PGJSONQuote(c.name)+":") + " || " + valueJSON(c, rec)
	}
	if len(parts) == 0 {
		return "'{}'"
	}
	return strings.Join(parts, " || ") + " || '}'"
}

// keyJSON is the SQL expression of record rec's primary key as a JSON
// array, NULL for a table without one.
func keyJSON(cols []captureColumn, rec string) string {
	key := keyColumns(cols)
	if len(key) == 0 {
		return "NULL"
	}
	parts := make([]string, len(key))
	for i, c := range key {
		parts[i] = valueJSON(c, rec)
	}
	return "'[' || " + strings.Join(parts, " || ',' || ") + " || ']'"
}

func keyColumns(cols []captureColumn) []captureColumn {
	var key []captureColumn
	for n := 1; ; n++ {
		found := false
		for _, c := range cols {
			if c.key == n {
				key, found = append(key, c), true
			}
		}
		if !found {
			return key
		}
	}
}

// valueJSON is the SQL expression of one column's JSON value.
func valueJSON(c captureColumn, rec string) string {
	v := rec + "." + pgx.Identifier{c.name}.Sanitize()
	switch c.kind {
	case "n", "b":
		return "coalesce(to_json(" + v + ")::text, 'null')"
	case "c": // a cast to text would drop the padding its output has
		return "CASE WHEN " + v + " IS NULL THEN 'null' ELSE to_json(format('%s', " + v + "))::text END"
	}
	return "coalesce(to_json(" + v + "::text)::text, 'null')"
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
