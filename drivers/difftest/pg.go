package difftest

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL is the PostgreSQL dialect: blocksql postgres-dialect nodes
// are compared with PostgreSQL itself through pgx (a Target's DB opened
// with pgx's database/sql driver). A node holds one database, so a
// segment's namespace is its tables, dropped before and after it: the
// targets of one runner run one segment at a time.
var PostgreSQL = &Dialect{
	Name:     "postgres",
	Generate: func(seed uint64, seg, n int) []Stmt { return NewPGGenerator(seed, seg).Segment(n) },
	schema:   newPGSchema,
	execute:  ExecutePG,
	open: func(ctx context.Context, c *sql.Conn, _ Target, _ string) error {
		for _, t := range newPGSchema() {
			if o := ExecutePG(ctx, c, Stmt{SQL: "DROP TABLE IF EXISTS " + t.name}); o.failed() {
				return fmt.Errorf("drop %s: %s", t.name, o)
			}
		}
		return nil
	},
	drop: func(ctx context.Context, c *sql.Conn, _ Target, _ string) {
		ExecutePG(ctx, c, Stmt{SQL: "ROLLBACK"})
		for _, t := range newPGSchema() {
			ExecutePG(ctx, c, Stmt{SQL: "DROP TABLE IF EXISTS " + t.name})
		}
	},
	quote: func(s string) string { return s },
	refCounter: func(ctx context.Context, c *sql.Conn, table string) (int64, bool, error) {
		return PGNextID(ctx, c, table)
	},
	setRefCounter: setPGNextID,
	check:         checkRefusals,
	oneAtATime:    true,
	errorAborts:   true,
}

func init() { PostgreSQL.Deviations = pgDeviations }

// RowQuerier is a *sql.DB or a *sql.Conn.
type RowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// PGNextID is the value the sequence behind table's generated column
// (serial or identity) gives next on a PostgreSQL database; ok is false
// when the table or its sequence does not exist.
func PGNextID(ctx context.Context, q RowQuerier, table string) (next int64, ok bool, err error) {
	c, has := pgAutoCol(table)
	if !has {
		return 0, false, nil
	}
	var seq sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT pg_get_serial_sequence($1, $2)", table, c.name).Scan(&seq); err != nil || !seq.Valid {
		return 0, false, nil // no such table (yet): nothing to realign
	}
	var last int64
	var called bool
	if err := q.QueryRowContext(ctx, "SELECT last_value, is_called FROM "+seq.String).Scan(&last, &called); err != nil {
		return 0, false, err
	}
	if called {
		last++
	}
	return last, true, nil
}

func setPGNextID(ctx context.Context, c *sql.Conn, table string, next uint64) error {
	col, _ := pgAutoCol(table)
	_, err := c.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence($1, $2), $3, false)", table, col.name, int64(next))
	return err
}

func pgAutoCol(table string) (column, bool) {
	for _, t := range newPGSchema() {
		if t.name == table {
			return t.autoCol()
		}
	}
	return column{}, false
}

// ExecutePG sends s through pgx on a connection of pgx's database/sql
// driver: with the simple protocol (text results), or, for a Prepared
// statement, the extended protocol (Parse/Describe/Bind/Execute, binary
// results where pgx asks for them), and records what the client sees.
func ExecutePG(ctx context.Context, c *sql.Conn, s Stmt) Outcome {
	var o Outcome
	err := c.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		mode := pgx.QueryExecModeSimpleProtocol
		if s.Prepared {
			mode = pgx.QueryExecModeDescribeExec
		}
		if !s.Query {
			tag, err := pc.Exec(ctx, s.SQL, mode)
			o = pgExecOutcome(tag, err)
			return nil
		}
		rows, err := pc.Query(ctx, s.SQL, mode)
		o = pgReadRows(pc.TypeMap(), rows, err)
		return nil
	})
	if err != nil {
		return pgErrOutcome(err)
	}
	return o
}

func pgErrOutcome(err error) Outcome {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return Outcome{State: pe.Code, ErrText: pe.Message}
	}
	return Outcome{State: "client", ErrText: err.Error()}
}

func pgExecOutcome(tag pgconn.CommandTag, err error) Outcome {
	if err != nil {
		return pgErrOutcome(err)
	}
	return Outcome{Tag: tag.String(), Affected: tag.RowsAffected()}
}

func pgReadRows(m *pgtype.Map, rows pgx.Rows, err error) Outcome {
	if err != nil {
		return pgErrOutcome(err)
	}
	defer rows.Close()
	fds := rows.FieldDescriptions()
	o := Outcome{Cols: make([]Column, len(fds)), Rows: [][]string{}}
	for i, fd := range fds {
		o.Cols[i] = Column{Name: fd.Name, Type: pgTypeName(m, fd.DataTypeOID)}
	}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return pgErrOutcome(err)
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			row[i] = pgCell(v)
		}
		o.Rows = append(o.Rows, row)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return pgErrOutcome(err)
	}
	o.Tag = rows.CommandTag().String()
	if len(fds) == 0 {
		o.Cols, o.Rows, o.Affected = nil, nil, rows.CommandTag().RowsAffected()
	}
	return o
}

// pgTypeName is a column's type OID as pgx knows it ("int4"), or the
// number.
func pgTypeName(m *pgtype.Map, oid uint32) string {
	if t, ok := m.TypeForOID(oid); ok {
		return t.Name
	}
	return strconv.FormatUint(uint64(oid), 10)
}

// pgCell prints a value as pgx decoded it, with its Go type where two
// decodings of one text could differ.
func pgCell(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return strconv.Quote(x)
	case []byte:
		return `\x` + hex.EncodeToString(x)
	case time.Time:
		return x.Format("2006-01-02 15:04:05.999999 Z07:00")
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case int16, int32, int64, bool:
		return fmt.Sprint(x) // the column's OID tells which
	case pgtype.Numeric:
		if v, err := x.Value(); err == nil && v != nil {
			return "numeric " + fmt.Sprint(v)
		}
		return "numeric ?"
	}
	return fmt.Sprintf("%T %v", v, v)
}

// checkRefusals: a statement the generator wrote to be refused
// (tag "refused") must be refused with 0A000 by every blocksql node.
func checkRefusals(subjects []Target, st Stmt, outs []Outcome) []Diff {
	if st.Tag != "refused" {
		return nil
	}
	var out []Diff
	for j, t := range subjects {
		if o := outs[j+1]; o.State != "0A000" {
			out = append(out, Diff{Target: t.Name, Kind: KindRefusal, Want: "error 0A000", Got: o.String()})
		}
	}
	return out
}

// pgQuote writes s as a PostgreSQL string literal: standard ('it”s',
// backslashes as they are) or, sometimes, an escape string (E'it\'s').
func pgQuote(r *rand.Rand, s string) string {
	if r.IntN(4) > 0 {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return "E'" + strings.NewReplacer(`\`, `\\`, "'", `\'`, "\n", `\n`, "\t", `\t`).Replace(s) + "'"
}
