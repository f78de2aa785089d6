package sqlite

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/pingcap/tidb/pkg/parser/types"
)

// CHECK constraint name prefixes; errors.go maps a failed check back to the
// MySQL strict-mode error it stands for.
const (
	chkInt   = "int:"   // 1366 Incorrect integer value
	chkNum   = "num:"   // 1366 Incorrect decimal value
	chkReal  = "real:"  // 1366 Incorrect double value
	chkRange = "range:" // 1264 Out of range value
	chkLen   = "len:"   // 1406 Data too long
	chkEnum  = "enum:"  // 1265 Data truncated
	chkDate  = "date:"  // 1292 Incorrect datetime value
	chkUser  = "user:"  // 4025 CONSTRAINT failed
	chkJSON  = "json:"  // 4025 CONSTRAINT failed: not JSON, in a JSON column
	chkTrunc = "trunc:" // 1265 Data truncated: a number followed by other characters
)

// intRanges are the bounds of MySQL's integer types, signed then unsigned.
var intRanges = map[byte][2]string{
	mysql.TypeTiny:     {"-128 AND 127", "0 AND 255"},
	mysql.TypeShort:    {"-32768 AND 32767", "0 AND 65535"},
	mysql.TypeInt24:    {"-8388608 AND 8388607", "0 AND 16777215"},
	mysql.TypeLong:     {"-2147483648 AND 2147483647", "0 AND 4294967295"},
	mysql.TypeLonglong: {"", "0 AND 9223372036854775807"},
}

func isIntType(tp *types.FieldType) bool {
	_, ok := intRanges[tp.GetType()]
	return ok
}

func isTextType(tp *types.FieldType) bool {
	switch tp.GetType() {
	case mysql.TypeEnum, mysql.TypeSet:
		return true
	}
	t := tp.GetType()
	str := types.IsTypeChar(t) || types.IsTypeBlob(t) || t == mysql.TypeVarString
	return str && tp.GetCharset() != "binary" && !mysql.HasBinaryFlag(tp.GetFlag())
}

// declaredType is the MySQL type text kept as SQLite's declared type, so
// result columns report the MySQL type; SQLite derives its affinity from
// it (INT → INTEGER, CHAR/TEXT → TEXT, ...).
func declaredType(tp *types.FieldType) string {
	s := types.TypeToStr(tp.GetType(), tp.GetCharset())
	if tp.GetType() == mysql.TypeSet {
		s = `"SET"` // SET is a keyword in SQLite
	}
	// SQLite's type names end at the parenthesis: "DECIMAL(10,2)
	// UNSIGNED" is a syntax error, "DECIMAL UNSIGNED(10,2)" is not.
	if mysql.HasUnsignedFlag(tp.GetFlag()) {
		s += " UNSIGNED"
	}
	flen, dec := tp.GetFlen(), tp.GetDecimal()
	if tp.GetType() == mysql.TypeNewDecimal {
		return decimalDeclType(tp)
	}
	switch tp.GetType() {
	case mysql.TypeEnum, mysql.TypeSet:
		flen = types.UnspecifiedLength
	case mysql.TypeNewDecimal, mysql.TypeFloat, mysql.TypeDouble:
	case mysql.TypeDatetime, mysql.TypeTimestamp, mysql.TypeDuration:
		flen, dec = dec, types.UnspecifiedLength
	default:
		dec = types.UnspecifiedLength
	}
	if flen > 0 {
		s += fmt.Sprintf("(%d", flen)
		if dec != types.UnspecifiedLength && dec >= 0 {
			s += fmt.Sprintf(",%d", dec)
		}
		s += ")"
	}
	return strings.ToUpper(s)
}

// columnSQL renders one column for CREATE TABLE. rowid makes it the
// table's INTEGER PRIMARY KEY (a rowid alias: the fastest key SQLite has);
// inPK adds the NOT NULL MySQL implies for key columns.
func columnSQL(c *ast.ColumnDef, rowid, inPK bool) (string, error) {
	parts := []string{quoteIdent(c.Name.Name.O)}
	if rowid {
		parts = append(parts, "INTEGER PRIMARY KEY")
	} else {
		parts = append(parts, declaredType(c.Tp))
	}
	opts, notNull, binary, err := columnOptions(c)
	if err != nil {
		return "", err
	}
	parts = append(parts, opts...)
	if coll := collationOf(c.Tp, binary); coll != "" {
		parts = append(parts, "COLLATE "+coll)
	}
	if notNull || inPK {
		parts = append(parts, "NOT NULL")
	}
	return strings.Join(append(parts, typeChecks(c.Name.Name.O, c.Tp)...), " "), nil
}

// typedColumnSQL is column c with its type, collation and type checks
// only (errorder.go).
func typedColumnSQL(c *ast.ColumnDef) string {
	parts := []string{quoteIdent(c.Name.Name.O), declaredType(c.Tp)}
	if coll := collationOf(c.Tp, binaryCollation(c)); coll != "" {
		parts = append(parts, "COLLATE "+coll)
	}
	return strings.Join(append(parts, typeChecks(c.Name.Name.O, c.Tp)...), " ")
}

// collationOf is the collation a column of type tp is declared with, ""
// for none; binary is a _bin collation among its options.
func collationOf(tp *types.FieldType, binary bool) string {
	switch {
	case isTextType(tp) && !binary && tp.GetCollate() != "utf8mb4_bin":
		// MySQL's default collation folds case and accents, UNIQUE included.
		return generalCI
	case tp.GetType() == mysql.TypeNewDecimal:
		return decimalCollation
	case tp.GetType() == mysql.TypeDuration:
		return timeCollation
	}
	return ""
}

// storedValue is v, a value converted for column c, read in place of the
// column: with the column's affinity (where converting to it cannot change
// the value) and collation, so that it compares as the column does. c nil
// leaves v as it is.
func storedValue(c *ast.ColumnDef, v string) string {
	out := "(" + v + ")"
	if c == nil {
		return out
	}
	// Naming the column keeps SQLite from computing a constant v once
	// before the first row, which would raise its error with no row to
	// update.
	col := quoteIdent(c.Name.Name.O)
	out = "(CASE WHEN " + col + " IS NULL THEN " + out + " ELSE " + out + " END)"
	switch decl := strings.ToUpper(declaredType(c.Tp)); {
	case strings.Contains(decl, "INT"):
		out = "CAST(" + out + " AS INTEGER)"
	case strings.Contains(decl, "CHAR") || strings.Contains(decl, "CLOB") || strings.Contains(decl, "TEXT"):
		out = "CAST(" + out + " AS TEXT)"
	case strings.Contains(decl, "REAL") || strings.Contains(decl, "FLOA") || strings.Contains(decl, "DOUB"):
		out = "CAST(" + out + " AS REAL)"
	}
	if coll := collationOf(c.Tp, binaryCollation(c)); coll != "" {
		out += " COLLATE " + coll
	}
	return "(" + out + ")"
}

// binaryCollation tells whether column c names a _bin collation (the
// last one it names, as MySQL takes it).
func binaryCollation(c *ast.ColumnDef) bool {
	binary := false
	for _, o := range c.Options {
		if o.Tp == ast.ColumnOptionCollate {
			binary = strings.HasSuffix(strings.ToLower(o.StrValue), "_bin")
		}
	}
	return binary
}

// columnOptions renders DEFAULT, generated columns and CHECK; AUTO_INCREMENT
// is dropped (the apply engine always writes explicit ids), and so are
// COMMENT, ON UPDATE and REFERENCES.
func columnOptions(c *ast.ColumnDef) (parts []string, notNull, binary bool, err error) {
	for _, o := range c.Options {
		switch o.Tp {
		case ast.ColumnOptionNotNull:
			notNull = true
		case ast.ColumnOptionCollate:
			binary = binaryCollation(c)
		case ast.ColumnOptionDefaultValue, ast.ColumnOptionGenerated, ast.ColumnOptionCheck:
			dflt, isConst := "", false
			if o.Tp == ast.ColumnOptionDefaultValue && c.Tp.GetType() == mysql.TypeNewDecimal {
				dflt, isConst = decimalDefault(o.Expr, c.Tp)
			}
			if o.Tp == ast.ColumnOptionDefaultValue && (c.Tp.GetType() == mysql.TypeFloat || c.Tp.GetType() == mysql.TypeDouble) {
				dflt, isConst = realDefault(o.Expr, c.Tp)
			}
			if o.Tp == ast.ColumnOptionDefaultValue && isFixedBinary(c.Tp) {
				dflt, isConst = binaryDefault(o.Expr, c.Tp)
			}
			e, err := translateSQL(o.Expr)
			if err != nil {
				return nil, false, false, err
			}
			if isConst {
				e = dflt
			}
			parts = append(parts, optionSQL(o, c.Name.Name.O, e))
		}
	}
	return parts, notNull, binary, nil
}

func optionSQL(o *ast.ColumnOption, col, expr string) string {
	switch o.Tp {
	case ast.ColumnOptionDefaultValue:
		return "DEFAULT (" + expr + ")"
	case ast.ColumnOptionGenerated:
		if o.Stored {
			return "GENERATED ALWAYS AS (" + expr + ") STORED"
		}
		return "GENERATED ALWAYS AS (" + expr + ") VIRTUAL"
	}
	// MariaDB names an unnamed column check after its column.
	return "CONSTRAINT " + quoteIdent(chkUser+col) + " CHECK (" + expr + ")"
}

// typeChecks are the CHECK constraints that make SQLite refuse what MySQL
// strict mode refuses. Integer-ness comes before range so 'abc' reports 1366.
func typeChecks(name string, tp *types.FieldType) []string {
	q := quoteIdent(name)
	chk := func(kind, cond string) string {
		return "CONSTRAINT " + quoteIdent(kind+name) + " CHECK (" + cond + ")"
	}
	unsigned := mysql.HasUnsignedFlag(tp.GetFlag())
	var out []string
	switch t := tp.GetType(); {
	case isIntType(tp):
		// '12abc' is 1265 (a number, then other characters), 'abc' 1366.
		out = append(out, chk(chkTrunc, numberThenText(q)))
		// mysql_int leaves a number past 64 bits a REAL: out of range
		// (1264), as in MariaDB, where no other REAL gets here.
		out = append(out, chk(chkInt, "typeof("+q+") IN ('integer','null') OR typeof("+q+") = 'real' AND abs("+q+") >= 9223372036854775807.0"))
		r := intRanges[t][0]
		if unsigned {
			r = intRanges[t][1]
		}
		if r == "" {
			out = append(out, chk(chkRange, "typeof("+q+") <> 'real'"))
		} else {
			out = append(out, chk(chkRange, q+" BETWEEN "+r))
		}
	case t == mysql.TypeNewDecimal:
		p, d := decimalSize(tp)
		check := fmt.Sprintf("mysql_decimal_check(%s, %d, %d, %d)", q, p, d, boolInt(unsigned))
		// A DECIMAL is stored as text: only one that is no number counts.
		out = append(out, chk(chkTrunc, fmt.Sprintf("%s <> %d OR ", check, decNotNumber)+"("+numberThenText(q)+")"))
		out = append(out, chk(chkNum, fmt.Sprintf("%s <> %d", check, decNotNumber)),
			chk(chkRange, fmt.Sprintf("%s <> %d", check, decOutOfRange)))
	case t == mysql.TypeFloat || t == mysql.TypeDouble:
		// '1.5x' is 1265, 'abc' 1366, as for an integer column.
		out = append(out, chk(chkTrunc, numberThenText(q)), chk(chkReal, "typeof("+q+") IN ('integer','real','null')"))
		if unsigned {
			out = append(out, chk(chkRange, q+" >= 0"))
		}
		if r := realOf(strings.ToUpper(declaredType(tp))); r.float || r.dec >= 0 {
			// mysql_real makes a value past the bound infinite. The
			// bound as stored, and one step up, so that however SQLite
			// reads the literal it takes the bound itself.
			b := math.Nextafter(r.stored(r.max()), math.Inf(1))
			out = append(out, chk(chkRange, "abs("+q+") <= "+strconv.FormatFloat(b, 'g', -1, 64)))
		}
	case t == mysql.TypeVarchar || t == mysql.TypeString || t == mysql.TypeVarString:
		if tp.GetFlen() > 0 {
			fn := "length(" + q + ")"
			if !isTextType(tp) {
				fn = "length(CAST(" + q + " AS BLOB))"
			}
			out = append(out, chk(chkLen, fmt.Sprintf("%s <= %d", fn, tp.GetFlen())))
		}
	case t == mysql.TypeDate || t == mysql.TypeDatetime || t == mysql.TypeTimestamp:
		// mysql_date/mysql_datetime (coerce.go) canonicalize what parses;
		// anything else is not a date. SQLite's date() moves a day past
		// the month's end ('2023-02-30' is '2023-03-02'): MySQL refuses it.
		valid := "datetime(" + q + ") IS NOT NULL AND date(" + q + ") = substr(" + q + ", 1, 10)"
		if t == mysql.TypeTimestamp {
			// A TIMESTAMP holds seconds since 1970 in 32 bits: MariaDB
			// refuses a time past them (with the zero time, the nodes'
			// time zone being UTC) with the same 1292.
			valid += " AND " + q + " BETWEEN '" + timestampFirst + "' AND '" + timestampLast + "'"
		}
		out = append(out, chk(chkDate, q+" IS NULL OR "+q+" GLOB '0000-00-00*' OR "+valid))
	case t == mysql.TypeBit:
		if n := max(tp.GetFlen(), 1); n < 64 {
			out = append(out, chk(chkLen, fmt.Sprintf("%s BETWEEN 0 AND %d", q, uint64(1)<<n-1)))
		}
	case t == mysql.TypeYear:
		out = append(out, chk(chkInt, "typeof("+q+") IN ('integer','null')"),
			chk(chkRange, q+" = 0 OR "+q+" BETWEEN 1901 AND 2155"))
	case t == mysql.TypeJSON:
		// MariaDB's JSON is a LONGTEXT with CHECK (JSON_VALID(j)).
		out = append(out, chk(chkJSON, "json_valid("+q+")"))
	case t == mysql.TypeEnum:
		elems := make([]string, len(tp.GetElems()))
		for i, e := range tp.GetElems() {
			elems[i] = sqlString(e)
		}
		// '' too: MariaDB's error value, which INSERT IGNORE stores for a
		// value that is no member (enumIgnore); a strict write of '' fails
		// in its conversion (enumStrict).
		out = append(out, chk(chkEnum, q+" IN ("+strings.Join(append(elems, "''"), ", ")+")"))
	case t == mysql.TypeSet:
		// Members, each once, in the order declared (setStrict writes
		// them so): taking each out of ",a,c," in turn leaves ",".
		left := "',' || " + q + " || ','"
		for _, e := range tp.GetElems() {
			left = "replace(" + left + ", " + sqlString(","+e+",") + ", ',')"
		}
		out = append(out, chk(chkEnum, q+" = '' OR "+left+" = ','"))
	}
	return out
}

// numberThenText is the CHECK that refuses, with MariaDB's 1265, text in a
// number column that starts with a number ('12abc', ' 2.5x'): the column's
// conversion stored it as text because something follows the number (a
// number alone it converts). In plain SQL, so that another SQLite client
// can still write to the table.
func numberThenText(q string) string {
	t := "ltrim(" + q + ", ' ')"
	return "typeof(" + q + ") <> 'text' OR NOT (" + t + " GLOB '[0-9]*' OR " + t + " GLOB '[+-][0-9]*' OR " +
		t + " GLOB '.[0-9]*' OR " + t + " GLOB '[+-].[0-9]*')"
}

// decimalSize is the precision and scale of a DECIMAL column: DECIMAL
// alone is DECIMAL(10,0), as in MySQL.
func decimalSize(tp *types.FieldType) (int, int) {
	p, d := tp.GetFlen(), tp.GetDecimal()
	if p <= 0 {
		p = 10
	}
	return p, max(d, 0)
}

// decimalDeclType is a DECIMAL column's SQLite type: the MySQL type with
// TEXT in its name, which gives the column TEXT affinity, so the exact text
// mysql_decimal stores is kept as it is and never turned into a REAL.
func decimalDeclType(tp *types.FieldType) string {
	p, d := decimalSize(tp)
	s := "DECIMAL "
	if mysql.HasUnsignedFlag(tp.GetFlag()) {
		s += "UNSIGNED "
	}
	return fmt.Sprintf("%sTEXT(%d,%d)", s, p, d)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// decimalDefault is a constant DEFAULT of a DECIMAL column as the text
// mysql_decimal would store: DEFAULT -1.5 in DECIMAL(8,2) is '-1.50'.
// isFixedBinary reports BINARY(n), whose values MySQL pads with NUL bytes.
func isFixedBinary(tp *types.FieldType) bool {
	return tp.GetType() == mysql.TypeString && tp.GetCharset() == "binary"
}

// binaryDefault is a BINARY(n) column's constant DEFAULT padded as
// coerceBinary pads written values.
func binaryDefault(e ast.ExprNode, tp *types.FieldType) (string, bool) {
	v, ok := e.(*test_driver.ValueExpr)
	if !ok || v.Kind() == test_driver.KindNull {
		return "", false
	}
	s, ok := text(v.GetValue())
	if !ok {
		return "", false
	}
	switch v := coerceBinary(s, int64(max(tp.GetFlen(), 1))).(type) {
	case []byte:
		return "X'" + hex.EncodeToString(v) + "'", true
	case string:
		return "CAST(X'" + hex.EncodeToString([]byte(v)) + "' AS TEXT)", true
	}
	return "", false
}

func decimalDefault(e ast.ExprNode, tp *types.FieldType) (string, bool) {
	sign := ""
	if u, ok := e.(*ast.UnaryOperationExpr); ok && u.Op == opcode.Minus {
		sign, e = "-", u.V
	}
	v, ok := e.(*test_driver.ValueExpr)
	if !ok || v.Kind() == test_driver.KindNull {
		return "", false
	}
	var text string
	if v.Kind() == test_driver.KindMysqlDecimal {
		text = v.GetMysqlDecimal().String()
	} else {
		text = fmt.Sprint(v.GetValue())
	}
	_, d := decimalSize(tp)
	if out, ok := coerceDecimal(sign+text, int64(d)).(string); ok && isDecimalText(out) {
		return "'" + out + "'", true
	}
	return "", false
}

// realDefault is a number literal DEFAULT of a FLOAT or DOUBLE column as
// the column stores it (coerceReal): MariaDB stores a FLOAT DEFAULT 0.1 in
// single precision, a FLOAT(7,2) DEFAULT 12.345 as 12.35. false for any
// other default, and for one the column cannot hold.
func realDefault(e ast.ExprNode, tp *types.FieldType) (string, bool) {
	sign := 1.0
	if u, ok := e.(*ast.UnaryOperationExpr); ok && u.Op == opcode.Minus {
		sign, e = -1, u.V
	}
	v, ok := e.(*test_driver.ValueExpr)
	if !ok {
		return "", false
	}
	var f float64
	switch v.Kind() {
	case test_driver.KindInt64, test_driver.KindUint64, test_driver.KindFloat64, test_driver.KindMysqlDecimal:
		f, _ = strconv.ParseFloat(fmt.Sprint(v.GetValue()), 64)
	default:
		return "", false
	}
	r := realOf(strings.ToUpper(declaredType(tp)))
	out, ok := coerceReal(sign*f, int64(boolInt(r.float)), int64(r.digits), int64(r.dec), int64(boolInt(r.unsigned))).(float64)
	if !ok || math.IsInf(out, 0) {
		return "", false
	}
	return strconv.FormatFloat(out, 'g', -1, 64), true
}

// casedColumn reports a text column declared without the general
// collation (a _bin one), which compares case and accents apart.
func casedColumn(c *ast.ColumnDef) bool {
	_, _, binary, err := columnOptions(c)
	return err == nil && isTextType(c.Tp) && collationOf(c.Tp, binary) == ""
}
