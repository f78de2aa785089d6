package sqlite

import (
	"context"
	"errors"
	"strings"

	"github.com/blocksql/blocksql/drivers"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// createView stores the view as an SQLite view over the translated SELECT,
// under the view's physical name; the apply engine has checked the name.
// Its computed columns carry the names MySQL gives them (replay.Canonical).
func (l *execLog) createView(ctx context.Context, s *ast.CreateViewStmt) error {
	if s.OrReplace {
		if _, err := l.exec(ctx, "DROP VIEW IF EXISTS "+tableIdent(s.ViewName)); err != nil {
			return err
		}
	}
	sel, types, err := translateRead(s.Select, l.schema(ctx))
	if err != nil {
		return err
	}
	q := "CREATE VIEW " + tableIdent(s.ViewName)
	if len(s.Cols) > 0 {
		names := make([]string, len(s.Cols))
		for i, c := range s.Cols {
			names[i] = c.O
		}
		q += " (" + quoteList(names) + ")"
	}
	if _, err := l.exec(ctx, q+" AS "+sel); err != nil {
		return viewError(err)
	}
	if err := l.checkView(ctx, tableIdent(s.ViewName)); err != nil {
		return err
	}
	return l.saveViewTypes(ctx, physical(s.ViewName.Schema.O, s.ViewName.Name.O), types)
}

// saveViewTypes keeps the MySQL types of a view's computed columns (a
// DECIMAL sum, a product) as a table definition of those columns
// (tabledefs.go), which loadColumns reads for them: SQLite declares no
// type for a view's expression, and its reads would type them by value
// (a DECIMAL as a DOUBLE). A view replaced loses its old types first.
func (l *execLog) saveViewTypes(ctx context.Context, phys string, types []string) error {
	if err := l.forgetTableDefs(ctx, phys); err != nil || len(types) == 0 {
		return err
	}
	names, err := drivers.ScanStrings(l.query(ctx, "SELECT name FROM pragma_table_info(?)", phys))
	if err != nil || len(names) != len(types) {
		return err
	}
	var cols []*ast.ColumnDef
	for i, tp := range types {
		if c := typedColumn(names[i], strings.TrimSuffix(tp, drivers.NotNullHint)); c != nil {
			cols = append(cols, c)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	txt, err := newTableDef(phys, cols, nil, "").text()
	if err != nil {
		return err
	}
	return l.saveTableDef(ctx, phys, txt)
}

// typedColumn is a column named name of the MySQL type tp, nil when tp
// is not a type a column can have.
func typedColumn(name, tp string) *ast.ColumnDef {
	if tp == "" {
		return nil
	}
	stmt, err := drivers.Parse("CREATE TABLE t (" + quoteName(name) + " " + tp + ")")
	if err != nil {
		return nil
	}
	ct, ok := stmt.(*ast.CreateTableStmt)
	if !ok || len(ct.Cols) != 1 {
		return nil
	}
	return ct.Cols[0]
}

// checkView resolves the new view as MariaDB does at CREATE VIEW: SQLite
// accepts a view naming an unknown column and only fails when it is read.
func (l *execLog) checkView(ctx context.Context, name string) error {
	rows, err := l.query(ctx, "SELECT * FROM "+name+" LIMIT 0")
	if err == nil {
		return rows.Close()
	}
	err = viewError(mapError(err, l))
	var de *drivers.Error
	if errors.As(err, &de) && de.Code == drivers.ErBadField {
		// MariaDB names the clause of a view's query 'SELECT'.
		de.Message = strings.Replace(de.Message, "in 'field list'", "in 'SELECT'", 1)
	}
	return err
}

// viewError drops the "error in view" prefix SQLite puts before the
// error a view's query raised.
func viewError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "error in view "); i >= 0 {
		if j := strings.Index(msg[i:], ": "); j >= 0 {
			return sqlError(msg[i+j+2:])
		}
	}
	return err
}

func (l *execLog) dropViews(ctx context.Context, s *ast.DropTableStmt) error {
	for _, t := range s.Tables {
		if _, err := l.exec(ctx, "DROP VIEW IF EXISTS "+tableIdent(t)); err != nil {
			return err
		}
		if err := l.forgetTableDefs(ctx, physical(t.Schema.O, t.Name.O)); err != nil {
			return err
		}
	}
	return nil
}

// dropViewsOf drops database db's views (DROP DATABASE).
func (l *execLog) dropViewsOf(ctx context.Context, db string) error {
	names, err := l.objectsOf(ctx, "view", db)
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := l.exec(ctx, "DROP VIEW "+quoteIdent(n)); err != nil {
			return err
		}
	}
	return l.forgetTableDefs(ctx, names...)
}
