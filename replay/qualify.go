package replay

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// Qualify gives every table name in stmt a database: db when the name has
// none. Names of common table expressions are left alone. A statement that
// needs a database when db is empty fails with MySQL's 1046.
func Qualify(stmt ast.StmtNode, db string) error {
	q := &qualifier{db: db, ctes: map[string]bool{}}
	stmt.Accept(q)
	return q.err
}

type qualifier struct {
	db   string
	ctes map[string]bool
	err  error
}

func (q *qualifier) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.WithClause:
		for _, c := range x.CTEs {
			q.ctes[c.Name.L] = true
		}
	case *ast.TableName:
		if x.Schema.O != "" || q.ctes[x.Name.L] {
			return n, false
		}
		if q.db == "" && q.err == nil {
			q.err = drivers.Errorf(drivers.ErNoDB, "3D000", "No database selected")
			return n, true
		}
		x.Schema = ast.NewCIStr(q.db)
	case *ast.ColumnName:
		// `t.c` stays as is; `db.t.c` keeps its schema.
	case *ast.CreateDatabaseStmt, *ast.DropDatabaseStmt:
		return n, true
	}
	return n, false
}

func (q *qualifier) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// TablesOf lists the qualified tables (drivers.QualifiedName) a statement names, in order,
// without duplicates.
func TablesOf(stmt ast.StmtNode) []string {
	var c tableCollector
	stmt.Accept(&c)
	return c.names
}

type tableCollector struct{ names []string }

func (c *tableCollector) Enter(n ast.Node) (ast.Node, bool) {
	if t, ok := n.(*ast.TableName); ok && t.Schema.O != "" {
		name := drivers.QualifiedName(t.Schema.O, t.Name.O)
		for _, have := range c.names {
			if strings.EqualFold(have, name) {
				return n, false
			}
		}
		c.names = append(c.names, name)
	}
	return n, false
}

func (c *tableCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }
