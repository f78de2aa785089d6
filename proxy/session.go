package proxy

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// Client identifies the authenticated connection a session serves.
type Client struct {
	User string
	Addr string // "host:port" of the client
	// ConnID is the id the frontend announced in its handshake; 0 asks the
	// session to pick one.
	ConnID uint32
	// Collation is the connection collation the client asked for in its
	// handshake ("" keeps utf8mb4_general_ci); @@character_set_client,
	// _connection, _results and @@collation_connection report it.
	Collation string
	// MaxAllowedPacket is the frontend's packet limit, reported as
	// @@max_allowed_packet; 0 means MySQL's default of 64 MiB.
	MaxAllowedPacket int64
	// Vars are server variables the frontend sets (have_ssl, timeouts,
	// max_connections); the session reports them over its defaults.
	Vars map[string]any
	// FoundRows: the client set CLIENT_FOUND_ROWS, so an UPDATE reports
	// the rows it matched as affected, not only those it changed.
	FoundRows bool
	// Results bounds the memory of the rows the session's reads hold (see
	// drivers.ResultBudget); nil leaves them unbounded.
	Results *drivers.ResultBudget
	// Prepared is the node's prepared-statement budget, whose count SHOW
	// STATUS reports as Prepared_stmt_count; nil reports 0.
	Prepared *drivers.PreparedBudget
	// TLSCipher and TLSVersion describe the connection's TLS session
	// ("" on plain TCP), reported as the Ssl_cipher and Ssl_version status.
	TLSCipher, TLSVersion string
}

var lastConnID atomic.Uint32

// Session is the state of one client connection: its parser, current
// database, variables and open transaction. It is not safe for concurrent
// use; a frontend drives it from the connection's goroutine.
type Session struct {
	chain  Chain
	db     Database
	parser *parser.Parser
	// shapes spares the parser the INSERT texts that differ from one
	// before only in their literals (replay/textshape.go).
	shapes replay.ShapeCache
	client Client

	currentDB string
	// plans are the read plans of the point reads this session prepared,
	// by text (readplan.go).
	plans      map[string]*planEntry
	sysVars    map[string]any // session values that differ from defaults
	userVars   map[string]any
	autocommit bool
	tx         *txBuffer // nil when no transaction is open
	txReadOnly bool      // the open transaction began READ ONLY
	nextTxMode *bool     // SET TRANSACTION READ ONLY/WRITE: for the next transaction only
	localFiles LocalFileReader
	procs      *Processes // nil unless the frontend registered the session
	proc       *process

	lastInsertID uint64
	rowCount     int64
	writeHeight  int64     // block of the session's last write (see height.go)
	waitHeight   int64     // reads wait until this node has applied it
	warnings     []Warning // of the previous statement, for SHOW WARNINGS
	// held count the rows of the current command's results against the
	// node's budget until the frontend has written them (ReleaseResults,
	// or the next command).
	held []*drivers.ResultTally
}

// NewSession opens a session for an authenticated client.
func NewSession(chain Chain, db Database, c Client) *Session {
	if c.ConnID == 0 {
		c.ConnID = lastConnID.Add(1)
	}
	s := &Session{
		chain: chain, db: db, parser: replay.NewParser(), client: c,
		sysVars: map[string]any{}, userVars: map[string]any{}, autocommit: true,
	}
	s.setConnectionCollation(c.Collation)
	return s
}

// User is the authenticated user name.
func (s *Session) User() string { return s.client.User }

// Database is the current database ("" when none is selected).
func (s *Session) Database() string { return s.currentDB }

// Status reports the transaction state frontends put in OK packets.
func (s *Session) Status() Status {
	return Status{InTransaction: s.tx != nil, Autocommit: s.autocommit}
}

// Execute runs one SQL statement with its bound parameters (nil for the
// text protocol). Errors are *drivers.Error carrying the MySQL error number
// and SQLSTATE the client should see.
func (s *Session) Execute(ctx context.Context, sql string, params []consensus.Value) (*Result, error) {
	var res *Result
	err := s.ExecuteMulti(ctx, sql, params, func(r *Result) error {
		res = r
		return nil
	}, false)
	return res, err
}

// execStmt runs a parsed statement and keeps its warnings for SHOW WARNINGS.
func (s *Session) execStmt(ctx context.Context, stmt ast.StmtNode, sql string, params []consensus.Value) (*Result, error) {
	return s.exec(ctx, stmt, sql, func(ctx context.Context) (*Result, error) { return s.dispatch(ctx, stmt, sql, params) })
}

// exec runs a statement's command: shown in the process list, its rows
// counted against the node's budget, its outcome in the statistics and
// the session's warnings and status.
func (s *Session) exec(ctx context.Context, stmt ast.StmtNode, sql string, run func(context.Context) (*Result, error)) (*Result, error) {
	ctx, done := s.running(ctx, sql)
	tally := s.client.Results.Start()
	s.held = append(s.held, tally)
	ctx = drivers.WithResultTally(ctx, tally)
	res, err := run(ctx)
	done()
	global.count(stmt, err)
	s.consumeNextTxMode(stmt)
	if s.tx == nil {
		s.txReadOnly = false
	}
	if err != nil {
		return nil, s.fail(err)
	}
	if !isShowWarnings(stmt) {
		res.Warnings = s.recorded(res.Warnings)
		s.warnings = res.Warnings
	}
	res.Status = s.Status()
	return res, nil
}

// ReleaseResults returns the memory the rows of the command's results
// were counted for to the node's budget (see Client.Results). A frontend
// calls it once it has written them, and when its connection ends.
func (s *Session) ReleaseResults() {
	for _, t := range s.held {
		t.Release()
	}
	s.held = s.held[:0]
}

func (s *Session) parseOne(sql string) (ast.StmtNode, error) {
	stmts, err := s.parseAll(sql)
	if err != nil {
		return nil, err
	}
	switch len(stmts) {
	case 0:
		return nil, drivers.Errorf(1065, "42000", "Query was empty")
	case 1:
		return stmts[0], nil
	}
	return nil, drivers.Errorf(drivers.ErParse, "42000",
		"You have an error in your SQL syntax: %d statements in one query need multi-statements enabled by the client (CLIENT_MULTI_STATEMENTS)", len(stmts))
}

func (s *Session) dispatch(ctx context.Context, stmt ast.StmtNode, sql string, params []consensus.Value) (*Result, error) {
	kind := replay.Classify(stmt)
	if readsLocal(kind) {
		if err := s.synced(ctx); err != nil {
			return nil, err
		}
	}
	switch kind {
	case replay.KindRead:
		return s.read(ctx, stmt, params)
	case replay.KindShow:
		return s.show(ctx, stmt)
	case replay.KindWrite:
		if s.readOnly() {
			return nil, drivers.Errorf(1792, "25006", "Cannot execute statement in a READ ONLY transaction")
		}
		return s.write(ctx, stmt, sql, params)
	case replay.KindBegin:
		return s.beginStmt(ctx, stmt.(*ast.BeginStmt))
	case replay.KindCommit:
		return s.commit(ctx)
	case replay.KindRollback:
		return s.rollback(), nil
	case replay.KindUse:
		return &Result{}, s.Use(stmt.(*ast.UseStmt).DBName)
	case replay.KindSet:
		return s.set(ctx, stmt.(*ast.SetStmt))
	}
	switch x := stmt.(type) {
	case *ast.DoStmt:
		return s.do(ctx, x, params)
	case *ast.LoadDataStmt:
		return s.loadData(ctx, x, sql)
	case *ast.KillStmt:
		return s.kill(x)
	case *ast.SavepointStmt:
		return s.setSavepoint(x.Name), nil
	case *ast.ReleaseSavepointStmt:
		return s.releaseSavepoint(x.Name)
	case *ast.RollbackStmt: // ROLLBACK TO SAVEPOINT; a plain ROLLBACK is KindRollback
		return s.rollbackToSavepoint(x.SavepointName)
	case *ast.UnlockTablesStmt:
		// No session ever holds a table lock (LOCK TABLES is refused), and
		// UNLOCK TABLES without one does nothing in MySQL either, not even
		// commit: dump tools send it.
		return &Result{}, nil
	}
	return nil, unsupported(stmt)
}

// beginStmt is BEGIN / START TRANSACTION [READ ONLY | READ WRITE].
func (s *Session) beginStmt(ctx context.Context, stmt *ast.BeginStmt) (*Result, error) {
	res, err := s.begin(ctx)
	if err == nil {
		s.txReadOnly = stmt.ReadOnly
	}
	return res, err
}

// readOnly tells whether writes are refused: in a transaction started
// READ ONLY, or after SET [SESSION] TRANSACTION READ ONLY.
func (s *Session) readOnly() bool {
	if s.tx != nil && s.txReadOnly {
		return true
	}
	if s.nextTxMode != nil {
		return *s.nextTxMode
	}
	v, _ := s.sysVar("transaction_read_only")
	on, _ := parseBool(v)
	return on
}

// readsLocal tells whether statements of kind k read the local database or
// the catalog, and so must see every write already answered.
func readsLocal(k replay.Kind) bool { return k == replay.KindRead || k == replay.KindShow }

// synced waits until the local database holds every write any client was
// answered (see Chain.WaitApplied).
func (s *Session) synced(ctx context.Context) error {
	if err := s.chain.WaitApplied(ctx); err != nil {
		return chainError(err)
	}
	return s.waitForHeight(ctx)
}

// fail turns any error into a *drivers.Error and records it for SHOW WARNINGS.
func (s *Session) fail(err error) error {
	de := asDriverError(err)
	s.warnings = []Warning{{Level: "Error", Code: de.Code, Message: de.Message}}
	s.rowCount = -1
	return de
}

func asDriverError(err error) *drivers.Error {
	var de *drivers.Error
	if errors.As(err, &de) {
		return de
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return drivers.Errorf(1317, "70100", "Query execution was interrupted: %v", err)
	}
	return drivers.Errorf(drivers.ErUnknown, "HY000", "blocksql: %v", err)
}

// Use makes db the current database (COM_INIT_DB and USE). Unknown
// databases fail with 1049 as in MySQL.
func (s *Session) Use(db string) error {
	if err := s.synced(context.Background()); err != nil {
		return s.fail(err)
	}
	if !s.databaseExists(db) {
		return s.fail(drivers.Errorf(drivers.ErBadDB, "42000", "Unknown database '%s'", db))
	}
	s.currentDB = s.canonicalDBName(db)
	return nil
}

func (s *Session) databaseExists(db string) bool {
	return s.canonicalDBName(db) != ""
}

// canonicalDBName returns the catalog's spelling of db, or "" if unknown.
func (s *Session) canonicalDBName(db string) string {
	for _, name := range s.allDatabases() {
		if strings.EqualFold(name, db) {
			return name
		}
	}
	return ""
}

// allDatabases lists the user databases plus the two built-in schemas.
func (s *Session) allDatabases() []string {
	dbs := []string{infoSchema, drivers.Schema}
	return append(dbs, s.db.Catalog().Databases()...)
}

const infoSchema = "information_schema"

// clientHost is the client's host without the port, as USER() shows it.
func (s *Session) clientHost() string {
	host, _, err := net.SplitHostPort(s.client.Addr)
	if err != nil {
		return s.client.Addr
	}
	return host
}

func isShowWarnings(stmt ast.StmtNode) bool {
	sh, ok := stmt.(*ast.ShowStmt)
	return ok && (sh.Tp == ast.ShowWarnings || sh.Tp == ast.ShowErrors)
}
