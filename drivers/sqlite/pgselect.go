package sqlite

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/blocksql/blocksql/drivers"
)

// pgSelect is a translated SELECT: its SQLite text and output columns.
type pgSelect struct {
	sql  string
	cols []pgColumn
}

func (tr *pgTrans) funcCall(f *pg_query.FuncCall) (pgExpr, error) {
	name := ""
	if len(f.Funcname) > 0 {
		name = strings.ToLower(f.Funcname[len(f.Funcname)-1].GetString_().GetSval())
	}
	if len(f.AggOrder) > 0 && name != "string_agg" {
		return pgExpr{}, pgUnsupported("ordered aggregates (but string_agg's ORDER BY) are not translated for the SQLite backend")
	}
	if f.Over != nil {
		if f.AggFilter != nil {
			return pgExpr{}, pgUnsupported("FILTER in a window is not translated for the SQLite backend")
		}
		return tr.window(name, f)
	}
	if f.AggFilter != nil {
		return tr.filtered(name, f)
	}
	if len(f.Args) == 0 && slices.Contains([]string{"now", "clock_timestamp", "statement_timestamp", "transaction_timestamp"}, name) {
		return tr.clock("timestamptz", name), nil
	}
	if name == "count" && f.AggStar {
		return pgExpr{sql: "count(*)", typ: pgType{Base: "int8"}, name: "count"}, nil
	}
	args := make([]pgExpr, len(f.Args))
	for i, a := range f.Args {
		e, err := tr.expr(a)
		if err != nil {
			return e, err
		}
		args[i] = e
	}
	distinct := ""
	if f.AggDistinct {
		distinct = "DISTINCT "
	}
	one := func() (pgExpr, error) {
		if len(args) != 1 {
			return pgExpr{}, pgErr("42883", "function %s takes one argument here", name)
		}
		return args[0], nil
	}
	out := func(sql string, t pgType) (pgExpr, error) { return pgExpr{sql: sql, typ: t, name: name}, nil }
	if e, ok, err := tr.mathFunc(name, args); ok {
		return e, err
	}
	if e, ok, err := tr.makeFunc(name, args); ok {
		return e, err
	}
	if name == "to_char" {
		kind := ""
		if len(args) == 2 {
			kind = pgTimeKind(args[0].typ)
		}
		if kind == "" || args[1].typ.Base != "" && !args[1].typ.isText() {
			return pgExpr{}, pgUnsupported("to_char of this argument is not translated for the SQLite backend")
		}
		return out(fmt.Sprintf("pg_to_char(%s, %s, '%s')", args[0].sql, args[1].sql, kind), pgType{Base: "text"})
	}
	switch name {
	case "count":
		a, err := one()
		if err != nil {
			return a, err
		}
		return out("count("+distinct+a.sql+")", pgType{Base: "int8"})
	case "sum", "avg":
		a, err := one()
		if err != nil {
			return a, err
		}
		kind, t := "n", pgType{Base: "numeric"}
		switch {
		case name == "sum" && a.typ.Base == "float4":
			kind, t = "r", a.typ // sum(real) is a real; avg(real) a double
		case a.typ.isFloat():
			kind, t = "f", pgType{Base: "float8"}
		case name == "sum" && (a.typ.Base == "int2" || a.typ.Base == "int4"):
			kind, t = "i", pgType{Base: "int8"}
		case !a.typ.isInt() && a.typ.Base != "numeric":
			return pgExpr{}, pgErr("42883", "function %s(%s) does not exist", name, a.typ.Base)
		}
		return out(fmt.Sprintf("pg_%s(%s%s, '%s')", name, distinct, a.sql, kind), t)
	case "min", "max":
		a, err := one()
		if err != nil {
			return a, err
		}
		s := a.sql
		if a.typ.Base == "numeric" {
			s += " COLLATE " + decimalCollation
		}
		t := a.typ
		if t.isText() {
			t = pgType{Base: "text"} // min(text): varchar and char(n) values compare as text
		}
		return out(name+"("+distinct+s+")", t)
	case "lower", "upper":
		a, err := one()
		if err != nil {
			return a, err
		}
		return out(fmt.Sprintf("mysql_%s(%s)", name, a.sql), pgType{Base: "text"})
	case "length", "char_length", "character_length":
		a, err := one()
		if err != nil {
			return a, err
		}
		s := a.sql
		if a.typ.Base == "bpchar" {
			s = "rtrim(" + s + ", ' ')"
		}
		if a.typ.Base == "bytea" {
			return out("length("+s+")", pgType{Base: "int4"})
		}
		return out("length(CAST("+s+" AS TEXT))", pgType{Base: "int4"})
	case "abs":
		a, err := one()
		if err != nil {
			return a, err
		}
		if a.typ.Base == "numeric" {
			return out(fmt.Sprintf("ltrim(%s, '-')", a.sql), a.typ)
		}
		if a.typ.isInt() {
			return out(fmt.Sprintf("(CASE WHEN %s < 0 THEN pg_int_op('-', 0, %s, %d) ELSE %s END)", a.sql, a.sql, a.typ.bits(), a.sql), a.typ)
		}
		// SQLite's abs() keeps a -0's sign; PostgreSQL's fabs() drops it,
		// as adding 0 does.
		return out("(abs("+a.sql+") + 0.0)", a.typ)
	case "round":
		if len(args) < 1 || len(args) > 2 {
			return pgExpr{}, pgErr("42883", "function round takes one or two arguments")
		}
		places := "0"
		if len(args) == 2 {
			places = args[1].sql
		}
		a := args[0]
		t := pgType{Base: "numeric"}
		if a.typ.isInt() && len(args) == 1 {
			// round(integer) is round(double precision), which PostgreSQL
			// prefers among round's one-argument forms.
			a = pgExpr{sql: pgType{Base: "float8"}.convert(a.sql, a.typ), typ: pgType{Base: "float8"}}
		}
		if a.typ.isFloat() {
			if len(args) == 2 {
				return pgExpr{}, pgErr("42883", "function round(double precision, integer) does not exist")
			}
			t = pgType{Base: "float8"}
		} else if a.typ.isInt() {
			a.sql = pgType{Base: "numeric"}.convert(a.sql, a.typ)
		}
		return out(fmt.Sprintf("pg_round(%s, %s)", a.sql, places), t)
	case "string_agg":
		if len(args) != 2 {
			return pgExpr{}, pgErr("42883", "function string_agg takes two arguments")
		}
		var order strings.Builder
		if err := tr.orderBy(&order, f.AggOrder, nil); err != nil {
			return pgExpr{}, err
		}
		return out(fmt.Sprintf("string_agg(%s%s, %s%s)", distinct, pgOutExpr(args[0].sql, args[0].typ), args[1].sql, order.String()), pgType{Base: "text"})
	case "concat":
		parts := make([]string, len(args))
		for i, a := range args {
			parts[i] = pgOutExpr(a.sql, a.typ)
		}
		return out("pg_concat("+strings.Join(parts, ", ")+")", pgType{Base: "text"})
	case "btrim", "ltrim", "rtrim", "replace":
		parts := make([]string, len(args))
		for i, a := range args {
			parts[i] = a.sql
		}
		fn := map[string]string{"btrim": "trim", "ltrim": "ltrim", "rtrim": "rtrim", "replace": "replace"}[name]
		return out(fn+"("+strings.Join(parts, ", ")+")", pgType{Base: "text"})
	case "extract", "date_part", "date_trunc":
		return tr.dateFunc(name, args)
	case "substr", "substring":
		if len(args) < 2 || len(args) > 3 || !args[1].typ.isInt() || len(args) == 3 && !args[2].typ.isInt() {
			return pgExpr{}, pgUnsupported("substring is translated with integer positions only")
		}
		parts := []string{args[0].sql, args[1].sql}
		if len(args) == 3 {
			parts = append(parts, args[2].sql)
		}
		return out("pg_substr("+strings.Join(parts, ", ")+")", pgType{Base: "text"})
	}
	if f, ok := pgTextFuncs[name]; ok {
		return textFunc(name, f, args)
	}
	if e, ok, err := tr.catalogFunc(name, args); ok {
		return e, err
	}
	return pgExpr{}, pgUnsupported("function %s() is not translated for the SQLite backend", name)
}

// pgTextFunc is a PostgreSQL text function's translation: the SQLite
// function, its one form's arguments (t text, i an integer) and its result.
type pgTextFunc struct {
	fn, args, result string
}

// pgTextFuncs are the text functions translated by textFunc.
var pgTextFuncs = map[string]pgTextFunc{
	"strpos": {"instr", "tt", "int4"}, "position": {"instr", "tt", "int4"}, "split_part": {"pg_split_part", "tti", "text"},
	"repeat": {"mysql_repeat", "ti", "text"}, "reverse": {"mysql_reverse", "t", "text"}, "md5": {"mysql_md5", "t", "text"},
	"ascii": {"pg_ascii", "t", "int4"}, "chr": {"pg_chr", "i", "text"}, "left": {"pg_left", "ti", "text"},
	"right": {"pg_right", "ti", "text"}, "lpad": {"pg_lpad", "tit", "text"}, "rpad": {"pg_rpad", "tit", "text"},
	"initcap": {"pg_initcap", "t", "text"}, "translate": {"pg_translate", "ttt", "text"},
	"starts_with": {"pg_starts_with", "tt", "bool"}, "octet_length": {"pg_octet_length", "t", "int4"},
	"regexp_replace": {"pg_regexp_replace", "tttt", "text"},
}

// textFunc is f's call of args (lpad's and rpad's fill a space when not
// given); a char(n) argument without its trailing spaces; 42883 for other
// argument types.
func textFunc(name string, f pgTextFunc, args []pgExpr) (pgExpr, error) {
	if (name == "lpad" || name == "rpad") && len(args) == 2 {
		args = append(args, pgExpr{sql: "' '", typ: pgType{Base: "text"}})
	}
	if name == "regexp_replace" && len(args) == 3 {
		args = append(args, pgExpr{sql: "''", typ: pgType{Base: "text"}}) // no flags
	}
	kinds := make([]byte, len(args))
	null := false
	sqls := make([]string, len(args))
	types := make([]string, len(args))
	for i, a := range args {
		kinds[i], sqls[i], types[i] = 't', a.sql, a.typ.Base
		if a.typ.isInt() {
			kinds[i] = 'i'
		}
		if a.typ.Base == "bpchar" {
			sqls[i] = "rtrim(" + a.sql + ", ' ')"
		}
		if a.typ.Base == "" && a.param == 0 && i < len(f.args) {
			// An untyped literal takes the parameter's type, as
			// PostgreSQL resolves unknown ('2' or NULL for a count).
			types[i] = "unknown"
			if f.args[i] == 'i' {
				sql, err := pgUnknownInt(a)
				if err != nil {
					return pgExpr{}, err
				}
				kinds[i], sqls[i] = 'i', sql
				null = null || sql == "NULL"
			}
		}
	}
	if string(kinds) != f.args {
		return pgExpr{}, pgErr("42883", "function %s(%s) does not exist", name, strings.Join(types, ", "))
	}
	if null {
		return pgExpr{sql: "NULL", typ: pgType{Base: f.result}, name: name}, nil // the functions are strict
	}
	return pgExpr{sql: f.fn + "(" + strings.Join(sqls, ", ") + ")", typ: pgType{Base: f.result}, name: name}, nil
}

// pgUnknownInt is an untyped literal read as an integer argument: NULL,
// or a string integer_in reads ('2', ' -3 '), 22P02 for one it does not
// and 22003 past int4.
func pgUnknownInt(a pgExpr) (string, error) {
	s, ok := pgStringLiteral(a)
	if !ok {
		return a.sql, nil // NULL
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	var ne *strconv.NumError
	switch {
	case errors.As(err, &ne) && ne.Err == strconv.ErrRange:
		return "", pgErr("22003", "value \"%s\" is out of range for type integer", s)
	case err != nil:
		return "", pgErr("22P02", "invalid input syntax for type integer: \"%s\"", s)
	}
	return strconv.FormatInt(n, 10), nil
}

// pgWholeFields are the fields extract and date_part read as whole
// numbers; date_trunc's are pgTruncFields.
var pgWholeFields = map[string]bool{"year": true, "month": true, "day": true, "hour": true, "minute": true,
	"dow": true, "isodow": true, "doy": true, "quarter": true, "week": true, "isoyear": true, "decade": true,
	"century": true, "millennium": true}

var pgTruncFields = map[string]bool{"second": true, "minute": true, "hour": true, "day": true, "week": true,
	"month": true, "quarter": true, "year": true, "decade": true, "century": true, "millennium": true}

// dateFunc is extract(field FROM x) (a numeric), date_part('field', x) (a
// double) and date_trunc('field', x) of a date, timestamp or timestamptz,
// the field a literal: the whole-number fields (pgWholeFields) and the
// seconds and epoch (pgFractionFields).
func (tr *pgTrans) dateFunc(name string, args []pgExpr) (pgExpr, error) {
	if len(args) != 2 {
		return pgExpr{}, pgErr("42883", "function %s takes two arguments", name)
	}
	field, ok := pgStringLiteral(args[0])
	field = strings.ToLower(field)
	x := args[1]
	kind := pgTimeKind(x.typ)
	fields := pgWholeFields
	if name == "date_trunc" {
		fields = pgTruncFields
	}
	_, fraction := pgFractionFields[field]
	fraction = fraction && name != "date_trunc"
	if !ok || kind == "" || !fields[field] && !fraction {
		return pgExpr{}, pgUnsupported("%s of this field or type is not translated for the SQLite backend", name)
	}
	if name == "extract" && kind == "d" && (fraction && field != "epoch" || field == "hour" || field == "minute") {
		// date_part reads a date as a timestamp; extract refuses
		return pgExpr{}, pgErr("0A000", "unit %q not supported for type date", field)
	}
	call := fmt.Sprintf("pg_%s('%s', %s, '%s')", name, field, x.sql, kind)
	switch name {
	case "extract":
		return pgExpr{sql: call, typ: pgType{Base: "numeric"}, name: "extract"}, nil
	case "date_part":
		return pgExpr{sql: call, typ: pgType{Base: "float8"}, name: "date_part"}, nil
	}
	t := x.typ
	if kind == "d" {
		t = pgType{Base: "timestamptz"} // date_trunc of a date is a timestamptz
	}
	return pgExpr{sql: call, typ: t, name: "date_trunc"}, nil
}

// filtered is agg(…) FILTER (WHERE cond), which SQLite writes alike.
func (tr *pgTrans) filtered(name string, f *pg_query.FuncCall) (pgExpr, error) {
	switch name {
	case "count", "sum", "avg", "min", "max", "string_agg":
	default:
		return pgExpr{}, pgErr("42809", "FILTER specified, but %s is not an aggregate function", name)
	}
	cond, err := tr.expr(f.AggFilter)
	if err != nil {
		return cond, err
	}
	plain := proto.Clone(f).(*pg_query.FuncCall)
	plain.AggFilter = nil
	e, err := tr.funcCall(plain)
	if err != nil {
		return e, err
	}
	e.sql += " FILTER (WHERE " + cond.sql + ")"
	return e, nil
}

// window is a window function: row_number, rank, dense_rank, lag, lead,
// first_value, last_value, count, min and max OVER (PARTITION BY …
// ORDER BY …) with the default frame, which SQLite and PostgreSQL share.
func (tr *pgTrans) window(name string, f *pg_query.FuncCall) (pgExpr, error) {
	w := f.Over
	if w.Name != "" || w.Refname != "" || w.FrameOptions&1 != 0 || f.AggDistinct {
		return pgExpr{}, pgUnsupported("named windows, frame clauses and DISTINCT in a window are not translated for the SQLite backend")
	}
	var typ pgType
	var args []string
	for _, a := range f.Args {
		e, err := tr.expr(a)
		if err != nil {
			return e, err
		}
		args = append(args, e.sql)
		if typ.Base == "" {
			typ = e.typ
		}
	}
	switch name {
	case "row_number", "rank", "dense_rank":
		typ = pgType{Base: "int8"}
	case "count":
		typ = pgType{Base: "int8"}
		if f.AggStar {
			args = []string{"*"}
		}
	case "lag", "lead":
		if len(f.Args) > 2 {
			return pgExpr{}, pgUnsupported("lag/lead with a default are not translated for the SQLite backend")
		}
	case "first_value", "last_value", "min", "max":
		if typ.Base == "numeric" && (name == "min" || name == "max") {
			args[0] += " COLLATE " + decimalCollation
		}
	default:
		return pgExpr{}, pgUnsupported("%s() OVER is not translated for the SQLite backend", name)
	}
	var over strings.Builder
	if len(w.PartitionClause) > 0 {
		parts := make([]string, len(w.PartitionClause))
		for i, p := range w.PartitionClause {
			e, err := tr.expr(p)
			if err != nil {
				return e, err
			}
			parts[i] = e.sql
		}
		over.WriteString("PARTITION BY " + strings.Join(parts, ", "))
	}
	if err := tr.orderBy(&over, w.OrderClause, nil); err != nil {
		return pgExpr{}, err
	}
	return pgExpr{sql: fmt.Sprintf("%s(%s) OVER (%s)", name, strings.Join(args, ", "), strings.TrimSpace(over.String())), typ: typ, name: name}, nil
}

// subSelect translates a SELECT nested in an expression: it sees the
// enclosing scopes.
func (tr *pgTrans) subSelect(n *pg_query.Node) (pgSelect, error) {
	s := n.GetSelectStmt()
	if s == nil {
		return pgSelect{}, pgUnsupported("this subquery is not translated for the SQLite backend")
	}
	return tr.selectStmt(s, false)
}

// selectStmt translates a SELECT. output says its values go to a client
// (booleans, bytea and floats printed in PostgreSQL's text).
func (tr *pgTrans) selectStmt(s *pg_query.SelectStmt, output bool) (pgSelect, error) {
	if s.WithClause != nil {
		return tr.withSelect(s, output)
	}
	switch {
	case s.Op != pg_query.SetOperation_SETOP_NONE:
		return tr.setOp(s, output)
	case len(s.ValuesLists) > 0:
		return pgSelect{}, pgUnsupported("a VALUES list as a query is not translated for the SQLite backend")
	case len(s.LockingClause) > 0:
		return pgSelect{}, pgUnsupported("FOR UPDATE/SHARE is not translated for the SQLite backend")
	case len(s.WindowClause) > 0:
		return pgSelect{}, pgUnsupported("WINDOW is not translated for the SQLite backend")
	}
	positional := tr.positional
	tr.positional = false
	tr.scopes = append(tr.scopes, nil)
	defer func() { tr.scopes = tr.scopes[:len(tr.scopes)-1] }()
	var b strings.Builder
	from := make([]string, 0, len(s.FromClause))
	for _, f := range s.FromClause {
		text, err := tr.fromItem(f)
		if err != nil {
			return pgSelect{}, err
		}
		from = append(from, text)
	}
	targets, err := tr.targets(s.TargetList)
	if err != nil {
		return pgSelect{}, err
	}
	b.WriteString("SELECT ")
	distinctOn := len(s.DistinctClause) > 0 && s.DistinctClause[0] != nil && s.DistinctClause[0].Node != nil
	if s.DistinctClause != nil && !distinctOn {
		b.WriteString("DISTINCT ")
	}
	cols := make([]pgColumn, len(targets))
	aliases := make([]string, len(targets))
	for i, t := range targets {
		if i > 0 {
			b.WriteString(", ")
		}
		v := t.sql
		if output {
			v = pgOutExpr(v, t.typ)
		}
		alias := t.name
		if positional {
			alias = fmt.Sprintf("c%d", i)
		}
		aliases[i] = alias
		if distinctOn {
			alias = fmt.Sprintf("__bsql_c%d", i)
		}
		b.WriteString(v + " AS " + quoteIdent(alias))
		cols[i] = pgColumn{Name: t.name, Type: t.typ}
	}
	var window string
	if distinctOn {
		if window, err = tr.distinctOnWindow(s, targets); err != nil {
			return pgSelect{}, err
		}
		b.WriteString(window)
	}
	if len(from) > 0 {
		b.WriteString(" FROM " + strings.Join(from, ", "))
	}
	if err := tr.clause(&b, " WHERE ", s.WhereClause); err != nil {
		return pgSelect{}, err
	}
	if len(s.GroupClause) > 0 {
		parts := make([]string, len(s.GroupClause))
		for i, g := range s.GroupClause {
			e, err := tr.orderTerm(g, targets, true)
			if err != nil {
				return pgSelect{}, err
			}
			parts[i] = e.sql
		}
		b.WriteString(" GROUP BY " + strings.Join(parts, ", "))
	}
	if err := tr.clause(&b, " HAVING ", s.HavingClause); err != nil {
		return pgSelect{}, err
	}
	if distinctOn {
		// Each group's first row in the ORDER BY, in that order.
		outer := make([]string, len(aliases))
		for i, a := range aliases {
			outer[i] = quoteIdent(fmt.Sprintf("__bsql_c%d", i)) + " AS " + quoteIdent(a)
		}
		inner := b.String()
		b.Reset()
		b.WriteString("SELECT " + strings.Join(outer, ", ") + " FROM (" + inner + ") WHERE __bsql_rn = 1 ORDER BY __bsql_ord")
	} else if err := tr.orderBy(&b, s.SortClause, targets); err != nil {
		return pgSelect{}, err
	}
	if err := tr.limit(&b, s); err != nil {
		return pgSelect{}, err
	}
	return pgSelect{sql: b.String(), cols: cols}, nil
}

// distinctOnWindow is what SELECT DISTINCT ON (d, …) … ORDER BY … adds to
// its select list: each row's place in its group of equal d, … and in the
// whole ORDER BY, whose first terms must be the DISTINCT ON expressions
// (42P10). Without an ORDER BY that covers them, PostgreSQL keeps a row of
// each group it does not promise; that is refused (0A000).
func (tr *pgTrans) distinctOnWindow(s *pg_query.SelectStmt, targets []pgExpr) (string, error) {
	keys := make([]string, len(s.DistinctClause))
	for i, n := range s.DistinctClause {
		e, err := tr.orderTerm(n, targets, false)
		if err != nil {
			return "", err
		}
		keys[i] = e.sql
	}
	if len(s.SortClause) < len(keys) {
		return "", pgUnsupported("DISTINCT ON without an ORDER BY that begins with its expressions is not translated for the SQLite backend")
	}
	for _, n := range s.SortClause[:len(keys)] {
		e, err := tr.orderTerm(n.GetSortBy().Node, targets, false)
		if err != nil {
			return "", err
		}
		if !slices.Contains(keys, e.sql) {
			return "", pgErr("42P10", "SELECT DISTINCT ON expressions must match initial ORDER BY expressions")
		}
	}
	var order strings.Builder
	if err := tr.orderBy(&order, s.SortClause, targets); err != nil {
		return "", err
	}
	return fmt.Sprintf(", row_number() OVER (PARTITION BY %s%s) AS __bsql_rn, row_number() OVER (%s) AS __bsql_ord",
		strings.Join(keys, ", "), order.String(), strings.TrimSpace(order.String())), nil
}

// withSelect is WITH name AS (SELECT …), … SELECT …: each query is
// translated before the ones after it, which read it by name.
func (tr *pgTrans) withSelect(s *pg_query.SelectStmt, output bool) (pgSelect, error) {
	w := s.WithClause
	if w.Recursive {
		return pgSelect{}, pgUnsupported("WITH RECURSIVE is not translated for the SQLite backend")
	}
	positional := tr.positional
	tr.positional = false
	saved := tr.ctes
	tr.ctes = maps.Clone(tr.ctes)
	if tr.ctes == nil {
		tr.ctes = map[string][]pgColumn{}
	}
	defer func() { tr.ctes = saved }()
	parts := make([]string, 0, len(w.Ctes))
	for _, n := range w.Ctes {
		cte := n.GetCommonTableExpr()
		q := cte.GetCtequery().GetSelectStmt()
		if q == nil || len(cte.Aliascolnames) > 0 || len(cte.Ctecolnames) > 0 {
			return pgSelect{}, pgUnsupported("WITH holding a write, or with column names, is not translated for the SQLite backend")
		}
		scopes := tr.scopes
		tr.scopes = nil
		sel, err := tr.selectStmt(q, false)
		tr.scopes = scopes
		if err != nil {
			return pgSelect{}, err
		}
		tr.ctes[cte.Ctename] = sel.cols
		parts = append(parts, quoteIdent(cte.Ctename)+" AS ("+sel.sql+")")
	}
	body := proto.Clone(s).(*pg_query.SelectStmt)
	body.WithClause = nil
	tr.positional = positional
	sel, err := tr.selectStmt(body, output)
	if err != nil {
		return sel, err
	}
	sel.sql = "WITH " + strings.Join(parts, ", ") + " " + sel.sql
	return sel, nil
}

func (tr *pgTrans) setOp(s *pg_query.SelectStmt, output bool) (pgSelect, error) {
	l, err := tr.selectStmt(s.Larg, output) // takes tr.positional: a UNION is named by its first branch
	if err != nil {
		return l, err
	}
	r, err := tr.selectStmt(s.Rarg, output)
	if err != nil {
		return r, err
	}
	if len(l.cols) != len(r.cols) {
		return pgSelect{}, pgErr("42601", "each UNION query must have the same number of columns")
	}
	cols := append([]pgColumn{}, l.cols...)
	for i := range cols {
		t, ok := pgUnionType(l.cols[i].Type, r.cols[i].Type)
		if !ok {
			return pgSelect{}, pgUnsupported("UNION columns of types %s and %s are not translated for the SQLite backend", l.cols[i].Type.Base, r.cols[i].Type.Base)
		}
		cols[i].Type = t
	}
	op := map[pg_query.SetOperation]string{pg_query.SetOperation_SETOP_UNION: " UNION ",
		pg_query.SetOperation_SETOP_INTERSECT: " INTERSECT ", pg_query.SetOperation_SETOP_EXCEPT: " EXCEPT "}[s.Op]
	if s.All {
		if s.Op != pg_query.SetOperation_SETOP_UNION {
			return pgSelect{}, pgUnsupported("INTERSECT/EXCEPT ALL are not translated for the SQLite backend")
		}
		op = " UNION ALL "
	}
	var b strings.Builder
	b.WriteString(l.sql + op + r.sql)
	if err := tr.setOrder(&b, s.SortClause, l.cols); err != nil {
		return pgSelect{}, err
	}
	if err := tr.limit(&b, s); err != nil {
		return pgSelect{}, err
	}
	return pgSelect{sql: b.String(), cols: cols}, nil
}

// pgUnionType is the type of a UNION column whose branches are a and b,
// for the pairs whose stored values need no conversion: an unknown
// literal takes the other's type, texts are text, integers the wider.
func pgUnionType(a, b pgType) (pgType, bool) {
	switch {
	case a.Base == b.Base:
		return a, true
	case a.Base == "":
		return b, true
	case b.Base == "":
		return a, true
	case a.isText() && b.isText():
		return pgType{Base: "text"}, true
	case a.isInt() && b.isInt():
		if a.bits() > b.bits() {
			return a, true
		}
		return b, true
	}
	return a, false
}

// setOrder is a UNION's ORDER BY: output columns by position or name,
// written as positions.
func (tr *pgTrans) setOrder(b *strings.Builder, sorts []*pg_query.Node, cols []pgColumn) error {
	targets := make([]pgExpr, len(cols))
	for i, c := range cols {
		targets[i] = pgExpr{sql: fmt.Sprint(i + 1), typ: c.Type, name: c.Name}
	}
	for _, n := range sorts {
		sb := n.GetSortBy()
		cr := sb.Node.GetColumnRef()
		if sb.Node.GetAConst() == nil && (cr == nil || len(cr.Fields) != 1) {
			return pgUnsupported("a UNION's ORDER BY takes output column names or positions on the SQLite backend")
		}
		if cr != nil && !slices.ContainsFunc(cols, func(c pgColumn) bool { return c.Name == cr.Fields[0].GetString_().GetSval() }) {
			return pgErr("42703", "column %q does not exist", cr.Fields[0].GetString_().GetSval())
		}
	}
	return tr.orderBy(b, sorts, targets)
}

func (tr *pgTrans) clause(b *strings.Builder, kw string, n *pg_query.Node) error {
	if n == nil {
		return nil
	}
	e, err := tr.expr(n)
	if err != nil {
		return err
	}
	if e.typ.Base != "bool" && e.typ.Base != "" {
		return pgErr("42804", "argument of%smust be type boolean, not type %s", kw, e.typ.Base)
	}
	b.WriteString(kw + e.sql)
	return nil
}

// targets translates a select (or RETURNING) list; * expands to the
// visible relations' columns.
func (tr *pgTrans) targets(list []*pg_query.Node) ([]pgExpr, error) {
	var out []pgExpr
	for _, n := range list {
		rt := n.GetResTarget()
		if cr := rt.GetVal().GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			qual := ""
			if len(cr.Fields) == 2 {
				qual = cr.Fields[0].GetString_().GetSval()
			}
			n0 := len(out)
			for _, r := range tr.scopes[len(tr.scopes)-1] {
				if qual != "" && r.alias != qual {
					continue
				}
				if qual == "" && len(r.hidden) > 0 {
					// PostgreSQL puts the merged columns first.
					return nil, pgUnsupported("SELECT * over JOIN … USING is not translated for the SQLite backend; name the columns")
				}
				for _, c := range r.cols {
					out = append(out, pgExpr{sql: tr.ref(r.alias, c.Name), typ: c.Type, name: c.Name})
				}
			}
			if len(out) == n0 && qual != "" {
				return nil, pgErr("42P01", "missing FROM-clause entry for table %q", qual)
			}
			continue
		}
		e, err := tr.expr(rt.GetVal())
		if err != nil {
			return nil, err
		}
		if rt.Name != "" {
			e.name = rt.Name
		}
		out = append(out, e)
	}
	return out, nil
}

// fromItem translates one FROM entry and adds its relations to the scope.
func (tr *pgTrans) fromItem(n *pg_query.Node) (string, error) {
	switch x := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		rv := x.RangeVar
		if cols, ok := tr.ctes[rv.Relname]; ok && rv.Schemaname == "" {
			alias := rv.Relname
			if rv.Alias != nil {
				alias = rv.Alias.Aliasname
			}
			tr.addRange(pgRange{alias: alias, cols: cols})
			return quoteIdent(rv.Relname) + " AS " + quoteIdent(alias), nil
		}
		name := rv.Relname
		switch catalog := pgCatalogName(rv.Schemaname, rv.Relname); {
		case catalog != "":
			if _, ok := pgCatalogRels[catalog]; !ok {
				return "", pgUnsupported("%s is not answered on the SQLite backend", catalog)
			}
			if tr.session == nil {
				// A PostgreSQL node's catalog holds more (its system
				// relations): the write would differ between backends.
				return "", pgUnsupported("a write cannot read %s on the SQLite backend", catalog)
			}
			name = catalog
		case rv.Schemaname == "" || rv.Schemaname == "public":
		case rv.Schemaname == drivers.Schema: // the operation log, read-only
			name = drivers.Schema + "." + rv.Relname
		default:
			return "", pgUnsupported("schema %s is not readable on the SQLite backend", rv.Schemaname)
		}
		t, err := tr.table(name)
		if err != nil {
			return "", err
		}
		alias := rv.Relname
		if rv.Alias != nil {
			alias = rv.Alias.Aliasname
			if len(rv.Alias.Colnames) > 0 {
				return "", pgUnsupported("column aliases in FROM are not translated for the SQLite backend")
			}
		}
		tr.addRange(pgRange{alias: alias, cols: t.Columns})
		if t.source != "" {
			return t.source + " AS " + quoteIdent(alias), nil
		}
		return quoteIdent(t.Name) + " AS " + quoteIdent(alias), nil
	case *pg_query.Node_RangeSubselect:
		rs := x.RangeSubselect
		if rs.Lateral || rs.Alias == nil || len(rs.Alias.Colnames) > 0 {
			return "", pgUnsupported("this subquery in FROM is not translated for the SQLite backend (it needs a plain alias)")
		}
		saved := tr.scopes
		tr.scopes = nil // not LATERAL: the subquery sees no sibling
		sel, err := tr.subSelect(rs.Subquery)
		tr.scopes = saved
		if err != nil {
			return "", err
		}
		tr.addRange(pgRange{alias: rs.Alias.Aliasname, cols: sel.cols})
		return "(" + sel.sql + ") AS " + quoteIdent(rs.Alias.Aliasname), nil
	case *pg_query.Node_JoinExpr:
		return tr.join(x.JoinExpr)
	}
	return "", pgUnsupported("this FROM item is not translated for the SQLite backend: %s", pgNodeName(n))
}

func (tr *pgTrans) addRange(r pgRange) {
	tr.scopes[len(tr.scopes)-1] = append(tr.scopes[len(tr.scopes)-1], r)
}

func (tr *pgTrans) join(j *pg_query.JoinExpr) (string, error) {
	if j.IsNatural || j.Alias != nil || len(j.UsingClause) > 0 && j.Jointype == pg_query.JoinType_JOIN_FULL {
		return "", pgUnsupported("NATURAL joins, FULL JOIN … USING and aliased joins are not translated for the SQLite backend; use ON")
	}
	n0 := len(tr.scopes[len(tr.scopes)-1])
	l, err := tr.fromItem(j.Larg)
	if err != nil {
		return "", err
	}
	n1 := len(tr.scopes[len(tr.scopes)-1])
	r, err := tr.fromItem(j.Rarg)
	if err != nil {
		return "", err
	}
	if len(j.UsingClause) > 0 {
		on, err := tr.using(j, n0, n1)
		if err != nil {
			return "", err
		}
		return "(" + l + map[pg_query.JoinType]string{pg_query.JoinType_JOIN_INNER: " JOIN ", pg_query.JoinType_JOIN_LEFT: " LEFT JOIN ",
			pg_query.JoinType_JOIN_RIGHT: " RIGHT JOIN "}[j.Jointype] + r + " ON " + on + ")", nil
	}
	kind := map[pg_query.JoinType]string{pg_query.JoinType_JOIN_INNER: " JOIN ", pg_query.JoinType_JOIN_LEFT: " LEFT JOIN ",
		pg_query.JoinType_JOIN_RIGHT: " RIGHT JOIN ", pg_query.JoinType_JOIN_FULL: " FULL JOIN "}[j.Jointype]
	if kind == "" {
		return "", pgUnsupported("this join is not translated for the SQLite backend")
	}
	if j.Quals == nil {
		if j.Jointype != pg_query.JoinType_JOIN_INNER {
			return "", pgErr("42601", "syntax error: an outer join needs ON")
		}
		return "(" + l + " CROSS JOIN " + r + ")", nil
	}
	on, err := tr.expr(j.Quals)
	if err != nil {
		return "", err
	}
	return "(" + l + kind + r + " ON " + on.sql + ")", nil
}

// using is the ON condition of JOIN … USING (cols): the relations of the
// left side are the scope's from n0, the right side's from n1. Each column
// then names the left side's (the right side's in a RIGHT JOIN), as the
// merged column PostgreSQL makes has that side's value there.
func (tr *pgTrans) using(j *pg_query.JoinExpr, n0, n1 int) (string, error) {
	scope := tr.scopes[len(tr.scopes)-1]
	side := func(ranges []pgRange, name string) (int, pgExpr, error) {
		found := -1
		var e pgExpr
		for i, r := range ranges {
			for _, c := range r.cols {
				if c.Name == name && !r.hidden[name] {
					if found >= 0 {
						return 0, e, pgErr("42702", "common column name %q appears more than once in a join", name)
					}
					found, e = i, pgExpr{sql: tr.ref(r.alias, name), typ: c.Type, name: name}
				}
			}
		}
		if found < 0 {
			return 0, e, pgErr("42703", "column %q specified in USING clause does not exist", name)
		}
		return found, e, nil
	}
	var conds []string
	for _, n := range j.UsingClause {
		name := n.GetString_().GetSval()
		li, le, err := side(scope[n0:n1], name)
		if err != nil {
			return "", err
		}
		ri, re, err := side(scope[n1:], name)
		if err != nil {
			return "", err
		}
		cond, err := tr.compare("=", le, re)
		if err != nil {
			return "", err
		}
		conds = append(conds, cond)
		hide := &scope[n1+ri]
		if j.Jointype == pg_query.JoinType_JOIN_RIGHT {
			hide = &scope[n0+li]
		}
		if hide.hidden == nil {
			hide.hidden = map[string]bool{}
		}
		hide.hidden[name] = true
	}
	return strings.Join(conds, " AND "), nil
}

// orderTerm resolves an ORDER BY or GROUP BY item: an output column's
// name or position stands for its expression, as in PostgreSQL. A bare
// name in ORDER BY is an output column's first, and ambiguous when output
// columns of that name differ (42702); in GROUP BY it is an input
// column's first, and an output column's only if no input column has it.
func (tr *pgTrans) orderTerm(n *pg_query.Node, targets []pgExpr, group bool) (pgExpr, error) {
	if c := n.GetAConst(); c != nil && c.GetIval() != nil {
		i := int(c.GetIval().Ival)
		if i < 1 || i > len(targets) {
			return pgExpr{}, pgErr("42P10", "position %d is not in select list", i)
		}
		return targets[i-1], nil
	}
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) != 1 || cr.Fields[0].GetString_() == nil {
		return tr.expr(n)
	}
	name := cr.Fields[0].GetString_().GetSval()
	if group {
		e, err := tr.expr(n)
		var ve *pgValueError
		if err == nil || !errors.As(err, &ve) || ve.state != "42703" {
			return e, err
		}
	}
	var found *pgExpr
	for i, t := range targets {
		if t.name != name {
			continue
		}
		if found != nil && found.sql != t.sql {
			return pgExpr{}, pgErr("42702", "ORDER BY %q is ambiguous", name)
		}
		if found == nil {
			found = &targets[i]
		}
	}
	if found != nil {
		return *found, nil
	}
	return tr.expr(n)
}

func (tr *pgTrans) orderBy(b *strings.Builder, sorts []*pg_query.Node, targets []pgExpr) error {
	if len(sorts) == 0 {
		return nil
	}
	parts := make([]string, len(sorts))
	for i, n := range sorts {
		sb := n.GetSortBy()
		if len(sb.UseOp) > 0 {
			return pgUnsupported("ORDER BY ... USING is not translated for the SQLite backend")
		}
		e, err := tr.orderTerm(sb.Node, targets, false)
		if err != nil {
			return err
		}
		s := e.sql
		if e.typ.Base == "numeric" {
			s += " COLLATE " + decimalCollation
		}
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		if desc {
			s += " DESC"
		}
		// PostgreSQL sorts NULLs as larger than any value.
		nullsFirst := desc
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			nullsFirst = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			nullsFirst = false
		}
		if nullsFirst {
			s += " NULLS FIRST"
		} else {
			s += " NULLS LAST"
		}
		parts[i] = s
	}
	b.WriteString(" ORDER BY " + strings.Join(parts, ", "))
	return nil
}

func (tr *pgTrans) limit(b *strings.Builder, s *pg_query.SelectStmt) error {
	if s.LimitOption == pg_query.LimitOption_LIMIT_OPTION_WITH_TIES {
		return pgUnsupported("FETCH ... WITH TIES is not translated for the SQLite backend")
	}
	count, offset := "-1", ""
	if s.LimitCount != nil && s.LimitCount.GetAConst().GetIsnull() == false {
		e, err := tr.expr(s.LimitCount)
		if err != nil {
			return err
		}
		count = tr.typed(e, pgType{Base: "int8"}).sql
	}
	if s.LimitOffset != nil {
		e, err := tr.expr(s.LimitOffset)
		if err != nil {
			return err
		}
		offset = tr.typed(e, pgType{Base: "int8"}).sql
	}
	if count != "-1" || offset != "" {
		b.WriteString(" LIMIT " + count)
		if offset != "" {
			b.WriteString(" OFFSET " + offset)
		}
	}
	return nil
}

func (tr *pgTrans) table(name string) (*pgTable, error) {
	t, err := tr.tables(name)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, pgErr("42P01", "relation %q does not exist", name)
	}
	return t, nil
}

// clock is a reading of the clock in a read: the present moment (a write's
// clock was pinned to its block's time before it got here, see
// replay.PGPin), typed as PostgreSQL types it.
func (tr *pgTrans) clock(typ, name string) pgExpr {
	now := time.Now().UTC().Truncate(time.Microsecond)
	text := pgTimeText(now, typ == "timestamptz")
	if typ == "date" {
		text = now.Format("2006-01-02")
	}
	return pgExpr{sql: sqlString(text), typ: pgType{Base: typ}, name: name}
}
