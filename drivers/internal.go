package drivers

import "fmt"

// MySQL error numbers for strict-mode data errors that SQLite has to emulate
// with CHECK constraints.
const (
	ErWarnDataOutOfRange = 1264 // 22003
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
}

// InternalTables are the operation log and bookkeeping tables every node
// keeps in the same local transaction as the data.
var InternalTables = []InternalTable{
	{Name: "meta", Columns: "k VARCHAR(64) PRIMARY KEY, v BLOB"},
	{Name: "blocks", Columns: "height BIGINT PRIMARY KEY, time VARCHAR(40), hash VARCHAR(64), " +
		"proposer VARCHAR(64), tx_count INT, app_hash VARCHAR(64)"},
	{Name: "transactions", Columns: "tx_hash VARCHAR(64) PRIMARY KEY, height BIGINT, tx_index INT, " +
		"user VARCHAR(128), client_addr VARCHAR(128), node VARCHAR(64), statement_count INT, " +
		"outcome VARCHAR(16), error_code INT, error_message TEXT"},
	{Name: "statements", Columns: "height BIGINT, tx_hash VARCHAR(64), stmt_index INT, " +
		"block_time VARCHAR(40), user VARCHAR(128), client_addr VARCHAR(128), node VARCHAR(64), " +
		"db VARCHAR(128), original_sql TEXT, params TEXT, applied_sql TEXT, tables_touched TEXT, " +
		"outcome VARCHAR(16), error_code INT, error_message TEXT, rows_affected BIGINT, " +
		"last_insert_id BIGINT, PRIMARY KEY(tx_hash, stmt_index)",
		Indexes: [][2]string{{"statements_height", "height"}}},
	{Name: "catalog", Columns: "db VARCHAR(128), name VARCHAR(128), def TEXT, PRIMARY KEY(db, name)"},
}

// InternalDDL returns the statements that create the internal tables if
// they do not exist. table quotes a table name as the driver's Internal
// does; index quotes an index name (index names are global in SQLite and
// per table in MySQL, so the driver decides).
func InternalDDL(table func(name string) string, index func(table, index string) string) []string {
	var out []string
	for _, t := range InternalTables {
		out = append(out, fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (%s)", table(t.Name), t.Columns))
		for _, ix := range t.Indexes {
			out = append(out, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s (%s)",
				index(t.Name, ix[0]), table(t.Name), ix[1]))
		}
	}
	return out
}
