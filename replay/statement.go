package replay

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // parser.New panics without a value driver

	"github.com/blocksql/blocksql/drivers"
)

// Kind says what the proxy does with a statement.
type Kind int

const (
	KindUnsupported Kind = iota
	KindRead             // answered from the local database
	KindWrite            // becomes (part of) a chain transaction
	KindBegin
	KindCommit
	KindRollback
	KindUse
	KindSet
	KindShow
	KindCopy  // PostgreSQL COPY … FROM STDIN / TO STDOUT (PGCopyOf)
	KindLocal // maintenance of the local database only (VACUUM, ANALYZE): no chain write
	// KindSavepoint is PostgreSQL's SAVEPOINT, ROLLBACK TO SAVEPOINT and
	// RELEASE SAVEPOINT (PGStmt.Tag tells which, SavepointName the name).
	KindSavepoint
)

// NewParser returns a MySQL-dialect parser. A parser is not safe for
// concurrent use: keep one per session or goroutine.
func NewParser() *parser.Parser { return parser.New() }

// Parse parses sql into statements, reporting syntax errors as MySQL 1064.
func Parse(p *parser.Parser, sql string) ([]ast.StmtNode, error) {
	stmts, err := drivers.ParseSQL(p, sql)
	if err != nil {
		return nil, drivers.Errorf(drivers.ErParse, "42000", "%s", strings.TrimPrefix(err.Error(), "[parser:1064]"))
	}
	for _, stmt := range stmts {
		drivers.Parenthesize(stmt)
	}
	return stmts, nil
}

// Classify says how a statement is handled.
func Classify(stmt ast.StmtNode) Kind {
	switch s := stmt.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		return KindRead
	case *ast.ShowStmt, *ast.ExplainStmt:
		return KindShow
	case *ast.BeginStmt:
		return KindBegin
	case *ast.CommitStmt:
		return KindCommit
	case *ast.RollbackStmt:
		if s.SavepointName != "" {
			return KindUnsupported
		}
		return KindRollback
	case *ast.UseStmt:
		return KindUse
	case *ast.SetStmt:
		return KindSet
	case *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt,
		*ast.CreateTableStmt, *ast.DropTableStmt, *ast.AlterTableStmt,
		*ast.CreateIndexStmt, *ast.DropIndexStmt, *ast.CreateDatabaseStmt,
		*ast.DropDatabaseStmt, *ast.TruncateTableStmt, *ast.RenameTableStmt, *ast.CreateViewStmt,
		*ast.CreateUserStmt, *ast.AlterUserStmt, *ast.DropUserStmt, *ast.RenameUserStmt,
		*ast.GrantStmt, *ast.RevokeStmt, *ast.SetPwdStmt:
		return KindWrite
	}
	return KindUnsupported
}

// Canonical is the normalized MySQL text of a statement that appliers parse.
// A view's computed columns are named after the text the client wrote, as
// MySQL names them, so that every backend's view has the same columns.
func Canonical(stmt ast.StmtNode) (string, error) {
	if v, ok := stmt.(*ast.CreateViewStmt); ok {
		drivers.NameFields(v.Select)
	}
	flags := format.RestoreStringSingleQuotes | format.RestoreKeyWordUppercase | format.RestoreNameBackQuotes |
		format.RestoreStringEscapeBackslash
	q, err := drivers.Restore(stmt, flags)
	if err != nil {
		return "", drivers.Errorf(drivers.ErUnknown, "HY000", "cannot normalize statement: %v", err)
	}
	return q, nil
}

// CheckWrite refuses, before it reaches the chain, a write that could mean
// different things on different nodes or in a later replay, or that touches
// blocksql's own read-only schema. The same check runs in CheckTx.
func CheckWrite(stmt ast.StmtNode) error {
	if Classify(stmt) != KindWrite {
		return notSupported("%s is not a write blocksql can record", stmtName(stmt))
	}
	if IsAccountStmt(stmt) {
		return checkAccountStmt(stmt)
	}
	if err := checkShape(stmt); err != nil {
		return err
	}
	if err := checkNames(stmt); err != nil {
		return err
	}
	v := &writeChecker{verb: verbOf(stmt)}
	stmt.Accept(v)
	if v.err == nil && randRefused(stmt) > 0 {
		return notSupported("RAND() is accepted in the rows of INSERT ... VALUES and in single-table UPDATE and DELETE " +
			"only: elsewhere it needs a value per row in an order the backends do not share; compute the values in the client")
	}
	return v.err
}

func notSupported(format string, args ...any) error {
	return drivers.Errorf(drivers.ErNotSupported, "42000", "blocksql: "+format, args...)
}

func checkShape(stmt ast.StmtNode) error {
	switch s := stmt.(type) {
	case *ast.CreateViewStmt:
		return checkViewFuncs(s)
	case *ast.UpdateStmt:
		if s.MultipleTable || (s.TableRefs != nil && s.TableRefs.TableRefs != nil && s.TableRefs.TableRefs.Right != nil) {
			return notSupported("multi-table UPDATE is not supported; update one table per statement")
		}
	case *ast.DeleteStmt:
		if s.IsMultiTable {
			return notSupported("multi-table DELETE is not supported; delete from one table per statement")
		}
	case *ast.CreateTableStmt:
		if s.TemporaryKeyword != ast.TemporaryNone {
			return notSupported("temporary tables live in one session and cannot be replicated")
		}
		if s.Select != nil {
			return notSupported("CREATE TABLE ... SELECT is not supported; create the table, then INSERT ... SELECT")
		}
		return checkColumnOptions(s.Cols)
	case *ast.AlterTableStmt:
		for _, spec := range s.Specs {
			if err := checkColumnOptions(spec.NewColumns); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkColumnOptions(cols []*ast.ColumnDef) error {
	for _, c := range cols {
		for _, o := range c.Options {
			switch o.Tp {
			case ast.ColumnOptionGenerated:
				return notSupported("generated columns (column %s) are not supported", c.Name.Name.O)
			}
		}
	}
	return nil
}

// nondeterministic lists functions whose value depends on the node, the
// session or the moment, and that the apply engine cannot pin.
var nondeterministic = map[string]string{
	"sleep": "it waits on the node's clock", "benchmark": "it depends on the node's speed",
	"load_file": "it reads the node's files", "connection_id": "it differs per node",
	"last_insert_id": "it depends on session history", "found_rows": "it depends on session history",
	"row_count": "it depends on session history", "get_lock": "locks are per node",
	"release_lock": "locks are per node", "is_free_lock": "locks are per node",
	"is_used_lock": "locks are per node", "uuid_short": "it depends on the server id",
	"version": "it differs between nodes", "master_pos_wait": "it depends on replication state",
	"sys_guid": "it differs per node", "rand_bytes": "use RAND() instead, which blocksql seeds",
	"random_bytes": "use RAND() instead, which blocksql seeds",
}

type writeChecker struct {
	verb string
	err  error
}

func (w *writeChecker) Enter(n ast.Node) (ast.Node, bool) {
	if w.err != nil {
		return n, true
	}
	switch x := n.(type) {
	case *ast.TableName:
		if strings.EqualFold(x.Schema.O, drivers.Schema) {
			w.err = drivers.Errorf(drivers.ErTableAccessDenied, "42000",
				"%s command denied for table '%s': the blocksql schema is read-only", w.verb, x.Name.O)
		}
	case *ast.VariableExpr:
		w.err = notSupported("variables (@%s) in writes are not deterministic; bind the value as a parameter", x.Name)
	case *ast.FuncCallExpr:
		if why := funcRefusal(x); why != "" {
			w.err = notSupported("%s() cannot be used in a write %s", x.FnName.O, why)
		}
	case *ast.SelectStmt:
		if x.SelectIntoOpt != nil {
			w.err = notSupported("SELECT ... INTO is not supported")
		}
	}
	return n, false
}

func (w *writeChecker) Leave(n ast.Node) (ast.Node, bool) { return n, w.err == nil }

func verbOf(stmt ast.StmtNode) string {
	switch s := stmt.(type) {
	case *ast.InsertStmt:
		if s.IsReplace {
			return "REPLACE"
		}
		return "INSERT"
	case *ast.UpdateStmt:
		return "UPDATE"
	case *ast.DeleteStmt:
		return "DELETE"
	case *ast.DropTableStmt, *ast.DropDatabaseStmt, *ast.DropIndexStmt:
		return "DROP"
	case *ast.CreateTableStmt, *ast.CreateIndexStmt, *ast.CreateDatabaseStmt, *ast.CreateViewStmt:
		return "CREATE"
	case *ast.AlterTableStmt, *ast.RenameTableStmt:
		return "ALTER"
	case *ast.TruncateTableStmt:
		return "DROP"
	}
	return "WRITE"
}

// stmtName names a statement type for error messages ("LOAD DATA").
func stmtName(stmt ast.StmtNode) string {
	switch stmt.(type) {
	case *ast.LoadDataStmt:
		return "LOAD DATA"
	case *ast.CallStmt:
		return "CALL (stored procedures)"
	case *ast.CreateViewStmt:
		return "CREATE VIEW"
	case *ast.CreateUserStmt, *ast.DropUserStmt, *ast.AlterUserStmt, *ast.GrantStmt, *ast.RevokeStmt:
		return "user management"
	case *ast.LockTablesStmt, *ast.UnlockTablesStmt:
		return "LOCK/UNLOCK TABLES"
	}
	name := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%T", stmt), "*ast."), "Stmt")
	return strings.ToUpper(name)
}
