// Package audit answers auditors' questions from the operation log a node
// keeps in its local database (blocksql.statements, transactions,
// statement_tables and row_changes): who ran which statement when, one
// row's full life, what changed in a table between two heights. It only
// reads, through the driver's reader, so it works while the node runs.
// Proofs that a transaction is in a signed block are in proof.go.
package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Source is the read side of a node's local database.
type Source interface {
	QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	Internal(name string) string
}

// TimeLayout is how block times are stored and compared.
const TimeLayout = "2006-01-02 15:04:05.000000"

// Filter selects statements. Zero fields do not filter.
type Filter struct {
	Table  string // "db.table"
	User   string
	Since  time.Time // inclusive
	Until  time.Time // exclusive
	From   int64     // lowest height, inclusive
	To     int64     // highest height, inclusive
	Failed bool      // only statements that failed, or of transactions that failed
	Tx     string    // a transaction hash or a prefix of one
	Limit  int
	Offset int // statements to skip (with Limit: a page)
}

// Statement is one logged statement with its transaction's context.
type Statement struct {
	Height       int64  `json:"height"`
	Time         string `json:"time"`
	TxHash       string `json:"tx_hash"`
	TxIndex      int    `json:"tx_index"`
	StmtIndex    int    `json:"stmt_index"`
	User         string `json:"user"`
	ClientAddr   string `json:"client_addr"`
	Node         string `json:"node"`
	DB           string `json:"db"`
	SQL          string `json:"sql"`
	Params       string `json:"params,omitempty"`
	AppliedSQL   string `json:"applied_sql"`
	Tables       string `json:"tables"`
	Outcome      string `json:"outcome"`
	TxOutcome    string `json:"tx_outcome"`
	ErrorCode    int    `json:"error_code,omitempty"`
	ErrorMessage string `json:"error_message,omitempty"`
	RowsAffected int64  `json:"rows_affected"`
	LastInsertID int64  `json:"last_insert_id,omitempty"`
}

const statementCols = "s.height, s.block_time, s.tx_hash, t.tx_index, s.stmt_index, s.user, s.client_addr, s.node, " +
	"s.db, s.original_sql, s.params, s.applied_sql, s.tables_touched, s.outcome, t.outcome, s.error_code, " +
	"s.error_message, s.rows_affected, s.last_insert_id"

// Log returns the statements f selects, in chain order.
func Log(ctx context.Context, src Source, f Filter) ([]Statement, error) {
	q, args := logQuery(src, f)
	rows, err := src.QueryInternal(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read operation log: %w", err)
	}
	defer rows.Close()
	var out []Statement
	for rows.Next() {
		var s Statement
		var params, applied, msg sql.NullString
		if err := rows.Scan(&s.Height, &s.Time, &s.TxHash, &s.TxIndex, &s.StmtIndex, &s.User, &s.ClientAddr,
			&s.Node, &s.DB, &s.SQL, &params, &applied, &s.Tables, &s.Outcome, &s.TxOutcome, &s.ErrorCode,
			&msg, &s.RowsAffected, &s.LastInsertID); err != nil {
			return nil, fmt.Errorf("read operation log: %w", err)
		}
		s.Params, s.AppliedSQL, s.ErrorMessage = params.String, applied.String, msg.String
		out = append(out, s)
	}
	return out, rows.Err()
}

func logQuery(src Source, f Filter) (string, []any) {
	from := src.Internal("statements") + " s"
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.Table != "" {
		from = src.Internal("statement_tables") + " st JOIN " + from +
			" ON s.height = st.height AND s.tx_hash = st.tx_hash AND s.stmt_index = st.stmt_index"
		add("st.table_name = ?", strings.ToLower(f.Table))
		timeRange(add, "st.block_time", f)
	}
	if f.User != "" {
		add("s.user = ?", f.User)
	}
	timeRange(add, "s.block_time", f)
	if f.From > 0 {
		add("s.height >= ?", f.From)
	}
	if f.To > 0 {
		add("s.height <= ?", f.To)
	}
	if f.Failed {
		// A grouped transaction's statements fail alone.
		add("(t.outcome = 'error' OR s.outcome = 'error')")
	}
	if f.Tx != "" {
		cond, a := hashPrefix("t.tx_hash", f.Tx)
		add(cond, a...)
	}
	from += " JOIN " + src.Internal("transactions") + " t ON t.tx_hash = s.tx_hash AND t.height = s.height"
	q := "SELECT " + statementCols + " FROM " + from
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY s.height, t.tx_index, s.stmt_index"
	q += limitClause(f.Limit)
	if f.Limit > 0 && f.Offset > 0 {
		q += fmt.Sprintf(" OFFSET %d", f.Offset)
	}
	return q, args
}

// hashPrefix selects the hashes that start with prefix (the whole hash
// or a prefix of one) as a range of the column's index: LIKE would not
// use it on every backend. Hashes are lower-case hex, and 'g' sorts after
// every hex digit.
func hashPrefix(col, prefix string) (string, []any) {
	prefix = strings.ToLower(prefix)
	if len(prefix) == 64 {
		return col + " = ?", []any{prefix}
	}
	return col + " >= ? AND " + col + " < ?", []any{prefix, prefix + "g"}
}

func timeRange(add func(string, ...any), col string, f Filter) {
	if !f.Since.IsZero() {
		add(col+" >= ?", f.Since.UTC().Format(TimeLayout))
	}
	if !f.Until.IsZero() {
		add(col+" < ?", f.Until.UTC().Format(TimeLayout))
	}
}
