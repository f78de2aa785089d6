package sqlite

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/drivers"
)

// MySQL computes with exact DECIMALs wherever no DOUBLE or string is
// involved: 7 / 2 is 3.5000, 0.10 + 0.20 is 0.30, SUM(price) adds cents.
// SQLite would use binary floating point, so the translator infers the
// MySQL type of each expression, bottom-up, and sends every exact
// computation that involves a DECIMAL (and every division of exact numbers)
// to the dec_* functions (decimal.go). The same types give computed result
// columns their MySQL type (SQLite names none), see readTypes.

// kind is the class of a MySQL expression type.
type kind uint8

const (
	kUnknown kind = iota
	kNull
	kInt
	kDecimal
	kDouble
	kString
	kOther // dates, times, JSON
)

// sqlType is an expression's MySQL type; prec and scale for DECIMAL, and
// the decimal precision of an integer.
type sqlType struct {
	kind        kind
	prec, scale int
	// literal marks a constant written in the statement.
	literal bool
	// roundedLiteral marks ROUND or TRUNCATE of an integer literal, whose
	// width MariaDB counts in characters as the literal's, prec+1 of them
	// (see round).
	roundedLiteral bool
	// name, when set, is the MySQL type a result column of this type has.
	name string
	// unsigned marks an integer of an UNSIGNED column or computed from one.
	unsigned bool
	// binary marks a binary string column (VARBINARY, BLOB).
	binary bool
	// coercible marks a string computed from literals alone (CONCAT('a',
	// x'62'), LTRIM('b')), which, as a literal does, yields to a column's
	// collation (MariaDB's COERCIBLE derivation; binaryCompare).
	coercible bool
	// boolean marks a truth value (a comparison, TRUE, NOT x), which a
	// JSON function writes as true or false (jsonValue).
	boolean bool
	// blob is how long a string can be: 0 up to a TINYTEXT's 255
	// characters or a VARCHAR, 1 a TEXT's, 2 a MEDIUMTEXT's or more. A
	// computed string at 1 or 2 is a MEDIUMTEXT or LONGTEXT result.
	blob int
	// fixed marks a DOUBLE printed with scale digits after the point, as
	// MariaDB prints ROUND(f, 1), CEIL(f) or CEIL(f) / 3 (its "decimals"
	// below 31); other DOUBLEs print as many digits as they need.
	fixed bool
	// signRoom marks -x of a signed DECIMAL x: MariaDB shows it one digit
	// wider (room for the sign) but computes with x's precision.
	signRoom bool
	// stored marks a date or time in a column's stored form: a CAST's
	// (casttime.go), compared with a literal as a column is (asStoredTime).
	stored bool
	// enum is the ENUM column a value is read from (colnumbers.go).
	enum *colInfo
	// cased marks a text column whose collation tells case apart
	// (colInfo.cased), or a string given utf8mb4_bin by COLLATE.
	cased bool
	// explicit is the collation a COLLATE clause gave a string (collate.go),
	// which wins over a column's or a literal's.
	explicit string
	// unsized marks a number computed from a DIV of a DOUBLE expression,
	// whose digits MariaDB counts and this typer does not: an integer
	// made of it (CEIL, FLOOR) is typed by its values (intDiv).
	unsized bool
}

// doubleDecimals is how many digits after the point MariaDB gives a
// number of type t in DOUBLE arithmetic: an integer's none, a DECIMAL's
// scale, a fixed DOUBLE's; false for a DOUBLE that is not fixed, a string
// or a date.
func (t sqlType) doubleDecimals() (int, bool) {
	switch {
	case t.kind == kInt:
		return 0, true
	case t.kind == kDecimal:
		return t.scale, true
	case t.kind == kDouble && t.fixed:
		return t.scale, true
	}
	return 0, false
}

// fixedDouble is the DOUBLE result of an operation on l and r that adds
// extra digits after the point (4 for /): fixed when both operands are
// and the digits stay below MariaDB's 31.
func fixedDouble(l, r sqlType, extra int) sqlType {
	a, okA := l.doubleDecimals()
	b, okB := r.doubleDecimals()
	if d := max(a, b) + extra; okA && okB && d < 31 {
		return sqlType{kind: kDouble, fixed: true, scale: d}
	}
	return sqlType{kind: kDouble}
}

// floatType is a FLOAT column's: a DOUBLE in SQLite's computations, shown
// with 6 significant digits (drivers.FormatFloat), which COALESCE, IF,
// CASE, GREATEST, LEAST of FLOATs only, MAX, MIN and NULLIF keep.
var floatType = sqlType{kind: kDouble, name: "FLOAT"}

func (t sqlType) isFloat() bool { return t == floatType }

func (t sqlType) exact() bool  { return t.kind == kInt || t.kind == kDecimal || t.kind == kNull }
func (t sqlType) approx() bool { return t.kind == kDouble || t.kind == kString || t.kind == kOther }

// decimalOf types an exact number as a DECIMAL (an integer has scale 0).
func decimalOf(t sqlType) sqlType {
	if t.kind == kInt {
		return sqlType{kind: kDecimal, prec: t.prec, unsigned: t.unsigned}
	}
	return t
}

func newDecimal(prec, scale int) sqlType {
	scale = min(max(scale, 0), maxScale)
	return sqlType{kind: kDecimal, prec: min(max(prec, scale, 1), 65), scale: scale}
}

// intPrecision is the decimal precision MariaDB gives each integer type.
// A MEDIUMINT has 8 (MariaDB shows it 9 wide, its sign included: MEDIUMINT
// m * 2.50 is a DECIMAL(11,2), ROUND(m, -1) a BIGINT).
var intPrecision = map[string]int{"TINYINT": 3, "SMALLINT": 5, "MEDIUMINT": 8, "INT": 10, "INTEGER": 19, "BIGINT": 19}

// columnType reads the SQLite declared type of a table column.
func columnType(decl string) sqlType {
	t := strings.ToUpper(decl)
	base, _, _ := strings.Cut(t, "(")
	base = strings.TrimSpace(strings.ReplaceAll(base, " UNSIGNED", ""))
	switch {
	case strings.HasPrefix(base, "DECIMAL") || strings.HasPrefix(base, "NUMERIC"):
		p, s := 10, 0
		if m := scale.FindStringSubmatch(t); m != nil {
			s, _ = strconv.Atoi(m[1])
			fmt.Sscanf(t[strings.IndexByte(t, '(')+1:], "%d", &p)
		}
		d := newDecimal(p, s)
		d.unsigned = strings.Contains(t, "UNSIGNED")
		return d
	case intPrecision[base] > 0 && base != "INTEGER":
		// An INTEGER is an AUTO_INCREMENT key (see proxy's declaredTypes).
		name, unsigned := base, strings.Contains(t, "UNSIGNED")
		prec := intPrecision[base]
		if unsigned {
			name = "UNSIGNED " + base
			if base == "BIGINT" {
				prec = 20 // 18446744073709551615: MariaDB counts 20 digits
			}
		}
		return sqlType{kind: kInt, prec: prec, name: name, unsigned: unsigned}
	case intPrecision[base] > 0:
		return sqlType{kind: kInt, prec: intPrecision[base]}
	case strings.Contains(base, "FLOAT") || strings.Contains(base, "DOUBLE") || base == "REAL":
		// FLOAT(7,2), DOUBLE(8,3): shown with their decimals; a FLOAT
		// with 6 significant digits (floatText).
		r := realOf(t)
		switch {
		case r.dec >= 0 && r.float:
			return sqlType{kind: kDouble, fixed: true, scale: r.dec, name: fmt.Sprintf("FLOAT(%d,%d)", r.digits, r.dec)}
		case r.dec >= 0:
			return sqlType{kind: kDouble, fixed: true, scale: r.dec}
		case r.float:
			return floatType
		}
		return sqlType{kind: kDouble}
	case strings.Contains(base, "CHAR") || strings.Contains(base, "TEXT") || base == "ENUM" || base == "SET":
		return sqlType{kind: kString, blob: blobLevel(base)}
	case strings.Contains(base, "BINARY") || strings.Contains(base, "BLOB"):
		return sqlType{kind: kOther, binary: true, blob: blobLevel(base)}
	case base == "":
		return sqlType{}
	case base == "YEAR":
		return sqlType{kind: kOther, name: base}
	case base == "DATE" || base == "DATETIME" || base == "TIMESTAMP" || base == "TIME":
		// scale is the fractional-seconds precision.
		fsp := 0
		fmt.Sscanf(strings.TrimPrefix(t, base+"("), "%d", &fsp)
		return sqlType{kind: kOther, name: base, scale: fsp}
	}
	return sqlType{kind: kOther}
}

// blobLevel is sqlType.blob of a column type.
func blobLevel(base string) int {
	switch base {
	case "TEXT", "BLOB":
		return 1
	case "MEDIUMTEXT", "LONGTEXT", "MEDIUMBLOB", "LONGBLOB":
		return 2
	}
	return 0
}

// literalType types a literal; a DECIMAL literal has as many digits as
// written (1.50 is DECIMAL(3,2)).
// booleanType is the type of a truth value: an INT(1) to MariaDB.
var booleanType = sqlType{kind: kInt, prec: 1, boolean: true}

func literalType(v *test_driver.ValueExpr) sqlType {
	switch v.Kind() {
	case test_driver.KindNull:
		return sqlType{kind: kNull}
	case test_driver.KindInt64, test_driver.KindUint64:
		if mysql.HasIsBooleanFlag(v.Type.GetFlag()) {
			return booleanType
		}
		return sqlType{kind: kInt, prec: len(strings.TrimPrefix(fmt.Sprint(v.GetValue()), "-")), literal: true}
	case test_driver.KindMysqlDecimal:
		s := strings.TrimPrefix(v.GetMysqlDecimal().String(), "-")
		ip, fp, _ := strings.Cut(s, ".")
		return newDecimal(len(ip)+len(fp), len(fp))
	case test_driver.KindFloat64, test_driver.KindFloat32:
		return sqlType{kind: kDouble}
	case test_driver.KindString, test_driver.KindBytes, test_driver.KindBinaryLiteral:
		return sqlType{kind: kString}
	}
	return sqlType{}
}

// arithType is the type of l op r for exact operands (MariaDB's rules).
func arithType(op opcode.Op, l, r sqlType) sqlType {
	out := arithTypeOf(op, l, r)
	out.unsized = widens(op, l, r) || widens(op, r, l)
	if out.unsized {
		out.name = "" // digits MariaDB counts and this typer does not: typed by the values
	}
	return out
}

// maxIntDigits is the most digits an integer MariaDB computes can have
// (BIGINT UNSIGNED's 20; -x of such a constant is a DECIMAL of as many).
const maxIntDigits = 20

// widens reports whether a's digits, which this typer does not count,
// may widen a op b: not in a sum or difference with a DECIMAL of at least
// maxIntDigits integer digits, whose digits the result takes whatever a's
// are (FLOOR(x / -0.005 - -LENGTH(s)) of a 19-digit x is MariaDB's
// DECIMAL(24,0), where the value typed it as a VARCHAR; MySQL seed 891).
// An unsized b is told by the call with the operands swapped.
func widens(op opcode.Op, a, b sqlType) bool {
	if !a.unsized {
		return false
	}
	sum := op == opcode.Plus || op == opcode.Minus
	return !sum || a.kind != kInt || b.kind != kDecimal || b.prec-b.scale < maxIntDigits
}

// intResult is an integer MariaDB computes with prec digits: shown prec
// characters wide, one more for a sign's place unless it is UNSIGNED, and
// an INT up to 9 characters, a BIGINT past them (intName).
func intResult(prec int, unsigned bool) sqlType {
	return sqlType{kind: kInt, prec: prec, name: intName(prec+boolInt(!unsigned), unsigned), unsigned: unsigned}
}

// intName is the type of an integer result width characters wide.
func intName(width int, unsigned bool) string {
	name := "INT"
	if width > 9 {
		name = "BIGINT"
	}
	if unsigned {
		name = "UNSIGNED " + name
	}
	return name
}

func arithTypeOf(op opcode.Op, l, r sqlType) sqlType {
	if l.kind == kInt && r.kind == kInt && op != opcode.Div {
		// A remainder has its dividend's sign: MySQL's integer % is
		// UNSIGNED only when x is; + - * when either operand is.
		// MariaDB's digits: one more than the wider operand's for + and -,
		// both operands' for *, the wider operand's for %; shown as an INT
		// or a BIGINT by that width (1 + 1 and t + 1 of a TINYINT t are
		// INTs, i + 1 of an INT i a BIGINT), whatever the values.
		unsigned := l.unsigned || r.unsigned
		prec := max(l.prec, r.prec) + 1
		switch op {
		case opcode.Mul:
			prec = l.prec + r.prec
		case opcode.Mod:
			prec, unsigned = max(l.prec, r.prec), l.unsigned
		}
		out := intResult(prec, unsigned)
		if unsigned && prec >= 19 {
			// Its values may pass SQLite's integers, which hold them as REAL:
			// typed by them (sqlite-unsigned-bigint).
			out.name = ""
		}
		return out
	}
	l, r = decimalOf(l), decimalOf(r)
	ints := max(l.prec-l.scale, r.prec-r.scale)
	// MariaDB's DECIMAL + - * / are UNSIGNED when both operands are (a
	// DIV of one then is too); a literal is signed.
	var d sqlType
	switch op {
	case opcode.Mul:
		d = newDecimal(l.prec+r.prec, l.scale+r.scale)
	case opcode.Div:
		d = newDecimal(l.prec+divScale+r.scale, l.scale+divScale)
	case opcode.Mod:
		// MariaDB: the larger precision, the larger scale (10 % 0.3 is
		// DECIMAL(2,1)), and the sign of x (UNSIGNED x keeps it).
		d := newDecimal(max(l.prec, r.prec), max(l.scale, r.scale))
		d.unsigned = l.unsigned
		return d
	default:
		s := max(l.scale, r.scale)
		d = newDecimal(ints+s+1, s)
	}
	d.unsigned = l.unsigned && r.unsigned
	return d
}

// mergeTypes is the type of IFNULL/COALESCE/IF/CASE/GREATEST over branches
// of types ts: a string if one is a string or a date, else DOUBLE if one
// is a DOUBLE, else DECIMAL if one is a DECIMAL.
func mergeTypes(ts ...sqlType) sqlType {
	var out sqlType
	ints, scale := 0, 0
	text, number := false, false
	for _, t := range ts {
		text = text || t.kind == kString || t.kind == kOther
		number = number || t.kind == kInt || t.kind == kDecimal || t.kind == kDouble
	}
	switch {
	case text && number:
		// A number branch is converted to text (SQLite would keep it).
		return sqlType{kind: kString, name: "VARCHAR"}
	case text:
		out := sqlType{kind: kString}
		for _, t := range ts {
			out.blob = max(out.blob, t.blob)
		}
		return out
	}
	for _, t := range ts {
		if t.kind == kDouble {
			return mergedDouble(ts)
		}
	}
	unsignedBig, signed, unsigned := false, false, false
	for _, t := range ts {
		unsignedBig = unsignedBig || t.kind == kInt && t.unsigned && strings.HasSuffix(t.name, "BIGINT")
		signed = signed || t.kind == kInt && !t.unsigned
		unsigned = unsigned || t.kind == kInt && t.unsigned
		switch {
		case t.kind == kNull:
			continue
		case t.kind == kUnknown:
			return sqlType{}
		case !t.exact():
			return sqlType{kind: t.kind}
		case t.kind == kDecimal || out.kind == kDecimal:
			out.kind = kDecimal
		default:
			out.kind = kInt
		}
		d := decimalOf(t)
		ints, scale = max(ints, d.prec-d.scale), max(scale, d.scale)
	}
	if out.kind == kDecimal {
		return newDecimal(ints+scale, scale)
	}
	if unsigned && signed {
		// MariaDB merges an UNSIGNED integer and a signed one into a
		// DECIMAL: DECIMAL(20,0) with a BIGINT UNSIGNED, which no
		// integer type holds beside a signed one (IFNULL(id, 0) of a
		// BIGINT UNSIGNED id, IF(c, ref, id)); with a smaller one too
		// (LEAST(id, u) of an INT id and an INT UNSIGNED u is a
		// DECIMAL(10,0)), so arithmetic on it does not overflow BIGINT:
		// LEAST(id, u) - -9223372036854775807 is 9223372036854775808.
		if unsignedBig {
			return newDecimal(20, 0)
		}
		return newDecimal(ints, 0)
	}
	out.prec = ints
	// Integers all UNSIGNED merge into an UNSIGNED one: IF(c, id, id) -
	// ref is refused below 0, as MariaDB refuses it.
	out.unsigned = out.kind == kInt && unsigned && !signed
	if out.kind == kInt {
		out.name = mergedIntName(ts, out.unsigned)
	}
	return out
}

// intTypes are MariaDB's integer types by width; intRank is a type name's
// place among them (UNSIGNED or not), 0 for any other name.
var intTypes = []string{"", "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT"}

func intRank(name string) int {
	return max(slices.Index(intTypes, strings.TrimPrefix(name, "UNSIGNED ")), 0)
}

// mergedIntName is the type MariaDB gives integers merged (COALESCE, IF,
// CASE, GREATEST, a UNION's column): the widest of theirs, whatever the
// values (COALESCE(t, s) of a TINYINT t and a SMALLINT s is a SMALLINT, also
// when both are NULL); a literal or a truth value is an INT (a BIGINT past 9
// digits). "" when an operand's type is not known (the values type them).
func mergedIntName(ts []sqlType, unsigned bool) string {
	rank := 0
	for _, t := range ts {
		r := 0
		switch {
		case t.kind == kNull:
			continue
		case t.boolean || t.literal && t.prec <= 9:
			r = intRank("INT")
		case t.literal:
			r = intRank("BIGINT")
		default:
			r = intRank(t.name)
		}
		if r == 0 || t.unsized {
			return ""
		}
		rank = max(rank, r)
	}
	if unsigned {
		return "UNSIGNED " + intTypes[rank]
	}
	return intTypes[rank]
}

// mergedDouble is the DOUBLE that numbers merge into when one is a DOUBLE:
// printed with the most digits after the point of any branch when every
// branch has a fixed number of them (IF(c, TRUNCATE(1e2, 2), 2.50) is
// 100.00 as text), as many as it needs otherwise; a FLOAT where every
// branch is one (COALESCE(a, a) shows a FLOAT's 6 digits).
func mergedDouble(ts []sqlType) sqlType {
	out := sqlType{kind: kDouble, fixed: true}
	// FLOATs only, or with integers of up to a MEDIUMINT's width: a FLOAT,
	// shown as one (COALESCE(f, m) of a FLOAT f and a MEDIUMINT m; with an
	// INT, a DOUBLE).
	fixed, float, floats := true, true, false
	for _, t := range ts {
		if t.kind == kNull {
			continue
		}
		d, ok := t.doubleDecimals()
		fixed = fixed && ok
		isFloat := t.kind == kDouble && strings.HasPrefix(t.name, "FLOAT")
		floats = floats || isFloat
		float = float && (isFloat || t.kind == kInt && intRank(t.name) > 0 && intRank(t.name) <= intRank("MEDIUMINT"))
		out.scale = max(out.scale, d)
	}
	float = float && floats
	switch {
	case !fixed && float:
		return floatType
	case !fixed:
		return sqlType{kind: kDouble}
	case float:
		out.name = fmt.Sprintf("FLOAT(%d,%d)", 17+out.scale, out.scale)
	}
	return out
}

// mysqlTypeName is a result column's MySQL type as the proxy reads it.
func (t sqlType) mysqlTypeName() string {
	if t.name != "" {
		return t.name
	}
	switch {
	case t.kind == kDecimal && t.unsigned:
		return fmt.Sprintf("DECIMAL(%d,%d) UNSIGNED", t.prec, t.scale)
	case t.kind == kDecimal:
		if t.signRoom {
			return fmt.Sprintf("DECIMAL(%d,%d)", t.prec+1, t.scale)
		}
		return fmt.Sprintf("DECIMAL(%d,%d)", t.prec, t.scale)
	case t.kind == kDouble && t.fixed:
		return fmt.Sprintf("DOUBLE(%d,%d)", 17+t.scale, t.scale)
	case t.kind == kDouble:
		return "DOUBLE"
	case t.kind == kString && t.blob > 0:
		size, kind := "MEDIUM", "TEXT"
		if t.blob > 1 {
			size = "LONG"
		}
		if t.binary {
			kind = "BLOB"
		}
		return drivers.ComputedBlob(size + kind)
	case t.kind == kString && t.binary:
		// A binary string (a hex literal, a function of one): a VARBINARY,
		// where SQLite would describe it from its value, as a BLOB or a
		// TEXT.
		return "VARBINARY"
	case t.kind == kInt && t.boolean:
		// A truth value (a comparison, IS NULL, NOT, IN, EXISTS, TRUE) is
		// MariaDB's INT whatever the rows; of a NULL, or of no rows, the
		// SQLite node described it from its value as NULL.
		return "INT"
	}
	return ""
}

// constInt is the value of an integer literal argument.
func constInt(e ast.ExprNode) (int, bool) {
	if u, ok := e.(*ast.UnaryOperationExpr); ok && u.Op == opcode.Minus {
		n, ok := constInt(u.V)
		return -n, ok
	}
	v, ok := e.(*test_driver.ValueExpr)
	if !ok || (v.Kind() != test_driver.KindInt64 && v.Kind() != test_driver.KindUint64) {
		return 0, false
	}
	n, err := strconv.Atoi(fmt.Sprint(v.GetValue()))
	return n, err == nil
}

// decimalLiteral writes a DECIMAL literal as exact text, which SQLite would
// otherwise read as a REAL.
func decimalLiteral(s string) ast.ExprNode { return raw("'" + s + "'") }

// isIntCast reports a CAST to SIGNED or UNSIGNED.
func isIntCast(e *ast.FuncCastExpr) bool {
	switch e.Tp.GetType() {
	case mysql.TypeLonglong, mysql.TypeLong, mysql.TypeInt24, mysql.TypeShort, mysql.TypeTiny:
		return true
	}
	return false
}

// isDoubleCast reports a CAST or CONVERT to DOUBLE or FLOAT.
func isDoubleCast(e *ast.FuncCastExpr) bool {
	return e.Tp.GetType() == mysql.TypeDouble || e.Tp.GetType() == mysql.TypeFloat
}

// isCharCast reports a CAST or CONVERT to CHAR or BINARY.
func isCharCast(e *ast.FuncCastExpr) bool {
	switch e.Tp.GetType() {
	case mysql.TypeVarString, mysql.TypeString, mysql.TypeVarchar:
		return true
	}
	return false
}

// isDecimalCast reports a CAST or CONVERT to DECIMAL.
func isDecimalCast(e *ast.FuncCastExpr) bool { return e.Tp.GetType() == mysql.TypeNewDecimal }
