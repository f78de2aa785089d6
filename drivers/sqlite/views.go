package sqlite

import (
	"context"

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
	sel, err := translateSQL(s.Select)
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
	_, err = l.exec(ctx, q+" AS "+sel)
	return err
}

func (l *execLog) dropViews(ctx context.Context, s *ast.DropTableStmt) error {
	for _, t := range s.Tables {
		if _, err := l.exec(ctx, "DROP VIEW IF EXISTS "+tableIdent(t)); err != nil {
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
	return nil
}
