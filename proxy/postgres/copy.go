package postgres

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// COPY … FROM STDIN: the client's rows (text or CSV format) become INSERT
// statements of ONE chain transaction (all or nothing, as a COPY is), or
// join the open explicit transaction. The operation log records each
// INSERT with its rows as parameters. COPY … TO STDOUT is a read.

// copyRowsPerStatement bounds the rows of one INSERT (and so its
// parameters, at most 65,535 per statement in PostgreSQL's protocol).
const copyRowsPerStatement = 1000

func (c *conn) copy(ctx context.Context, p *portal) error {
	spec, err := replay.PGCopyOf(*p.stmt.st)
	if err != nil {
		return err
	}
	if !spec.From {
		return c.copyTo(ctx, p)
	}
	cols, err := c.copyColumns(ctx, spec)
	if err != nil {
		return err
	}
	data, err := c.receiveCopy(len(cols))
	if err != nil {
		return err
	}
	rows, err := parseCopy(data, spec, len(cols))
	if err != nil {
		return err
	}
	stmts, err := copyInserts(spec.Table, cols, rows)
	if err != nil {
		return err
	}
	if err := c.submitCopy(ctx, stmts); err != nil {
		return err
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(fmt.Sprintf("COPY %d", len(rows)))})
	return nil
}

// copyColumns is the COPY's column list, or the table's columns in order.
func (c *conn) copyColumns(ctx context.Context, spec *replay.PGCopy) ([]string, error) {
	if len(spec.Columns) > 0 {
		return spec.Columns, nil
	}
	schema, table, ok := strings.Cut(spec.Table, ".")
	if !ok {
		schema, table = "public", spec.Table
	}
	rows, err := c.srv.pool.Query(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, schema, table)
	if err != nil {
		return nil, err
	}
	cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err == nil && len(cols) == 0 {
		err = &drivers.Error{State: "42P01", Message: fmt.Sprintf("relation %q does not exist", spec.Table)}
	}
	return cols, err
}

// receiveCopy answers CopyInResponse and reads the client's data up to
// CopyDone, at most MaxMessageBytes in all (54000 beyond it, once the
// client is done sending).
func (c *conn) receiveCopy(ncols int) ([]byte, error) {
	c.be.Send(&pgproto3.CopyInResponse{OverallFormat: 0, ColumnFormatCodes: make([]uint16, ncols)})
	if err := c.be.Flush(); err != nil {
		return nil, err
	}
	var data []byte
	tooLong := false
	for {
		msg, err := c.be.Receive()
		if err != nil {
			return nil, err
		}
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			if len(data)+len(m.Data) > c.srv.cfg.MaxMessageBytes {
				tooLong, data = true, nil
			}
			if !tooLong {
				data = append(data, m.Data...)
			}
		case *pgproto3.CopyDone:
			if tooLong {
				return nil, &drivers.Error{State: "54000", Message: fmt.Sprintf("COPY data is longer than %d bytes; split it", c.srv.cfg.MaxMessageBytes)}
			}
			return data, nil
		case *pgproto3.CopyFail:
			return nil, &drivers.Error{State: "57014", Message: "COPY from stdin failed: " + m.Message}
		case *pgproto3.Flush, *pgproto3.Sync:
		default:
			return nil, &drivers.Error{State: "08P01", Message: fmt.Sprintf("unexpected message %T during COPY from stdin", msg)}
		}
	}
}

// copyInserts turns rows into INSERT statements of at most
// copyRowsPerStatement rows each, with the values as text parameters.
func copyInserts(table string, cols []string, rows [][]*string) ([]consensus.Statement, error) {
	target := pgx.Identifier(strings.Split(table, ".")).Sanitize()
	quoted := make([]string, len(cols))
	for i, col := range cols {
		quoted[i] = pgx.Identifier{col}.Sanitize()
	}
	head := "INSERT INTO " + target + " (" + strings.Join(quoted, ", ") + ") VALUES "
	var out []consensus.Statement
	canonical := map[string]string{} // full chunks share one text: parse it once
	for start := 0; start < len(rows); start += copyRowsPerStatement {
		chunk := rows[start:min(start+copyRowsPerStatement, len(rows))]
		var sb strings.Builder
		sb.WriteString(head)
		params := make([]consensus.Value, 0, len(chunk)*len(cols))
		for i, row := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteByte('(')
			for j, v := range row {
				if j > 0 {
					sb.WriteString(", ")
				}
				params = append(params, copyValue(v))
				fmt.Fprintf(&sb, "$%d", len(params))
			}
			sb.WriteByte(')')
		}
		text := sb.String()
		if _, ok := canonical[text]; !ok {
			parsed, err := replay.PGParse(text)
			if err != nil {
				return nil, err
			}
			if err := replay.PGCheckWrite(parsed[0]); err != nil {
				return nil, err
			}
			canonical[text] = parsed[0].Canonical
		}
		out = append(out, consensus.Statement{SQL: text, Canonical: canonical[text], Params: params})
	}
	return out, nil
}

func copyValue(v *string) consensus.Value {
	if v == nil {
		return consensus.Value{Kind: consensus.KindNull}
	}
	return consensus.Value{Kind: consensus.KindString, Bytes: []byte(*v)}
}

// submitCopy sends the COPY's statements as one chain transaction, or adds
// them to the open transaction.
func (c *conn) submitCopy(ctx context.Context, stmts []consensus.Statement) error {
	if len(stmts) == 0 {
		return nil
	}
	if c.txn != nil {
		_, err := c.speculateWrites(ctx, stmts)
		return err
	}
	res, err := c.srv.chain.Submit(ctx, c.chainTx(stmts))
	if err != nil {
		return err
	}
	if res.Failed >= 0 {
		sr := res.Statements[res.Failed]
		return &drivers.Error{Code: sr.Code, State: sr.State, Message: sr.Message}
	}
	return nil
}

// copyTo answers COPY … TO STDOUT from the local database.
func (c *conn) copyTo(ctx context.Context, p *portal) error {
	conn, err := c.localConn(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	var buf bytes.Buffer
	tag, err := conn.Conn().PgConn().CopyTo(ctx, &buf, p.stmt.sql)
	if err != nil {
		return err
	}
	c.be.Send(&pgproto3.CopyOutResponse{OverallFormat: 0})
	for line := range bytes.Lines(buf.Bytes()) {
		c.be.Send(&pgproto3.CopyData{Data: line})
	}
	c.be.Send(&pgproto3.CopyDone{})
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(tag.String())})
	return nil
}
