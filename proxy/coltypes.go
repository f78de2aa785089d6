package proxy

import (
	"strconv"
	"strings"
	"time"

	"github.com/pingcap/tidb/pkg/parser/mysql"
)

// typeInfo is what a declared SQL type name means on the wire.
type typeInfo struct {
	tp     byte
	length uint32
	binary bool // charset binary: numbers, dates and BLOBs
}

// declaredTypes maps the base type names both backends report (SQLite the
// declared MySQL type, MariaDB its own names) to MySQL field types.
var declaredTypes = map[string]typeInfo{
	"TINYINT": {mysql.TypeTiny, 4, true}, "BOOL": {mysql.TypeTiny, 1, true}, "BOOLEAN": {mysql.TypeTiny, 1, true},
	"SMALLINT": {mysql.TypeShort, 6, true}, "MEDIUMINT": {mysql.TypeInt24, 9, true},
	"INT": {mysql.TypeLong, 11, true},
	// SQLite stores every auto-increment key as INTEGER, whatever the
	// MySQL width; BIGINT keeps such ids from overflowing 4 bytes.
	"INTEGER": {mysql.TypeLonglong, 20, true}, "BIGINT": {mysql.TypeLonglong, 20, true},
	"FLOAT": {mysql.TypeFloat, 12, true}, "DOUBLE": {mysql.TypeDouble, 22, true},
	"REAL": {mysql.TypeDouble, 22, true}, "DOUBLE PRECISION": {mysql.TypeDouble, 22, true},
	"DECIMAL": {mysql.TypeNewDecimal, 12, true}, "NUMERIC": {mysql.TypeNewDecimal, 12, true},
	"DEC":  {mysql.TypeNewDecimal, 12, true},
	"DATE": {mysql.TypeDate, 10, true}, "DATETIME": {mysql.TypeDatetime, 19, true},
	"TIMESTAMP": {mysql.TypeTimestamp, 19, true}, "TIME": {mysql.TypeDuration, 10, true},
	"YEAR": {mysql.TypeYear, 4, true},
	"CHAR": {mysql.TypeString, 4, false}, "VARCHAR": {mysql.TypeVarString, 1024, false},
	"TINYTEXT": {mysql.TypeBlob, 1020, false}, "TEXT": {mysql.TypeBlob, 262140, false},
	"MEDIUMTEXT": {mysql.TypeBlob, 67108860, false}, "LONGTEXT": {mysql.TypeBlob, 4294967295, false},
	"JSON": {mysql.TypeJSON, 4294967295, true},
	"ENUM": {mysql.TypeString, 256, false}, "SET": {mysql.TypeString, 256, false},
	"BINARY": {mysql.TypeString, 1, true}, "VARBINARY": {mysql.TypeVarString, 255, true},
	"TINYBLOB": {mysql.TypeBlob, 255, true}, "BLOB": {mysql.TypeBlob, 65535, true},
	"MEDIUMBLOB": {mysql.TypeBlob, 16777215, true}, "LONGBLOB": {mysql.TypeBlob, 4294967295, true},
	"BIT": {mysql.TypeBit, 1, true}, "NULL": {mysql.TypeNull, 0, true},
	// Computed strings longer than a TEXT (drivers.ComputedBlob).
	"TINYTEXT RESULT": {mysql.TypeTinyBlob, 1020, false}, "MEDIUMTEXT RESULT": {mysql.TypeMediumBlob, 67108860, false},
	"LONGTEXT RESULT": {mysql.TypeLongBlob, 4294967295, false}, "TINYBLOB RESULT": {mysql.TypeTinyBlob, 255, true},
	"MEDIUMBLOB RESULT": {mysql.TypeMediumBlob, 16777215, true}, "LONGBLOB RESULT": {mysql.TypeLongBlob, 4294967295, true},
}

// isBlobType reports the BLOB wire types (TEXT and BLOB columns, long
// computed strings).
func isBlobType(tp byte) bool {
	return tp == mysql.TypeBlob || tp == mysql.TypeTinyBlob || tp == mysql.TypeMediumBlob || tp == mysql.TypeLongBlob
}

// columnFor describes a result column from the backend's declared type,
// or, for computed columns without one, from the first value.
func columnFor(name, dbType string, sample any) Column {
	base, args, unsigned := splitType(dbType)
	info, ok := declaredTypes[base]
	if !ok {
		col := columnForValue(name, sample)
		return col
	}
	col := Column{Name: name, Type: info.tp, Length: info.length, Binary: info.binary}
	if args == "" {
		args = fractionDigits(col.Type, sample)
	}
	applyTypeArgs(&col, args)
	if unsigned {
		col.Flags |= uint16(mysql.UnsignedFlag)
		if args == "" && col.Type != mysql.TypeLonglong && base != "BOOL" && base != "BOOLEAN" && isIntegerType(col.Type) {
			col.Length-- // no sign: TINYINT UNSIGNED is 3 wide, INT UNSIGNED 10
		}
		if col.Type == mysql.TypeNewDecimal && args != "" {
			col.Length-- // no sign: DECIMAL(5,2) UNSIGNED is 6 wide
		}
	}
	if isNumericType(col.Type) {
		col.Flags |= uint16(mysql.NumFlag)
	}
	switch base {
	case "YEAR": // as MySQL flags it; drivers scan it unsigned
		col.Flags |= uint16(mysql.UnsignedFlag | mysql.ZerofillFlag)
	case "ENUM":
		col.Flags |= uint16(mysql.EnumFlag)
	case "SET":
		col.Flags |= uint16(mysql.SetFlag)
	}
	if isBlobType(col.Type) && col.Binary {
		col.Flags |= uint16(mysql.BlobFlag | mysql.BinaryFlag)
	} else if isBlobType(col.Type) {
		col.Flags |= uint16(mysql.BlobFlag)
	}
	if (col.Type == mysql.TypeFloat || col.Type == mysql.TypeDouble) && !strings.Contains(args, ",") {
		col.Decimals = notFixedDec
	}
	return col
}

// fractionDigits is, for a DATETIME, TIMESTAMP or TIME column whose
// type does not say its fractional seconds (MariaDB reports DATETIME for
// a DATETIME(3)), how many digits its value has: the database prints a
// value with exactly as many as the column keeps, and the binary protocol
// sends them only when the column's definition counts them.
func fractionDigits(tp byte, sample any) string {
	if tp != mysql.TypeDatetime && tp != mysql.TypeTimestamp && tp != mysql.TypeDuration {
		return ""
	}
	var s string
	switch v := sample.(type) {
	case []byte:
		s = string(v)
	case string:
		s = v
	}
	if _, frac, ok := strings.Cut(s, "."); ok && len(frac) > 0 && len(frac) <= 6 {
		return strconv.Itoa(len(frac))
	}
	return ""
}

// splitType turns "UNSIGNED INT", "int(11) unsigned" or "DECIMAL(10,2)"
// into ("INT", "", true) / ("DECIMAL", "10,2", false).
func splitType(dbType string) (base, args string, unsigned bool) {
	t := strings.ToUpper(strings.Trim(strings.TrimSpace(dbType), `"`))
	if strings.Contains(t, "UNSIGNED") {
		unsigned = true
		t = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(t, "UNSIGNED", ""), "ZEROFILL", ""))
	}
	// SQLite's DECIMAL columns are declared DECIMAL TEXT(p,s) (see
	// drivers/sqlite/columns.go).
	t = strings.Replace(strings.Join(strings.Fields(t), " "), "DECIMAL TEXT", "DECIMAL", 1)
	if open := strings.IndexByte(t, '('); open >= 0 {
		if end := strings.IndexByte(t[open:], ')'); end > 0 {
			args = t[open+1 : open+end]
		}
		t = strings.TrimSpace(t[:open])
	}
	return t, args, unsigned
}

// applyTypeArgs reads the length and scale of VARCHAR(64), DECIMAL(10,2).
func applyTypeArgs(col *Column, args string) {
	if args == "" {
		return
	}
	parts := strings.Split(args, ",")
	n, err := strconv.ParseUint(strings.TrimSpace(parts[0]), 10, 32)
	if err != nil {
		return
	}
	switch col.Type {
	case mysql.TypeNewDecimal:
		// As MariaDB counts it: digits, point, sign (drivers derive the
		// precision back from it).
		col.Length = uint32(n) + 1
		if len(parts) > 1 {
			d, _ := strconv.ParseUint(strings.TrimSpace(parts[1]), 10, 8)
			col.Decimals = uint8(d)
			if d > 0 {
				col.Length++
			}
		}
	case mysql.TypeFloat, mysql.TypeDouble:
		// FLOAT(m,d): m digits, d after the point.
		if len(parts) > 1 {
			d, _ := strconv.ParseUint(strings.TrimSpace(parts[1]), 10, 8)
			col.Length, col.Decimals = uint32(n), uint8(d)
		}
	case mysql.TypeDatetime, mysql.TypeTimestamp, mysql.TypeDuration:
		// DATETIME(n): n digits of fractional seconds after a point.
		if n > 0 && n <= 6 {
			col.Length += uint32(n) + 1
			col.Decimals = uint8(n)
		}
	case mysql.TypeTiny, mysql.TypeShort, mysql.TypeInt24, mysql.TypeLong, mysql.TypeLonglong, mysql.TypeBit:
		col.Length = uint32(n) // the display width: INT(5) is 5 wide; BIT(n) n bits
	case mysql.TypeString, mysql.TypeVarString:
		col.Length = uint32(n)
		if !col.Binary {
			col.Length *= 4 // utf8mb4 bytes per character
		}
	}
}

func isNumericType(tp byte) bool {
	switch tp {
	case mysql.TypeTiny, mysql.TypeShort, mysql.TypeInt24, mysql.TypeLong, mysql.TypeLonglong,
		mysql.TypeFloat, mysql.TypeDouble, mysql.TypeNewDecimal, mysql.TypeYear:
		return true
	}
	return false
}

func isIntegerType(tp byte) bool {
	switch tp {
	case mysql.TypeTiny, mysql.TypeShort, mysql.TypeInt24, mysql.TypeLong, mysql.TypeLonglong, mysql.TypeYear:
		return true
	}
	return false
}

// columnForValue types a column that has no declared type by its Go value.
func columnForValue(name string, v any) Column {
	switch v.(type) {
	case int64, bool:
		return bigintColumn(name)
	case uint64:
		c := bigintColumn(name)
		c.Flags |= uint16(mysql.UnsignedFlag)
		return c
	case float64:
		return Column{Name: name, Type: mysql.TypeDouble, Length: 22, Decimals: notFixedDec, Binary: true,
			Flags: uint16(mysql.NumFlag)}
	case []byte:
		return Column{Name: name, Type: mysql.TypeBlob, Length: 65535, Binary: true,
			Flags: uint16(mysql.BlobFlag | mysql.BinaryFlag)}
	case time.Time:
		return Column{Name: name, Type: mysql.TypeDatetime, Length: 19, Binary: true}
	case nil:
		return Column{Name: name, Type: mysql.TypeNull, Binary: true}
	}
	return varcharColumn(name)
}

// convertValue puts a scanned value in the form the column is sent in:
// integers as int64/uint64, floats as float64, dates as MySQL text,
// BLOBs as []byte and every other string as string.
func convertValue(col Column, v any) any {
	if v == nil {
		return nil
	}
	switch {
	case isIntegerType(col.Type):
		return toInteger(v, col.Flags&uint16(mysql.UnsignedFlag) != 0)
	case col.Type == mysql.TypeFloat || col.Type == mysql.TypeDouble:
		return toFloat(v)
	case col.Type == mysql.TypeNull:
		return nil
	case col.Type == mysql.TypeBit:
		return bitBytes(v, col.Length)
	case isBlobType(col.Type) && col.Binary:
		return toBytes(v)
	}
	return toText(col, v)
}

// bitBytes is a BIT(width) value as MySQL sends it: the number big-endian
// in as many bytes as width bits need (a SQLite node stores the number).
func bitBytes(v any, width uint32) any {
	n, ok := v.(int64)
	if !ok {
		return toBytes(v)
	}
	size := max((int(width)+7)/8, 1)
	out := make([]byte, size)
	for i := size - 1; i >= 0; i-- {
		out[i] = byte(n)
		n >>= 8
	}
	return out
}

func toInteger(v any, unsigned bool) any {
	switch x := v.(type) {
	case int64:
		if unsigned && x >= 0 {
			return uint64(x)
		}
		return x
	case uint64:
		return x
	case float64:
		return int64(x)
	case bool:
		return boolInt(x)
	}
	s := strings.TrimSpace(valueString(toText(Column{}, v)))
	if unsigned {
		if u, err := strconv.ParseUint(s, 10, 64); err == nil {
			return u
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	f, _ := strconv.ParseFloat(s, 64)
	return int64(f)
}

func toFloat(v any) any {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x) // MariaDB's FLOAT, as go-sql-driver reads it
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}
	f, _ := strconv.ParseFloat(strings.TrimSpace(valueString(toText(Column{}, v))), 64)
	return f
}

func toBytes(v any) any {
	switch x := v.(type) {
	case []byte:
		return append([]byte(nil), x...)
	case string:
		return []byte(x)
	}
	return []byte(valueString(v))
}

// toText formats a value as MySQL would print it for the column.
func toText(col Column, v any) any {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return formatTime(col.Type, x)
	case float64:
		if col.Type == mysql.TypeNewDecimal {
			return strconv.FormatFloat(x, 'f', int(col.Decimals), 64)
		}
	case int64:
		if col.Type == mysql.TypeNewDecimal {
			return strconv.FormatFloat(float64(x), 'f', int(col.Decimals), 64)
		}
	}
	return valueString(v)
}

// formatTime prints DATE/DATETIME/TIMESTAMP values as MySQL does.
func formatTime(tp byte, t time.Time) string {
	if t.IsZero() && tp != mysql.TypeDuration {
		// A SQLite node's zero date ('0000-00-00'), which go-sqlite3
		// cannot parse into a time and hands over as the zero time.
		if tp == mysql.TypeDate {
			return "0000-00-00"
		}
		return "0000-00-00 00:00:00"
	}
	switch tp {
	case mysql.TypeDate:
		return t.Format("2006-01-02")
	case mysql.TypeDuration:
		return t.Format("15:04:05")
	}
	if t.Nanosecond() != 0 {
		return t.Format("2006-01-02 15:04:05.999999")
	}
	return t.Format("2006-01-02 15:04:05")
}
