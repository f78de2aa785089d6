package postgres

import (
	"context"
	"fmt"
	"slices"
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
// INSERT with its rows as parameters. COPY … TO STDOUT is a read
// (copy_out.go).

// copyRowsPerStatement bounds the rows of one INSERT (and so its
// parameters, at most 65,535 per statement in PostgreSQL's protocol).
const copyRowsPerStatement = 1000

func (c *conn) copy(ctx context.Context, p *portal) error {
	spec, err := replay.PGCopyOf(*p.stmt.st)
	if err != nil {
		return err
	}
	if !spec.From {
		return c.copyTo(ctx, p, spec)
	}
	cols, oids, err := c.copyColumns(ctx, spec)
	if err != nil {
		return err
	}
	data, err := c.receiveCopy(len(cols), spec.Binary)
	if err != nil {
		return err
	}
	var rows [][]*string
	if spec.Binary {
		rows, err = c.parseBinaryCopy(data, oids)
	} else {
		rows, err = parseCopy(data, spec, len(cols))
	}
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

// copyColumns is the COPY's columns (its list, or the table's columns in
// order) with their type OIDs.
func (c *conn) copyColumns(ctx context.Context, spec *replay.PGCopy) ([]string, []uint32, error) {
	all, err := c.tableColumns(ctx, spec.Table)
	if err != nil {
		return nil, nil, err
	}
	if len(all) == 0 {
		return nil, nil, &drivers.Error{State: "42P01", Message: fmt.Sprintf("relation %q does not exist", spec.Table)}
	}
	names := spec.Columns
	if len(names) == 0 {
		for _, col := range all {
			names = append(names, col.Name)
		}
	}
	oids := make([]uint32, len(names))
	for i, name := range names {
		j := slices.IndexFunc(all, func(col column) bool { return col.Name == name })
		if j < 0 {
			return nil, nil, &drivers.Error{State: "42703", Message: fmt.Sprintf("column %q of relation %q does not exist", name, spec.Table)}
		}
		oids[i] = uint32(all[j].OID)
	}
	return names, oids, nil
}

type column struct {
	Name string
	OID  int64
}

// tableColumns are a table's columns in order with their type OIDs: from
// pg_attribute, or from the description of SELECT * on a local database
// that is not PostgreSQL.
func (c *conn) tableColumns(ctx context.Context, table string) ([]column, error) {
	ident := pgx.Identifier(strings.Split(table, ".")).Sanitize()
	if c.srv.pool == nil {
		if c.srv.cfg.Reader == nil {
			return nil, errNoLocalPostgres
		}
		d, err := c.srv.cfg.Reader.Describe(ctx, "SELECT * FROM "+ident)
		if err != nil {
			return nil, err
		}
		out := make([]column, len(d.Names))
		for i := range out {
			out[i] = column{Name: d.Names[i], OID: int64(d.OIDs[i])}
		}
		return out, nil
	}
	rows, err := c.srv.pool.Query(ctx, `SELECT attname, atttypid::int8 FROM pg_attribute
		WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, ident)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[column])
}

// receiveCopy answers CopyInResponse and reads the client's data up to
// CopyDone, at most MaxMessageBytes in all (54000 beyond it, once the
// client is done sending).
func (c *conn) receiveCopy(ncols int, binary bool) ([]byte, error) {
	resp := &pgproto3.CopyInResponse{ColumnFormatCodes: make([]uint16, ncols)}
	if binary {
		resp.OverallFormat = 1
		for i := range resp.ColumnFormatCodes {
			resp.ColumnFormatCodes[i] = 1
		}
	}
	c.be.Send(resp)
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
