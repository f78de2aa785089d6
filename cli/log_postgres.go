package cli

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", for pgSource

	"github.com/blocksql/blocksql/replay/audit"
)

// pgLog is `blocksql log` on a postgres-dialect node: the same filters over
// its blocksql.statements (which has no per-table index yet, so --table is
// refused). A statement's error is its SQLSTATE.
func pgLog(ctx context.Context, dsn string, f audit.Filter) ([]audit.Statement, error) {
	if f.Table != "" {
		return nil, &UsageError{Msg: "--table is not available on a postgres-dialect chain yet",
			Hint: "filter with --user, --since/--until, --from/--to, --tx or --failed"}
	}
	var where []string
	var args []any
	add := func(cond string, v ...any) {
		for _, a := range v {
			args = append(args, a)
			cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(args)), 1)
		}
		where = append(where, cond)
	}
	if f.User != "" {
		add(`s."user" = ?`, f.User)
	}
	if !f.Since.IsZero() {
		add("s.block_time >= ?", f.Since.UTC().Format(audit.TimeLayout))
	}
	if !f.Until.IsZero() {
		add("s.block_time < ?", f.Until.UTC().Format(audit.TimeLayout))
	}
	if f.From > 0 {
		add("s.height >= ?", f.From)
	}
	if f.To > 0 {
		add("s.height <= ?", f.To)
	}
	if f.Tx != "" {
		add("s.tx_hash LIKE ?", strings.ToLower(f.Tx)+"%")
	}
	if f.Failed {
		add(`EXISTS (SELECT 1 FROM blocksql.statements e WHERE e.height = s.height AND e.tx_hash = s.tx_hash AND e.outcome = 'error')`)
	}
	q := `SELECT s.height, s.block_time, s.tx_hash, s.stmt_index, s."user", s.client_addr, s.original_sql,
		coalesce(s.params, ''), coalesce(s.applied_sql, ''), s.outcome, coalesce(s.sqlstate, ''),
		coalesce(s.error_message, ''), s.rows_affected FROM blocksql.statements s`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY s.height, s.tx_hash, s.stmt_index"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read operation log: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (audit.Statement, error) {
		var s audit.Statement
		var state string
		err := r.Scan(&s.Height, &s.Time, &s.TxHash, &s.StmtIndex, &s.User, &s.ClientAddr, &s.SQL, &s.Params,
			&s.AppliedSQL, &s.Outcome, &state, &s.ErrorMessage, &s.RowsAffected)
		if state != "" {
			s.ErrorMessage = state + ": " + s.ErrorMessage
		}
		return s, err
	})
}

// pgSource is a postgres-dialect node's operation log as an audit.Source,
// for the audit queries written with ? placeholders.
type pgSource struct{ db *sql.DB }

func openPGSource(dsn string) (*pgSource, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	return &pgSource{db: db}, nil
}

func (s *pgSource) QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, dollarPlaceholders(query), args...)
}

func (s *pgSource) Internal(name string) string { return "blocksql." + name }

func (s *pgSource) Close() error { return s.db.Close() }

// dollarPlaceholders numbers ? placeholders as PostgreSQL's $1, $2, …
// (the audit queries hold no ? inside a literal).
func dollarPlaceholders(q string) string {
	var sb strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&sb, "$%d", n)
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
