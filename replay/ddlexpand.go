package replay

import (
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// expandDDL writes the DDL forms the drivers do not take as forms they do,
// from the catalog (the same on every node, so every node and every replay
// writes the same): ALTER TABLE … ALTER COLUMN c SET DEFAULT v or DROP
// DEFAULT (Django's migrations send both) as MODIFY c with c's whole
// definition and the new default, and CREATE TABLE t LIKE s as CREATE
// TABLE t with s's columns and keys (its AUTO_INCREMENT counter starting
// over, as MariaDB's does).
func (s *schema) expandDDL(stmt ast.StmtNode) (ast.StmtNode, error) {
	switch x := stmt.(type) {
	case *ast.AlterTableStmt:
		for i, spec := range x.Specs {
			if spec.Tp != ast.AlterTableAlterColumn {
				continue
			}
			mod, err := s.defaultAsModify(x.Table, spec.NewColumns[0])
			if err != nil {
				return nil, err
			}
			x.Specs[i] = mod
		}
	case *ast.CreateTableStmt:
		if x.ReferTable == nil {
			return stmt, nil
		}
		src, err := s.mustTable(x.ReferTable)
		if err != nil {
			return nil, err
		}
		parsed, err := drivers.Parse(showCreate(src))
		if err != nil {
			return nil, err
		}
		ct := parsed.(*ast.CreateTableStmt)
		ct.Table, ct.IfNotExists = x.Table, x.IfNotExists
		kept := ct.Options[:0]
		for _, o := range ct.Options {
			if o.Tp != ast.TableOptionAutoIncrement {
				kept = append(kept, o)
			}
		}
		ct.Options = kept
		return ct, nil
	}
	return stmt, nil
}

// defaultAsModify is ALTER COLUMN c SET DEFAULT v / DROP DEFAULT (c as
// the parser gives it: a default option, or none) as the MODIFY spec
// that gives column c of table tn that default.
func (s *schema) defaultAsModify(tn *ast.TableName, c *ast.ColumnDef) (*ast.AlterTableSpec, error) {
	t, err := s.mustTable(tn)
	if err != nil {
		return nil, err
	}
	j := t.columnIndex(c.Name.Name.O)
	if j < 0 {
		return nil, drivers.Errorf(drivers.ErBadField, "42S22", "Unknown column '%s' in '%s'", c.Name.Name.O, t.Name)
	}
	col := t.Columns[j]
	col.Default, col.DefaultNow = nil, false
	if len(c.Options) == 1 {
		col.Default, col.DefaultNow = defaultOf(c.Options[0].Expr)
	}
	parsed, err := drivers.Parse("ALTER TABLE t MODIFY " + columnSQL(col))
	if err != nil {
		return nil, err
	}
	return parsed.(*ast.AlterTableStmt).Specs[0], nil
}
