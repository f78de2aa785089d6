package sqlite

import (
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// translateRead turns a read statement into SQLite SQL, with the MySQL
// types of the result columns SQLite cannot name (see typer.resultTypes).
func translateRead(stmt ast.StmtNode, schema schemaFunc) (string, []string, error) {
	stmt, grouped, err := rollupRead(stmt)
	if err != nil {
		return "", nil, err
	}
	switch stmt.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		out, ty, err := translateWith(stmt, schema)
		if err != nil {
			return "", nil, err
		}
		types := ty.resultTypes()
		ty.alignUnion(types)
		if grouped != nil {
			// A rollup's columns have the types of its rows grouped by
			// every key, not those of the UNION around them.
			_, gty, err := translateWith(grouped, schema)
			if err != nil {
				return "", nil, err
			}
			types = gty.fieldTypes(len(drivers.FirstSelect(stmt).Fields.Fields))
		}
		q, err := restoreRead(out)
		return q, types, err
	}
	return "", nil, drivers.Errorf(drivers.ErNotSupported, "42000", "SQLite backend cannot answer %T", stmt)
}

// restoreRead restores a translated read. SQLite answers a UNION through
// a sorted index, so SELECT 1 UNION SELECT 0 comes back as 0, 1 where
// MySQL keeps the order the rows were found in; clients and tests read
// that order. A UNION of plain SELECTs without an ORDER BY or LIMIT of its
// own is therefore written as SELECT DISTINCT over their UNION ALL, which
// keeps the first of equal rows in the order they come.
func restoreRead(out ast.Node) (string, error) {
	u, ok := out.(*ast.SetOprStmt)
	if !ok || u.OrderBy != nil || u.Limit != nil || u.With != nil || u.SelectList == nil ||
		u.SelectList.OrderBy != nil || u.SelectList.Limit != nil {
		return restore(out)
	}
	var ops []*ast.SetOprType
	for i, n := range u.SelectList.Selects {
		sel, ok := n.(*ast.SelectStmt)
		if !ok || (i > 0 && (sel.AfterSetOperator == nil || *sel.AfterSetOperator != ast.Union)) {
			return restore(out)
		}
		if i > 0 {
			ops = append(ops, sel.AfterSetOperator)
		}
	}
	all := ast.UnionAll
	for i, n := range u.SelectList.Selects[1:] {
		n.(*ast.SelectStmt).AfterSetOperator = &all
		defer func(sel *ast.SelectStmt, op *ast.SetOprType) { sel.AfterSetOperator = op }(n.(*ast.SelectStmt), ops[i])
	}
	q, err := restore(out)
	return "SELECT DISTINCT * FROM (" + q + ")", err
}

// renamed maps MySQL functions to an SQLite builtin or to a function
// registered in funcs.go with the same arguments.
var renamed = map[string]string{
	"if": "iif", "lcase": "mysql_lower", "ucase": "mysql_upper", "lower": "mysql_lower", "upper": "mysql_upper",
	"char_length": "mysql_char_length", "character_length": "mysql_char_length", "length": "octet_length",
	"greatest": "max", "least": "min", "substring": "mysql_substr", "substr": "mysql_substr", "mid": "mysql_substr",
	"concat": "mysql_concat", "concat_ws": "mysql_concat_ws",
	"left": "mysql_left", "right": "mysql_right",
	"locate": "mysql_locate", "position": "mysql_locate", "instr": "mysql_instr",
	"floor": "mysql_floor", "ceil": "mysql_ceil", "ceiling": "mysql_ceil", "abs": "mysql_abs",
	"pow": "mysql_pow", "power": "mysql_pow", "sqrt": "mysql_sqrt",
	"date_format": "mysql_date_format", "md5": "mysql_md5", "hex": "mysql_hex", "sha1": "mysql_sha1", "sha": "mysql_sha1",
	"lpad": "mysql_lpad", "rpad": "mysql_rpad", "repeat": "mysql_repeat", "reverse": "mysql_reverse",
	"truncate": "mysql_truncate", "space": "mysql_space",
	"format": "mysql_format", "substring_index": "mysql_substring_index", "ascii": "mysql_ascii",
	"dayname": "mysql_dayname", "monthname": "mysql_monthname", "quarter": "mysql_quarter", "weekday": "mysql_weekday",
	"to_days": "mysql_to_days", "period_add": "mysql_period_add", "period_diff": "mysql_period_diff", "to_base64": "mysql_to_base64", "from_base64": "mysql_from_base64", "json_type": "mysql_json_type", "json_length": "mysql_json_length", "json_depth": "mysql_json_depth", "json_valid": "json_valid",
	"from_days": "mysql_from_days", "makedate": "mysql_makedate", "ord": "mysql_ord", "bit_count": "mysql_bit_count",
	"elt": "mysql_elt", "week": "mysql_week", "yearweek": "mysql_yearweek", "find_in_set": "mysql_find_in_set",
	"insert_func": "mysql_insert", "conv": "mysql_conv",
	"ln": "mysql_ln", "log": "mysql_log", "log2": "mysql_log2", "log10": "mysql_log10", "exp": "mysql_exp",
	"sin": "mysql_sin", "cos": "mysql_cos", "tan": "mysql_tan", "asin": "mysql_asin", "acos": "mysql_acos",
	"atan": "mysql_atan", "atan2": "mysql_atan", "cot": "mysql_cot", "degrees": "mysql_degrees", "radians": "mysql_radians",
	"regexp_replace": "mysql_regexp_replace", "regexp_substr": "mysql_regexp_substr", "regexp_instr": "mysql_regexp_instr",
	"sha2": "mysql_sha2", "crc32": "mysql_crc32", "crc32c": "mysql_crc32c", "interval": "mysql_interval", "char_func": "mysql_char", "uuid": "mysql_uuid",
}

// datePart are the MySQL date accessors SQLite spells with strftime.
var datePart = map[string]string{
	"hour": "%H", "minute": "%M", "second": "%S",
}

// rewriteExpr replaces one MySQL expression by its SQLite equivalent; its
// children are already translated.
func rewriteExpr(e ast.ExprNode) (ast.ExprNode, error) {
	switch e := e.(type) {
	case *ast.FuncCallExpr:
		return rewriteCall(e)
	case *ast.FuncCastExpr:
		return rewriteCast(e), nil
	case *ast.BinaryOperationExpr:
		return rewriteBinary(e), nil
	case *ast.PatternLikeOrIlikeExpr:
		return rewriteLike(e), nil
	case *ast.AggregateFuncExpr:
		return rewriteAggregate(e)
	case *ast.PatternInExpr:
		if isString(e.Expr) {
			e.Expr = nocase(e.Expr)
		}
	case *test_driver.ValueExpr:
		return literal(e), nil
	case *ast.SetCollationExpr:
		return e, collationError(e.Collate)
	case *ast.VariableExpr:
		// The frontends put a variable's value in the statement before
		// it reaches a driver; SQLite has no variables of its own.
		return e, drivers.Errorf(drivers.ErNotSupported, "42000", "blocksql does not support variables (@%s) here", e.Name)
	case *ast.UnaryOperationExpr:
		if e.Op == opcode.Not2 {
			// SQLite has no !; parenthesized, NOT keeps the tighter
			// binding of MySQL's !.
			return &ast.ParenthesesExpr{Expr: &ast.UnaryOperationExpr{Op: opcode.Not, V: e.V}}, nil
		}
	}
	return e, nil
}

// comparisons are the operators whose text comparison follows MySQL's
// case-insensitive default collation.
var comparisons = map[opcode.Op]bool{
	opcode.EQ: true, opcode.NE: true, opcode.LT: true, opcode.LE: true, opcode.GT: true, opcode.GE: true, opcode.NullEQ: true,
}

// isString reports a string literal.
func isString(e ast.ExprNode) bool {
	v, ok := e.(*test_driver.ValueExpr)
	return ok && v.Kind() == test_driver.KindString
}

func isNumber(e ast.ExprNode) bool {
	v, ok := e.(*test_driver.ValueExpr)
	if !ok {
		return false
	}
	switch v.Kind() {
	case test_driver.KindInt64, test_driver.KindUint64, test_driver.KindFloat64, test_driver.KindMysqlDecimal:
		return true
	}
	return false
}

func nocase(e ast.ExprNode) ast.ExprNode { return raw("(", e, " COLLATE "+generalCI+")") }

// compareLiterals gives a comparison with a string literal MySQL's
// meaning: case-insensitive against text (a column's own collation
// already is), numeric against a number.
func compareLiterals(e *ast.BinaryOperationExpr) {
	switch {
	case isString(e.R) && isNumber(e.L):
		e.R = raw("CAST(", e.R, " AS NUMERIC)")
	case isString(e.L) && isNumber(e.R):
		e.L = raw("CAST(", e.L, " AS NUMERIC)")
	case isString(e.R):
		e.R = nocase(e.R)
	case isString(e.L):
		e.L = nocase(e.L)
	}
}

// textArg are the SQLite builtins that read their first argument as
// text, which SQLite writes 0.0 for a whole DOUBLE.
var textArg = map[string]bool{"lower": true, "upper": true, "lcase": true, "ucase": true, "length": true,
	"octet_length": true, "replace": true, "trim": true, "ltrim": true, "rtrim": true}

func rewriteCall(e *ast.FuncCallExpr) (ast.ExprNode, error) {
	if e.Schema.O != "" {
		// A stored function: blocksql creates none, and SQLite has no
		// qualified function names.
		return e, drivers.Errorf(drivers.ErSpDoesNotExist, "42000", "FUNCTION %s.%s does not exist", e.Schema.O, e.FnName.O)
	}
	name := e.FnName.L
	if textArg[name] && len(e.Args) > 0 {
		e.Args[0] = raw("mysql_double_text(", e.Args[0], ")")
	}
	if to, ok := renamed[name]; ok {
		e.FnName = ast.NewCIStr(to)
		e.Tp = ast.FuncCallExprTypeGeneric
		return e, nil
	}
	if to, ok := dateFuncs[name]; ok {
		e.FnName = ast.NewCIStr(to)
		e.Tp = ast.FuncCallExprTypeGeneric
		return e, nil
	}
	if out, ok := rewriteInterval(e); ok {
		return out, nil
	}
	if f, ok := datePart[name]; ok && len(e.Args) == 1 {
		return raw("CAST(strftime('"+f+"', ", e.Args[0], ") AS INTEGER)"), nil
	}
	switch name {
	case "now", "current_timestamp", "localtime", "localtimestamp", "sysdate", "utc_timestamp":
		return raw("datetime('now')"), nil
	case "curdate", "current_date", "utc_date":
		return raw("date('now')"), nil
	case "curtime", "current_time", "utc_time":
		return raw("time('now')"), nil
	case "unix_timestamp":
		if len(e.Args) == 0 {
			return raw("CAST(strftime('%s', 'now') AS INTEGER)"), nil
		}
		return raw("CAST(strftime('%s', ", e.Args[0], ") AS INTEGER)"), nil
	case "rand":
		return raw("((random() & 9007199254740991) / 9007199254740992.0)"), nil
	case "mod":
		return divRaw("mysql_mod_zerr", "(", e.Args[0], " % ", e.Args[1], ")"), nil
	case "isnull":
		if len(e.Args) == 1 {
			return raw("((", e.Args[0], ") IS NULL)"), nil
		}
	case "convert":
		// CONVERT(x USING charset): SQLite text is always UTF-8.
		return e.Args[0], nil
	case "trim":
		return rewriteTrim(e), nil
	case "extract":
		if u, ok := e.Args[0].(*ast.TimeUnitExpr); ok && len(e.Args) == 2 {
			return raw("mysql_extract('"+u.Unit.String()+"', ", e.Args[1], ")"), nil
		}
	case "microsecond":
		if len(e.Args) == 1 {
			return raw("mysql_extract('MICROSECOND', ", e.Args[0], ")"), nil
		}
	case "bin", "oct":
		// CONV(n, 10, 2) and CONV(n, 10, 8), as MySQL defines them.
		if len(e.Args) == 1 {
			return raw("mysql_conv(", e.Args[0], map[string]string{"bin": ", 10, 2)", "oct": ", 10, 8)"}[name]), nil
		}
	case "json_extract":
		out := raw("mysql_json_text(", e, ")")
		if len(e.Args) == 2 {
			out = raw("mysql_json_text(", e.Args[0], " -> ", e.Args[1], ")")
		}
		out.extract = true
		return out, nil
	case "json_unquote":
		if len(e.Args) == 1 {
			return raw("mysql_json_unquote(", e.Args[0], ")"), nil
		}
	case "json_value":
		if len(e.Args) == 2 {
			// A scalar's value; an object or an array has none.
			return raw("(CASE WHEN json_type(", e.Args[0], ", ", e.Args[1], ") IN ('object', 'array') THEN NULL ELSE ",
				e.Args[0], " ->> ", e.Args[1], " END)"), nil
		}
	case "json_merge_patch":
		// RFC 7396's merge, SQLite's json_patch, applied left to right.
		if len(e.Args) >= 2 {
			var out ast.ExprNode = e.Args[0]
			for _, a := range e.Args[1:] {
				out = raw("json_patch(", out, ", ", a, ")")
			}
			return raw("mysql_json_text(", out, ")"), nil
		}
	case "json_array_append":
		// Appends to the array at the path; a scalar or an object there
		// becomes an array of it and the value; a path that selects
		// nothing gives NULL.
		if len(e.Args) == 3 {
			doc, path, v := e.Args[0], e.Args[1], e.Args[2]
			return raw("mysql_json_text(CASE WHEN json_type(", doc, ", ", path, ") = 'array' THEN json_insert(", doc, ", ", path,
				" || '[#]', ", v, ") WHEN json_type(", doc, ", ", path, ") IS NOT NULL THEN json_set(", doc, ", ", path,
				", json_array(json(", doc, " -> ", path, "), ", v, ")) END)"), nil
		}
	case "json_object", "json_array", "json_set", "json_insert", "json_replace", "json_remove", "json_array_insert":
		e.Tp = ast.FuncCallExprTypeGeneric
		return raw("mysql_json_text(", e, ")"), nil
	}
	// Any other function keeps its name, written quoted: MySQL reads a
	// name such as 000A as an identifier, SQLite as a number and a word.
	e.Tp = ast.FuncCallExprTypeGeneric
	return e, nil
}

// rewriteTrim handles TRIM([BOTH|LEADING|TRAILING] [s FROM] x).
func rewriteTrim(e *ast.FuncCallExpr) ast.ExprNode {
	fn := "trim"
	if len(e.Args) == 3 {
		if v, ok := e.Args[2].(*ast.TrimDirectionExpr); ok {
			switch v.Direction {
			case ast.TrimLeading:
				fn = "ltrim"
			case ast.TrimTrailing:
				fn = "rtrim"
			}
		}
	}
	if len(e.Args) >= 2 {
		return raw(fn+"(", e.Args[0], ", ", e.Args[1], ")")
	}
	return raw(fn+"(", e.Args[0], ")")
}

func rewriteCast(e *ast.FuncCastExpr) ast.ExprNode {
	tp := e.Tp
	switch tp.GetType() {
	case mysql.TypeLonglong, mysql.TypeLong, mysql.TypeInt24, mysql.TypeShort, mysql.TypeTiny:
		return raw("CAST(", e.Expr, " AS INTEGER)")
	case mysql.TypeDouble, mysql.TypeFloat:
		return raw("CAST(", e.Expr, " AS REAL)")
	case mysql.TypeDate:
		return raw("mysql_cast_date(", e.Expr, ")")
	case mysql.TypeDatetime, mysql.TypeTimestamp:
		return raw("mysql_cast_datetime(", e.Expr, fmt.Sprintf(", %d)", max(tp.GetDecimal(), 0)))
	case mysql.TypeDuration:
		return raw("mysql_time(", e.Expr, fmt.Sprintf(", %d)", max(tp.GetDecimal(), 0)))
	case mysql.TypeJSON:
		return e.Expr
	}
	if e.FunctionType == ast.CastBinaryOperator || tp.GetCharset() == "binary" {
		return raw("CAST(mysql_double_text(", e.Expr, ") AS BLOB)")
	}
	// A character string in the connection's collation, as in MySQL.
	return raw("(CAST(mysql_double_text(", e.Expr, ") AS TEXT) COLLATE "+generalCI+")")
}

func rewriteBinary(e *ast.BinaryOperationExpr) ast.ExprNode {
	if comparisons[e.Op] {
		compareLiterals(e)
	}
	switch e.Op {
	case opcode.Div:
		// MySQL's / never truncates; x/0 is NULL on both (1365 in a
		// write, strictDivision).
		return divRaw("mysql_div_zerr", "(CAST(", e.L, " AS REAL) / (", e.R, "))")
	case opcode.IntDiv:
		return divRaw("mysql_intdiv_zerr", "CAST((", e.L, ") / NULLIF((", e.R, "), 0) AS INTEGER)")
	case opcode.NullEQ:
		return raw("((", e.L, ") IS (", e.R, "))")
	case opcode.LogicXor:
		return raw("(((", e.L, ") <> 0) <> ((", e.R, ") <> 0))")
	case opcode.Xor:
		return raw("(((", e.L, ") | (", e.R, ")) - ((", e.L, ") & (", e.R, ")))")
	}
	return e
}

// rewriteLike calls mysql_like (see like.go): SQLite's LIKE folds only
// ASCII case and has no default escape, where MySQL's follows the
// collation (accents too) with a backslash escape.
func rewriteLike(e *ast.PatternLikeOrIlikeExpr) ast.ExprNode {
	not := ""
	if e.Not {
		not = "NOT "
	}
	esc := string(e.Escape)
	if !e.EscapeExplicit || e.Escape == 0 {
		esc = `\`
	}
	return raw("("+not+"mysql_like(", e.Expr, ", ", e.Pattern, ", '"+strings.ReplaceAll(esc, "'", "''")+"'))")
}

// rewriteAggregate handles GROUP_CONCAT, whose MySQL syntax (SEPARATOR,
// several values) SQLite spells differently.
func rewriteAggregate(e *ast.AggregateFuncExpr) (ast.ExprNode, error) {
	if !strings.EqualFold(e.F, ast.AggFuncGroupConcat) {
		return e, nil
	}
	return groupConcat(e, collGeneral), nil
}

// groupConcat is GROUP_CONCAT in SQLite's words. DISTINCT values are
// told apart in the collation coll (the text one, or byte by byte, or a
// column's utf8mb4_bin), as MariaDB tells them apart, and joined with the
// SEPARATOR, which SQLite's own group_concat(DISTINCT …) cannot take
// (mysql_group_concat_distinct).
func groupConcat(e *ast.AggregateFuncExpr, coll int64) ast.ExprNode {
	vals, sep := e.Args[:len(e.Args)-1], e.Args[len(e.Args)-1]
	// SQLite would write a whole DOUBLE as 0.0; the ORDER BY below keeps
	// the value itself.
	var val, order any = raw("mysql_double_text(", vals[0], ")"), vals[0]
	if len(vals) > 1 {
		parts := []any{"mysql_concat("}
		for i, v := range vals {
			if i > 0 {
				parts = append(parts, ", ")
			}
			parts = append(parts, v)
		}
		val = raw(append(parts, ")")...)
		order = val
		if coll == collGeneral {
			order = nocase(val.(ast.ExprNode))
		}
	}
	parts := []any{"group_concat(", val, ", ", sep}
	if e.Distinct {
		parts = []any{"mysql_group_concat_distinct(", val, ", ", sep, fmt.Sprintf(", %d", coll)}
	}
	switch {
	case e.Order != nil:
		parts = append(parts, " ", e.Order)
	case e.Distinct:
		// MySQL returns DISTINCT values sorted.
		parts = append(parts, " ORDER BY ", order)
	}
	return raw(append(parts, ")")...)
}
