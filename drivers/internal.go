package drivers

import (
	"fmt"
	"strings"
)

// MySQL error numbers for strict-mode data errors that SQLite has to emulate
// with CHECK constraints.
const (
	ErWarnDataOutOfRange = 1264 // 22003
	ErDataOutOfRange     = 1690 // 22003 a computed value out of its type's range
	ErWarnDataTruncated  = 1265 // 01000 (an error in strict mode)
	ErTruncatedWrongDate = 1292 // 22007 incorrect date/datetime value
)

// InternalTable is one of blocksql's own tables, written in the subset of
// SQL that every backend accepts so that all of them hold the same rows.
type InternalTable struct {
	Name    string
	Columns string
	// Indexes maps an index name to its column list.
	Indexes [][2]string
	// Prefixes gives the indexed prefix length of TEXT columns, for
	// backends that cannot index a whole TEXT value (MySQL).
	Prefixes map[string]int
	// Clustered: on SQLite the rows are kept in their primary key's
	// B-tree alone (WITHOUT ROWID) instead of a rowid table and an index
	// of the key beside it, one page fewer for a block to write. Only for
	// tables whose rows are small or written once per block: a large row
	// placed at a random key slows the table's writes (the transactions
	// table keyed by hash, replay/DESIGN.md).
	Clustered bool
}

// InternalTables are the operation log and bookkeeping tables every node
// keeps in the same local transaction as the data. The log's primary keys
// start with the height, so a block's rows are appended at the end of each
// B-tree instead of at random places (a tx_hash first scattered them over
// the whole file); a transaction's statements are found through
// transactions (tx_hash → height).
var InternalTables = []InternalTable{
	{Name: "meta", Columns: "k VARCHAR(64) PRIMARY KEY, v BLOB", Clustered: true},
	{Name: "blocks", Columns: "height BIGINT PRIMARY KEY, time VARCHAR(40), hash VARCHAR(64), " +
		"proposer VARCHAR(64), tx_count INT, app_hash VARCHAR(64)", Clustered: true},
	{Name: "transactions", Columns: "tx_hash VARCHAR(64) PRIMARY KEY, height BIGINT, tx_index INT, " +
		"user VARCHAR(128), client_addr VARCHAR(128), node VARCHAR(64), statement_count INT, " +
		"outcome VARCHAR(16), error_code INT, error_message LONGTEXT"},
	{Name: "statements", Columns: "height BIGINT, tx_hash VARCHAR(64), stmt_index INT, " +
		"block_time VARCHAR(40), user VARCHAR(128), client_addr VARCHAR(128), node VARCHAR(64), " +
		"db VARCHAR(128), original_sql LONGTEXT, params LONGTEXT, applied_sql LONGTEXT, tables_touched LONGTEXT, " +
		"outcome VARCHAR(16), error_code INT, error_message LONGTEXT, rows_affected BIGINT, " +
		"last_insert_id BIGINT, PRIMARY KEY(height, tx_hash, stmt_index)",
		Indexes: [][2]string{{"statements_user_time", "user, block_time"},
			{"statements_time", "block_time"}}},
	{Name: "catalog", Columns: "db VARCHAR(128), name VARCHAR(128), def LONGTEXT, PRIMARY KEY(db, name)", Clustered: true},
	// accounts are the users created on the chain: password hash and
	// privileges as JSON.
	{Name: "accounts", Columns: "name VARCHAR(128) PRIMARY KEY, def LONGTEXT"},
	// statement_tables indexes statements by the tables they touch: its
	// key finds a table's statements by height, its index by time (a
	// statement's own tables are in statements.tables_touched).
	{Name: "statement_tables", Columns: "table_name VARCHAR(255), block_time VARCHAR(40), height BIGINT, " +
		"tx_hash VARCHAR(64), stmt_index INT, PRIMARY KEY(table_name, height, tx_hash, stmt_index)",
		Indexes: [][2]string{{"statement_tables_time", "table_name, block_time"}}, Clustered: true},
	// row_changes is row-level history: one row per row a statement
	// inserted, updated or deleted, written by capture triggers.
	{Name: "row_changes", Columns: AutoID + ", table_name VARCHAR(255) NOT NULL, pk LONGTEXT, " +
		"op VARCHAR(8) NOT NULL, row_before LONGTEXT, row_after LONGTEXT, height BIGINT, tx_hash VARCHAR(64), stmt_index INT",
		Indexes:  [][2]string{{"row_changes_row", "table_name, pk, height"}, {"row_changes_table", "table_name, height"}},
		Prefixes: map[string]int{"pk": 255}},
	// capture_context is the one row capture triggers copy into each
	// row_changes row: the statement being applied.
	{Name: "capture_context", Columns: "id INT PRIMARY KEY, height BIGINT, tx_hash VARCHAR(64), stmt_index INT"},
}

// AutoID stands for an auto-assigned BIGINT primary key "id" in Columns;
// InternalDDL replaces it with the backend's syntax.
const AutoID = "{{auto_id}}"

// DDLDialect is how a backend writes the internal tables' DDL.
type DDLDialect struct {
	// Table and Index quote table and index names (index names are global
	// in SQLite and per table in MySQL, so the driver decides).
	Table func(name string) string
	Index func(table, index string) string
	// AutoID is the column definition AutoID stands for.
	AutoID string
	// Prefixed indexes TEXT columns by their prefix (see Prefixes).
	Prefixed bool
	// WithoutRowID writes Clustered tables WITHOUT ROWID (SQLite).
	WithoutRowID bool
}

// InternalDDL returns the statements that create the internal tables and
// their indexes if they do not exist.
func InternalDDL(d DDLDialect) []string {
	return append(InternalTableDDL(d), InternalIndexDDL(d)...)
}

// InternalTableDDL creates the internal tables without their secondary
// indexes, which InternalIndexDDL adds: a database written from scratch
// can build them once at the end, sorted, instead of row by row.
func InternalTableDDL(d DDLDialect) []string {
	var out []string
	for _, t := range InternalTables {
		cols := strings.ReplaceAll(t.Columns, AutoID, d.AutoID)
		q := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (%s)", d.Table(t.Name), cols)
		if t.Clustered && d.WithoutRowID {
			q += " WITHOUT ROWID"
		}
		out = append(out, q)
	}
	return out
}

// InternalIndexDDL creates the internal tables' secondary indexes.
func InternalIndexDDL(d DDLDialect) []string {
	var out []string
	for _, t := range InternalTables {
		for _, ix := range t.Indexes {
			out = append(out, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s (%s)",
				d.Index(t.Name, ix[0]), d.Table(t.Name), indexColumns(t, ix[1], d.Prefixed)))
		}
	}
	return out
}

func indexColumns(t InternalTable, cols string, prefixed bool) string {
	if !prefixed || len(t.Prefixes) == 0 {
		return cols
	}
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if n, ok := t.Prefixes[p]; ok {
			p = fmt.Sprintf("%s(%d)", p, n)
		}
		parts[i] = p
	}
	return strings.Join(parts, ", ")
}
