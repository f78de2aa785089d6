// Package drivers owns the contract between the apply engine and a local
// database. One subpackage per database implements it (drivers/sqlite,
// drivers/mysql). Statements arrive as MySQL-dialect ASTs that the apply
// engine has already made deterministic and fully qualified (every table
// name carries its database); a driver translates them for its database,
// executes them, and reports errors as MySQL error numbers so every backend
// fails the same statement in the same way.
package drivers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Schema is the logical database that holds blocksql's own tables
// (blocks, transactions, statements, catalog, meta).
const Schema = "blocksql"

// Driver is one local database a node applies blocks to and reads from.
type Driver interface {
	// Name is the driver's name as written in a DSN ("sqlite", "mysql").
	Name() string
	// Init creates blocksql's internal tables if they do not exist.
	Init(ctx context.Context) error
	// Begin starts the single local transaction a block is applied in.
	Begin(ctx context.Context) (Tx, error)
	// Query answers a read (SELECT, UNION, ...). The statement is fully
	// qualified; the driver translates it for its database in place (like
	// Tx.Exec, it may rewrite the statement: callers parse each read anew).
	Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error)
	// QueryInternal runs portable SQL against the internal tables; table
	// names are written as Internal(name) returns them.
	QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	// Internal returns the quoted physical name of internal table name.
	Internal(name string) string
	// ScanTable returns every row of a user table ordered by orderBy
	// (quoted by the driver), for state digests.
	ScanTable(ctx context.Context, db, table string, orderBy []string) (*sql.Rows, error)
	Close() error
}

// PartScanner is implemented by drivers that can read a user table in
// parts, each on a connection of its own, so that a state digest reads
// them at once.
type PartScanner interface {
	// ScanTableParts returns at most n sets of rows (every column) that
	// between them hold each row of the table once, in no given order.
	ScanTableParts(ctx context.Context, db, table string, n int) ([]*sql.Rows, error)
}

// Tx is the local transaction one block is applied in.
type Tx interface {
	// Exec applies one deterministic, fully qualified user statement and
	// returns what MySQL would report for it. A SQL error every node would
	// hit the same way is returned as *Error; anything else is an
	// infrastructure failure that must halt the node.
	//
	// Exec may rewrite stmt while translating it: the caller hands over a
	// statement it parsed for this execution and does not use afterwards
	// (the apply engine parses each chain statement fresh).
	Exec(ctx context.Context, stmt ast.StmtNode) (Result, error)
	// ExecInternal runs portable SQL on the internal tables.
	ExecInternal(ctx context.Context, query string, args ...any) error
	// QueryInternal reads inside the block's transaction.
	QueryInternal(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	// Savepoint, RollbackTo and Release bracket one chain transaction so a
	// failing one leaves no trace.
	Savepoint(ctx context.Context, name string) error
	RollbackTo(ctx context.Context, name string) error
	Release(ctx context.Context, name string) error
	Commit() error
	Rollback() error
}

// SoleWriter is a Driver whose database a server keeps. When a node's
// process dies, the server goes on with what its connection was doing: a
// COMMIT the process sent just before it died may become visible only after
// the next process has read the applied height and catalog, which it would
// then apply again on top. LockWriter makes this process the database's one
// writer: it waits (at most wait) until no other connection holds the
// database's writer lock, which a dead process's connection gives up only
// once the server has finished its last statement (a COMMIT done, an open
// transaction rolled back), and from then on Begin runs every local
// transaction on the connection that holds it, one at a time. The apply
// engine calls it before it reads anything; readers never do. A second
// process writing the same database is refused the same way.
type SoleWriter interface {
	LockWriter(ctx context.Context, wait time.Duration) error
}

// AsideBeginner is a Driver that can begin a transaction whose operation
// log is written on a second connection of its own (AsideTx), for a
// restore: nothing reads its output until it ends, so the log's rows need
// not be in the same server transaction as the data, and the server
// writes them while the engine goes on with the next block.
type AsideBeginner interface {
	BeginAside(ctx context.Context) (Tx, error)
}

// AsideTx is a Tx with a second connection for the operation log, in a
// transaction of its own that Commit and Rollback end with this one.
type AsideTx interface {
	// ExecAside queues a write for the second connection and returns; the
	// writes run in order. An error surfaces at the next QueryAside,
	// Commit or Rollback. The caller does not change args afterwards.
	ExecAside(ctx context.Context, query string, args ...any) error
	// QueryAside reads on the second connection once every queued write
	// ran.
	QueryAside(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// TextDescription is what a frontend tells a client about a
// postgres-dialect statement before it runs: the types (OIDs) of its
// parameters and of its result columns.
type TextDescription struct {
	ParamOIDs []uint32
	Names     []string
	OIDs      []uint32
}

// SequenceKeeper is a TextTx whose sequences ignore rollbacks, as
// PostgreSQL's do: a speculation, which always rolls back, saves them
// first and puts them back after, so it consumes no value.
type SequenceKeeper interface {
	SaveSequences(ctx context.Context) error
	RestoreSequences(ctx context.Context) error
}

// Result is what executing one statement reports.
type Result struct {
	RowsAffected int64
	// RowsMatched, for an UPDATE, counts the rows its WHERE (and LIMIT)
	// selected, changed or not: what MySQL reports as affected to a client
	// that set CLIENT_FOUND_ROWS. Drivers leave it 0 for other statements.
	RowsMatched int64
	// AppliedSQL is the text the database actually executed (joined with
	// "; " when a statement needed several).
	AppliedSQL string
	// InsertID, for INSERT ... ON DUPLICATE KEY UPDATE, is what MySQL
	// reports when every AUTO_INCREMENT value is given: the
	// AUTO_INCREMENT column of the last row, as inserted or updated (or
	// left as it was), when the statement inserted or changed any row;
	// else 0.
	InsertID uint64
	// Returned are the rows a PostgreSQL statement's RETURNING clause gave,
	// in text format (nil is NULL), with their columns' names and type OIDs.
	Returned      [][][]byte
	ReturnedNames []string
	ReturnedOIDs  []uint32
}

// Error is a SQL error with the MySQL error number and SQLSTATE a MySQL
// client expects. Every backend maps its native errors to these so that the
// outcome of a statement is the same on every node.
type Error struct {
	Code    uint16
	State   string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("ERROR %d (%s): %s", e.Code, e.State, e.Message) }

// Errorf builds an *Error.
func Errorf(code uint16, state, format string, args ...any) *Error {
	return &Error{Code: code, State: state, Message: fmt.Sprintf(format, args...)}
}

// MySQL error numbers used across blocksql.
const (
	ErDupEntry             = 1062 // 23000
	ErNoSuchTable          = 1146 // 42S02
	ErBadTable             = 1051 // 42S02 unknown table (DROP)
	ErTableExists          = 1050 // 42S01
	ErBadDB                = 1049 // 42000
	ErDBCreateExists       = 1007 // HY000
	ErDBDropExists         = 1008 // HY000
	ErNoDB                 = 1046 // 3D000
	ErBadField             = 1054 // 42S22
	ErBadNull              = 1048 // 23000
	ErNoDefaultForField    = 1364 // HY000
	ErDupFieldName         = 1060 // 42S21
	ErDupKeyName           = 1061 // 42000
	ErCantDropField        = 1091 // 42000
	ErParse                = 1064 // 42000
	ErNotSupported         = 1235 // 42000
	ErTableAccessDenied    = 1142 // 42000
	ErWrongValueCount      = 1136 // 21S01
	ErRowIsReferenced      = 1451 // 23000
	ErNoReferencedRow      = 1452 // 23000
	ErDataTooLong          = 1406 // 22001
	ErTruncatedWrong       = 1366 // 22007
	ErDivByZero            = 1365 // 22012
	ErUnknown              = 1105 // HY000
	ErAccessDenied         = 1045 // 28000
	ErUnknownSystemVar     = 1193 // HY000
	ErSubqueryNo1Row       = 1242 // 21000
	ErNonUniq              = 1052 // 23000
	ErCheckConstraint      = 4025 // 23000 (MariaDB CONSTRAINT_FAILED)
	ErCantDropKey          = 1091 // 42000
	ErMultiplePK           = 1068 // 42000
	ErTooLongIdent         = 1059 // 42000
	ErUnknownView          = 4092 // 42S02
	ErIsAView              = 1965 // 42S02
	ErWrongObject          = 1347 // HY000
	ErNonUpdatableTable    = 1288 // HY000
	ErNonInsertableTable   = 1471 // HY000
	ErWrongDBName          = 1102 // 42000
	ErWrongTableName       = 1103 // 42000
	ErWrongColumnName      = 1166 // 42000
	ErSpDoesNotExist       = 1305 // 42000 unknown function
	ErTableMustHaveColumns = 1113 // 42000
)

// TextDriver is the local database of a postgres-dialect chain. Its
// statements are canonical PostgreSQL text, already deterministic, that the
// database runs as written: there is no AST to translate, so the contract
// is text plus parameters instead of Driver's TiDB ASTs.
type TextDriver interface {
	Name() string
	// Init creates blocksql's internal tables if they do not exist.
	Init(ctx context.Context) error
	// Begin starts the single local transaction a block is applied in.
	Begin(ctx context.Context) (TextTx, error)
	// Meta returns blocksql's key/value bookkeeping (height, app_hash).
	Meta(ctx context.Context) (map[string][]byte, error)
	// Digest is the canonical state digest of the user tables.
	Digest(ctx context.Context) ([]byte, error)
	Close() error
}

// TextTx is the local transaction one block of a postgres-dialect chain is
// applied in.
type TextTx interface {
	// ExecText runs one user statement with its parameters in text format
	// (nil is NULL). A SQL error every node hits alike is *Error carrying
	// the backend's SQLSTATE; anything else halts the node.
	ExecText(ctx context.Context, sql string, params [][]byte) (Result, error)
	// Exec runs SQL on blocksql's own tables.
	Exec(ctx context.Context, sql string, args ...any) error
	// QueryStrings reads the first column, as text, of SQL on blocksql's
	// own tables.
	QueryStrings(ctx context.Context, sql string, args ...any) ([]string, error)
	Savepoint(ctx context.Context, name string) error
	RollbackTo(ctx context.Context, name string) error
	Release(ctx context.Context, name string) error
	Commit() error
	Rollback() error
}

// NumberedParams is implemented by a driver whose internal statements may
// name a parameter by number (?NNN), so that one bound value serves
// several places of a statement.
type NumberedParams interface {
	NumberedParams() bool
}

// MaxCachedSQL bounds the text of a statement a driver keeps prepared; a
// longer one is prepared for each execution.
const MaxCachedSQL = 16 << 10

// ReadPlanner is implemented by a driver that can translate a read once for
// every value of its parameters, when they are integers: a prepared point
// read then runs without being parsed and translated again (the proxy's
// readplan.go decides which reads qualify).
type ReadPlanner interface {
	// PlanRead translates the read build makes for n integer parameter
	// values, once per probe set of its own, and returns a plan when the
	// translations are the same text around the values, or ErrNoPlan. The
	// probes do not prove that the translation never looks at a value: the
	// caller asks only for reads whose translation cannot.
	PlanRead(ctx context.Context, build func(vals []int64) (ast.StmtNode, error), n int) (ReadPlan, error)
	// QueryPlan runs a plan with the values of one execution. It returns
	// ErrStalePlan once the schema has changed since the plan was made.
	QueryPlan(ctx context.Context, plan ReadPlan, vals []int64) (*sql.Rows, error)
}

// ReadPlan is a read translated with its integer values as parameters.
type ReadPlan interface {
	// SQL is the translated text, with a placeholder per value.
	SQL() string
}

var (
	// ErrNoPlan says a read's translation depends on its values.
	ErrNoPlan = errors.New("the read cannot be planned")
	// ErrStalePlan says the schema changed since the plan was made.
	ErrStalePlan = errors.New("the read plan is stale")
)

// ScanStrings reads the first column of every row of a query's rows (err
// its error) as a string, and closes the rows.
func ScanStrings(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// DefinitionsOf is what a CREATE TABLE or ALTER TABLE defines: its
// columns (new ones, for an ALTER) and its constraints; none for another
// statement.
func DefinitionsOf(stmt ast.StmtNode) (cols []*ast.ColumnDef, cons []*ast.Constraint) {
	switch s := stmt.(type) {
	case *ast.CreateTableStmt:
		return s.Cols, s.Constraints
	case *ast.AlterTableStmt:
		for _, spec := range s.Specs {
			cols = append(cols, spec.NewColumns...)
			if spec.Constraint != nil {
				cons = append(cons, spec.Constraint)
			}
		}
	}
	return cols, cons
}
