package proxy

import (
	"sort"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// paramMarkers returns the statement's placeholders in the order the client
// binds them: by position in the text. The parser leaves every marker's
// Order at 0, so that field cannot be used.
func paramMarkers(stmt ast.Node) []*test_driver.ParamMarkerExpr {
	var c markerCollector
	stmt.Accept(&c)
	sort.SliceStable(c.markers, func(i, j int) bool { return c.markers[i].Offset < c.markers[j].Offset })
	return c.markers
}

type markerCollector struct {
	markers []*test_driver.ParamMarkerExpr
}

func (c *markerCollector) Enter(n ast.Node) (ast.Node, bool) {
	if m, ok := n.(*test_driver.ParamMarkerExpr); ok {
		c.markers = append(c.markers, m)
	}
	return n, false
}

func (c *markerCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// checkParamCount is MySQL's answer when a client binds the wrong number of values.
func checkParamCount(want, got int) error {
	if want != got {
		return drivers.Errorf(1210, "HY000",
			"Incorrect arguments to mysqld_stmt_execute: the statement has %d placeholders but %d values were bound", want, got)
	}
	return nil
}

// literalizer replaces what depends on the session (placeholders,
// DATABASE(), @@vars, @uservars ...) with literals, so the local database
// sees a self-contained query and every backend answers it alike.
type literalizer struct {
	s      *Session
	params map[*test_driver.ParamMarkerExpr]consensus.Value
	err    error
}

func (s *Session) literalize(stmt ast.Node, params []consensus.Value) error {
	markers := paramMarkers(stmt)
	if err := checkParamCount(len(markers), len(params)); err != nil {
		return err
	}
	l := &literalizer{s: s, params: make(map[*test_driver.ParamMarkerExpr]consensus.Value, len(markers))}
	for i, m := range markers {
		l.params[m] = params[i]
	}
	stmt.Accept(l)
	return l.err
}

func (l *literalizer) Enter(n ast.Node) (ast.Node, bool) { return n, l.err != nil }

func (l *literalizer) Leave(n ast.Node) (ast.Node, bool) {
	if l.err != nil {
		return n, false
	}
	switch x := n.(type) {
	case *test_driver.ParamMarkerExpr:
		return literal(valueOf(l.params[x])), true
	case *ast.FuncCallExpr:
		if v, ok := l.s.sessionFunc(x); ok {
			return literal(v), true
		}
	case *ast.VariableExpr:
		v, err := l.s.variable(x)
		if err != nil {
			l.err = err
			return n, false
		}
		return literal(v), true
	}
	return n, true
}

// literal wraps a Go value as a parser literal; strings carry no charset
// introducer so every backend's dialect accepts them.
func literal(v any) ast.ExprNode {
	return ast.NewValueExpr(v, "", "")
}

// valueOf turns a bound parameter into the Go value a literal holds.
func valueOf(v consensus.Value) any {
	switch v.Kind {
	case consensus.KindInt:
		return v.Int
	case consensus.KindUint:
		return v.Uint
	case consensus.KindFloat:
		return v.Float
	case consensus.KindString:
		return string(v.Bytes)
	case consensus.KindBytes:
		return v.Bytes
	}
	return nil
}

// sessionFunc evaluates the functions whose value only the session knows.
func (s *Session) sessionFunc(f *ast.FuncCallExpr) (any, bool) {
	if len(f.Args) > 0 {
		return nil, false
	}
	switch f.FnName.L {
	case "database", "schema":
		if s.currentDB == "" {
			return nil, true
		}
		return s.currentDB, true
	case "user", "session_user", "system_user":
		return s.client.User + "@" + s.clientHost(), true
	case "current_user":
		return s.client.User + "@%", true
	case "connection_id":
		return int64(s.client.ConnID), true
	case "last_insert_id":
		return s.lastInsertID, true
	case "version":
		return ServerVersion, true
	case "row_count":
		return s.rowCount, true
	}
	return nil, false
}

// variable evaluates @@system and @user variables.
func (s *Session) variable(v *ast.VariableExpr) (any, error) {
	if v.Value != nil {
		return nil, notSupported("assigning variables inside a query (@%s := ...) is not supported; use SET", v.Name)
	}
	if !v.IsSystem {
		return s.userVars[strings.ToLower(v.Name)], nil
	}
	if val, ok := s.sysVar(v.Name); ok {
		return val, nil
	}
	return nil, drivers.Errorf(drivers.ErUnknownSystemVar, "HY000", "Unknown system variable '%s'", v.Name)
}
