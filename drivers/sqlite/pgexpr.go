package sqlite

import (
	"fmt"
	"github.com/cockroachdb/apd/v3"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/blocksql/blocksql/drivers"
)

// pgTrans translates one postgres-dialect statement (pg_query's tree) into
// SQLite. What it cannot express exactly it refuses with 0A000.
type pgTrans struct {
	tables func(name string) (*pgTable, error)
	// paramTypes are the types parameters take from their context ($n
	// compared with an integer column is an integer), for Describe.
	paramTypes map[int]pgType
	maxParam   int // the highest $n seen
	// positional names the next SELECT's columns c0, c1, … (an INSERT's
	// query, whose names may repeat).
	positional bool
	// bare writes column references unqualified: SQLite's RETURNING does
	// not know the target's alias.
	bare bool
	// noFold > 0 inside CASE arms PostgreSQL may drop while planning.
	noFold int
	// ctes are the WITH queries in scope, by name.
	ctes map[string][]pgColumn
	// scopes are the relations column references resolve against,
	// innermost last.
	scopes [][]pgRange
	// session is the client session a read answers (nil in a write), for
	// current_database() and the like.
	session *drivers.PGSession
}

// pgRange is one relation of a FROM clause (or the target of a write).
type pgRange struct {
	alias string
	cols  []pgColumn
	// hidden are the columns a JOIN … USING merged into the other side's:
	// only a qualified reference reaches them.
	hidden map[string]bool
}

// pgExpr is a translated expression and its PostgreSQL type ("" unknown:
// a string literal or a parameter, typed by its context).
type pgExpr struct {
	sql  string
	typ  pgType
	name string // the output column name PostgreSQL gives it
	// weakName: name is a type's or "case", which a CASE whose ELSE is
	// this expression does not take (PostgreSQL's FigureColname strength).
	weakName bool
	param    int // $n, when the expression is a bare parameter
}

// typed converts an expression of unknown type (a literal, a parameter)
// to t, noting a parameter's type.
func (tr *pgTrans) typed(e pgExpr, t pgType) pgExpr {
	if e.param > 0 {
		if tr.paramTypes == nil {
			tr.paramTypes = map[int]pgType{}
		}
		if _, ok := tr.paramTypes[e.param]; !ok {
			tr.paramTypes[e.param] = t
		}
	}
	if lit, ok := pgStringLiteral(e); ok && t.Base == "bytea" {
		// A bytea literal is written as a blob: an empty one computed by
		// pg_bytea would come back from SQLite as NULL.
		if v, err := pgBytea(lit); err == nil {
			if b, ok := v.([]byte); ok {
				return pgExpr{sql: fmt.Sprintf("X'%x'", b), typ: t, name: e.name}
			}
		}
	}
	return pgExpr{sql: t.convert(e.sql, pgUnknown), typ: t, name: e.name}
}

var pgUnknown = pgType{}

func (tr *pgTrans) expr(n *pg_query.Node) (pgExpr, error) {
	if n == nil {
		return pgExpr{}, pgUnsupported("an empty expression")
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_AConst:
		return pgConst(x.AConst)
	case *pg_query.Node_ParamRef:
		tr.maxParam = max(tr.maxParam, int(x.ParamRef.Number))
		return pgExpr{sql: fmt.Sprintf("?%d", x.ParamRef.Number), name: "?column?", param: int(x.ParamRef.Number)}, nil
	case *pg_query.Node_ColumnRef:
		return tr.column(x.ColumnRef)
	case *pg_query.Node_TypeCast:
		return tr.cast(x.TypeCast)
	case *pg_query.Node_AExpr:
		return tr.aexpr(x.AExpr)
	case *pg_query.Node_BoolExpr:
		return tr.boolExpr(x.BoolExpr)
	case *pg_query.Node_NullTest:
		e, err := tr.expr(x.NullTest.Arg)
		op := " IS NULL"
		if x.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL {
			op = " IS NOT NULL"
		}
		return pgExpr{sql: "(" + e.sql + op + ")", typ: pgType{Base: "bool"}, name: "?column?"}, err
	case *pg_query.Node_BooleanTest:
		return tr.boolTest(x.BooleanTest)
	case *pg_query.Node_FuncCall:
		return tr.funcCall(x.FuncCall)
	case *pg_query.Node_CoalesceExpr:
		return tr.variadic("coalesce", "COALESCE", x.CoalesceExpr.Args)
	case *pg_query.Node_MinMaxExpr:
		name := "greatest"
		if x.MinMaxExpr.Op == pg_query.MinMaxOp_IS_LEAST {
			name = "least"
		}
		return tr.variadic(name, "pg_"+name, x.MinMaxExpr.Args)
	case *pg_query.Node_CaseExpr:
		return tr.caseExpr(x.CaseExpr)
	case *pg_query.Node_SubLink:
		return tr.subLink(x.SubLink)
	case *pg_query.Node_SqlvalueFunction:
		switch x.SqlvalueFunction.Op {
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:
			return tr.clock("timestamptz", "current_timestamp"), nil
		case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:
			return tr.clock("timestamp", "localtimestamp"), nil
		case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
			return tr.clock("date", "current_date"), nil
		}
		if name, ok := pgSessionFuncs[x.SqlvalueFunction.Op]; ok {
			e, _, err := tr.catalogFunc(name, nil)
			return e, err
		}
	}
	return pgExpr{}, pgUnsupported("this expression is not translated for the SQLite backend: %s", pgNodeName(n))
}

func pgNodeName(n *pg_query.Node) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", n.Node), "*pg_query.Node_")
}

// plainNumeric writes a numeric literal with an exponent (1e2, 2.5e-3)
// as PostgreSQL holds it: in positional notation, the exponent folded
// into the scale (100, 0.0025), and a negative zero as zero.
func plainNumeric(s string) string {
	if !strings.ContainsAny(s, "eE") && !strings.HasPrefix(s, "-") {
		return s
	}
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return s
	}
	if d.IsZero() {
		d.Negative = false // numeric has no negative zero: -0.0 is 0.0
	}
	return d.Text('f')
}

// pgConst is a literal: integers and numerics typed, strings unknown
// until their context types them, as in PostgreSQL.
func pgConst(c *pg_query.A_Const) (pgExpr, error) {
	switch v := c.Val.(type) {
	case nil:
		return pgExpr{sql: "NULL", name: "?column?"}, nil
	case *pg_query.A_Const_Ival:
		return pgExpr{sql: strconv.FormatInt(int64(v.Ival.Ival), 10), typ: pgType{Base: "int4"}, name: "?column?"}, nil
	case *pg_query.A_Const_Fval:
		// An integer too wide for int4 is a bigint, anything else numeric.
		if i, err := strconv.ParseInt(v.Fval.Fval, 10, 64); err == nil {
			return pgExpr{sql: strconv.FormatInt(i, 10), typ: pgType{Base: "int8"}, name: "?column?"}, nil
		}
		return pgExpr{sql: sqlString(plainNumeric(v.Fval.Fval)), typ: pgType{Base: "numeric"}, name: "?column?"}, nil
	case *pg_query.A_Const_Boolval:
		b := "0"
		if v.Boolval.Boolval {
			b = "1"
		}
		return pgExpr{sql: b, typ: pgType{Base: "bool"}, name: "?column?"}, nil
	case *pg_query.A_Const_Sval:
		return pgExpr{sql: sqlString(v.Sval.Sval), name: "?column?"}, nil
	}
	return pgExpr{}, pgUnsupported("this constant is not supported on the SQLite backend")
}

func (tr *pgTrans) column(c *pg_query.ColumnRef) (pgExpr, error) {
	var parts []string
	for _, f := range c.Fields {
		if f.GetAStar() != nil {
			return pgExpr{}, pgUnsupported("* is only supported as a whole select list item")
		}
		parts = append(parts, f.GetString_().GetSval())
	}
	var qual, name string
	switch len(parts) {
	case 1:
		name = parts[0]
	case 2:
		qual, name = parts[0], parts[1]
	default:
		return pgExpr{}, pgUnsupported("schema-qualified column references are not supported")
	}
	for s := len(tr.scopes) - 1; s >= 0; s-- {
		var found *pgExpr
		for _, r := range tr.scopes[s] {
			if qual != "" && r.alias != qual {
				continue
			}
			for _, col := range r.cols {
				if col.Name != name || qual == "" && r.hidden[name] {
					continue
				}
				if found != nil {
					return pgExpr{}, pgErr("42702", "column reference %q is ambiguous", name)
				}
				found = &pgExpr{sql: tr.ref(r.alias, name), typ: col.Type, name: name}
			}
		}
		if found != nil {
			return *found, nil
		}
	}
	if qual != "" {
		return pgExpr{}, pgErr("42703", "column %s.%s does not exist", qual, name)
	}
	return pgExpr{}, pgErr("42703", "column %q does not exist", name)
}

// ref is a reference to column name of the relation alias.
func (tr *pgTrans) ref(alias, name string) string {
	if tr.bare {
		return quoteIdent(name)
	}
	return quoteIdent(alias) + "." + quoteIdent(name)
}

func (tr *pgTrans) cast(tc *pg_query.TypeCast) (pgExpr, error) {
	e, err := tr.expr(tc.Arg)
	if err != nil {
		return e, err
	}
	if names := tc.TypeName.GetNames(); len(names) > 0 && names[len(names)-1].GetString_().GetSval() == "regclass" {
		return tr.regclass(e)
	}
	t, serial, err := pgTypeOf(tc.TypeName)
	if err != nil || serial != "" {
		return pgExpr{}, pgUnsupported("this cast is not supported on the SQLite backend")
	}
	if (t.Base == "uuid") != (e.typ.Base == "uuid") && !t.isText() && !e.typ.isText() && e.typ.Base != "" {
		// uuid converts to and from the string types alone
		return pgExpr{}, pgErr("42846", "cannot cast type %s to %s", e.typ.format(), t.format())
	}
	if v, ok := pgConstValue(tc.Arg); ok && !t.isText() && (tr.noFold == 0 || tc.Arg.GetAConst().GetSval() != nil) {
		// PostgreSQL casts a constant while it plans the statement: one
		// out of range fails whether or not a row reaches it. A string
		// literal it converts while it parses, in an arm or argument the
		// planner drops too.
		if _, err := t.convertValue(v, e.typ); err != nil {
			return pgExpr{}, err
		}
	}
	name, weak := e.name, e.weakName
	if name == "?column?" || name == "" || weak {
		// PostgreSQL names a cast after its type unless its argument has
		// a name of its own: a column's or a function's, not a cast's.
		name, weak = t.Base, true
	}
	return pgExpr{sql: t.convertExplicit(e.sql, e.typ), typ: t, name: name, weakName: weak}, nil
}

// pgConstant tells whether PostgreSQL computes n while planning: n reads
// no column, parameter or subquery, and calls only functions that do not
// depend on the session or the clock (immutable ones, as PostgreSQL's
// planner folds them; not concat(), now(), current_date, …).
func pgConstant(n *pg_query.Node) bool {
	constant := true
	pgVisit(n.ProtoReflect(), func(m protoreflect.Message) {
		switch x := m.Interface().(type) {
		case *pg_query.ColumnRef, *pg_query.ParamRef, *pg_query.SubLink, *pg_query.SQLValueFunction:
			constant = false
		case *pg_query.FuncCall:
			name := x.Funcname[len(x.Funcname)-1].GetString_().GetSval()
			if !pgImmutableFuncs[strings.ToLower(name)] || x.Over != nil || x.AggStar || x.AggFilter != nil {
				constant = false
			}
		case *pg_query.TypeCast:
			// A conversion to or from timestamptz depends on the
			// session's time zone (a timestamptz literal does not).
			if pgCastTo(x, "timestamptz") && x.Arg.GetAConst().GetSval() == nil ||
				pgCastTo(x.Arg.GetTypeCast(), "timestamptz") && !pgCastTo(x, "timestamptz") {
				constant = false
			}
		}
	})
	return constant
}

// pgCastTo tells whether tc is a cast to the type named base.
func pgCastTo(tc *pg_query.TypeCast, base string) bool {
	if tc == nil {
		return false
	}
	t, _, err := pgTypeOf(tc.TypeName)
	return err == nil && t.Base == base
}

// pgImmutableFuncs are the translated functions PostgreSQL computes while
// planning when their arguments are constants.
var pgImmutableFuncs = map[string]bool{"abs": true, "round": true, "floor": true, "ceil": true, "ceiling": true, "trunc": true,
	"sign": true, "mod": true, "sqrt": true, "power": true, "pow": true, "length": true, "char_length": true, "character_length": true,
	"lower": true, "upper": true, "btrim": true, "ltrim": true, "rtrim": true, "replace": true, "substr": true, "substring": true}

// pgNullConstant tells whether n is the NULL literal, or a cast of it.
func pgNullConstant(n *pg_query.Node) bool {
	for n.GetTypeCast() != nil {
		n = n.GetTypeCast().Arg
	}
	c := n.GetAConst()
	return c != nil && c.Isnull
}

// pgLiteral tells whether n is a literal other than NULL, cast or not.
func pgLiteral(n *pg_query.Node) bool {
	for n.GetTypeCast() != nil {
		n = n.GetTypeCast().Arg
	}
	c := n.GetAConst()
	return c != nil && !c.Isnull
}

// pgConstValue is a literal's value as the conversions take it.
func pgConstValue(n *pg_query.Node) (any, bool) {
	c := n.GetAConst()
	switch {
	case c == nil || c.Isnull:
		return nil, false
	case c.GetIval() != nil:
		return int64(c.GetIval().Ival), true
	case c.GetFval() != nil:
		if i, err := strconv.ParseInt(c.GetFval().Fval, 10, 64); err == nil {
			return i, true
		}
		return plainNumeric(c.GetFval().Fval), true
	case c.GetBoolval() != nil:
		return int64(boolInt(c.GetBoolval().Boolval)), true
	case c.GetSval() != nil:
		return c.GetSval().Sval, true
	}
	return nil, false
}

// coerce types an unknown operand by the other one, as PostgreSQL reads a
// string literal or parameter compared with a typed value. A literal the
// type does not take fails the statement however many rows it reads
// (PostgreSQL converts it while it plans: '2023-02-30' compared with a
// date is 22008 on an empty table too).
func (tr *pgTrans) coerce(a, b pgExpr) (pgExpr, pgExpr, error) {
	if a.typ.Base == "" && b.typ.Base != "" && a.sql != "NULL" {
		t := b.typ
		if t.isText() {
			t = pgType{Base: "text"}
		}
		if t.Base == "numeric" || t.Frac > 0 {
			// PostgreSQL reads the literal as the operator's type, with
			// no precision: it is not rounded to the column's.
			t = pgType{Base: t.Base}
		}
		if lit, ok := pgStringLiteral(a); ok {
			if _, err := t.convertValue(lit, pgUnknown); err != nil {
				return a, b, err
			}
		}
		a = tr.typed(a, t)
	}
	if b.typ.Base == "" && a.typ.Base != "" && b.sql != "NULL" {
		b2, a2, err := tr.coerce(b, a)
		return a2, b2, err
	}
	return a, b, nil
}

// pgStringLiteral is the text of a string literal, as pgConst wrote it.
func pgStringLiteral(e pgExpr) (string, bool) {
	if e.param > 0 || e.typ.Base != "" || len(e.sql) < 2 || e.sql[0] != '\'' || e.sql[len(e.sql)-1] != '\'' {
		return "", false
	}
	body := e.sql[1 : len(e.sql)-1]
	if strings.Contains(strings.ReplaceAll(body, "''", ""), "'") {
		return "", false
	}
	return strings.ReplaceAll(body, "''", "'"), true
}

// numericOperands says an operation on a and b is numeric arithmetic:
// either is numeric and neither is a float.
func numericOperands(a, b pgExpr) bool {
	return (a.typ.Base == "numeric" || b.typ.Base == "numeric") && !a.typ.isFloat() && !b.typ.isFloat()
}

func (tr *pgTrans) aexpr(a *pg_query.A_Expr) (pgExpr, error) {
	op := ""
	if len(a.Name) > 0 {
		op = a.Name[len(a.Name)-1].GetString_().GetSval()
	}
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if a.Lexpr == nil {
			return tr.unary(op, a.Rexpr)
		}
		return tr.binary(op, a.Lexpr, a.Rexpr)
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		return tr.like(a, op)
	case pg_query.A_Expr_Kind_AEXPR_IN:
		return tr.in(a, op)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		items := a.Rexpr.GetList().GetItems()
		if len(items) != 2 {
			return pgExpr{}, pgUnsupported("BETWEEN needs two bounds")
		}
		lo, err := tr.binary(">=", a.Lexpr, items[0])
		if err != nil {
			return lo, err
		}
		hi, err := tr.binary("<=", a.Lexpr, items[1])
		if err != nil {
			return hi, err
		}
		s := "(" + lo.sql + " AND " + hi.sql + ")"
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN {
			s = "(NOT " + s + ")"
		}
		return pgExpr{sql: s, typ: pgType{Base: "bool"}, name: "?column?"}, nil
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		return tr.anyAll(a, op)
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		l, r, err := tr.pair(a.Lexpr, a.Rexpr)
		if err != nil {
			return l, err
		}
		eq, err := tr.compare("=", l, r)
		return pgExpr{sql: fmt.Sprintf("(CASE WHEN %s THEN NULL ELSE %s END)", eq, l.sql), typ: l.typ.promoted(), name: "nullif"}, err
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, r, err := tr.pair(a.Lexpr, a.Rexpr)
		if err != nil {
			return l, err
		}
		eq, err := tr.compare("=", l, r)
		s := fmt.Sprintf("(CASE WHEN %s IS NULL AND %s IS NULL THEN 1 WHEN %s IS NULL OR %s IS NULL THEN 0 ELSE (%s) END)",
			l.sql, r.sql, l.sql, r.sql, eq)
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_DISTINCT {
			s = "(NOT " + s + ")"
		}
		return pgExpr{sql: s, typ: pgType{Base: "bool"}, name: "?column?"}, err
	}
	return pgExpr{}, pgUnsupported("this operator is not translated for the SQLite backend")
}

// anyAll is x op ANY (array) or x op ALL (array) over a catalog array
// column (pg_index.indkey, pg_constraint.conkey), whose text is read as a
// JSON array of its elements.
func (tr *pgTrans) anyAll(a *pg_query.A_Expr, op string) (pgExpr, error) {
	l, err := tr.expr(a.Lexpr)
	if err != nil {
		return l, err
	}
	arr, err := tr.expr(a.Rexpr)
	if err != nil {
		return arr, err
	}
	if arr.typ.Base != "int2vector" && arr.typ.Base != "_int2" {
		return pgExpr{}, pgUnsupported("ANY and ALL are translated over the catalog's arrays only for the SQLite backend")
	}
	cmp, err := tr.compare(op, tr.typed(l, pgType{Base: "int2"}), pgExpr{sql: "j.value", typ: pgType{Base: "int2"}})
	if err != nil {
		return pgExpr{}, err
	}
	elems := fmt.Sprintf("json_each('[' || replace(trim(%s, '{}'), ' ', ',') || ']') AS j", arr.sql)
	s := fmt.Sprintf("EXISTS (SELECT 1 FROM %s WHERE %s)", elems, cmp)
	if a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL {
		s = fmt.Sprintf("NOT EXISTS (SELECT 1 FROM %s WHERE NOT (%s))", elems, cmp)
	}
	return pgExpr{sql: s, typ: pgType{Base: "bool"}, name: "?column?"}, nil
}

func (tr *pgTrans) pair(l, r *pg_query.Node) (pgExpr, pgExpr, error) {
	a, err := tr.expr(l)
	if err != nil {
		return a, a, err
	}
	b, err := tr.expr(r)
	if err != nil {
		return a, b, err
	}
	return tr.coerce(a, b)
}

func (tr *pgTrans) unary(op string, n *pg_query.Node) (pgExpr, error) {
	e, err := tr.expr(n)
	if err != nil {
		return e, err
	}
	switch {
	case op == "-" && e.typ.Base == "numeric":
		return pgExpr{sql: fmt.Sprintf("pg_num_op('-', '0', %s)", e.sql), typ: pgType{Base: "numeric"}, name: "?column?"}, nil
	case op == "-" && e.typ.isInt():
		return pgExpr{sql: fmt.Sprintf("pg_int_op('-', 0, %s, %d)", e.sql, e.typ.bits()), typ: e.typ, name: "?column?"}, nil
	case op == "-" && e.typ.isFloat():
		// -x of a zero is -0, as PostgreSQL prints it.
		return pgExpr{sql: fmt.Sprintf("pg_float_op('*', -1.0, %s)", e.sql), typ: e.typ, name: "?column?"}, nil
	case op == "+":
		return e, nil
	}
	return pgExpr{}, pgUnsupported("the unary operator %s is not translated for the SQLite backend", op)
}

func (tr *pgTrans) binary(op string, ln, rn *pg_query.Node) (pgExpr, error) {
	if op == "||" {
		return tr.concat(ln, rn)
	}
	if e, ok, err := tr.intervalArith(op, ln, rn); ok {
		return e, err
	}
	l, r, err := tr.pair(ln, rn)
	if err != nil {
		return l, err
	}
	switch op {
	case "=", "<>", "!=", "<", ">", "<=", ">=":
		s, err := tr.compare(op, l, r)
		return strictOfConstant(pgExpr{sql: s, typ: pgType{Base: "bool"}, name: "?column?"}, l, r, ln, rn), err
	case "+", "-", "*", "/", "%":
		e, err := arith(op, l, r)
		return strictOfConstant(e, l, r, ln, rn), err
	case "~~", "!~~", "~~*", "!~~*":
		ci, not := strings.Contains(op, "*"), strings.HasPrefix(op, "!")
		return likeExpr(l, r, ci, not), nil
	case "~", "!~", "~*", "!~*":
		if !l.typ.isText() && l.typ.Base != "" || !r.typ.isText() && r.typ.Base != "" {
			return pgExpr{}, pgErr("42883", "operator does not exist: %s %s %s", l.typ.Base, op, r.typ.Base)
		}
		s := fmt.Sprintf("pg_regex(%s, %s, %d, %d)", l.sql, r.sql, boolInt(strings.Contains(op, "*")), boolInt(strings.HasPrefix(op, "!")))
		return pgExpr{sql: s, typ: pgType{Base: "bool"}, name: "?column?"}, nil
	}
	return pgExpr{}, pgUnsupported("the operator %s is not translated for the SQLite backend", op)
}

// strictOfConstant is e, a strict operator of l and r, NULL without
// computing the other side where l or r is a constant that is NULL:
// PostgreSQL's planner folds the operator to NULL then (nullif(1e2, 100)
// = ref - -id reads no row's -id, which might be out of range). A
// literal, never NULL, is left alone, so id = 5 stays a comparison
// SQLite can answer from an index.
func strictOfConstant(e, l, r pgExpr, ln, rn *pg_query.Node) pgExpr {
	for i, n := range []*pg_query.Node{ln, rn} {
		side := []pgExpr{l, r}[i]
		if e.sql != "" && side.sql != "NULL" && !pgLiteral(n) && pgConstant(n) && !pgConstant([]*pg_query.Node{rn, ln}[i]) {
			e.sql = "(CASE WHEN (" + side.sql + ") IS NULL THEN NULL ELSE " + e.sql + " END)"
		}
	}
	return e
}

// concat is a || b: text, an operand of another type printed as text, an
// unknown one read as text (two unknowns too: PostgreSQL prefers text's
// || among the string operators).
func (tr *pgTrans) concat(ln, rn *pg_query.Node) (pgExpr, error) {
	l, err := tr.expr(ln)
	if err != nil {
		return l, err
	}
	r, err := tr.expr(rn)
	if err != nil {
		return r, err
	}
	if l.typ.Base == "bytea" || r.typ.Base == "bytea" {
		return pgExpr{}, pgUnsupported("bytea concatenation is not translated for the SQLite backend")
	}
	for _, e := range []*pgExpr{&l, &r} {
		if e.typ.Base == "" {
			*e = tr.typed(*e, pgType{Base: "text"})
		}
	}
	return pgExpr{sql: "(" + pgOutExpr(l.sql, l.typ) + " || " + pgOutExpr(r.sql, r.typ) + ")", typ: pgType{Base: "text"}, name: "?column?"}, nil
}

func arith(op string, l, r pgExpr) (pgExpr, error) {
	switch {
	case l.typ.Base == "" && r.typ.Base == "":
		return pgExpr{}, pgErr("42725", "operator is not unique: unknown %s unknown", op)
	case numericOperands(l, r):
		if op == "/" {
			return pgExpr{sql: fmt.Sprintf("pg_div(%s, %s)", l.sql, r.sql), typ: pgType{Base: "numeric"}, name: "?column?"}, nil
		}
		return pgExpr{sql: fmt.Sprintf("pg_num_op('%s', %s, %s)", op, l.sql, r.sql), typ: pgType{Base: "numeric"}, name: "?column?"}, nil
	case l.typ.isInt() && r.typ.isInt():
		t := pgType{Base: "int4"}
		switch {
		case l.typ.Base == "int8" || r.typ.Base == "int8":
			t = pgType{Base: "int8"}
		case l.typ.Base == "int2" && r.typ.Base == "int2":
			t = pgType{Base: "int2"} // smallint's own operators, which overflow past it
		}
		return pgExpr{sql: fmt.Sprintf("pg_int_op('%s', %s, %s, %d)", op, l.sql, r.sql, t.bits()), typ: t, name: "?column?"}, nil
	case l.typ.isFloat() || r.typ.isFloat():
		if op == "%" {
			return pgExpr{}, pgErr("42883", "operator does not exist: double precision %% double precision")
		}
		if l.typ.Base == "float4" && r.typ.Base == "float4" {
			// real op real is a real; with any other number a double.
			return pgExpr{sql: fmt.Sprintf("pg_float4_op('%s', %s, %s)", op, l.sql, r.sql), typ: l.typ, name: "?column?"}, nil
		}
		return pgExpr{sql: fmt.Sprintf("pg_float_op('%s', %s, %s)", op, l.sql, r.sql), typ: pgType{Base: "float8"}, name: "?column?"}, nil
	}
	if e, ok := dateArith(op, l, r); ok {
		return e, nil
	}
	return pgExpr{}, pgUnsupported("the operator %s on %s and %s is not translated for the SQLite backend", op, l.typ.Base, r.typ.Base)
}

// dateArith is PostgreSQL's date + integer and date - integer (a date so
// many days on), integer + date, and date - date (the days between, an
// integer), on the text a date is stored as.
func dateArith(op string, l, r pgExpr) (pgExpr, bool) {
	date := pgType{Base: "date"}
	days := func(d, n string) string { return "date(" + d + ", (" + n + ") || ' days')" }
	switch {
	case l.typ.Base == "date" && r.typ.isInt() && (op == "+" || op == "-"):
		n := r.sql
		if op == "-" {
			n = "0 - " + r.sql
		}
		return pgExpr{sql: days(l.sql, n), typ: date, name: "?column?"}, true
	case l.typ.isInt() && r.typ.Base == "date" && op == "+":
		return pgExpr{sql: days(r.sql, l.sql), typ: date, name: "?column?"}, true
	case l.typ.Base == "date" && r.typ.Base == "date" && op == "-":
		return pgExpr{sql: "CAST(julianday(" + l.sql + ") - julianday(" + r.sql + ") AS INTEGER)", typ: pgType{Base: "int4"}, name: "?column?"}, true
	}
	return pgExpr{}, false
}

// compare writes a comparison: numerics compare as numbers, char(n)
// without trailing spaces, the rest as SQLite compares one type.
func (tr *pgTrans) compare(op string, l, r pgExpr) (string, error) {
	if op == "!=" {
		op = "<>"
	}
	if l.sql == "NULL" || r.sql == "NULL" {
		return "NULL", nil
	}
	lc, rc := l.typ.category(), r.typ.category()
	if lc != "" && rc != "" && lc != rc {
		return "", pgErr("42883", "operator does not exist: %s %s %s", l.typ.format(), op, r.typ.format())
	}
	if lc == "d" && l.typ.Base != r.typ.Base {
		// date, timestamp and timestamptz compare as instants: both sides
		// as timestamptz text, which orders as the instants do.
		tz := pgType{Base: "timestamptz"}
		l.sql, r.sql = tz.convert(l.sql, l.typ), tz.convert(r.sql, r.typ)
	}
	if numericOperands(l, r) {
		return fmt.Sprintf("(pg_num_cmp(%s, %s) %s 0)", l.sql, r.sql, op), nil
	}
	if l.typ.isFloat() || r.typ.isFloat() {
		// numeric text or an integer against a float: the integer as a
		// double, as PostgreSQL casts it (SQLite compares an integer and
		// a real exactly: 9223372036854775807 is below 9.223372036854775807e18).
		f := pgType{Base: "float8"}
		for _, e := range []*pgExpr{&l, &r} {
			if e.typ.Base == "numeric" || e.typ.isInt() {
				e.sql = f.convert(e.sql, e.typ)
			}
		}
	}
	if l.typ.Base == "bpchar" || r.typ.Base == "bpchar" {
		return fmt.Sprintf("(pg_bpchar_cmp(%s, %s) %s 0)", l.sql, r.sql, op), nil
	}
	return "(" + l.sql + " " + op + " " + r.sql + ")", nil
}

func likeExpr(l, r pgExpr, ci, not bool) pgExpr {
	s := fmt.Sprintf("pg_like(%s, %s, %d)", l.sql, r.sql, boolInt(ci))
	if not {
		s = "(NOT " + s + ")"
	}
	return pgExpr{sql: s, typ: pgType{Base: "bool"}, name: "?column?"}
}

func (tr *pgTrans) like(a *pg_query.A_Expr, op string) (pgExpr, error) {
	l, r, err := tr.pair(a.Lexpr, a.Rexpr)
	if err != nil {
		return l, err
	}
	if r.sql != "" && strings.HasPrefix(pgNodeName(a.Rexpr), "FuncCall") {
		return pgExpr{}, pgUnsupported("LIKE ... ESCAPE is not translated for the SQLite backend")
	}
	ci := a.Kind == pg_query.A_Expr_Kind_AEXPR_ILIKE
	return likeExpr(l, r, ci, strings.HasPrefix(op, "!")), nil
}

func (tr *pgTrans) in(a *pg_query.A_Expr, op string) (pgExpr, error) {
	l, err := tr.expr(a.Lexpr)
	if err != nil {
		return l, err
	}
	nodes := append([]*pg_query.Node{a.Lexpr}, a.Rexpr.GetList().GetItems()...)
	var items []pgExpr
	common := l.typ
	for _, item := range nodes[1:] {
		r, err := tr.expr(item)
		if err != nil {
			return r, err
		}
		items = append(items, r)
		common, _ = pgCommonType(common, r.typ)
	}
	if common.Base == "float4" {
		// The list and its operand compare as reals when that is their
		// common type: 0.1::real IN (0.1, 2) is true, where 0.1::real =
		// 0.1 compares as double precision, false.
		for i, e := range append([]pgExpr{l}, items...) {
			if err := foldTo(common, nodes[i], e, tr.noFold == 0); err != nil {
				return pgExpr{}, err
			}
		}
	}
	var parts []string
	for _, r := range items {
		l := l
		if common.Base == "float4" {
			l.sql, l.typ = common.toCommon(l), common
			r.sql, r.typ = common.toCommon(r), common
		}
		l2, r2, err := tr.coerce(l, r)
		if err != nil {
			return pgExpr{}, err
		}
		s, err := tr.compare("=", l2, r2)
		if err != nil {
			return pgExpr{}, err
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return pgExpr{}, pgErr("42601", "syntax error: an empty IN list")
	}
	// x IN (a, b) is x = a OR x = b, with SQL's NULL logic.
	s := "(" + strings.Join(parts, " OR ") + ")"
	if op == "<>" {
		s = "(NOT " + s + ")"
	}
	return pgExpr{sql: s, typ: pgType{Base: "bool"}, name: "?column?"}, nil
}

func (tr *pgTrans) boolExpr(b *pg_query.BoolExpr) (pgExpr, error) {
	var parts []string
	for _, arg := range b.Args {
		e, err := tr.expr(arg)
		if err != nil {
			return e, err
		}
		if e.typ.Base == "" {
			e = tr.typed(e, pgType{Base: "bool"})
		}
		parts = append(parts, e.sql)
	}
	switch b.Boolop {
	case pg_query.BoolExprType_AND_EXPR:
		return pgExpr{sql: "(" + strings.Join(parts, " AND ") + ")", typ: pgType{Base: "bool"}, name: "?column?"}, nil
	case pg_query.BoolExprType_OR_EXPR:
		return pgExpr{sql: "(" + strings.Join(parts, " OR ") + ")", typ: pgType{Base: "bool"}, name: "?column?"}, nil
	}
	return pgExpr{sql: "(NOT " + parts[0] + ")", typ: pgType{Base: "bool"}, name: "?column?"}, nil
}

func (tr *pgTrans) boolTest(b *pg_query.BooleanTest) (pgExpr, error) {
	e, err := tr.expr(b.Arg)
	if err != nil {
		return e, err
	}
	var s string
	switch b.Booltesttype {
	case pg_query.BoolTestType_IS_TRUE:
		s = "(%s IS 1)"
	case pg_query.BoolTestType_IS_NOT_TRUE:
		s = "(%s IS NOT 1)"
	case pg_query.BoolTestType_IS_FALSE:
		s = "(%s IS 0)"
	case pg_query.BoolTestType_IS_NOT_FALSE:
		s = "(%s IS NOT 0)"
	case pg_query.BoolTestType_IS_UNKNOWN:
		s = "(%s IS NULL)"
	default:
		s = "(%s IS NOT NULL)"
	}
	return pgExpr{sql: fmt.Sprintf(s, e.sql), typ: pgType{Base: "bool"}, name: "?column?"}, nil
}

// variadic is COALESCE, GREATEST or LEAST: the arguments take their
// common type, as PostgreSQL resolves it.
func (tr *pgTrans) variadic(name, fn string, args []*pg_query.Node) (pgExpr, error) {
	es := make([]pgExpr, len(args))
	folds := make([]bool, len(args))
	var typ pgType
	for i, a := range args {
		if fn == "COALESCE" && i > 0 && pgConstant(args[i-1]) && !pgNullConstant(args[i-1]) {
			// PostgreSQL drops the arguments after one it computes to a
			// non-NULL constant while planning: a cast there that would
			// fail does not. (One computing to NULL leaves the cast to
			// fail when a row reaches it.)
			tr.noFold++
			defer func() { tr.noFold-- }()
		}
		e, err := tr.expr(a)
		if err != nil {
			return e, err
		}
		es[i], folds[i] = e, tr.noFold == 0
		t, ok := pgCommonType(typ, e.typ)
		if !ok {
			return pgExpr{}, pgErr("42804", "%s types %s and %s cannot be matched", strings.ToUpper(name), typ.Base, e.typ.Base)
		}
		typ = t
	}
	parts := make([]string, len(es))
	for i, e := range es {
		if err := foldTo(typ, args[i], e, folds[i]); err != nil {
			return pgExpr{}, err
		}
		parts[i] = typ.toCommon(e)
	}
	if fn == "COALESCE" {
		if len(parts) == 1 {
			parts = append(parts, "NULL")
		}
		return pgExpr{sql: "COALESCE(" + strings.Join(parts, ", ") + ")", typ: typ, name: name}, nil
	}
	kind := "x"
	if typ.Base == "numeric" {
		kind = "n"
	}
	return pgExpr{sql: fmt.Sprintf("%s('%s', %s)", fn, kind, strings.Join(parts, ", ")), typ: typ, name: name}, nil
}

// foldTo checks what PostgreSQL's planner does for a constant n (of type
// e.typ) that an expression converts to its common type t: 1e300 among
// reals fails with no row read. fold is false where the planner drops n
// first (tr.noFold when n was translated).
func foldTo(t pgType, n *pg_query.Node, e pgExpr, fold bool) error {
	if !fold || e.typ.Base == "" || e.typ.Base == t.Base {
		return nil
	}
	if v, ok := pgConstValue(n); ok {
		_, err := t.convertValue(v, e.typ)
		return err
	}
	return nil
}

func (tr *pgTrans) caseExpr(c *pg_query.CaseExpr) (pgExpr, error) {
	// PostgreSQL drops the arms a constant condition rules out before it
	// folds them: a cast failing there fails nothing.
	if slices.ContainsFunc(c.Args, func(w *pg_query.Node) bool { return pgConstant(w.GetCaseWhen().Expr) }) {
		tr.noFold++
		defer func() { tr.noFold-- }()
	}
	var b strings.Builder
	b.WriteString("(CASE")
	var arg pgExpr
	var err error
	if c.Arg != nil {
		if arg, err = tr.expr(c.Arg); err != nil {
			return arg, err
		}
	}
	var typ pgType
	var results []pgExpr
	var conds []string
	for _, w := range c.Args {
		cw := w.GetCaseWhen()
		var cond string
		if c.Arg != nil {
			v, err := tr.expr(cw.Expr)
			if err != nil {
				return v, err
			}
			a2, v2, err := tr.coerce(arg, v)
			if err != nil {
				return pgExpr{}, err
			}
			if cond, err = tr.compare("=", a2, v2); err != nil {
				return pgExpr{}, err
			}
		} else {
			e, err := tr.expr(cw.Expr)
			if err != nil {
				return e, err
			}
			cond = e.sql
		}
		r, err := tr.expr(cw.Result)
		if err != nil {
			return r, err
		}
		if typ.Base == "" {
			typ = r.typ
		}
		conds = append(conds, cond)
		results = append(results, r)
	}
	var def *pgExpr
	if c.Defresult != nil {
		d, err := tr.expr(c.Defresult)
		if err != nil {
			return d, err
		}
		if typ.Base == "" {
			typ = d.typ
		}
		def = &d
	}
	branches := results
	if def != nil {
		branches = append(branches[:len(branches):len(branches)], *def)
	}
	for _, e := range branches {
		t, ok := pgCommonType(typ, e.typ)
		if !ok {
			return pgExpr{}, pgErr("42804", "CASE types %s and %s cannot be matched", typ.Base, e.typ.Base)
		}
		typ = t
	}
	fix := func(e pgExpr, n *pg_query.Node) (string, error) {
		return typ.toCommon(e), foldTo(typ, n, e, tr.noFold == 0)
	}
	for i, cond := range conds {
		s, err := fix(results[i], c.Args[i].GetCaseWhen().Result)
		if err != nil {
			return pgExpr{}, err
		}
		fmt.Fprintf(&b, " WHEN %s THEN %s", cond, s)
	}
	if def != nil {
		s, err := fix(*def, c.Defresult)
		if err != nil {
			return pgExpr{}, err
		}
		b.WriteString(" ELSE " + s)
	}
	b.WriteString(" END)")
	name := "case"
	if def != nil && def.name != "?column?" && def.name != "" && !def.weakName {
		name = def.name // PostgreSQL names a CASE after its ELSE, if that has a name of its own
	}
	return pgExpr{sql: b.String(), typ: typ, name: name, weakName: name == "case"}, nil
}

func (tr *pgTrans) subLink(s *pg_query.SubLink) (pgExpr, error) {
	sel, err := tr.subSelect(s.Subselect)
	if err != nil {
		return pgExpr{}, err
	}
	switch s.SubLinkType {
	case pg_query.SubLinkType_EXISTS_SUBLINK:
		return pgExpr{sql: "(EXISTS (" + sel.sql + "))", typ: pgType{Base: "bool"}, name: "exists"}, nil
	case pg_query.SubLinkType_EXPR_SUBLINK:
		if len(sel.cols) != 1 {
			return pgExpr{}, pgErr("42601", "subquery must return only one column")
		}
		return pgExpr{sql: "(" + sel.sql + ")", typ: sel.cols[0].Type, name: sel.cols[0].Name}, nil
	case pg_query.SubLinkType_ANY_SUBLINK:
		if len(s.OperName) > 0 && s.OperName[0].GetString_().GetSval() != "=" || len(sel.cols) != 1 {
			return pgExpr{}, pgUnsupported("only IN (subquery) is translated for the SQLite backend")
		}
		l, err := tr.expr(s.Testexpr)
		if err != nil {
			return l, err
		}
		if l.typ.Base == "numeric" || sel.cols[0].Type.Base == "numeric" {
			return pgExpr{}, pgUnsupported("IN (subquery) over numeric values is not translated for the SQLite backend")
		}
		return pgExpr{sql: "(" + l.sql + " IN (" + sel.sql + "))", typ: pgType{Base: "bool"}, name: "?column?"}, nil
	}
	return pgExpr{}, pgUnsupported("this subquery form is not translated for the SQLite backend")
}

// pgCommonType is the type PostgreSQL resolves a CASE, COALESCE,
// GREATEST, LEAST or IN list of a and b to: within the numeric category
// double precision wins, then real, then numeric, then the widest
// integer; any text is text; a date and a timestamp are a timestamp
// (timestamptz if either is). An untyped literal takes the other's type.
// ok is false where PostgreSQL finds none (42804).
func pgCommonType(a, b pgType) (pgType, bool) {
	num := func(t pgType) bool { return t.isInt() || t.isFloat() || t.Base == "numeric" }
	when := func(t pgType) bool { return t.Base == "date" || t.Base == "timestamp" || t.Base == "timestamptz" }
	// A timestamp's precision is left out: PostgreSQL converts the
	// branches to the common type alone, without rounding them.
	a.Frac, b.Frac = 0, 0
	switch {
	case a.Base == "":
		return b, true
	case b.Base == "" || a.Base == b.Base && a.Base != "numeric":
		return a, true
	case num(a) && num(b):
		switch {
		case a.Base == "float8" || b.Base == "float8":
			return pgType{Base: "float8"}, true
		case a.isFloat() || b.isFloat():
			// real with an integer or a numeric is a real: both convert
			// to it implicitly, and it does to neither.
			return pgType{Base: "float4"}, true
		case a.Base == "numeric" || b.Base == "numeric":
			return pgType{Base: "numeric"}, true
		case b.bits() > a.bits():
			return b, true
		}
		return a, true
	case a.isText() && b.isText():
		return pgType{Base: "text"}, true
	case when(a) && when(b):
		if a.Base == "timestamptz" || b.Base == "timestamptz" {
			return pgType{Base: "timestamptz"}, true
		}
		return pgType{Base: "timestamp"}, true
	}
	return pgType{}, false
}

// toCommon is e as a value of t, its common type with other
// expressions: integers stay as they are within integers, texts within
// texts; an untyped literal and every other type are converted.
func (t pgType) toCommon(e pgExpr) string {
	switch {
	case e.sql == "NULL" || t.Base == "" || e.typ.Base == t.Base && t.Base != "numeric":
		return e.sql
	case t.isInt() && e.typ.isInt(), t.isText() && e.typ.isText():
		return e.sql
	case t.Base == "numeric" && e.typ.Base == "numeric":
		return e.sql // an unconstrained numeric keeps the value's scale
	case e.typ.Base == "":
		return t.convert(e.sql, pgUnknown)
	}
	return t.convert(e.sql, e.typ)
}
