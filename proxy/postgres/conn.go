package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/proxy"
	"github.com/blocksql/blocksql/replay"
)

// conn is one client connection.
type conn struct {
	srv  *Server
	nc   net.Conn
	be   *pgproto3.Backend
	user string
	// database is the one the client named at startup (its user's name
	// if none), which the SQLite backend's \l lists.
	database string
	tls      bool // the client switched to TLS
	// sess is what cancel requests reach (cancel.go); unregister unlists it.
	sess       *session
	unregister func()
	txn        *txn // the open explicit transaction, nil in autocommit
	stmts      map[string]*prepared
	portals    map[string]*portal
	// failed is set by an error in the extended protocol: messages are
	// skipped until the next Sync, as PostgreSQL does.
	failed bool
	types  *pgtype.Map
}

// prepared is a statement from Parse.
type prepared struct {
	sql  string
	st   *replay.PGStmt // nil for an empty query
	oids []uint32       // parameter types the client gave (0 = infer)
	desc *pgconn.StatementDescription
}

// portal is a prepared statement bound to parameters by Bind.
type portal struct {
	stmt          *prepared
	size          int // its parameters' bytes, held in the node's budget
	params        [][]byte
	paramFormats  []int16
	resultFormats []int16
}

func (c *conn) serve(ctx context.Context) error {
	c.be = pgproto3.NewBackend(c.nc, c.nc)
	c.be.SetMaxBodyLen(c.srv.cfg.MaxMessageBytes)
	_ = c.nc.SetDeadline(time.Now().Add(c.srv.cfg.ConnectTimeout))
	select {
	case c.srv.slots <- struct{}{}:
		defer func() { <-c.srv.slots }()
	default:
		return c.refuseTooMany()
	}
	defer func() {
		if c.unregister != nil {
			c.unregister()
		}
	}()
	if err := c.startup(); err != nil {
		if errors.Is(err, errCancelSent) {
			return nil
		}
		return err
	}
	_ = c.nc.SetDeadline(time.Time{})
	proxy.GlobalStats().ConnOpened()
	defer proxy.GlobalStats().ConnClosed()
	for {
		msg, err := c.be.Receive()
		if err != nil {
			return err
		}
		if _, ok := msg.(*pgproto3.Terminate); ok {
			return nil
		}
		sctx, done := c.statement(ctx)
		err = c.handle(sctx, msg)
		done()
		if err != nil {
			return err
		}
		if err := c.be.Flush(); err != nil {
			return err
		}
	}
}

// refuseTooMany answers a client over MaxConnections as PostgreSQL does:
// once its startup message is read, FATAL 53300, then the connection closes.
func (c *conn) refuseTooMany() error {
	if _, err := c.be.ReceiveStartupMessage(); err != nil {
		return err
	}
	c.be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "53300", Message: "sorry, too many clients already"})
	_ = c.be.Flush()
	return errors.New("too many connections")
}

func (c *conn) handle(ctx context.Context, msg pgproto3.FrontendMessage) error {
	if m, ok := msg.(*pgproto3.Query); ok {
		c.simpleQuery(ctx, m.String)
		c.endPortals()
		c.be.Send(&pgproto3.ReadyForQuery{TxStatus: c.txStatus()})
		return nil
	}
	if _, ok := msg.(*pgproto3.Sync); ok {
		c.failed = false
		c.endPortals()
		c.be.Send(&pgproto3.ReadyForQuery{TxStatus: c.txStatus()})
		return nil
	}
	if c.failed {
		return nil
	}
	var err error
	switch m := msg.(type) {
	case *pgproto3.Parse:
		err = c.parse(m)
	case *pgproto3.Bind:
		err = c.bind(m)
	case *pgproto3.Describe:
		err = c.describe(ctx, m)
	case *pgproto3.Execute:
		err = c.execute(ctx, m)
	case *pgproto3.Close:
		if m.ObjectType == 'S' {
			c.closeStmt(m.Name)
		} else {
			c.closePortal(m.Name)
		}
		c.be.Send(&pgproto3.CloseComplete{})
	case *pgproto3.Flush:
	default:
		err = fmt.Errorf("unexpected message %T", msg)
	}
	if err != nil {
		c.sendError(err)
		c.failed = true
	}
	return nil
}

// simpleQuery runs every statement of a Query message, stopping at the
// first error.
func (c *conn) simpleQuery(ctx context.Context, sql string) {
	stmts, err := replay.PGParse(sql)
	if err != nil {
		c.sendError(err)
		return
	}
	if len(stmts) == 0 {
		c.be.Send(&pgproto3.EmptyQueryResponse{})
		return
	}
	for i := range stmts {
		st := &stmts[i]
		p := &portal{stmt: &prepared{sql: st.Canonical, st: st}}
		if err := c.run(ctx, p, true); err != nil {
			c.sendError(err)
			return
		}
	}
}

func (c *conn) parse(m *pgproto3.Parse) error {
	stmts, err := replay.PGParse(m.Query)
	if err != nil {
		return err
	}
	if len(stmts) > 1 {
		return &drivers.Error{Code: drivers.ErParse, State: "42601", Message: "cannot insert multiple commands into a prepared statement"}
	}
	p := &prepared{sql: m.Query, oids: append([]uint32(nil), m.ParameterOIDs...)}
	if len(stmts) == 1 {
		p.st = &stmts[0]
	}
	if _, ok := c.stmts[m.Name]; ok && m.Name != "" {
		return &drivers.Error{State: "42P05", Message: fmt.Sprintf("prepared statement %q already exists", m.Name)}
	}
	c.closeStmt(m.Name) // the unnamed statement is replaced
	if err := c.srv.cfg.Prepared.Hold(len(p.sql)); err != nil {
		return err
	}
	c.stmts[m.Name] = p
	c.be.Send(&pgproto3.ParseComplete{})
	return nil
}

func (c *conn) bind(m *pgproto3.Bind) error {
	p, ok := c.stmts[m.PreparedStatement]
	if !ok {
		return &drivers.Error{State: "26000", Message: fmt.Sprintf("prepared statement %q does not exist", m.PreparedStatement)}
	}
	params := make([][]byte, len(m.Parameters))
	size := 0
	for i, v := range m.Parameters {
		if v != nil {
			params[i] = append([]byte{}, v...) // Receive reuses its buffers
			size += len(v)
		}
	}
	if _, ok := c.portals[m.DestinationPortal]; ok && m.DestinationPortal != "" {
		return &drivers.Error{State: "42P03", Message: fmt.Sprintf("portal %q already exists", m.DestinationPortal)}
	}
	c.closePortal(m.DestinationPortal) // the unnamed portal is replaced
	if err := c.srv.cfg.Prepared.Hold(size); err != nil {
		return err
	}
	c.portals[m.DestinationPortal] = &portal{stmt: p, params: params, size: size,
		paramFormats: append([]int16(nil), m.ParameterFormatCodes...), resultFormats: append([]int16(nil), m.ResultFormatCodes...)}
	c.be.Send(&pgproto3.BindComplete{})
	return nil
}

// closeStmt and closePortal forget a statement or portal and return its
// share of the node's budget; dropPrepared forgets them all, when the
// connection ends.
func (c *conn) closeStmt(name string) {
	if p, ok := c.stmts[name]; ok {
		delete(c.stmts, name)
		c.srv.cfg.Prepared.Release(len(p.sql))
	}
}

func (c *conn) closePortal(name string) {
	if p, ok := c.portals[name]; ok {
		delete(c.portals, name)
		c.srv.cfg.Prepared.Release(p.size)
	}
}

// endPortals closes every portal once no transaction is open: a portal
// lasts until the end of the transaction it was bound in, as PostgreSQL's
// do (outside BEGIN, the implicit one a Sync ends).
func (c *conn) endPortals() {
	if c.txn != nil {
		return
	}
	for name := range c.portals {
		c.closePortal(name)
	}
}

func (c *conn) dropPrepared() {
	for name := range c.stmts {
		c.closeStmt(name)
	}
	for name := range c.portals {
		c.closePortal(name)
	}
}

func (c *conn) describe(ctx context.Context, m *pgproto3.Describe) error {
	var p *prepared
	var formats []int16
	if m.ObjectType == 'S' {
		p = c.stmts[m.Name]
	} else if pt := c.portals[m.Name]; pt != nil {
		p, formats = pt.stmt, pt.resultFormats
	}
	if p == nil {
		return &drivers.Error{State: "26000", Message: fmt.Sprintf("%q does not exist", m.Name)}
	}
	desc, err := c.statementDesc(ctx, p)
	if err != nil {
		return err
	}
	if m.ObjectType == 'S' {
		c.be.Send(&pgproto3.ParameterDescription{ParameterOIDs: desc.ParamOIDs})
	}
	if len(desc.Fields) == 0 {
		c.be.Send(&pgproto3.NoData{})
		return nil
	}
	c.be.Send(rowDescription(desc.Fields, formats))
	return nil
}

// statementDesc asks the local database to describe the statement: the
// parameter and column types it infers are the ones PostgreSQL itself
// would give the client.
func (c *conn) statementDesc(ctx context.Context, p *prepared) (*pgconn.StatementDescription, error) {
	if p.desc != nil {
		return p.desc, nil
	}
	if p.st == nil {
		p.desc = &pgconn.StatementDescription{}
		return p.desc, nil
	}
	if q := sessionQueryFor(p.sql); q != nil {
		p.desc = q.description()
		return p.desc, nil
	}
	if c.srv.pool == nil {
		return c.describeWithoutPostgres(ctx, p)
	}
	conn, err := c.srv.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	desc, err := conn.Conn().PgConn().Prepare(ctx, "", p.sql, p.oids)
	if err != nil {
		return nil, err
	}
	p.desc = desc
	return desc, nil
}

func (c *conn) execute(ctx context.Context, m *pgproto3.Execute) error {
	p, ok := c.portals[m.Portal]
	if !ok {
		return &drivers.Error{State: "34000", Message: fmt.Sprintf("portal %q does not exist", m.Portal)}
	}
	return c.run(ctx, p, false)
}

// rowDescription converts the backend's field descriptions, applying the
// result formats a Bind asked for (none: text; one: all columns).
func rowDescription(fields []pgconn.FieldDescription, formats []int16) *pgproto3.RowDescription {
	rd := &pgproto3.RowDescription{Fields: make([]pgproto3.FieldDescription, len(fields))}
	for i, f := range fields {
		rd.Fields[i] = pgproto3.FieldDescription{Name: []byte(f.Name), TableOID: f.TableOID,
			TableAttributeNumber: f.TableAttributeNumber, DataTypeOID: f.DataTypeOID,
			DataTypeSize: f.DataTypeSize, TypeModifier: f.TypeModifier, Format: formatOf(formats, i)}
	}
	return rd
}

func formatOf(formats []int16, i int) int16 {
	switch {
	case len(formats) == 0:
		return 0
	case len(formats) == 1:
		return formats[0]
	case i < len(formats):
		return formats[i]
	}
	return 0
}

// sendError writes err as an ErrorResponse with its SQLSTATE.
func (c *conn) sendError(err error) {
	if c.txn != nil {
		c.txn.failed = true
	}
	var de *drivers.Error
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, context.Canceled) && c.sess != nil:
		c.be.Send(&pgproto3.ErrorResponse{Severity: "ERROR", Code: "57014", Message: "canceling statement due to user request"})
	case proxy.RetryLater(err):
		// PostgreSQL's lock_timeout: what drivers and ORMs retry.
		c.be.Send(&pgproto3.ErrorResponse{Severity: "ERROR", Code: "55P03", Message: "canceling statement due to lock timeout",
			Detail: "blocksql: " + err.Error(), Hint: "Retry the statement once the network has a quorum and this node has caught up."})
	case errors.As(err, &de) && (de.Code == drivers.ErOutOfResources || de.Code == drivers.ErMaxPreparedStmtCount):
		c.be.Send(&pgproto3.ErrorResponse{Severity: "ERROR", Code: "54000", Message: de.Message})
	case errors.As(err, &de):
		c.be.Send(&pgproto3.ErrorResponse{Severity: "ERROR", Code: de.State, Message: de.Message, Hint: hintFor(de)})
	case errors.As(err, &pe):
		c.be.Send(&pgproto3.ErrorResponse{Severity: pe.Severity, Code: pe.Code, Message: pe.Message,
			Detail: pe.Detail, Hint: pe.Hint, Position: pe.Position})
	default:
		c.be.Send(&pgproto3.ErrorResponse{Severity: "ERROR", Code: "XX000", Message: err.Error()})
	}
}

// describeWithoutPostgres asks a local database that is not PostgreSQL
// (the SQLite backend) to describe the statement; parameter types the
// client gave win.
func (c *conn) describeWithoutPostgres(ctx context.Context, p *prepared) (*pgconn.StatementDescription, error) {
	if c.srv.cfg.Reader == nil {
		return nil, errNoLocalPostgres
	}
	if p.st.Kind == replay.KindShow {
		p.desc = &pgconn.StatementDescription{Fields: []pgconn.FieldDescription{{Name: strings.ToLower(replay.PGShowName(*p.st)),
			DataTypeOID: 25, DataTypeSize: -1, TypeModifier: -1}}}
		return p.desc, nil
	}
	td, err := c.srv.cfg.Reader.Describe(ctx, p.sql)
	if err != nil {
		return nil, err
	}
	d := &pgconn.StatementDescription{ParamOIDs: td.ParamOIDs}
	for i := range d.ParamOIDs {
		if i < len(p.oids) && p.oids[i] != 0 {
			d.ParamOIDs[i] = p.oids[i]
		}
	}
	for i, name := range td.Names {
		d.Fields = append(d.Fields, pgconn.FieldDescription{Name: name, DataTypeOID: td.OIDs[i], DataTypeSize: -1, TypeModifier: -1})
	}
	p.desc = d
	return d, nil
}

var errNoLocalPostgres = notYet("this is not answered on the SQLite backend yet; a PostgreSQL backend (--driver postgres) answers it")
