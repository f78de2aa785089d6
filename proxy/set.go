package proxy

import (
	"context"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/charset"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/drivers"
)

// set runs SET for session variables, user variables, NAMES and
// CHARACTER SET. Global settings belong to the node's configuration.
func (s *Session) set(ctx context.Context, stmt *ast.SetStmt) (*Result, error) {
	for _, v := range stmt.Variables {
		if v.IsGlobal || v.IsInstance {
			return nil, drivers.Errorf(1227, "42000",
				"Access denied; SET GLOBAL %s is not possible through blocksql: global settings are part of the node configuration", v.Name)
		}
	}
	for _, v := range stmt.Variables {
		if nextTxOnly(stmt) && v.Name == "tx_read_only" {
			if err := s.setNextTxMode(ctx, v); err != nil {
				return nil, err
			}
			continue
		}
		if err := s.assign(ctx, v); err != nil {
			return nil, err
		}
	}
	return &Result{}, nil
}

func (s *Session) assign(ctx context.Context, v *ast.VariableAssignment) error {
	switch v.Name {
	case ast.SetNames:
		return s.setNames(ctx, v)
	case ast.SetCharset:
		cs, err := s.evalSetValue(ctx, v.Value)
		if err != nil {
			return err
		}
		s.setSysVar("character_set_client", cs)
		s.setSysVar("character_set_results", cs)
		return nil
	}
	val, err := s.evalSetValue(ctx, v.Value)
	if err != nil {
		return err
	}
	if !v.IsSystem {
		s.userVars[strings.ToLower(v.Name)] = val
		return nil
	}
	if _, isDefault := v.Value.(*ast.DefaultExpr); isDefault {
		delete(s.sysVars, strings.ToLower(v.Name))
		val = systemVars[strings.ToLower(v.Name)]
	}
	return s.setSystem(ctx, v.Name, val)
}

// setSystem stores a session variable; autocommit also changes the
// transaction state (turning it on commits, as in MySQL).
func (s *Session) setSystem(ctx context.Context, name string, val any) error {
	if handled, err := s.setHeightVar(name, val); handled {
		return err
	}
	if !strings.EqualFold(name, "autocommit") {
		s.setSysVar(name, val)
		return nil
	}
	on, ok := parseBool(val)
	if !ok {
		return drivers.Errorf(1231, "42000", "Variable 'autocommit' can't be set to the value of '%s'", valueString(val))
	}
	if on && s.tx != nil {
		if _, err := s.commit(ctx); err != nil {
			return err
		}
	}
	s.autocommit = on
	return nil
}

// setNames is SET NAMES charset [COLLATE collation].
func (s *Session) setNames(ctx context.Context, v *ast.VariableAssignment) error {
	cs, err := s.evalSetValue(ctx, v.Value)
	if err != nil {
		return err
	}
	for _, name := range []string{"character_set_client", "character_set_connection", "character_set_results"} {
		s.setSysVar(name, cs)
	}
	collation := valueString(cs) + "_general_ci"
	if v.ExtendValue != nil {
		collation = valueString(v.ExtendValue.GetValue())
	}
	s.setSysVar("collation_connection", collation)
	return nil
}

// setConnectionCollation applies the collation a client chose in its
// handshake, as MySQL does before the first statement.
func (s *Session) setConnectionCollation(name string) {
	coll, err := charset.GetCollationByName(name)
	if name == "" || err != nil {
		return
	}
	for _, v := range []string{"character_set_client", "character_set_connection", "character_set_results"} {
		s.setSysVar(v, coll.CharsetName)
	}
	s.setSysVar("collation_connection", coll.Name)
}

// evalSetValue computes the value of a SET: literals and names directly,
// session values by substitution, anything else by the local database.
func (s *Session) evalSetValue(ctx context.Context, e ast.ExprNode) (any, error) {
	switch x := e.(type) {
	case nil, *ast.DefaultExpr:
		return nil, nil
	case *ast.ColumnNameExpr:
		// SET time_zone = SYSTEM, SET sql_mode = ANSI: bare words are values.
		return x.Name.Name.O, nil
	}
	sel := &ast.SelectStmt{Kind: ast.SelectStmtKindSelect,
		Fields: &ast.FieldList{Fields: []*ast.SelectField{{Expr: e}}}}
	if err := s.literalize(sel, nil); err != nil {
		return nil, err
	}
	if v, ok := sel.Fields.Fields[0].Expr.(*test_driver.ValueExpr); ok {
		return literalValue(v), nil
	}
	res, err := s.query(ctx, sel)
	if err != nil {
		return nil, err
	}
	if len(res.Rows) == 0 {
		return nil, nil
	}
	return res.Rows[0][0], nil
}

// literalValue returns a literal's value as the session stores it.
func literalValue(v *test_driver.ValueExpr) any {
	switch x := v.GetValue().(type) {
	case []byte:
		return string(x)
	case test_driver.BinaryLiteral:
		// x'41', 0x41, b'1000001': a binary string, not its text
		return []byte(x)
	case int64, uint64, float64, string, nil:
		return x
	default:
		return fmt.Sprint(x) // decimals and other literal kinds print as MySQL text
	}
}

// nextTxOnly tells a SET TRANSACTION without SESSION or GLOBAL, which
// MySQL applies to the next transaction only. The parser gives it the same
// tree as SET SESSION TRANSACTION; only its text tells them apart.
func nextTxOnly(stmt *ast.SetStmt) bool {
	words := strings.Fields(strings.ToUpper(stmt.Text()))
	return len(words) > 1 && words[0] == "SET" && words[1] == "TRANSACTION"
}

// setNextTxMode keeps READ ONLY / READ WRITE for the next transaction; it
// cannot change the one in progress (1568, as in MySQL).
func (s *Session) setNextTxMode(ctx context.Context, v *ast.VariableAssignment) error {
	if s.tx != nil {
		return drivers.Errorf(1568, "25001", "Transaction characteristics can't be changed while a transaction is in progress")
	}
	val, err := s.evalSetValue(ctx, v.Value)
	if err != nil {
		return err
	}
	on, _ := parseBool(val)
	s.nextTxMode = &on
	return nil
}

// consumeNextTxMode ends a SET TRANSACTION's effect after the statement
// that used it: the transaction it opened keeps the mode until it ends; a
// statement in autocommit mode was a transaction of its own.
func (s *Session) consumeNextTxMode(stmt ast.StmtNode) {
	if s.nextTxMode == nil {
		return
	}
	if set, ok := stmt.(*ast.SetStmt); ok && nextTxOnly(set) {
		return
	}
	if s.tx != nil {
		s.txReadOnly = s.txReadOnly || *s.nextTxMode
	}
	s.nextTxMode = nil
}
