package mysql

import (
	"context"
	"log/slog"
	"net"
	"time"

	gm "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/server"
	"github.com/go-mysql-org/go-mysql/stmt"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/proxy"
)

// handler serves the commands of one connection through its session.
type handler struct {
	ctx  context.Context
	srv  *Server
	sc   *wireConn
	log  *slog.Logger
	conn *server.Conn

	session   *proxy.Session
	pendingDB string // database named in the handshake, before the session exists
	// multi: the client allows several statements per query
	// (CLIENT_MULTI_STATEMENTS or COM_SET_OPTION).
	multi    bool
	prepared map[*stmt.PreparedStmt]*proxy.Prepared
	// unregister removes the session from the node's process list.
	unregister func()
}

var _ server.Handler = (*handler)(nil)

// open creates the session of an authenticated connection.
func (h *handler) open(conn *server.Conn) error {
	h.conn = conn
	h.multi = conn.HasCapability(gm.CLIENT_MULTI_STATEMENTS)
	h.startSession()
	h.prepared = map[*stmt.PreparedStmt]*proxy.Prepared{}
	if h.pendingDB != "" {
		if err := h.session.Use(h.pendingDB); err != nil {
			return myError(err)
		}
	}
	h.syncStatus()
	return nil
}

// startSession opens the connection's session and lists it in the node's
// processes.
func (h *handler) startSession() {
	h.session = h.srv.newSession(newSessionClient(h.conn, h.srv.cfg))
	h.session.SetLocalFileReader(h.readLocalFile)
	h.unregister = h.session.Register(h.srv.procs, func() { h.sc.Conn.Close() }) // another goroutine: no flush
}

// close releases the session and its prepared statements and removes it
// from the process list.
func (h *handler) close() {
	h.releaseResults()
	for ps := range h.prepared {
		h.closePrepared(ps)
	}
	if h.unregister != nil {
		h.unregister()
		h.unregister = nil
	}
}

// flushDeadline bounds sending the last answer of a closing connection.
const flushDeadline = 5 * time.Second

// flush sends what the connection's last command wrote (see
// wireConn.flush); nc is the socket below.
func (h *handler) flush(nc net.Conn) {
	_ = nc.SetWriteDeadline(time.Now().Add(flushDeadline))
	_ = h.sc.flush()
}

// releaseResults frees the node's budget of the results the last command
// wrote (see proxy.Session.ReleaseResults).
func (h *handler) releaseResults() {
	if h.session != nil {
		h.session.ReleaseResults()
	}
}

// syncStatus mirrors the session's transaction state into the status
// flags go-mysql writes in OK and EOF packets.
func (h *handler) syncStatus() { h.setStatus(h.session.Status()) }

func (h *handler) setStatus(st proxy.Status) {
	setFlag(h.conn, gm.SERVER_STATUS_IN_TRANS, st.InTransaction)
	setFlag(h.conn, gm.SERVER_STATUS_AUTOCOMMIT, st.Autocommit)
}

func setFlag(c *server.Conn, flag uint16, on bool) {
	if on {
		c.SetStatus(flag)
	} else {
		c.UnsetStatus(flag)
	}
}

// UseDB is COM_INIT_DB. During the handshake it only notes the database:
// the session is opened after authentication.
func (h *handler) UseDB(db string) error {
	if h.session == nil {
		h.pendingDB = db
		return nil
	}
	return myError(h.session.Use(db))
}

// HandleQuery is COM_QUERY; see query.
func (h *handler) HandleQuery(query string) (*gm.Result, error) { return h.query(query) }

func (h *handler) HandleFieldList(table, wildcard string) ([]*gm.Field, error) {
	cols, err := h.session.FieldList(table, wildcard)
	if err != nil {
		return nil, myError(err)
	}
	fields := make([]*gm.Field, len(cols))
	for i, c := range cols {
		f := field(c)
		// COM_FIELD_LIST definitions end with the default value as a
		// length-encoded string; go-mysql's own encoding of it is not one.
		f.Data = append(f.Dump(), 0xfb)
		fields[i] = f
	}
	return fields, nil
}

// HandleStmtPrepare returns a *stmt.PreparedStmt as the statement context
// so go-mysql sends our column definitions in the prepare response.
func (h *handler) HandleStmtPrepare(query string) (int, int, any, error) {
	if err := h.srv.cfg.Prepared.Hold(len(query)); err != nil {
		return 0, 0, nil, myError(err)
	}
	p, err := h.session.Prepare(h.ctx, query)
	if err != nil {
		h.srv.cfg.Prepared.Release(len(query))
		return 0, 0, nil, myError(err)
	}
	ps := &stmt.PreparedStmt{Params: p.ParamCount, Columns: len(p.Columns)}
	for _, c := range p.Columns {
		ps.RawColumnFields = append(ps.RawColumnFields, field(c).Dump())
	}
	h.prepared[ps] = p
	h.sc.notePreparing(ps)
	return p.ParamCount, len(p.Columns), ps, nil
}

// HandleStmtExecute writes its own error packets: go-mysql wraps errors
// returned from here with a stack trace, and its writer then only
// recognizes *MyError unwrapped, so the client would get 1105.
func (h *handler) HandleStmtExecute(ctx any, _ string, args []any) (*gm.Result, error) {
	p := h.prepared[ctx.(*stmt.PreparedStmt)]
	if p == nil {
		return h.sendError(drivers.Errorf(1243, "HY000", "Unknown prepared statement handler given to mysqld_stmt_execute"))
	}
	if err := h.sc.longArgs(ctx, args); err != nil {
		return h.sendError(err)
	}
	params, err := bindParams(args)
	if err != nil {
		return h.sendError(err)
	}
	res, err := h.session.ExecutePrepared(h.ctx, p, params)
	h.syncStatus()
	if err != nil {
		return h.sendError(err)
	}
	return h.result(res, true)
}

// sendError writes err as an ERR packet with its true code and SQLSTATE
// and returns a result that go-mysql writes as nothing.
func (h *handler) sendError(err error) (*gm.Result, error) {
	if werr := h.conn.WriteValue(myError(err)); werr != nil {
		return nil, werr
	}
	return alreadySent(), nil
}

// alreadySent is a finished multi-statement stream: go-mysql's writer
// sends nothing for it.
func alreadySent() *gm.Result {
	return &gm.Result{Resultset: &gm.Resultset{Fields: []*gm.Field{{}}, Streaming: gm.StreamingMultiple, StreamingDone: true}}
}

func (h *handler) HandleStmtClose(ctx any) error {
	if ps, ok := ctx.(*stmt.PreparedStmt); ok {
		h.closePrepared(ps)
	}
	return nil
}

// closePrepared forgets a prepared statement and returns its share of the
// node's budget.
func (h *handler) closePrepared(ps *stmt.PreparedStmt) {
	if p := h.prepared[ps]; p != nil {
		delete(h.prepared, ps)
		h.srv.cfg.Prepared.Release(len(p.SQL))
	}
}

// HandleOtherCommand answers COM_STATISTICS (the CLI's status command),
// COM_SET_OPTION, COM_RESET_CONNECTION and COM_DEBUG.
func (h *handler) HandleOtherCommand(cmd byte, data []byte) error {
	switch cmd {
	case gm.COM_STATISTICS:
		return h.writeStatistics()
	case gm.COM_SET_OPTION:
		return h.setOption(data)
	case gm.COM_DEBUG:
		return nil
	case gm.COM_RESET_CONNECTION:
		h.close()
		h.startSession()
		h.syncStatus()
		return nil
	}
	return &gm.MyError{Code: 1047, State: "08S01", Message: "Unknown command: blocksql does not implement this protocol command"}
}

// setOption is COM_SET_OPTION: 0 turns multi-statements on, 1 off.
func (h *handler) setOption(data []byte) error {
	if len(data) < 2 || data[1] != 0 || data[0] > 1 {
		return &gm.MyError{Code: 1047, State: "08S01", Message: "Unknown command: unknown COM_SET_OPTION option"}
	}
	h.multi = data[0] == 0
	return nil
}

// writeStatistics sends the bare string COM_STATISTICS expects. go-mysql
// can only answer other commands with OK or ERR, so the OK packet it
// writes after this one is dropped by statsConn.
func (h *handler) writeStatistics() error {
	pkt := append(make([]byte, 4), h.session.Statistics()...)
	if err := h.conn.WritePacket(pkt); err != nil {
		return err
	}
	h.sc.dropNextWrite()
	return nil
}

// myError converts a session error to the packet go-mysql writes as is.
func myError(err error) error {
	if err == nil {
		return nil
	}
	if me, ok := err.(*gm.MyError); ok {
		return me
	}
	de := proxyError(err)
	return &gm.MyError{Code: de.Code, State: de.State, Message: de.Message}
}

func proxyError(err error) *drivers.Error {
	if de, ok := err.(*drivers.Error); ok {
		return de
	}
	return drivers.Errorf(drivers.ErUnknown, "HY000", "%v", err)
}
