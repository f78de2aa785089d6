package drivers

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
)

type resultTypesKey struct{}

// WithResultTypes asks the driver that answers a read made with the
// returned context to store in *types, per result column, the MySQL type
// of the columns it computed and its database cannot name ("DECIMAL(32,2)"
// for SUM(price) on SQLite, which names no type for an expression); ""
// where the database's own column type holds. The type decides how clients
// decode the values (a DECIMAL is exact text, not a DOUBLE).
func WithResultTypes(ctx context.Context, types *[]string) context.Context {
	return context.WithValue(ctx, resultTypesKey{}, types)
}

// ResultTypesOf is where a driver stores the result types a read's caller
// asked for, nil if it asked for none.
func ResultTypesOf(ctx context.Context) *[]string {
	t, _ := ctx.Value(resultTypesKey{}).(*[]string)
	return t
}

// ComputedBlob names, as a result type, a computed string longer than a
// TEXT: MySQL sends it as a MEDIUM_BLOB or LONG_BLOB (clients show
// MEDIUMTEXT, LONGTEXT), where a table's TEXT-family column always goes as
// a BLOB (shown as TEXT). base is MEDIUMTEXT, LONGTEXT, MEDIUMBLOB,
// LONGBLOB, TINYTEXT or TINYBLOB.
func ComputedBlob(base string) string { return base + " RESULT" }

// computedBlobs are the type names go-sql-driver gives the blob wire
// types MariaDB sends only for computed values.
var computedBlobs = map[string]bool{"TINYTEXT": true, "MEDIUMTEXT": true, "LONGTEXT": true,
	"TINYBLOB": true, "MEDIUMBLOB": true, "LONGBLOB": true}

// ComputedBlobTypes stores in the result types a read's caller asked for
// (WithResultTypes) the ComputedBlob names of MariaDB's computed long
// strings, read from the columns of rows as go-sql-driver names them.
func ComputedBlobTypes(ctx context.Context, rows *sql.Rows) {
	out := ResultTypesOf(ctx)
	if out == nil {
		return
	}
	cts, err := rows.ColumnTypes()
	if err != nil {
		return
	}
	names := make([]string, len(cts))
	found := false
	for i, ct := range cts {
		if n := ct.DatabaseTypeName(); computedBlobs[n] {
			names[i], found = ComputedBlob(n), true
		}
	}
	if found {
		*out = names
	}
}

// NotNullHint ends a WithResultTypes hint for a column the driver knows
// is never NULL (COUNT, a literal), which MariaDB flags NOT NULL.
const NotNullHint = " NOT NULL"

// ColumnTypeName is a result column's MySQL type name as a client sees it,
// with DECIMAL's precision and scale: "DECIMAL(32,2)". hint is the
// driver's type for the column from WithResultTypes, "" if none. MariaDB
// reports DECIMAL's size through the column; SQLite in its declared type
// ("DECIMAL TEXT(10,2)", see drivers/sqlite).
func ColumnTypeName(ct *sql.ColumnType, hint string) string {
	if hint != "" {
		return hint
	}
	name := strings.ToUpper(ct.DatabaseTypeName())
	base, args, _ := strings.Cut(name, "(")
	fields := strings.Fields(base)
	if len(fields) > 0 && (fields[0] == "DOUBLE" || fields[0] == "FLOAT") && args == "" {
		// A DOUBLE MariaDB prints with fixed digits after the point
		// (ROUND(f, 2), a DOUBLE(10,4) column) says how many.
		if _, s, ok := ct.DecimalSize(); ok && s < 31 {
			return fmt.Sprintf("%s(%d,%d)", fields[0], 17+s, s)
		}
	}
	if len(fields) == 0 || fields[0] != "DECIMAL" {
		return name
	}
	if args != "" {
		return "DECIMAL(" + args
	}
	if p, s, ok := ct.DecimalSize(); ok {
		return fmt.Sprintf("DECIMAL(%d,%d)", p, s)
	}
	return "DECIMAL"
}

// ErrorMapper is a Driver or Tx whose reads can fail after Query returned,
// while their rows are read (MariaDB's 1690 BIGINT out of range, a
// function of SQLite's translation refusing a value): MapError turns such
// an error into the *Error MySQL reports, as Query does for its own.
type ErrorMapper interface {
	MapError(err error) error
}

// MapReadError maps err through q when q is an ErrorMapper.
func MapReadError(q any, err error) error {
	if m, ok := q.(ErrorMapper); ok && err != nil {
		return m.MapError(err)
	}
	return err
}

// FixedDouble prints f as MySQL prints a DOUBLE with d fixed digits after
// the point (ROUND(f, 2), CEIL(f) / 3): its shortest digits, padded with
// zeros to d places after the point, or rounded to d places when it has
// more (9.223372036854776e18 with 1 is 9223372036854776000.0).
func FixedDouble(f float64, d int) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if f == 0 {
		f = 0 // no negative zero: TRUNCATE(-0.005 / 1e2, 2) is 0.00
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	_, frac, _ := strings.Cut(s, ".")
	if len(frac) > d {
		return strconv.FormatFloat(f, 'f', d, 64)
	}
	if d > 0 && frac == "" {
		s += "."
	}
	return s + strings.Repeat("0", d-len(frac))
}
