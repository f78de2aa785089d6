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
// Each write in autocommit mode is its own chain transaction. A syntax
// error fails the statement it is in, after the ones before it ran, as in
// MySQL. Without multi, a query of several statements is a syntax error.
func (s *Session) ExecuteMulti(ctx context.Context, sql string, params []consensus.Value, emit func(*Result) error, multi bool) error {
	s.ReleaseResults()
	stmts, err := s.parseAll(sql)
	if err != nil && multi && len(params) == 0 {
		return s.executeUntilError(ctx, sql, emit, err)
	}
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
	texts := make([]string, len(stmts))
	for i, stmt := range stmts {
		texts[i] = statementText(stmt, sql, len(stmts))
	}
	return s.runEach(ctx, stmts, texts, params, emit)
}

// runEach runs statements in order, handing each result to emit, up to
// the first error.
func (s *Session) runEach(ctx context.Context, stmts []ast.StmtNode, texts []string, params []consensus.Value, emit func(*Result) error) error {
	for i, stmt := range stmts {
		res, err := s.execStmt(ctx, stmt, texts[i], params)
		if err != nil {
			return err
		}
		if err := emit(res); err != nil {
			return err
		}
	}
	return nil
}

// executeUntilError runs a multi-statement query that does not parse
// whole: split at the semicolons outside quotes and comments, the
// statements before the first that does not parse run, then that one
// fails. If every piece parses (the split and the parser disagree),
// nothing runs.
func (s *Session) executeUntilError(ctx context.Context, sql string, emit func(*Result) error, parseErr error) error {
	var stmts []ast.StmtNode
	var texts []string
	failed := false
	for _, piece := range splitStatements(sql) {
		parsed, err := replay.Parse(s.parser, piece)
		if err != nil {
			parseErr, failed = err, true
			break
		}
		for _, stmt := range parsed {
			stmts, texts = append(stmts, stmt), append(texts, statementText(stmt, piece, len(parsed)))
		}
	}
	if !failed {
		return s.fail(parseErr)
	}
	if err := s.runEach(ctx, stmts, texts, nil, emit); err != nil {
		return err
	}
	return s.fail(parseErr)
}

// splitStatements cuts sql at each ';' outside quoted strings, quoted
// names and comments, leaving out pieces that are only blank.
func splitStatements(sql string) []string {
	var out []string
	start := 0
	for i := 0; i < len(sql); i++ {
		switch c := sql[i]; {
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(sql, i)
		case c == '#' || (c == '-' && strings.HasPrefix(sql[i:], "-- ")):
			i = skipTo(sql, i, "\n")
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			i = skipTo(sql, i+2, "*/")
		case c == ';':
			if piece := sql[start:i]; strings.TrimSpace(piece) != "" {
				out = append(out, piece)
			}
			start = i + 1
		}
	}
	if piece := sql[start:]; strings.TrimSpace(piece) != "" {
		out = append(out, piece)
	}
	return out
}

// skipQuoted returns the index of the quote closing the one at i; a
// backslash escapes the next byte inside strings, a doubled quote is one.
func skipQuoted(sql string, i int) int {
	q := sql[i]
	for i++; i < len(sql); i++ {
		switch {
		case sql[i] == '\\' && q != '`':
			i++
		case sql[i] == q && i+1 < len(sql) && sql[i+1] == q:
			i++
		case sql[i] == q:
			return i
		}
	}
	return len(sql)
}

// skipTo returns the index of the last byte of the first end after i.
func skipTo(sql string, i int, end string) int {
	if k := strings.Index(sql[i:], end); k >= 0 {
		return i + k + len(end) - 1
	}
	return len(sql)
}

func (s *Session) parseAll(sql string) ([]ast.StmtNode, error) {
	stmts, err := s.shapes.Parse(s.parser, sql)
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
