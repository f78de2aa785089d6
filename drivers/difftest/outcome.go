package difftest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"
)

// Column is a result column as go-sql-driver decodes it.
type Column struct {
	Name string
	Type string // DatabaseTypeName, nullability, and precision/scale for DECIMAL
}

// Outcome is everything a client learns from one statement.
type Outcome struct {
	Err      int    // MySQL error number; -1 for a failure outside MySQL's errors
	State    string // PostgreSQL SQLSTATE; "client" for a failure outside the server's errors
	ErrText  string // the message, for printing only
	Affected int64
	InsertID int64
	Tag      string // PostgreSQL's command tag
	Cols     []Column
	Rows     [][]string // cells quoted with strconv.Quote, or NULL
}

func (o Outcome) String() string {
	if o.State != "" {
		return fmt.Sprintf("error %s: %s", o.State, o.ErrText)
	}
	if o.Err != 0 {
		return fmt.Sprintf("error %d: %s", o.Err, o.ErrText)
	}
	if o.Cols == nil && o.Tag != "" {
		return "ok, " + o.Tag
	}
	if o.Cols == nil {
		return fmt.Sprintf("ok, %d affected, insert id %d", o.Affected, o.InsertID)
	}
	return fmt.Sprintf("%d rows %v", len(o.Rows), o.Rows)
}

// failed tells whether the statement failed.
func (o Outcome) failed() bool { return o.Err != 0 || o.State != "" }

func errOutcome(err error) Outcome {
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return Outcome{Err: int(me.Number), ErrText: me.Message}
	}
	return Outcome{Err: -1, ErrText: err.Error()}
}

// Execute sends s on conn and records what the client sees.
func Execute(ctx context.Context, conn *sql.Conn, s Stmt) Outcome {
	if s.Prepared {
		st, err := conn.PrepareContext(ctx, s.SQL)
		if err != nil {
			return errOutcome(err)
		}
		defer st.Close()
		if s.Query {
			rows, err := st.QueryContext(ctx, s.Args...)
			return readRows(rows, err)
		}
		res, err := st.ExecContext(ctx, s.Args...)
		return execResult(res, err)
	}
	if s.Query {
		rows, err := conn.QueryContext(ctx, s.SQL)
		return readRows(rows, err)
	}
	res, err := conn.ExecContext(ctx, s.SQL)
	return execResult(res, err)
}

func execResult(res sql.Result, err error) Outcome {
	if err != nil {
		return errOutcome(err)
	}
	var o Outcome
	o.Affected, _ = res.RowsAffected()
	o.InsertID, _ = res.LastInsertId()
	return o
}

func readRows(rows *sql.Rows, err error) Outcome {
	if err != nil {
		return errOutcome(err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return errOutcome(err)
	}
	o := Outcome{Cols: make([]Column, len(cts)), Rows: [][]string{}}
	for i, ct := range cts {
		o.Cols[i] = Column{Name: ct.Name(), Type: typeOf(ct)}
	}
	cells := make([]sql.RawBytes, len(cts))
	ptrs := make([]any, len(cts))
	for i := range cells {
		ptrs[i] = &cells[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return errOutcome(err)
		}
		row := make([]string, len(cells))
		for i, c := range cells {
			row[i] = "NULL"
			if c != nil {
				row[i] = strconv.Quote(string(c))
			}
		}
		o.Rows = append(o.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return errOutcome(err)
	}
	return o
}

func typeOf(ct *sql.ColumnType) string {
	var b strings.Builder
	b.WriteString(ct.DatabaseTypeName())
	if ct.DatabaseTypeName() == "DECIMAL" {
		if p, s, ok := ct.DecimalSize(); ok {
			fmt.Fprintf(&b, "(%d,%d)", p, s)
		}
	}
	if n, ok := ct.Nullable(); ok && !n {
		b.WriteString(" NOT NULL")
	}
	return b.String()
}
