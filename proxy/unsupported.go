package proxy

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// notSupported is MySQL's ER_NOT_SUPPORTED_YET, the code drivers and ORMs
// treat as "this server cannot do that" rather than as a bug in the query.
func notSupported(format string, args ...any) *drivers.Error {
	return drivers.Errorf(drivers.ErNotSupported, "42000", "blocksql: "+format, args...)
}

// unsupported explains why a statement blocksql does not run is refused.
func unsupported(stmt ast.StmtNode) error {
	switch x := stmt.(type) {
	case *ast.GrantRoleStmt, *ast.RevokeRoleStmt:
		return notSupported("roles are not supported; grant privileges to users")
	case *ast.LoadDataStmt:
		return notSupported("LOAD DATA reads a file that other nodes and later replays cannot see; use INSERT statements")
	case *ast.CallStmt, *ast.ProcedureInfo:
		return notSupported("stored procedures are not supported; send their statements from the application")
	case *ast.LockTablesStmt:
		return notSupported("LOCK TABLES has no effect across nodes; the chain already orders every write")
	case *ast.CreateViewStmt:
		return notSupported("views are not supported; query the tables directly")
	case *ast.ExplainStmt:
		return notSupported("EXPLAIN of a query is not supported: plans differ between the nodes' databases")
	case *ast.KillStmt:
		return notSupported("KILL is not supported; close the connection instead")
	case *ast.SetConfigStmt:
		return notSupported("SET CONFIG is not supported")
	case *ast.DoStmt:
		return notSupported("DO is not supported; use SELECT")
	case *ast.ShowStmt:
		return notSupported("SHOW %s is not supported", showName(x))
	}
	return notSupported("%s is not supported", statementName(stmt))
}

// statementName names a statement type for messages: "FLUSH", "ANALYZE TABLE".
func statementName(stmt ast.StmtNode) string {
	name := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%T", stmt), "*ast."), "Stmt")
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

func showName(sh *ast.ShowStmt) string {
	text := strings.Fields(strings.ToUpper(sh.Text()))
	if len(text) >= 2 {
		return strings.Join(text[1:min(3, len(text))], " ")
	}
	return "statement"
}
