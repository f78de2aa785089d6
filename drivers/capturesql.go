package drivers

import (
	"fmt"
	"strings"
)

// CaptureSQL writes the statement a capture trigger runs, from the few
// pieces of syntax in which backends differ.
type CaptureSQL struct {
	// Column quotes a column name; Literal writes a string literal.
	Column  func(name string) string
	Literal func(s string) string
	// Value renders column c of row ref ("NEW", "OLD" or a table alias)
	// for JSON.
	Value func(ref string, c CaptureColumn) string
	// Object and Array build compact JSON from rendered values.
	Object func(pairs []string) string
	Array  func(values []string) string
	// Differs is true when two JSON texts are not byte-for-byte equal.
	Differs func(a, b string) string
	// RowChanges and Context are the quoted internal table names.
	RowChanges, Context string
	// Guard, when set, is a session variable (MariaDB's @name): while it
	// is set the triggers record nothing, and the engine records an
	// INSERT's rows itself with Inserted. A trigger whose body is skipped
	// costs a sixth of one that records the row.
	Guard string
}

const rowChangesCols = "(table_name, pk, op, row_before, row_after, height, tx_hash, stmt_index)"

// Insert returns the INSERT ... SELECT a trigger on t runs for op.
func (q CaptureSQL) Insert(t CaptureTable, op string) string {
	before, after, pkRef := "NULL", "NULL", "NEW"
	where := ""
	switch op {
	case OpInsert:
		after = q.row("NEW", t)
	case OpDelete:
		before, pkRef = q.row("OLD", t), "OLD"
	case OpUpdate:
		before, after = q.row("OLD", t), q.row("NEW", t)
		where = " WHERE " + q.Differs(before, after)
	}
	body := fmt.Sprintf("INSERT INTO %s %s SELECT %s, %s, '%s', %s, %s, height, tx_hash, stmt_index FROM %s%s",
		q.RowChanges, rowChangesCols, q.Literal(t.Qualified()), q.key(pkRef, t), op, before, after, q.Context, where)
	if q.Guard != "" {
		return "IF " + q.Guard + " IS NULL THEN " + body + "; END IF"
	}
	return body
}

// Inserted returns the statement that records as inserted the rows of
// table (the quoted physical name) whose key, the integer column key, lies
// between two values, in key order, each by statement first + (key - low):
// what the insert trigger writes for the single-row INSERTs of one
// transaction that inserted those consecutive keys. Its parameters: height,
// transaction hash, first statement, low, low, high.
func (q CaptureSQL) Inserted(t CaptureTable, table, key string) string {
	k := "r." + q.Column(key)
	return fmt.Sprintf("INSERT INTO %s %s SELECT %s, %s, '%s', NULL, %s, ?, ?, ? + (%s - ?) FROM %s AS r"+
		" WHERE %s BETWEEN ? AND ? ORDER BY %s",
		q.RowChanges, rowChangesCols, q.Literal(t.Qualified()), q.key("r", t), OpInsert, q.row("r", t), k,
		table, k, k)
}

// DeleteAll returns the statement that records every row of table (the
// quoted physical name) as deleted, in primary key order.
func (q CaptureSQL) DeleteAll(t CaptureTable, table string) string {
	var order []string
	for _, c := range t.Key() {
		order = append(order, "r."+q.Column(c.Name))
	}
	if len(order) == 0 {
		for _, c := range t.Columns {
			order = append(order, "r."+q.Column(c.Name))
		}
	}
	return fmt.Sprintf("INSERT INTO %s %s SELECT %s, %s, '%s', %s, NULL, c.height, c.tx_hash, c.stmt_index"+
		" FROM %s AS r, %s AS c ORDER BY %s",
		q.RowChanges, rowChangesCols, q.Literal(t.Qualified()), q.key("r", t), OpDelete, q.row("r", t),
		table, q.Context, strings.Join(order, ", "))
}

// Skipped returns the statement that drops the updates the current
// statement (capture_context) recorded for the rows of table (the quoted
// physical name) that do not hold what was recorded after: MariaDB fires
// an AFTER UPDATE trigger for a row UPDATE IGNORE then leaves out for a
// duplicate key. A row UPDATE IGNORE changed holds its recorded image (a
// statement changes a row once); one it left out holds its image before,
// which the trigger recorded only where the two differ. t must have a
// primary key.
func (q CaptureSQL) Skipped(t CaptureTable, table string) string {
	// The target is named in full, not by an alias, which MariaDB would
	// look for in the connection's default database.
	rc := q.RowChanges
	return fmt.Sprintf("DELETE %[1]s FROM %[1]s JOIN %[2]s AS c ON %[1]s.height = c.height AND %[1]s.tx_hash = c.tx_hash"+
		" AND %[1]s.stmt_index = c.stmt_index WHERE %[1]s.table_name = %[3]s AND %[1]s.op = '%[4]s' AND NOT EXISTS"+
		" (SELECT 1 FROM %[5]s AS r WHERE NOT %[6]s AND NOT %[7]s)",
		rc, q.Context, q.Literal(t.Qualified()), OpUpdate, table,
		q.Differs(q.key("r", t), rc+".pk"), q.Differs(q.row("r", t), rc+".row_after"))
}

func (q CaptureSQL) row(ref string, t CaptureTable) string {
	pairs := make([]string, 0, 2*len(t.Columns))
	for _, c := range t.Columns {
		pairs = append(pairs, q.Literal(c.Name), q.Value(ref, c))
	}
	return q.Object(pairs)
}

func (q CaptureSQL) key(ref string, t CaptureTable) string {
	key := t.Key()
	if len(key) == 0 {
		return "NULL"
	}
	vals := make([]string, len(key))
	for i, c := range key {
		vals[i] = q.Value(ref, c)
	}
	return q.Array(vals)
}
