package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// run executes a bound statement. simple is the simple query protocol,
// where a read sends its RowDescription itself.
func (c *conn) run(ctx context.Context, p *portal, simple bool) error {
	st := p.stmt.st
	if st == nil {
		c.be.Send(&pgproto3.EmptyQueryResponse{})
		return nil
	}
	if err := c.checkTxnOpen(st.Kind); err != nil {
		return err
	}
	switch st.Kind {
	case replay.KindRead, replay.KindShow:
		return c.read(ctx, p, simple)
	case replay.KindWrite:
		return c.write(ctx, p)
	case replay.KindSet:
		return c.set(st)
	case replay.KindBegin:
		return c.begin()
	case replay.KindCommit:
		return c.commit(ctx)
	case replay.KindRollback:
		return c.rollback()
	}
	return notYet("this statement is not supported by blocksql")
}

// read answers from the local database once it has applied every write
// any session was told about; inside a transaction, from the
// transaction's speculation, so it sees its own writes.
func (c *conn) read(ctx context.Context, p *portal, simple bool) error {
	if c.txn != nil {
		return c.readInTxn(ctx, p, simple)
	}
	if err := c.srv.chain.WaitApplied(ctx); err != nil {
		return err
	}
	conn, err := c.srv.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	return c.readOn(ctx, conn.Conn().PgConn(), p, simple)
}

// readOn runs the read on pc. Parameters and result formats pass through.
func (c *conn) readOn(ctx context.Context, pc *pgconn.PgConn, p *portal, simple bool) error {
	rr := pc.ExecParams(ctx, p.stmt.sql, p.params, p.stmt.oids, p.paramFormats, p.resultFormats)
	if simple {
		c.be.Send(rowDescription(rr.FieldDescriptions(), nil))
	}
	for rr.NextRow() {
		vals := rr.Values()
		row := make([][]byte, len(vals))
		for i, v := range vals {
			if v != nil {
				row[i] = append([]byte{}, v...)
			}
		}
		c.be.Send(&pgproto3.DataRow{Values: row})
	}
	tag, err := rr.Close()
	if err != nil {
		return err
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(tag.String())})
	return nil
}

// write submits the statement as one chain transaction and answers with
// its outcome once its block is applied.
func (c *conn) write(ctx context.Context, p *portal) error {
	st := p.stmt.st
	if err := replay.PGCheckWrite(*st); err != nil {
		return err
	}
	if err := replay.PGCheckReturning(*st); err != nil {
		return err
	}
	params, err := c.chainParams(ctx, p)
	if err != nil {
		return err
	}
	stmt := consensus.Statement{SQL: p.stmt.sql, Params: params, Canonical: st.Canonical}
	if c.txn != nil {
		return c.writeInTxn(ctx, st, stmt)
	}
	res, err := c.srv.chain.Submit(ctx, c.chainTx([]consensus.Statement{stmt}))
	if err != nil {
		return err
	}
	sr := res.Statements[0]
	if sr.Code != 0 {
		return &drivers.Error{Code: sr.Code, State: sr.State, Message: sr.Message}
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(commandTag(st.Tag, sr.RowsAffected))})
	return nil
}

// chainTx is a chain transaction of this session's statements.
func (c *conn) chainTx(stmts []consensus.Statement) *consensus.Tx {
	return &consensus.Tx{Database: c.srv.cfg.Database, TimeZone: "UTC", User: c.user, ClientAddr: c.nc.RemoteAddr().String(),
		Statements: stmts}
}

func commandTag(tag string, rows uint64) string {
	switch tag {
	case "INSERT":
		return fmt.Sprintf("INSERT 0 %d", rows)
	case "UPDATE", "DELETE":
		return fmt.Sprintf("%s %d", tag, rows)
	}
	return tag
}

// chainParams turns bound parameters into the chain's text values: a
// binary parameter (pgx sends integers and timestamps so) is decoded with
// the type the local database inferred and written in text format.
func (c *conn) chainParams(ctx context.Context, p *portal) ([]consensus.Value, error) {
	out := make([]consensus.Value, len(p.params))
	var desc []uint32
	for i, v := range p.params {
		if v == nil {
			continue
		}
		if formatOf(p.paramFormats, i) == pgtype.TextFormatCode {
			out[i] = consensus.Value{Kind: consensus.KindString, Bytes: v}
			continue
		}
		if desc == nil {
			d, err := c.statementDesc(ctx, p.stmt)
			if err != nil {
				return nil, err
			}
			desc = d.ParamOIDs
		}
		text, err := c.binaryToText(desc, i, v)
		if err != nil {
			return nil, err
		}
		out[i] = consensus.Value{Kind: consensus.KindString, Bytes: text}
	}
	return out, nil
}

func (c *conn) binaryToText(oids []uint32, i int, v []byte) ([]byte, error) {
	if c.types == nil {
		c.types = pgtype.NewMap() // a Map caches plans: one per connection
	}
	typeMap := c.types
	if i >= len(oids) {
		return nil, notYet("parameter $%d has no known type", i+1)
	}
	t, ok := typeMap.TypeForOID(oids[i])
	if !ok {
		return nil, notYet("parameter $%d: binary format of type %d is not supported; send it as text", i+1, oids[i])
	}
	val, err := t.Codec.DecodeValue(typeMap, oids[i], pgtype.BinaryFormatCode, v)
	if err != nil {
		return nil, fmt.Errorf("parameter $%d: %w", i+1, err)
	}
	return typeMap.Encode(oids[i], pgtype.TextFormatCode, val, nil)
}

// settable are session settings a client may SET: they change nothing the
// chain records (the node's own sessions run in UTC).
var settable = map[string]bool{
	"application_name": true, "extra_float_digits": true, "client_encoding": true, "statement_timeout": true,
	"lock_timeout": true, "idle_in_transaction_session_timeout": true, "client_min_messages": true,
}

func (c *conn) set(st *replay.PGStmt) error {
	name := replay.PGSetName(*st)
	if !settable[strings.ToLower(name)] {
		return notYet("SET %s is not supported: the session runs with the chain's settings", name)
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte("SET")})
	return nil
}

func notYet(format string, args ...any) error {
	return replay.PGNotSupported(format, args...)
}
