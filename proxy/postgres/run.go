package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/proxy"
	"github.com/blocksql/blocksql/replay"
)

// run executes a bound statement. simple is the simple query protocol,
// where a read sends its RowDescription itself.
func (c *conn) run(ctx context.Context, p *portal, simple bool) (err error) {
	st := p.stmt.st
	if st == nil {
		c.be.Send(&pgproto3.EmptyQueryResponse{})
		return nil
	}
	defer func() { proxy.GlobalStats().CountTag(st.Tag, err) }()
	if st.Kind == replay.KindSavepoint {
		return c.savepoint(st)
	}
	if err := c.checkTxnOpen(st.Kind); err != nil {
		return err
	}
	switch st.Kind {
	case replay.KindRead, replay.KindShow:
		return c.read(ctx, p, simple)
	case replay.KindWrite:
		return c.write(ctx, p, simple)
	case replay.KindSet:
		return c.set(st)
	case replay.KindCopy:
		return c.copy(ctx, p)
	case replay.KindLocal:
		// Maintenance changes no row: each node's database does its own
		// (autovacuum), and the chain records nothing.
		c.be.Send(&pgproto3.NoticeResponse{Severity: "NOTICE", Code: "00000",
			Message: "blocksql: " + st.Tag + " is left to each node's local database (autovacuum); nothing was done"})
		c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(st.Tag)})
		return nil
	case replay.KindBegin:
		return c.begin(st.Tag)
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
	if q := sessionQueryFor(p.stmt.sql); q != nil {
		return c.answerSession(q, p, simple)
	}
	if c.srv.pool == nil && p.stmt.st.Kind == replay.KindShow {
		return c.showSetting(p, simple)
	}
	return c.onLocal(ctx, func(tr textReader, pc *pgconn.PgConn) error {
		if tr != nil {
			return c.readText(ctx, p, simple, tr)
		}
		return c.readOn(ctx, pc, p, simple)
	})
}

// onLocal runs a read against the local database: inside the open
// transaction's speculation, after its writes; otherwise once the database
// has applied every write any session was told about. A database that is
// not PostgreSQL (SQLite) comes as tr, PostgreSQL as pc.
func (c *conn) onLocal(ctx context.Context, f func(tr textReader, pc *pgconn.PgConn) error) error {
	if c.txn != nil {
		return c.inTxn(ctx, func(dtx drivers.TextTx) error {
			if tr, ok := dtx.(textReader); ok {
				return f(tr, nil)
			}
			pc, ok := dtx.(interface{ PgConn() *pgconn.PgConn })
			if !ok {
				return notYet("reads inside a transaction need a PostgreSQL backend")
			}
			return f(nil, pc.PgConn())
		})
	}
	if c.srv.pool == nil {
		if c.srv.cfg.Reader == nil {
			return errNoLocalPostgres
		}
		if err := c.srv.chain.WaitApplied(ctx); err != nil {
			return err
		}
		return f(c.srv.cfg.Reader, nil)
	}
	conn, err := c.localConn(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	return f(nil, conn.Conn().PgConn())
}

// localConn is a read-only connection to the local database once it has
// applied every write any session was told about.
func (c *conn) localConn(ctx context.Context) (*pgxpool.Conn, error) {
	if err := c.srv.chain.WaitApplied(ctx); err != nil {
		return nil, err
	}
	return c.srv.pool.Acquire(ctx)
}

// flushBytes is how much of a result the send buffer holds before it goes
// to the client, so a large read streams instead of filling the memory.
const flushBytes = 1 << 20

// readOn runs the read on pc. Parameters and result formats pass through;
// rows go to the client as the database gives them.
func (c *conn) readOn(ctx context.Context, pc *pgconn.PgConn, p *portal, simple bool) error {
	rr := pc.ExecParams(ctx, p.stmt.sql, p.params, p.stmt.oids, p.paramFormats, p.resultFormats)
	if simple {
		c.be.Send(rowDescription(rr.FieldDescriptions(), nil))
	}
	pending := 0
	for rr.NextRow() {
		vals := rr.Values()
		row := make([][]byte, len(vals))
		for i, v := range vals {
			if v != nil {
				row[i] = append([]byte{}, v...)
				pending += len(v)
			}
		}
		c.be.Send(&pgproto3.DataRow{Values: row})
		if pending >= flushBytes {
			if err := c.be.Flush(); err != nil {
				_, _ = rr.Close()
				return err
			}
			pending = 0
		}
	}
	tag, err := rr.Close()
	if err != nil {
		return err
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(tag.String())})
	return nil
}

// shownSettings are the settings SHOW answers on a node whose local
// database is not PostgreSQL: the session's (see serverParams), which are
// the same on every node.
var shownSettings = map[string]string{"transaction_isolation": "read committed", "max_identifier_length": "63",
	"search_path": `"$user", public`, "default_transaction_isolation": "read committed"}

func init() {
	for _, kv := range serverParams {
		shownSettings[strings.ToLower(kv[0])] = kv[1]
	}
}

// showSetting answers SHOW name.
func (c *conn) showSetting(p *portal, simple bool) error {
	name := strings.ToLower(replay.PGShowName(*p.stmt.st))
	v, ok := shownSettings[name]
	if !ok {
		return &drivers.Error{State: "42704", Message: fmt.Sprintf("unrecognized configuration parameter %q", name)}
	}
	r := &consensus.Returned{Names: []string{name}, OIDs: []uint32{25}, Rows: [][][]byte{{[]byte(v)}}}
	if err := c.sendReturned(p, simple, r); err != nil {
		return err
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte("SHOW")})
	return nil
}

// textReader is a local transaction or database that answers reads itself
// (the SQLite backend).
type textReader interface {
	Read(ctx context.Context, sql string, params [][]byte) (drivers.Result, error)
}

// readText answers a read from a local database that is not PostgreSQL:
// its rows come as PostgreSQL text and go out in the formats the client
// asked for.
func (c *conn) readText(ctx context.Context, p *portal, simple bool, r textReader) error {
	vals, err := c.chainParams(ctx, p)
	if err != nil {
		return err
	}
	res, release, err := c.readRows(ctx, r, p.stmt.sql, replay.PGTextParams(vals))
	if err != nil {
		return err
	}
	defer release()
	returned := &consensus.Returned{Names: res.ReturnedNames, OIDs: res.ReturnedOIDs, Rows: res.Returned}
	if err := c.sendReturned(p, simple, returned); err != nil {
		return err
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(fmt.Sprintf("SELECT %d", len(res.Returned)))})
	return nil
}

// readRows runs a SELECT on a local database that is not PostgreSQL, which
// translates it and gives its values in PostgreSQL's text format. Its rows
// count against the node's result budget until release, which the caller
// calls once it has sent them.
func (c *conn) readRows(ctx context.Context, r textReader, sql string, params [][]byte) (res drivers.Result, release func(), err error) {
	tally := c.srv.cfg.Results.Start()
	ctx = drivers.WithResultTally(drivers.WithPGSession(ctx, c.session()), tally)
	res, err = r.Read(ctx, sql, params)
	release = func() {
		// The rows leave the send buffer for the socket before their bytes
		// are counted free.
		_ = c.be.Flush()
		tally.Release()
	}
	if err != nil {
		tally.Release()
		return res, nil, err
	}
	return res, release, nil
}

// session is what the SQLite backend's catalog answers know of this
// session: its database, and the node's users (with the session's own).
func (c *conn) session() drivers.PGSession {
	users := []string{c.user}
	for u := range c.srv.cfg.Users {
		if u != c.user {
			users = append(users, u)
		}
	}
	sort.Strings(users)
	return drivers.PGSession{Database: c.database, User: c.user, Users: users}
}

// write submits the statement as one chain transaction and answers with
// its outcome once its block is applied.
func (c *conn) write(ctx context.Context, p *portal, simple bool) error {
	st := p.stmt.st
	if err := replay.PGCheckWrite(*st); err != nil {
		return err
	}
	if err := c.checkTranslatable(ctx, p.stmt); err != nil {
		return err
	}
	params, err := c.chainParams(ctx, p)
	if err != nil {
		return err
	}
	stmt := consensus.Statement{SQL: p.stmt.sql, Params: params, Canonical: st.Canonical}
	if c.txn != nil {
		return c.writeInTxn(ctx, p, simple, stmt)
	}
	res, err := c.srv.chain.Submit(ctx, c.chainTx([]consensus.Statement{stmt}))
	if err != nil {
		return err
	}
	sr := res.Statements[0]
	if sr.Code != 0 {
		return &drivers.Error{Code: sr.Code, State: sr.State, Message: sr.Message}
	}
	if err := c.sendReturned(p, simple, sr.Returned); err != nil {
		return err
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(commandTag(st.Tag, sr.RowsAffected))})
	return nil
}

// checkTranslatable refuses before the chain a write the local database
// cannot apply exactly (the SQLite backend's 0A000), so no node records
// a statement this one would fail.
func (c *conn) checkTranslatable(ctx context.Context, p *prepared) error {
	if c.srv.pool != nil || c.srv.cfg.Reader == nil {
		return nil
	}
	_, err := c.srv.cfg.Reader.Describe(ctx, p.sql)
	var de *drivers.Error
	if errors.As(err, &de) && de.State == "0A000" {
		return err
	}
	return nil
}

// sendReturned sends the rows a RETURNING clause gave, in the formats the
// client asked for: the engine has them as text. In the simple protocol the
// RowDescription goes first; in the extended one Describe sent it.
func (c *conn) sendReturned(p *portal, simple bool, r *consensus.Returned) error {
	if r == nil {
		return nil
	}
	if simple {
		rd := &pgproto3.RowDescription{Fields: make([]pgproto3.FieldDescription, len(r.Names))}
		for i, name := range r.Names {
			rd.Fields[i] = pgproto3.FieldDescription{Name: []byte(name), DataTypeOID: r.OIDs[i], DataTypeSize: -1, TypeModifier: -1}
		}
		c.be.Send(rd)
	}
	for _, row := range r.Rows {
		out := make([][]byte, len(row))
		for i, v := range row {
			if v == nil || simple || formatOf(p.resultFormats, i) == pgtype.TextFormatCode {
				out[i] = v
				continue
			}
			b, err := c.convert(r.OIDs[i], pgtype.TextFormatCode, pgtype.BinaryFormatCode, v)
			if err != nil {
				return fmt.Errorf("RETURNING column %s: %w", r.Names[i], err)
			}
			out[i] = b
		}
		c.be.Send(&pgproto3.DataRow{Values: out})
	}
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
	if i >= len(oids) {
		return nil, notYet("parameter $%d has no known type", i+1)
	}
	b, err := c.convert(oids[i], pgtype.BinaryFormatCode, pgtype.TextFormatCode, v)
	if err != nil {
		return nil, fmt.Errorf("parameter $%d: %w", i+1, err)
	}
	return b, nil
}

// convert re-encodes a value of type oid from one wire format to the other.
func (c *conn) convert(oid uint32, from, to int16, v []byte) ([]byte, error) {
	if c.types == nil {
		c.types = pgtype.NewMap() // a Map caches plans: one per connection
	}
	t, ok := c.types.TypeForOID(oid)
	if !ok {
		return nil, notYet("the binary format of type %d is not supported; use text", oid)
	}
	if oid == pgtype.NumericOID && from == pgtype.TextFormatCode && to == pgtype.BinaryFormatCode {
		if b, ok := numericBinary(v); ok {
			return b, nil
		}
	}
	val, err := t.Codec.DecodeValue(c.types, oid, from, v)
	if err != nil {
		return nil, err
	}
	// A non-NULL value is never nil: an empty bytea or text is empty, not NULL.
	return c.types.Encode(oid, to, val, []byte{})
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
