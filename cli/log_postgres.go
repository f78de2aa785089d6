package cli

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", for pgSource

	"github.com/blocksql/blocksql/replay/audit"
)

// pgLog is `blocksql log` on a postgres-dialect node: the same filters over
// its blocksql.statements (--table through blocksql.statement_tables, the
// tables each statement names). A statement's error is its SQLSTATE.
func pgLog(ctx context.Context, home string, db DatabaseConfig, f audit.Filter) ([]audit.Statement, error) {
	src, err := openPGSource(home, db)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	var where []string
	var args []any
	add := func(cond string, v ...any) {
		args = append(args, v...)
		where = append(where, cond)
	}
	if f.Table != "" {
		table, err := pgTableName(f.Table)
		if err != nil {
			return nil, err
		}
		add(`EXISTS (SELECT 1 FROM `+src.Internal("statement_tables")+` st WHERE st.height = s.height
			AND st.tx_hash = s.tx_hash AND st.stmt_index = s.stmt_index AND st.table_name = ?)`, table)
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
	statements := src.Internal("statements")
	if f.Failed {
		add(`EXISTS (SELECT 1 FROM ` + statements + ` e WHERE e.height = s.height AND e.tx_hash = s.tx_hash AND e.outcome = 'error')`)
	}
	q := `SELECT s.height, s.block_time, s.tx_hash, s.stmt_index, s."user", s.client_addr, s.original_sql,
		coalesce(s.params, ''), coalesce(s.applied_sql, ''), s.outcome, coalesce(s.sqlstate, ''),
		coalesce(s.error_message, ''), s.rows_affected FROM ` + statements + ` s`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY s.height, s.tx_hash, s.stmt_index"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := src.QueryInternal(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read operation log: %w", err)
	}
	defer rows.Close()
	var out []audit.Statement
	for rows.Next() {
		var s audit.Statement
		var state string
		if err := rows.Scan(&s.Height, &s.Time, &s.TxHash, &s.StmtIndex, &s.User, &s.ClientAddr, &s.SQL, &s.Params,
			&s.AppliedSQL, &s.Outcome, &state, &s.ErrorMessage, &s.RowsAffected); err != nil {
			return nil, err
		}
		if state != "" {
			s.ErrorMessage = state + ": " + s.ErrorMessage
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// pgSource is a postgres-dialect node's operation log as an audit.Source,
// for the audit queries written with ? placeholders: in its PostgreSQL
// database, or in its SQLite file (where blocksql's tables are named
// "blocksql.<name>").
type pgSource struct {
	db   *sql.DB
	lite bool
}

func openPGSource(home string, c DatabaseConfig) (*pgSource, error) {
	if c.Driver == "sqlite" {
		db, err := sql.Open("sqlite3", "file:"+inHome(home, or(c.DSN, "data/blocksql.db"))+"?mode=ro")
		return &pgSource{db: db, lite: true}, err
	}
	db, err := sql.Open("pgx", c.DSN)
	if err != nil {
		return nil, err
	}
	return &pgSource{db: db}, nil
}

func (s *pgSource) QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if !s.lite {
		query = dollarPlaceholders(query)
	}
	return s.db.QueryContext(ctx, query, args...)
}

func (s *pgSource) Internal(name string) string {
	if s.lite {
		return `"blocksql.` + name + `"`
	}
	return "blocksql." + name
}

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
