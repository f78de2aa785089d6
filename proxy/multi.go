package proxy

import (
	"context"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// ExecuteMulti runs every statement of a multi-statement query (the
// client enabled CLIENT_MULTI_STATEMENTS) in order, handing each result to
// emit, and stops at the first error, which it returns, as MySQL does.
// Each write in autocommit mode is its own chain transaction. The whole
// text is parsed first, so a syntax error anywhere runs nothing. Without
// multi, a query of several statements is a syntax error, as in MySQL.
func (s *Session) ExecuteMulti(ctx context.Context, sql string, params []consensus.Value, emit func(*Result) error, multi bool) error {
	stmts, err := s.parseAll(sql)
	if err != nil {
		return s.fail(err)
	}
	if len(stmts) > 1 && !multi {
		return s.fail(drivers.Errorf(drivers.ErParse, "42000",
			"You have an error in your SQL syntax: %d statements in one query need multi-statements enabled by the client (CLIENT_MULTI_STATEMENTS)", len(stmts)))
	}
	if len(stmts) == 0 { // only comments: MySQL answers OK
		return emit(&Result{Status: s.Status()})
	}
	for _, stmt := range stmts {
		res, err := s.execStmt(ctx, stmt, statementText(stmt, sql, len(stmts)), params)
		if err != nil {
			return err
		}
		if err := emit(res); err != nil {
			return err
		}
	}
	return nil
}

func (s *Session) parseAll(sql string) ([]ast.StmtNode, error) {
	stmts, err := replay.Parse(s.parser, sql)
	if err != nil {
		return nil, err
	}
	if len(stmts) == 0 && strings.TrimSpace(sql) == "" {
		return nil, drivers.Errorf(1065, "42000", "Query was empty")
	}
	return stmts, nil
}

// statementText is the text of one statement of a query, as the operation
// log records it.
func statementText(stmt ast.StmtNode, sql string, n int) string {
	if n == 1 {
		return sql
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(stmt.Text()), ";"))
}

// do is DO expr, ...: the expressions are evaluated, as a read of the
// local database, and their values discarded.
func (s *Session) do(ctx context.Context, stmt *ast.DoStmt, params []consensus.Value) (*Result, error) {
	text, err := replay.Canonical(stmt)
	if err != nil {
		return nil, err
	}
	sel, err := s.parseOne("SELECT" + strings.TrimPrefix(text, "DO"))
	if err != nil {
		return nil, err
	}
	if err := s.synced(ctx); err != nil {
		return nil, err
	}
	if _, err := s.read(ctx, sel, params); err != nil {
		return nil, err
	}
	return &Result{}, nil
}
